"""Score the technique models on the validation split, in the shared tasks' own formats.

Predictions and gold are written as the tasks' tab-separated files and scored by the
workspace's ``score.py`` (SemEval-2020 span identification ``si``, labelled spans ``flc``,
technique classification ``tc``; SemEval-2023 paragraphs ``para``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.analyze.sentences import make_sentences
from slant.document import Document, Span
from slant.scorer import run_scorer
from slant.techniques import training_data
from slant.techniques.classify import SpanClassifier
from slant.techniques.dataset import segment
from slant.techniques.model import Model, load, load_classifier
from slant.techniques.predict import score, technique_spans
from slant.techniques.taxonomy import NAMES, PTC_TO_SEMEVAL2023
from slant.techniques.training_data import Article
from slant.techniques.units import Unit, units

#: SemEval-2023 name -> the PTC class that contains it (techniques PTC lacks are absent).
TO_PTC = {name: ptc for ptc, names in PTC_TO_SEMEVAL2023.items() for name in names}

Report = Callable[[str], None]


@dataclass
class Result:
    """Scores per task and language, as ``score.py`` printed them."""

    scores: dict[str, dict[str, Any]] = field(default_factory=dict)

    def table(self) -> str:
        """A Markdown table of the headline figures."""
        lines = ["| task | language | metric | value | baseline |", "|---|---|---|---:|---:|"]
        for key, value in self.scores.items():
            task, _, language = key.partition(":")
            if task == "para":
                for metric in ("micro_f1", "macro_f1"):
                    base = value.get("baseline", {}).get(metric, float("nan"))
                    lines.append(f"| paragraphs | {language} | {metric} | {value[metric]:.3f} | {base:.3f} |")
            else:
                metric = "micro_f1" if task == "tc" else "f1"
                base = value.get("baseline", {}).get(metric, float("nan"))
                lines.append(f"| {task} | {language} | {metric} | {value[metric]:.3f} | {base:.3f} |")
        return "\n".join(lines)


def _write(path: Path, rows: Iterable[Iterable[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write("\t".join(str(v) for v in row) + "\n")
    return path


class Labeller:
    """One tier's shown technique spans of a text, and its technique ranking for a given span."""

    def spans(self, text: str, unit_list: list[Unit]) -> list[Span]:
        raise NotImplementedError

    def rank(self, text: str, unit_list: list[Unit], start: int, end: int) -> list[str]:
        """SemEval-2023 technique names, most likely first."""
        raise NotImplementedError


class SentenceLabeller(Labeller):
    """The ``fast`` tier: sentence scores, and the TF-IDF span classifier."""

    def __init__(self, model: Model, classifier: SpanClassifier | None) -> None:
        self.model, self.classifier = model, classifier

    def spans(self, text: str, unit_list: list[Unit]) -> list[Span]:
        return technique_spans(text, unit_list, score(self.model, text, unit_list), None, self.model.tier)

    def rank(self, text: str, unit_list: list[Unit], start: int, end: int) -> list[str]:
        assert self.classifier is not None
        return [name for name, _ in self.classifier.classify(text, start, end, allowed=tuple(TO_PTC))]


class TaggerLabeller(Labeller):
    """The ``accurate`` tier: the token-level tagger's spans at its F1 thresholds, and its span head."""

    def __init__(self, models: str | None = None) -> None:
        from slant.techniques import tagger

        self.models = models
        self.model = tagger.load_from(models)

    def spans(self, text: str, unit_list: list[Unit]) -> list[Span]:
        from slant.techniques.analyzer import tagged_spans

        found, _ = tagged_spans(text, unit_list, None, self.models)
        # Scored at the F1 thresholds; the display thresholds hide more, for readers, not for the task.
        return [s for s in found if (s.score or 0.0) >= s.attrs["threshold"]]

    def rank(self, text: str, unit_list: list[Unit], start: int, end: int) -> list[str]:
        import numpy as np

        from slant.techniques import tagger

        encoding = tagger.encode(text, unit_list, self.models)
        for index, window in enumerate(encoding.windows):
            if window.start <= start < window.end:
                rows = np.flatnonzero((window.ends > start) & (window.starts < end))
                states = encoding.tokens(index).astype(np.float32)
                probability = self.model.span_scores(states, [(int(rows[0]), int(rows[-1]))])[0]
                return [NAMES[i] for i in np.argsort(-probability) if NAMES[i] in TO_PTC]
        return []


def labeller_for(tier: str, models: str | None = None) -> Labeller:
    """The labeller of a tier (``fast``, ``accurate``, or ``auto`` as the analyzer resolves it), with the
    model files in ``models`` (default: the ones slant ships)."""
    from slant.techniques.analyzer import resolve_tier

    if resolve_tier(tier) == "accurate":
        return TaggerLabeller(models)
    return SentenceLabeller(load("fast", models), load_classifier(models))


def analyse(labeller: Labeller, text: str, article_id: str, lines_as_paragraphs: bool = False) -> list[Span]:
    """Technique spans of one text (the analyzer's logic, with an optional paragraph = line mode)."""
    return labeller.spans(text, article_units(text, article_id, lines_as_paragraphs))


