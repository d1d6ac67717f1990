"""Training windows for the entity and claim heads: labelled NER sentences and CheckThat! rows.

Each window is what the encoder sees at run time: ``<s>``, the pieces of one to four
consecutive sentences of one source (as a news paragraph would give), ``</s>``. Every
piece of an entity gets its tag (B on the entity's first piece, I on the rest), so the
run-time decoder needs no word segmentation. Check-worthiness rows are single sentences
with one label each.

Splits, made once and kept: NER sentences by :func:`slant.entities.training_data.held_out`
(a hash of source and sentence number); factRuEval by document (``devset`` trains,
``testset`` is held out); CheckThat! by file (``train`` trains, ``dev`` chooses thresholds,
``dev-test`` is reported). Spanish check-worthiness is never trained on (an unseen language).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from slant.claims import dataset as checkthat
from slant.encoder.tokenizer import Tokenizer
from slant.encoder.windows import windows
from slant.entities import training_data as ner

VERSION = 1
TRAIN, VALIDATION, TEST = 0, 1, 2
#: Entity types the head tags (MISC is labelled in too few corpora, and differently, to learn).
TYPES = ("PER", "ORG", "LOC")
TAGS = ("O", *(f"{p}-{t}" for t in TYPES for p in "BI"))
IGNORE = -1
NER, CLAIMS = 0, 1

#: Sentences per training source and language (WikiANN fragments are many and alike).
WIKIANN_CAP = 4000
UNER_CAP = 3000
UNER_TREEBANKS = (
    ("Swedish-Talbanken", "sv"),
    ("Portuguese-Bosque", "pt"),
    ("Danish-DDT", "da"),
    ("Croatian-SET", "hr"),
    ("Serbian-SET", "sr"),
    ("Slovak-SNK", "sk"),
    ("Chinese-GSDSIMP", "zh"),
)
CLAIM_LANGUAGES = ("en", "ar")


@dataclass(frozen=True)
class Passage:
    """A text with its entity spans (character offsets), or with one check-worthiness label."""

    source: str
    language: str
    split: int
    text: str
    entities: tuple[tuple[int, int, str], ...] = ()
    label: int = -1


@dataclass
class Data:
    """Windows row-aligned like :class:`slant.techniques.tagger_data.Data`.

    ``tags`` holds one :data:`TAGS` index per row (:data:`IGNORE` where there is no tag:
    ``<s>``, ``</s>``, claim windows); ``claims`` is ``(window, label)``, the window's whole
    sentence being the claim.
    """

    ids: np.ndarray
    tags: np.ndarray
    offsets: np.ndarray
    split: np.ndarray
    task: np.ndarray
    language: np.ndarray
    source: np.ndarray
    claims: np.ndarray

    def rows(self, window: int) -> slice:
        return slice(int(self.offsets[window]), int(self.offsets[window + 1]))

    @property
    def windows(self) -> int:
        return len(self.offsets) - 1


def joined(
    sentences: Iterable[ner.Sentence],
) -> tuple[str, list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Sentences as one text (tokens joined by spaces, sentences by one space), their spans and
    their entities as character spans (MISC dropped)."""
    parts, units, found, pos = [], [], [], 0
    for sentence in sentences:
        starts = []
        begin = pos
        for token in sentence.tokens:
            starts.append(pos)
            parts.append(token + " ")
            pos += len(token) + 1
        units.append((begin, pos - 1))
        for first, last, kind in sorted(ner.entities(sentence.tags)):
            if kind in TYPES:
                found.append((starts[first], starts[last - 1] + len(sentence.tokens[last - 1]), kind))
    return "".join(parts), units, found


def grouped(
    sentences: list[ner.Sentence], language: str, split: int, rng: random.Random
) -> Iterator[Passage]:
    """Runs of one to four consecutive sentences as passages."""
    at = 0
    while at < len(sentences):
        size = rng.choice((1, 2, 3, 4))
        text, _, found = joined(sentences[at : at + size])
        yield Passage(sentences[at].source, language, split, text, tuple(found))
        at += size


def _capped(sentences: Iterable[ner.Sentence], cap: int) -> list[ner.Sentence]:
    out: list[ner.Sentence] = []
    for sentence in sentences:
        if len(out) >= cap:
            break
        out.append(sentence)
    return out


def _by_split(sentences: list[ner.Sentence]) -> tuple[list[ner.Sentence], list[ner.Sentence]]:
    train = [s for s in sentences if not ner.held_out(s.source, s.index)]
    valid = [s for s in sentences if ner.held_out(s.source, s.index)]
    return train, valid


