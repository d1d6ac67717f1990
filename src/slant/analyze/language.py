"""Language identification per document and per paragraph (py3langid).

``meta.language`` is the language of the author's own text: the text outside quotation
marks and block excerpts, when there is enough of it. A Swedish post relaying long English
excerpts is Swedish, which is what a user filters by; ``meta.languages`` keeps the shares of
the whole text and ``meta.quoted_share`` how much of it is quoted.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from importlib.metadata import version
from typing import Any

from slant.analyze.registry import Annotations, register
from slant.document import Document, Span

MIN_CHARS = 40
"""Paragraphs with fewer letters inherit the document's language: below about
40 letters py3langid's guesses on our hand-written probes flipped often."""

MIN_SCORE = 0.6
"""A paragraph's own guess below this probability yields to the document's."""

MIXED_SHARE = 0.1
"""A second language is reported in ``meta.languages`` once it holds this share
of the text's letters, so one foreign quote does not make a text 'mixed'."""

AUTHOR_MIN_CHARS = 100
"""Letters of the author's own text needed to let it, not the whole text, name the language."""

HEADLINE_MIN_CHARS = 15
"""A paragraph's first line with this many letters is classified on its own (a headline)."""

SAMPLE_CHARS = 20_000
"""Letters enough for a stable guess; a 5 MB text is not classified whole."""

_NOT_LETTERS = re.compile(r"[\W\d_]+", re.UNICODE)


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@functools.cache
def _model_name() -> str:
    return f"py3langid@{version('py3langid')}"


def letters(text: str) -> int:
    """How many letters (not digits, space or punctuation) the text has."""
    return len(_NOT_LETTERS.sub("", text))


def identify(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability of the text's language."""
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(code), float(probability)


def _fill_gaps(
    guesses: list[tuple[str, float] | None], default: tuple[str, float]
) -> list[tuple[str, float]]:
    """Give a paragraph too short to classify the language of the next one that
    was classified (a headline belongs to the text below it), else the previous."""
    filled: list[tuple[str, float]] = []
    following = default
    for guess in reversed(guesses):
        following = guess or following
        filled.append(following)
    filled.reverse()
    last = max((i for i, guess in enumerate(guesses) if guess), default=None)
    if last is not None:
        filled[last + 1 :] = [filled[last]] * (len(guesses) - last - 1)
    return filled


@register(
    "language",
    requires=("paragraph",),
    assigns=("language", "meta.language", "meta.languages", "meta.quoted_share"),
    default_config={"min_chars": MIN_CHARS, "min_score": MIN_SCORE},
)
def make_language(min_chars: int = MIN_CHARS, min_score: float = MIN_SCORE) -> LanguageSpans:
    """Factory for the language identifier."""
    return LanguageSpans(min_chars=min_chars, min_score=min_score)


class LanguageSpans:
    """Sets ``meta.language`` and adds ``language`` spans over runs of paragraphs.

    Each paragraph long enough is classified on its own; the document's
    language is the one with most letters. Consecutive paragraphs in one
    language make one ``language`` span, so a text that mixes languages
    shows where each is.
    """

    def __init__(self, min_chars: int, min_score: float) -> None:
        self.min_chars = min_chars
        self.min_score = min_score

    def __call__(self, doc: Document) -> Annotations:
        paragraphs = self._pieces(doc)
        if not paragraphs:
            return Annotations(meta={"language": None})
        guesses: list[tuple[str, float] | None] = []
        weight: Counter[str] = Counter()
        for span in paragraphs:
            text = doc.text[span.start : span.end]
            size = letters(text)
            guess = identify(text) if size >= self.min_chars else None
            if guess and guess[1] < self.min_score:
                guess = None
            guesses.append(guess)
            if guess:
                weight[guess[0]] += size
        if weight:
            main, _ = weight.most_common(1)[0]
            main_score = max(g[1] for g in guesses if g and g[0] == main)
        else:
            main, main_score = identify(doc.text)
        total = sum(weight.values()) or 1
        shares = {code: round(n / total, 3) for code, n in weight.most_common() if n / total >= MIXED_SHARE}
        spans: list[Span] = []
        for span, guess in zip(paragraphs, _fill_gaps(guesses, (main, main_score)), strict=True):
            code, score = guess
            last = spans[-1] if spans else None
            if last and last.label == code:
                last.end = span.end
                last.score = min(last.score or score, round(score, 4))
            else:
                spans.append(
                    Span(
                        "language",
                        span.start,
                        span.end,
                        label=code,
                        score=round(score, 4),
                        model=_model_name(),
                    )
                )
        author, quoted = authors_text(doc.text, [(p.start, p.end) for p in doc.layer("paragraph")])
        if letters(author) >= AUTHOR_MIN_CHARS:
            own, probability = identify(author)
            if own != main and probability >= self.min_score:
                main = own
        meta: dict[str, Any] = {"language": main}
        if len(shares) > 1:
            meta["languages"] = shares
        total_letters = letters(doc.text)
        if total_letters:
            meta["quoted_share"] = round(quoted / total_letters, 3)
        return Annotations(spans=spans, meta=meta)

    def _pieces(self, doc: Document) -> list[Span]:
        """Paragraphs, with a first line in another language than the rest (a headline) split off."""
        pieces = []
        for span in doc.layer("paragraph"):
            text = doc.span_text(span)
            cut = text.find("\n")
            long_enough = letters(text[:cut]) >= HEADLINE_MIN_CHARS and letters(text[cut:]) >= self.min_chars
            if cut > 0 and long_enough:
                head, rest = identify(text[:cut]), identify(text[cut:])
                if head[0] != rest[0] and min(head[1], rest[1]) >= self.min_score:
                    pieces.append(Span("paragraph", span.start, span.start + cut))
                    pieces.append(Span("paragraph", span.start + cut + 1, span.end))
                    continue
            pieces.append(span)
        return pieces


def authors_text(text: str, paragraphs: list[tuple[int, int]]) -> tuple[str, int]:
    """The text outside quotation marks and block excerpts, and how many letters were left out.

    A block excerpt is a paragraph opened by ">" or following one that ends with a colon
    ("Reuters wrote:"), or one that is almost all inside quotation marks.
    """
    from slant.quotes.marks import find_quotes

    own: list[str] = []
    quoted = 0
    previous = ""
    for start, end in paragraphs:
        paragraph = text[start:end]
        marks = [(q.start, q.end) for q in find_quotes(paragraph)]
        inside = sum(letters(paragraph[s:e]) for s, e in marks)
        size = letters(paragraph)
        excerpt = paragraph.lstrip().startswith(">") or previous.rstrip().endswith(":")
        if excerpt or (size and inside / size >= 0.8):
            quoted += size
        else:
            quoted += inside
            cursor = 0
            for s, e in marks:
                own.append(paragraph[cursor:s])
                cursor = e
            own.append(paragraph[cursor:])
        previous = paragraph
    return " ".join(own), quoted
