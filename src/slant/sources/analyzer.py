"""The ``sources`` analyzer: ``source`` spans for the outlets, agencies and officials a text relies on.

Per sentence: a cue ("according to X", "X reported", "uppger X") with the source
next to it; any trusted name of the outlet table, cue or not; web addresses, mapped
to outlets by domain, misspelt domains included and look-alike ones flagged (never
fetched); picture credits ("© AFP"). Each span says how the text uses the source
(``role``, :mod:`slant.sources.roles`), a link post's headline, and an explicit
judgement of the source (``stance``) where there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slant.analyze.registry import Annotations, register
from slant.document import Document, Span
from slant.intervals import Intervals
from slant.sources import outlets as outlet_table
from slant.sources import roles
from slant.sources.cues import AFTER, BEFORE, PRONOUNS, SOURCE_NOUNS, STOP_WORDS, Cue, cues_for, guess_label
from slant.sources.domains import DomainMatch, DomainMatcher
from slant.sources.names import (
    BARE_DOMAIN,
    URL,
    NameIndex,
    NameMatch,
    host_of,
    plausible_domain,
    trim_url,
)
from slant.sources.outlets import Outlet, OutletTable

MODEL = "slant.sources.rules@1"
MAX_NAME_WORDS = 7
"""A source's name found without the table is cut after this many words."""

SCORES = {
    "cued-known": 0.95,
    "url": 0.9,
    "credit": 0.9,
    "uncued-known": 0.75,
    "cued-unknown": 0.6,
    "fuzzy-url": 0.6,
}
"""Fixed confidence per rule (not calibrated): a cued table name is almost surely a cited source;
an uncued one may be a mere mention; an unknown name behind a cue may be cut wrongly."""

_WORD = re.compile(r"[\w'’.&-]+")
_BYLINE = re.compile(r"\(([^()\n]{1,40})\)\s*[-–—]")
_ARTICLES = re.compile(
    r"(?:(?:the|a|an|die|der|das|des|dem|den|le|la|les|el|los|las|il|lo|gli|в|во)\s+|l['’])", re.IGNORECASE
)
#: A bare host with letters of another script among ASCII ones ("rеuters.com", Cyrillic е).
_MIXED_DOMAIN = re.compile(r"(?<![\w@./-])((?:[^\W_][\w-]{0,62}\.)+([a-z]{2,24}))(?![\w@-]|\.\w)")
_CREDIT_NAME = re.compile(r"[^\W\d_][\w.&'’-]*(?:[ \u00a0][^\W\d_][\w.&'’-]*){0,3}")
_COORDINATION = re.compile(r"\s*(?:&|\band\b|\boch\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b|\bі\b|\boraz\b|و)\s*")


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    priority: int
    attrs: dict[str, Any]
    label: str
    score: float


@register(
    "sources",
    requires=("paragraph", "language", "sentence"),
    assigns=("source",),
    default_config={"outlets": None},
)
def make_sources(outlets: str | None = None) -> Sources:
    """Factory: ``outlets`` is a TOML or JSON file of outlets extending the bundled table."""
    return Sources(outlet_table.load(outlets))


