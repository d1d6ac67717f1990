"""``slant eval quotes``: the analyzer run end to end over PolNeAR, scored with :mod:`slant.quotes.scoring`.

Each article is analysed as a plain document (paragraphs, language, sentences,
quotes); one annotator per article is the gold (the first ``.ann`` file name
sorted). Besides the attribution scores, content spans are written in
``score.py si`` format (``id start end``, one line per content piece) and scored
character-level by ``score.py si`` when the scorer is found.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.analyze import build
from slant.document import Document
from slant.labelled_data import require_root
from slant.quotes.scoring import Scored, Tally, is_direct
from slant.quotes.training_data import FOLDER, read_split

Report = Callable[[str], None]
HEADLINE = ("content_exact", "content_overlap", "source_exact", "source_overlap")


@dataclass
class Result:
    """Scores by name (``content_overlap``: precision, recall, f1, ...; ``speaker``: correct; ``si``)."""

    scores: dict[str, dict[str, Any]] = field(default_factory=dict)

    def table(self) -> str:
        """A Markdown table of the figures."""
        lines = ["| measure | precision | recall | F1 | gold | predicted |", "|---|---:|---:|---:|---:|---:|"]
        for name, value in self.scores.items():
            if "f1" in value and "gold" in value:
                lines.append(
                    f"| {name} | {value['precision']:.3f} | {value['recall']:.3f} | {value['f1']:.3f} "
                    f"| {value['gold']} | {value['pred']} |"
                )
        speaker = self.scores.get("speaker", {})
        if speaker:
            lines.append(
                f"\nspeaker correct: {speaker['correct']:.3f} of {speaker['matched_with_gold_source']} "
                "matched quotes with a gold source"
            )
        si = self.scores.get("si")
        if si:
            lines.append(
                f"score.py si (character level): P {si['precision']:.3f} "
                f"R {si['recall']:.3f} F1 {si['f1']:.3f}"
            )
        meta = self.scores.get("run", {})
        if meta:
            lines.append(f"{meta['articles']} articles, {meta['articles_per_s']:.2f} articles/s")
        return "\n".join(lines)


def _predicted(doc: Document) -> list[Scored]:
    out = []
    for span in doc.layer("quote"):
        parts = tuple(tuple(p) for p in span.attrs.get("parts") or [[span.start, span.end]])
        source = None
        if span.attrs.get("source_start") is not None:
            source = (int(span.attrs["source_start"]), int(span.attrs["source_end"]))
        out.append(Scored(tuple((int(s), int(e)) for s, e in parts), source, span.label == "direct"))
    return out


def evaluate(
    root: Path | None,
    out: Path | None = None,
    split: str = "dev",
    report: Report = print,
    scorer: str | None = None,
    limit: int | None = None,
) -> Result:
    """Analyse every article of ``split``, score against the gold, and write si files under ``out``."""
    from slant.quotes import analyzer  # noqa: F401  (registers the analyzer)

    root = require_root(root, FOLDER)
    pipeline = build(["paragraphs", "language", "sentences", "quotes"])
    tally = Tally()
    gold_rows: list[tuple[str, int, int]] = []
    pred_rows: list[tuple[str, int, int]] = []
    articles = list(read_split(root, split))[:limit]
    started = time.monotonic()
    for n, article in enumerate(articles):
        doc = pipeline(Document(article.id, article.text, {"language": "en"}))
        gold = [
            Scored(
                a.content,
                (a.source[0][0], a.source[-1][1]) if a.source else None,
                is_direct(article.text, a.content),
            )
            for a in article.attributions
        ]
        pred = _predicted(doc)
        tally.article(article.text, gold, pred)
        gold_rows += [(article.id, s, e) for g in gold for s, e in g.parts]
        pred_rows += [(article.id, s, e) for p in pred for s, e in p.parts]
        if n % 20 == 19:
            report(f"  {n + 1}/{len(articles)} articles")
    elapsed = time.monotonic() - started
    scores: dict[str, dict[str, Any]] = dict(tally.scores())
    scores["run"] = {"articles": len(articles), "seconds": round(elapsed, 1), "split": split}
    scores["run"]["articles_per_s"] = round(len(articles) / elapsed, 2) if elapsed else 0.0
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        gold_path = _write(out / f"{split}-gold.si.tsv", gold_rows)
        pred_path = _write(out / f"{split}-pred.si.tsv", pred_rows)
        from slant.scorer import run_scorer, scorer_path

        try:
            path = scorer_path(root, scorer)
        except Exception as exc:  # the si figure is extra; the attribution scores stand without it
            report(f"score.py not run: {exc}")
        else:
            scores["si"] = run_scorer(path, "si", gold_path, pred_path)
    return Result(scores)


def _write(path: Path, rows: list[tuple[str, int, int]]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write("\t".join(str(v) for v in row) + "\n")
    return path
