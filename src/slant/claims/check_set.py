"""Scoring claims and claim types on slant's hand-written check set (ru, sv, en, de).

``data/claims_gold.jsonl`` holds invented opinion pieces and news, every sentence labelled
check-worthy or not and ``fact`` / ``opinion`` / ``prediction`` / ``other`` before the
system was run on them (data/README.md has the rules). A gold sentence counts as marked
when a ``claim`` span covers at least half of it. Claim types are scored on every gold
sentence whose type is not ``other`` (check-worthy ones are nearly all facts, which would
make "always fact" look good), against the majority-type baseline. A self-written check, not an
independent benchmark.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from slant import checkset
from slant.claims.types import claim_type


def bundled_gold() -> Path:
    """The check set shipped with slant."""
    return Path(str(resources.files("slant.claims").joinpath("data/claims_gold.jsonl")))


@dataclass
class Result:
    """Check-worthiness counts and claim-type agreement per language."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    halves: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def scores(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        total: Counter[str] = Counter()
        for language, counts in sorted(self.counts.items()):
            out[language] = _scores(counts)
            total.update(counts)
        for half, counts in sorted(self.halves.items()):
            out[half] = _scores(counts)
        out["all"] = _scores(total)
        return out

    def table(self) -> str:
        rows = [
            "| language | sentences | gold claims | marked | precision | recall | F1 | share marked "
            "| claim type accuracy | all 'fact' |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for language, s in self.scores.items():
            rows.append(
                f"| {language} | {s['sentences']} | {s['gold']} | {s['marked']} | {s['precision']:.3f} "
                f"| {s['recall']:.3f} | {s['f1']:.3f} | {s['share_marked']:.3f} | {s['type_accuracy']:.3f} "
                f"| {s['type_baseline']:.3f} |"
            )
        return "\n".join(rows)


def _scores(c: Counter[str]) -> dict[str, Any]:
    precision = c["tp"] / c["marked"] if c["marked"] else 0.0
    recall = c["tp"] / c["gold"] if c["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sentences": c["sentences"],
        "gold": c["gold"],
        "marked": c["marked"],
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "share_marked": round(c["marked"] / c["sentences"], 4) if c["sentences"] else 0.0,
        "type_accuracy": round(c["type_right"] / c["typed"], 4) if c["typed"] else 0.0,
        "type_baseline": round(c["typed_fact"] / c["typed"], 4) if c["typed"] else 0.0,
    }


def evaluate(gold: str | Path | None = None, tier: str = "auto") -> Result:
    """Run the ``claims`` analyzer (``tier``) over a check set and score it."""
    import slant.claims.analyzer  # noqa: F401  (registers the analyzer)

    path = Path(gold) if gold else bundled_gold()
    result = Result()
    for example in checkset.read(path):
        where = f"{path} ({example.get('id')})"
        language = str(example.get("language"))
        doc = checkset.analysed(example, "claims", {}, tier=tier)
        sentences = example.get("sentences") or []
        offsets = checkset.locate(doc.text, [s[0] for s in sentences], where)
        claims = doc.layer("claim")
        half = checkset.half(str(example.get("id", "")))
        counts: Counter[str] = Counter()
        for (start, end), (sentence, worthy, kind) in zip(offsets, sentences, strict=True):
            covered = sum(max(0, min(end, c.end) - max(start, c.start)) for c in claims)
            marked = covered >= 0.5 * (end - start)
            counts["sentences"] += 1
            counts["gold"] += bool(worthy)
            counts["marked"] += marked
            counts["tp"] += bool(worthy) and marked
            if kind != "other":
                predicted, _ = claim_type(sentence, language)
                counts["typed"] += 1
                counts["type_right"] += predicted == kind
                counts["typed_fact"] += kind == "fact"
                if predicted != kind:
                    result.errors.append(f"{where}: type {predicted}, expected {kind}: {sentence[:70]!r}")
            if bool(worthy) != marked:
                state = "missed" if worthy else "extra"
                result.errors.append(f"{where}: {state} claim {sentence[:70]!r}")
        result.counts.setdefault(language, Counter()).update(counts)
        result.halves.setdefault(half, Counter()).update(counts)
    return result