class Sources:
    """Adds ``source`` spans; labels are outlet kinds, or a kind guessed from the name, or ``unknown``."""

    def __init__(self, table: OutletTable) -> None:
        self.table = table
        self.index = NameIndex(table)
        self.domains = DomainMatcher(table)

    def __call__(self, doc: Document) -> Annotations:
        text = doc.text
        sentences = doc.layer("sentence") or doc.layer("paragraph")
        if not sentences and text.strip():
            sentences = [Span("sentence", 0, len(text))]
        spans: list[Span] = []
        for sentence in sentences:
            language = doc.language_at(sentence.start)
            candidates = self._sentence(text, sentence.start, sentence.end, language)
            for candidate in _resolve(candidates):
                _use(text, candidate, (sentence.start, sentence.end))
                spans.append(self._span(candidate))
        return Annotations(spans=spans)

    def _sentence(self, text: str, start: int, end: int, language: str | None) -> list[_Candidate]:
        found = self._urls(text, start, end)
        credits = roles.credit_regions(text, start, end)
        masked = [(c.start, c.end) for c in found]
        names = [m for m in self.index.find(text, start, end) if not _inside(m.start, m.end, masked)]
        found.extend(self._credits(text, credits, names))
        masked += credits
        names = [m for m in names if not _inside(m.start, m.end, credits)]
        found.extend(self._byline(text, start, end, names))
        found.extend(self._cued(text, start, end, language, names, masked))
        for match in names:
            if match.trusted:
                found.append(self._known(match, None, "uncued-known"))
        return found

    def _credits(self, text: str, regions: list[tuple[int, int]], names: list[NameMatch]) -> list[_Candidate]:
        """The owner of each picture credit: the table's names in it, else its first name-like run."""
        found = []
        for start, end in regions:
            inside = [n for n in names if start <= n.start and n.end <= end]
            for name in inside:
                candidate = self._known(name, None, "uncued-known")
                candidate.priority, candidate.score = 5, SCORES["credit"]
                candidate.attrs["role"] = "credit"
                found.append(candidate)
            if inside:
                continue
            # "Foto: Anna Berg/TT" has TT in the table; an unknown owner is the credit's first name.
            run = _CREDIT_NAME.match(text, start, end)
            if run is not None:
                attrs = {**_attrs(None, None, run.group()), "role": "credit"}
                found.append(_Candidate(run.start(), run.end(), 5, attrs, "unknown", SCORES["credit"]))
        return found

    def _urls(self, text: str, start: int, end: int) -> list[_Candidate]:
        found: list[_Candidate] = []
        taken: list[tuple[int, int]] = []
        for match in URL.finditer(text, start, end):
            url = trim_url(match.group())
            host = host_of(url)
            if "." not in host:
                continue
            found.append(
                self._web(match.start(), match.start() + len(url), host, url, self.domains.match(host))
            )
            taken.append((match.start(), match.start() + len(url)))
        for match in [*BARE_DOMAIN.finditer(text, start, end), *_MIXED_DOMAIN.finditer(text, start, end)]:
            if _inside(match.start(), match.end(), taken):
                continue
            host = match.group(1).lower().removeprefix("www.")
            known = self.domains.match(host)
            if match.re is _MIXED_DOMAIN and known.how != "homoglyph":
                continue  # ASCII hosts had their pattern; other non-ASCII hosts are not web addresses here
            if known.how == "none" and not plausible_domain(host, match.group(2)):
                continue
            found.append(self._web(match.start(), match.end(), host, None, known))
            taken.append((match.start(), match.end()))
        return found

    def _web(self, start: int, end: int, host: str, url: str | None, known: DomainMatch) -> _Candidate:
        outlet = known.outlet
        attrs = _attrs(outlet, None, None)
        attrs.update(domain=host, url=url, name=outlet.name if outlet else host, role="link", match=known.how)
        if known.imitates is not None:
            attrs["imitates"] = known.imitates.id
        score = SCORES["fuzzy-url" if known.how == "fuzzy" else "url"]
        return _Candidate(start, end, 3, attrs, outlet.kind if outlet else "website", score)

    def _byline(self, text: str, start: int, end: int, names: list[NameMatch]) -> list[_Candidate]:
        """Wire bylines "ALEPPO (Reuters) -" at the start of a sentence: known outlets only."""
        found = []
        for match in _BYLINE.finditer(text, start, min(end, start + 80)):
            inner = (match.start(1), match.end(1))
            for name in names:
                if name.start == inner[0] and name.end == inner[1]:
                    found.append(self._known(name, (match.start(), match.end()), "cued-known"))
        return found

    def _cued(
        self,
        text: str,
        start: int,
        end: int,
        language: str | None,
        names: list[NameMatch],
        masked: list[tuple[int, int]],
    ) -> list[_Candidate]:
        found: list[_Candidate] = []
        done: set[int] = set()
        for cue in cues_for(language):
            for match in cue.pattern.finditer(text, start, end):
                if match.start() in done or _inside(match.start(), match.end(), masked):
                    continue
                cue_span = (match.start(), match.end())
                sides = (AFTER, BEFORE) if cue.side not in (AFTER, BEFORE) else (cue.side,)
                # A table name on either side beats an unknown name on the first side tried.
                for known_only in (True, False):
                    got = []
                    for side in sides:
                        got = self._source_at(text, start, end, side, cue, cue_span, names, known_only)
                        if got:
                            break
                    if got:
                        found.extend(got)
                        done.add(match.start())
                        break
        return found

    def _source_at(
        self,
        text: str,
        start: int,
        end: int,
        side: str,
        cue: Cue,
        cue_span: tuple[int, int],
        names: list[NameMatch],
        known_only: bool,
    ) -> list[_Candidate]:
        if side == AFTER:
            bare = _skip_space(text, cue_span[1], end)
            while bare < end and text[bare] in _QUOTES:  # пишет «Коммерсантъ»
                bare = _skip_space(text, bare + 1, end)
            position = _skip_article(text, bare, end)
            # "Según El País": the article may belong to the name.
            name = next((n for n in names if n.start == bare), None) or next(
                (n for n in names if n.start == position), None
            )
            if name is not None:
                return self._coordinated(text, name, cue_span, names, end)
            span = _name_after(text, position, end)
        else:
            position = comma = _back_adverbs(text, _back_space(text, cue_span[0], start), start)
            if position > start and text[position - 1] == ",":
                position = _back_space(text, position - 1, start)
            name = next((n for n in names if n.end == position), None) or _before_apposition(
                text, start, comma, names
            )
            if name is not None:
                return [self._known(name, cue_span, "cued-known")]
            span = _name_before(text, start, position)
        if span is None:
            return []
        name_text = text[span[0] : span[1]]
        outlet = self.table.lookup_name(name_text)
        if outlet is not None:
            return [self._known(NameMatch(span[0], span[1], outlet.id, True), cue_span, "cued-known")]
        inner = next((n for n in names if span[0] <= n.start and n.end <= span[1]), None)
        if inner is not None:  # "the state news agency SANA", "وكالة سانا"
            return [self._known(inner, cue_span, "cued-known")]
        if known_only or not _acceptable(name_text, cue, span[0] == start):
            return []
        attrs = _attrs(None, cue_span, name_text)
        return [_Candidate(span[0], span[1], 2, attrs, guess_label(name_text), SCORES["cued-unknown"])]

    def _coordinated(
        self, text: str, first: NameMatch, cue_span: tuple[int, int], names: list[NameMatch], end: int
    ) -> list[_Candidate]:
        """ "according to Reuters and AFP": every table name joined to the first by a comma or "and"."""
        found = [self._known(first, cue_span, "cued-known")]
        position = first.end
        while True:
            joint = _COORDINATION.match(text, position, end)
            if joint is None:
                break
            following = _skip_article(text, joint.end(), end)
            name = next((n for n in names if n.start == following), None)
            if name is None:
                break
            found.append(self._known(name, cue_span, "cued-known"))
            position = name.end
        return found

    def _known(self, match: NameMatch, cue_span: tuple[int, int] | None, rule: str) -> _Candidate:
        outlet = self.table[match.outlet]
        priority = 4 if cue_span else 1
        return _Candidate(
            match.start, match.end, priority, _attrs(outlet, cue_span, None), outlet.kind, SCORES[rule]
        )

    @staticmethod
    def _span(candidate: _Candidate) -> Span:
        return Span(
            "source", candidate.start, candidate.end, candidate.label, candidate.score, candidate.attrs, MODEL
        )