def article_units(text: str, article_id: str, lines_as_paragraphs: bool = False) -> list[Unit]:
    """The sentence units of a text as the analyzers see them (PTC: each line its own paragraph)."""
    if lines_as_paragraphs:
        # PTC files hold one sentence per line: each line is its own paragraph, in English.
        doc = Document(article_id, text, {"language": "en"})
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                doc.spans.append(Span("paragraph", offset, offset + len(line.rstrip())))
            offset += len(line) + 1
        doc.spans += make_sentences()(doc).spans
        return units(doc)
    return segment(text, article_id)[1]


def _paragraph_rows(article: Article, spans: list[Span]) -> list[tuple[str, int, str]]:
    bounds = article.line_bounds()
    rows = []
    for line in sorted(article.lines):
        start, end = bounds.get(line, (0, 0))
        found = sorted({s.label or "" for s in spans if s.start < end and s.end > start})
        rows.append((article.id, line, ",".join(found)))
    return rows


def _frequent_labels(articles: list[Article]) -> list[str]:
    """Trivial baseline: the k most frequent labels of a language's training paragraphs, k = mean labels."""
    counts: Counter[str] = Counter()
    total = 0
    for article in articles:
        for names in article.lines.values():
            counts.update(names)
            total += 1
    k = round(sum(counts.values()) / total) if total else 0
    return [name for name, _ in counts.most_common(k)]


def evaluate(
    labeller: Labeller,
    root: Path,
    scorer: Path,
    out: Path,
    languages: tuple[str, ...],
    report: Report,
) -> Result:
    """Paragraph scores per language, SemEval-2020 span scores for English; files kept in ``out``."""
    result = Result()
    for folder in languages:
        language = training_data.LANGUAGES[folder]
        articles = list(training_data.semeval2023(root, (folder,)))
        held = [a for a in articles if training_data.is_validation(a.id)]
        frequent = _frequent_labels([a for a in articles if not training_data.is_validation(a.id)])
        report(f"paragraphs, {language}: {len(held)} validation articles")
        gold, pred, base = [], [], []
        for article in held:
            spans = analyse(labeller, article.text, article.id)
            gold += [
                (article.id, line, ",".join(sorted(names))) for line, names in sorted(article.lines.items())
            ]
            pred += _paragraph_rows(article, spans)
            base += [(article.id, line, ",".join(frequent)) for line in sorted(article.lines)]
        folder_out = out / "para" / language
        scores = run_scorer(
            scorer, "para", _write(folder_out / "gold.txt", gold), _write(folder_out / "pred.txt", pred)
        )
        scores["baseline"] = run_scorer(
            scorer, "para", folder_out / "gold.txt", _write(folder_out / "baseline.txt", base)
        )
        result.scores[f"para:{language}"] = scores

    if "en" in languages:
        _ptc(labeller, root, scorer, out, result, report)
    return result


def _ptc(
    labeller: Labeller,
    root: Path,
    scorer: Path,
    out: Path,
    result: Result,
    report: Report,
) -> None:
    held = [a for a in training_data.ptc(root) if training_data.is_validation(a.id)]
    report(f"SemEval-2020 spans (PTC), en: {len(held)} validation articles")
    gold_si, gold_flc, pred_si, pred_flc, base_si, base_flc, gold_tc, pred_tc, base_tc = (
        [] for _ in range(9)
    )
    for article in held:
        for label, start, end in article.spans:
            gold_si.append((article.id, start, end))
            gold_flc.append((article.id, label, start, end))
            gold_tc.append((article.id, label, start, end))
            base_tc.append((article.id, "Loaded_Language", start, end))
        unit_list = article_units(article.text, article.id, lines_as_paragraphs=True)
        for span in labeller.spans(article.text, unit_list):
            ptc = TO_PTC.get(span.label or "")
            if ptc:
                pred_si.append((article.id, span.start, span.end))
                pred_flc.append((article.id, ptc, span.start, span.end))
        # Trivial baseline: every line of the body is one Loaded_Language span.
        offset = 0
        for number, line in enumerate(article.text.split("\n")):
            if number > 0 and line.strip():
                base_si.append((article.id, offset, offset + len(line)))
                base_flc.append((article.id, "Loaded_Language", offset, offset + len(line)))
            offset += len(line) + 1
        # A span labelled with k techniques gets the k most likely distinct PTC classes.
        wanted = Counter((start, end) for _, start, end in article.spans)
        for (start, end), k in wanted.items():
            ranked = labeller.rank(article.text, unit_list, start, end)
            classes = list(dict.fromkeys(TO_PTC[name] for name in ranked))[:k]
            pred_tc += [(article.id, label, start, end) for label in classes]
    base = out / "ptc"
    for task, gold, pred, baseline in (
        ("si", gold_si, pred_si, base_si),
        ("flc", gold_flc, pred_flc, base_flc),
        ("tc", gold_tc, pred_tc, base_tc),
    ):
        gold_path = _write(base / f"{task}-gold.txt", gold)
        scores = run_scorer(scorer, task, gold_path, _write(base / f"{task}-pred.txt", pred))
        scores["baseline"] = run_scorer(
            scorer, task, gold_path, _write(base / f"{task}-baseline.txt", baseline)
        )
        result.scores[f"{task}:en"] = scores