def ner_passages(root: Path, rng: random.Random) -> Iterator[Passage]:
    """Every labelled NER passage slant may train on, with its split."""
    sources: list[tuple[str, list[ner.Sentence]]] = []
    for lang in ner.WIKIANN_LANGS:
        sources.append((lang, _capped(ner.wikiann(root, lang, "train"), WIKIANN_CAP * 100 // 85)))
    for treebank, lang in UNER_TREEBANKS:
        both = list(ner.uner(root, treebank, "train")) + list(ner.uner(root, treebank, "dev"))
        sources.append((lang, _capped(both, UNER_CAP * 100 // 85)))
    sources.append(("sv", list(ner.swedish_ner(root, "train")) + list(ner.swedish_ner(root, "test"))))
    sources.append(("de", list(ner.germeval(root, "dev")) + list(ner.germeval(root, "test"))))
    for lang, sentences in sources:
        train, valid = _by_split(sentences)
        yield from grouped(train, lang, TRAIN, rng)
        yield from grouped(valid, lang, VALIDATION, rng)
    yield from factrueval_passages(root)


def factrueval_passages(root: Path) -> Iterator[Passage]:
    """factRuEval-2016 documents cut at line ends: ``devset`` trains, ``testset`` is held out."""
    from slant.entities.evaluate import factrueval_documents

    for ident, text, gold in factrueval_documents(root):
        split = TRAIN if ident.startswith("devset/") else TEST
        pos = 0
        for line in text.splitlines(keepends=True):
            end = pos + len(line.rstrip())
            inside = tuple((a - pos, b - pos, k) for a, b, k in gold if pos <= a and b <= end)
            if end > pos:
                yield Passage(f"factrueval-{ident}", "ru", split, text[pos:end], inside)
            pos += len(line)


def claim_passages(root: Path) -> Iterator[Passage]:
    """CheckThat! 2024 rows: ``train`` trains (minus repeats and rows whose text is also in dev or
    dev-test), ``dev`` validates, ``dev-test`` is held out."""
    for lang in CLAIM_LANGUAGES:
        held = {name: checkthat.load(root, lang, name) for name in ("dev", "dev-test")}
        files = {
            "train": checkthat.without(checkthat.load(root, lang, "train"), list(held.values()))[0],
            **held,
        }
        for name, split in (("train", TRAIN), ("dev", VALIDATION), ("dev-test", TEST)):
            rows = files[name]
            for text, label in zip(rows.texts, rows.labels, strict=True):
                cleaned = checkthat.clean(text)
                if cleaned:
                    yield Passage(f"checkthat-{lang}-{name}", lang, split, cleaned, (), label)


def tag_pieces(starts: np.ndarray, ends: np.ndarray, found: Iterable[tuple[int, int, str]]) -> np.ndarray:
    """One :data:`TAGS` index per piece: B on an entity's first overlapping piece, I on the rest."""
    tags = np.zeros(len(starts), dtype=np.int8)
    for a, b, kind in found:
        rows = np.flatnonzero((ends > a) & (starts < b))
        if len(rows):
            tags[rows] = TAGS.index(f"I-{kind}")
            tags[rows[0]] = TAGS.index(f"B-{kind}")
    return tags


def build(root: Path, tokenizer: Tokenizer, progress: Callable[[str], None] | None = None) -> Data:
    """Windows, piece tags and claim labels of every passage slant trains and validates on."""
    passages = [*ner_passages(root, random.Random(13)), *claim_passages(root)]
    return windows_of(passages, tokenizer, progress)


def windows_of(
    passages: list[Passage], tokenizer: Tokenizer, progress: Callable[[str], None] | None = None
) -> Data:
    """Windows, piece tags and claim labels of ``passages``."""
    ids: list[np.ndarray] = []
    tags: list[np.ndarray] = []
    offsets = [0]
    split, task, language, source, claims = [], [], [], [], []
    edge = np.array([IGNORE], dtype=np.int8)
    for count, passage in enumerate(passages, start=1):
        cut = windows(passage.text, [(0, len(passage.text), 0)], tokenizer)
        for window in cut:
            if passage.label >= 0:
                y = np.full(len(window), IGNORE, dtype=np.int8)
                claims.append((len(offsets) - 1, passage.label))
            else:
                local = [(a, b, k) for a, b, k in passage.entities]
                y = tag_pieces(window.starts, window.ends, local)
            ids.append(np.concatenate([[tokenizer.bos], window.ids, [tokenizer.eos]]))
            tags.append(np.concatenate([edge, y, edge]))
            offsets.append(offsets[-1] + len(window) + 2)
            split.append(passage.split)
            task.append(CLAIMS if passage.label >= 0 else NER)
            language.append(passage.language)
            source.append(passage.source)
            if passage.label >= 0:
                break  # a claim row longer than one window keeps its first window only
        if progress and count % 20000 == 0:
            progress(f"{count}/{len(passages)} passages cut into windows")
    return Data(
        np.concatenate(ids).astype(np.int32),
        np.concatenate(tags),
        np.array(offsets, dtype=np.int64),
        np.array(split, dtype=np.int8),
        np.array(task, dtype=np.int8),
        np.array(language),
        np.array(source),
        np.array(claims, dtype=np.int64).reshape(-1, 2),
    )