def _attrs(outlet: Outlet | None, cue_span: tuple[int, int] | None, name: str | None) -> dict[str, Any]:
    return {
        "outlet": outlet.id if outlet else None,
        "name": outlet.name if outlet else name,
        "kind": outlet.kind if outlet else None,
        "country": outlet.country if outlet else None,
        "domain": outlet.domains[0] if outlet and outlet.domains else None,
        "url": None,
        "cue_start": cue_span[0] if cue_span else None,
        "cue_end": cue_span[1] if cue_span else None,
        "cued": cue_span is not None,
    }


def _use(text: str, candidate: _Candidate, sentence: tuple[int, int]) -> None:
    """Fill in how the text uses the source (``role``, a link post's ``headline``) and its ``stance``."""
    attrs = candidate.attrs
    attrs.setdefault("role", "citation" if attrs.get("cued") else "mention")
    if attrs["role"] != "credit":
        headline = roles.headline_after(text, candidate.start, candidate.end)
        if headline is not None:
            attrs.update(role="article", headline=text[headline[0] : headline[1]])
            attrs["headline_start"], attrs["headline_end"] = headline
    cue = (attrs["cue_start"], attrs["cue_end"]) if attrs.get("cue_start") is not None else None
    judged = roles.stance(text, sentence, (candidate.start, candidate.end), cue)
    if judged is not None and attrs["role"] != "credit":
        attrs["stance"], (attrs["stance_start"], attrs["stance_end"]) = judged[0], judged[1]


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping spans: cued table names first, then web addresses, cued unknowns, bare mentions."""
    taken = Intervals()
    ordered = sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    return sorted((c for c in ordered if taken.add(c.start, c.end)), key=lambda c: (c.start, c.end))


def _before_apposition(text: str, start: int, position: int, names: list[NameMatch]) -> NameMatch | None:
    """A table name before a clause set off by commas: "The Washington Post, citing ..., said"."""
    if position <= start or text[position - 1] != ",":
        return None
    opening = text.rfind(",", max(start, position - 120), position - 1)
    if opening < 0:
        return None
    before = _back_space(text, opening, start)
    return next((n for n in names if n.end == before), None)


def _inside(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in ranges)


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position


def _back_space(text: str, position: int, start: int) -> int:
    while position > start and (text[position - 1].isspace() or text[position - 1] in _QUOTES):
        position -= 1
    return position


_QUOTES = "«»\"“”„'‘’‹›"
_ADVERBS = re.compile(
    r"(?:\s+(?:first|later|earlier|also|previously|initially|originally|reportedly|has|have|had|was|were|"
    r"has also|had also|zuerst|zunächst|auch|också|först|aussi|d'abord|также|уже|ранее))+\s*$",
    re.IGNORECASE,
)


def _back_adverbs(text: str, position: int, start: int) -> int:
    """Before a cue, the position before adverbs and auxiliaries ("The Times| first reported")."""
    match = _ADVERBS.search(text, max(start, position - 60), position)
    return _back_space(text, match.start(), start) if match else position


def _skip_article(text: str, position: int, end: int) -> int:
    match = _ARTICLES.match(text, position, end)
    return match.end() if match else position


def _is_stop(word: str) -> bool:
    return word.casefold().strip(".'’") in STOP_WORDS


def _name_after(text: str, position: int, end: int) -> tuple[int, int] | None:
    """The words of a name after a cue, up to punctuation or a stop word ("local activists| in Aleppo")."""
    words: list[tuple[int, int]] = []
    for match in _WORD.finditer(text, position, end):
        gap = text[words[-1][1] if words else position : match.start()]
        if gap.strip() or len(words) >= MAX_NAME_WORDS:
            break
        word = match.group().rstrip(".")
        if _is_stop(word) or (word.endswith(("'s", "’s")) and words):
            if word.endswith(("'s", "’s")) and not _is_stop(word):
                words.append((match.start(), match.start() + len(word) - 2))
            break
        words.append((match.start(), match.start() + len(word)))
    words = _trim(text, words)
    return (words[0][0], words[-1][1]) if words else None


_CONNECTORS = frozenset(("of", "for", "de", "du", "des", "der", "för", "av"))


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _trim(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where a name after a cue ends: after its source noun and the capitalised words that follow it
    ("polisen| skadades nio poliser", "spokesperson Petr Sallin"), or after its capitalised run;
    words of scripts without case (Arabic) are kept as found."""
    texts = [text[s:e] for s, e in words]
    if not any(w[:1].isupper() or w[:1].islower() for w in texts):
        return words
    head = next((i for i, w in enumerate(texts) if w.casefold() in SOURCE_NOUNS), None)
    if head is None:
        if not texts or not _capitalised(texts[0]):
            return words
        head = 0
    stop = head + 1
    while stop < len(texts):
        if _capitalised(texts[stop]):
            stop += 1
        elif (
            texts[stop].casefold() in _CONNECTORS and stop + 1 < len(texts) and _capitalised(texts[stop + 1])
        ):
            stop += 2
        else:
            break
    return words[:stop]


