"""Scoring quotes and speakers on slant's hand-written commentary check set.

``data/quotes_gold.jsonl`` holds invented opinion pieces, blog and link posts (en, sv, ru,
de, fr, ar), labelled before the system was run on them (data/README.md has the rules).
Each example lists ``quotes`` as ``[content, speaker or null, how]``. A predicted quote
matches a gold one when they share at least half of the shorter one's characters (quotation
marks aside), one to one; the speaker is right when the predicted ``speaker_name`` names the
same person (last words agree, allowing inflection: "Лаврова" is "Лавров"), or both have none.
It is a self-written check, not an independent benchmark.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from slant import checkset
from slant.checkset import Counts
from slant.document import Span
from slant.quotes.candidates import QUOTE_MARKS

MIN_SHARED = 0.5
"""Share of the shorter quote's characters a pair must share to count as the same quote."""
HOW = ("named", "pronoun", "carried", "none")


def bundled_gold() -> Path:
    """The check set shipped with slant."""
    return Path(str(resources.files("slant.quotes").joinpath("data/quotes_gold.jsonl")))


def _scores(counts: Counts) -> dict[str, float]:
    """Quote precision, recall, F1 and the share of matched quotes with the right speaker."""
    s = counts.scores()
    return {**{k: s[k] for k in ("precision", "recall", "f1")}, "speaker_accuracy": s["value_accuracy"]}


@dataclass
class Result:
    """Quote F1 and speaker accuracy per language and per how the gold speaker is given."""

    by_language: dict[str, Counts] = field(default_factory=dict)
    by_how: dict[str, Counts] = field(default_factory=dict)
    by_half: dict[str, Counts] = field(default_factory=dict)
    confidence: Counter[tuple[str, bool]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        total = Counts()
        for tally in self.by_language.values():
            total.add(tally)
        return total

    @property
    def scores(self) -> dict[str, Any]:
        out: dict[str, Any] = {"all": _scores(self.total)}
        out.update({f"language:{k}": _scores(v) for k, v in sorted(self.by_language.items())})
        out.update({k: _scores(v) for k, v in sorted(self.by_half.items())})
        out.update({f"speaker given as:{k}": {"gold": v.gold, **_scores(v)} for k, v in self.by_how.items()})
        out["speaker accuracy by speaker_confidence"] = {
            level: self._accuracy(level) for level in HOW if self._count(level)
        }
        return out

    def _count(self, level: str) -> int:
        return self.confidence[(level, True)] + self.confidence[(level, False)]

    def _accuracy(self, level: str) -> dict[str, float]:
        count = self._count(level)
        return {"quotes": count, "right": round(self.confidence[(level, True)] / count, 3)}

    def table(self) -> str:
        rows = [
            "| group | gold | found | precision | recall | F1 | speaker accuracy |",
            "|---|---|---|---|---|---|---|",
        ]
        groups = [*sorted(self.by_language.items()), *sorted(self.by_half.items()), ("all", self.total)]
        for name, tally in groups:
            s = _scores(tally)
            rows.append(
                f"| {name} | {tally.gold} | {tally.predicted} | {s['precision']:.3f} | {s['recall']:.3f} "
                f"| {s['f1']:.3f} | {s['speaker_accuracy']:.3f} |"
            )
        rows += [
            "",
            "| gold speaker given as | gold quotes | found | recall | speaker accuracy |",
            "|---|---:|---:|---:|---:|",
        ]
        for how in HOW:
            if how in self.by_how:
                tally = self.by_how[how]
                s = _scores(tally)
                recall, speaker = s["recall"], s["speaker_accuracy"]
                rows.append(f"| {how} | {tally.gold} | {tally.exact} | {recall:.3f} | {speaker:.3f} |")
        rows.append("")
        rows.append("| speaker_confidence | matched quotes | speaker right |")
        rows.append("|---|---:|---:|")
        for level in HOW:
            if self._count(level):
                rows.append(f"| {level} | {self._count(level)} | {self._accuracy(level)['right']:.3f} |")
        return "\n".join(rows)


def _content(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if text[i] not in QUOTE_MARKS and not text[i].isspace()}


def _chars(text: str, span: Span) -> set[int]:
    parts = span.attrs.get("parts") or [[span.start, span.end]]
    return set().union(*(_content(text, int(s), int(e)) for s, e in parts))


def _last_word(name: str | None) -> str | None:
    words = (name or "").replace("’s", "").replace("'s", "").split()
    return words[-1].strip(".,:;«»“”\"'").lower() if words else None


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Whether two speaker names name the same speaker (both none counts as the same)."""
    a, b = _last_word(predicted), _last_word(gold)
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    stem = max(4, min(len(a), len(b)) - 2)  # inflected forms: Лаврова / Лавров, Bergs / Berg
    return len(a) >= 4 and len(b) >= 4 and a[:stem] == b[:stem]


def evaluate(gold: str | Path | None = None) -> Result:
    """Run the ``quotes`` analyzer over a check set and score it."""
    import slant.quotes.analyzer  # noqa: F401  (registers the analyzer)

    path = Path(gold) if gold else bundled_gold()
    result = Result()
    for example in checkset.read(path):
        where = f"{path} ({example.get('id')})"
        doc = checkset.analysed(example, "quotes", {})
        text = doc.text
        expected = example.get("quotes") or []
        offsets = checkset.locate(text, [e[0] for e in expected], where)
        golds = [
            (_content(text, start, end), item[1], item[2] if len(item) > 2 else "named")
            for (start, end), item in zip(offsets, expected, strict=True)
        ]
        predicted = [(span, _chars(text, span)) for span in doc.layer("quote")]
        pairs = sorted(
            (
                (len(g[0] & p[1]), gi, pi)
                for gi, g in enumerate(golds)
                for pi, p in enumerate(predicted)
                if g[0] and p[1] and len(g[0] & p[1]) >= MIN_SHARED * min(len(g[0]), len(p[1]))
            ),
            reverse=True,
        )
        used_gold: set[int] = set()
        used_pred: set[int] = set()
        tally = Counts(gold=len(golds), predicted=len(predicted))
        by_how: dict[str, Counts] = defaultdict(Counts)
        for g in golds:
            by_how[g[2]].gold += 1
        for _, gi, pi in pairs:
            if gi in used_gold or pi in used_pred:
                continue
            used_gold.add(gi)
            used_pred.add(pi)
            span = predicted[pi][0]
            name, how = golds[gi][1], golds[gi][2]
            right = same_speaker(span.attrs.get("speaker_name"), name)
            tally.exact += 1
            tally.value_right += right
            by_how[how].exact += 1
            by_how[how].value_right += right
            result.confidence[(str(span.attrs.get("speaker_confidence")), right)] += 1
            if not right:
                result.errors.append(
                    f"{where}: {doc.span_text(span)[:60]!r} speaker {span.attrs.get('speaker_name')!r}, "
                    f"expected {name!r} ({how})"
                )
        for gi, (s, e) in enumerate(offsets):
            if gi not in used_gold:
                result.errors.append(f"{where}: missed {text[s:e][:60]!r} ({golds[gi][1]!r})")
        for pi, (span, _) in enumerate(predicted):
            if pi not in used_pred:
                result.errors.append(
                    f"{where}: extra {doc.span_text(span)[:60]!r} speaker {span.attrs.get('speaker_name')!r}"
                )
        result.by_language.setdefault(str(example.get("language")), Counts()).add(tally)
        result.by_half.setdefault(checkset.half(str(example.get("id", ""))), Counts()).add(tally)
        for how, counts in by_how.items():
            result.by_how.setdefault(how, Counts()).add(counts)
    return result