def _name_before(text: str, start: int, position: int) -> tuple[int, int] | None:
    """The words of a name before a cue, back to punctuation, a stop word or a lowercase word that does
    not belong ("Fox News| broke the story", "local activists| said")."""
    words: list[tuple[int, int]] = []
    cursor = position
    for match in reversed(list(_WORD.finditer(text, start, position))):
        if text[match.end() : cursor].strip() or len(words) >= MAX_NAME_WORDS:
            break
        word = match.group()
        if _is_stop(word):
            break
        words.insert(0, (match.start(), match.end()))
        cursor = match.start()
    while words and _is_stop(text[words[0][0] : words[0][1]]):
        words.pop(0)
    if not words:
        return None
    # A capitalised run ends at its first lowercase word that is not part of a name ("the state news agency").
    return words[0][0], words[-1][1]


def _acceptable(name: str, cue: Cue, at_sentence_start: bool) -> bool:
    """Whether an unknown name is a plausible source and not a pronoun, number or fragment."""
    words = name.split()
    if not words or not any(ch.isalpha() for ch in name) or name.casefold() in PRONOUNS:
        return False
    if words[0].casefold() in PRONOUNS:
        return False
    nouns = any(w.casefold().strip(".,") in SOURCE_NOUNS for w in words)
    if cue.speech or nouns:
        return nouns
    # Otherwise a name: some capitalised word, not only the sentence's first ("Yesterday reported").
    named = [w for i, w in enumerate(words) if w[:1].isupper() and not (i == 0 and at_sentence_start)]
    return bool(named)
