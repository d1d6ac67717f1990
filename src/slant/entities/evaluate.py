"""``slant eval entities``: score the NER backends and canonicalisation on data they never trained on.

Sets (all read from ``ner/`` in the labelled-data folder, never shipped):

* the encoder's entity head (slant.heads) beside the backends it replaces, on every set;
* CRF taggers: the hashed validation split of their own training sources (training_data.held_out,
  the same hash the head's split uses), the WikiANN dev files (de es nl pl pt) and the gold news
  sets kept out of training for their licence (KIND Wikinews test for it, NER-UK test for uk);
* packaged pipelines: spaCy en on WikiANN en dev and UNER English-EWT dev, spaCy fr on WikiANN fr
  dev, natasha on WikiANN ru dev and the factRuEval-2016 test documents (the head trains on its
  dev documents); the whole analyzer too on factRuEval, and ``score.py flc`` there.

Metric: entity-level exact match (scoring.py): a predicted entity counts only if its span and type
equal a gold one. GPE is scored as LOC (the corpora have no GPE), NORP is dropped, MISC is dropped
where the gold set has no MISC. At most ``LIMIT`` sentences per set (the first ones, so runs agree).
"""

from __future__ import annotations

import bisect
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.entities import ner, scoring, training_data
from slant.labelled_data import require_root

LIMIT = 4000
SCORE_AS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "MISC": "MISC"}
NAME_PARTS = {"name", "surname", "patronymic", "nickname", "org_name", "loc_name"}
CASES = Path(__file__).parent / "data" / "canonical_cases.json"


@dataclass
class Result:
    """Scores by ``language/system/set`` and how to print them."""

    scores: dict[str, Any] = field(default_factory=dict)

    def table(self) -> str:
        """A plain-text table: one row per set, micro P/R/F1 and F1 per type."""
        lines = [f"{'set':52} {'sents':>6} {'P':>6} {'R':>6} {'F1':>6}  F1 by type"]
        for key, value in self.scores.items():
            if key == "canonical":
                lines.append(
                    f"{'canonical ids (hand-written alias cases)':52} {value['cases']:>6} "
                    f"accuracy {value['accuracy']:.3f}"
                )
                continue
            total = value["prf"]["ALL"]
            types = " ".join(f"{k}={v['f1']:.3f}" for k, v in value["prf"].items() if k != "ALL")
            lines.append(
                f"{key:52} {value['sentences']:>6} {total['p']:6.3f} {total['r']:6.3f} "
                f"{total['f1']:6.3f}  {types}"
            )
            if "flc" in value:
                flc = value["flc"]
                lines.append(
                    f"{'  score.py flc (character overlap)':52} {'':>6} {flc.get('precision', 0):6.3f} "
                    f"{flc.get('recall', 0):6.3f} {flc.get('f1', 0):6.3f}"
                )
        return "\n".join(lines)


def _joined(
    sentences: list[training_data.Sentence],
) -> tuple[str, list[tuple[int, int]], list[list[tuple[int, int]]]]:
    """The sentences as one text (tokens joined by spaces, sentences by blank lines), with offsets."""
    parts: list[str] = []
    units: list[tuple[int, int]] = []
    tokens: list[list[tuple[int, int]]] = []
    pos = 0
    for sentence in sentences:
        offsets = []
        start = pos
        for k, token in enumerate(sentence.tokens):
            if k:
                parts.append(" ")
                pos += 1
            offsets.append((pos, pos + len(token)))
            parts.append(token)
            pos += len(token)
        units.append((start, pos))
        tokens.append(offsets)
        parts.append("\n\n")
        pos += 2
    return "".join(parts), units, tokens


def score_backend(
    backend: ner.Backend, sentences: list[training_data.Sentence]
) -> dict[str, dict[str, float]]:
    """Entity-level P/R/F1 of a backend on tokenised gold sentences."""
    text, units, tokens = _joined(sentences)
    has_misc = any(t.endswith("MISC") for s in sentences for t in s.tags)
    gold: set[tuple[object, int, int, str]] = set()
    for k, (sentence, offsets) in enumerate(zip(sentences, tokens, strict=True)):
        for first, last, kind in training_data.entities(sentence.tags):
            gold.add((k, offsets[first][0], offsets[last - 1][1], kind))
    pred: set[tuple[object, int, int, str]] = set()
    starts = [u[0] for u in units]
    for mention in backend(text, units):
        scored = SCORE_AS.get(mention.label)
        if scored is None or (scored == "MISC" and not has_misc):
            continue
        k = bisect.bisect_right(starts, mention.start) - 1
        if k >= 0 and mention.end <= units[k][1]:
            pred.add((k, mention.start, mention.end, scored))
    return scoring.prf(gold, pred)


def factrueval_documents(root: Path) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """factRuEval-2016 documents: (id, text, gold entities as character spans); LocOrg counts as LOC."""
    kinds = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
    out = []
    for folder in ("devset", "testset"):
        base = root / "ner" / "factrueval2016" / folder
        for txt in sorted(base.glob("*.txt")):
            stem = txt.with_suffix("")
            if not stem.with_suffix(".spans").is_file():
                continue
            spans: dict[str, tuple[int, int]] = {}
            for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
                cols = line.split("#")[0].split()
                # Name parts only: descriptors ("the mayor of") and geo adjectives are not part of the name.
                if len(cols) >= 4 and cols[1] in NAME_PARTS:
                    spans[cols[0]] = (int(cols[2]), int(cols[2]) + int(cols[3]))
            gold = []
            for line in stem.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
                cols = line.split("#")[0].split()
                if len(cols) >= 3 and cols[1] in kinds:
                    parts = [spans[s] for s in cols[2:] if s in spans]
                    if parts:
                        gold.append((min(p[0] for p in parts), max(p[1] for p in parts), kinds[cols[1]]))
            # The .spans offsets count characters of the file as stored (CRLF line ends included).
            text = txt.read_bytes().decode("utf-8")
            out.append((f"{folder}/{txt.stem}", text, gold))
    return out


def score_documents(
    docs: list[tuple[str, str, list[tuple[int, int, str]]]],
    predict: Callable[[str], Iterable[tuple[int, int, str]]],
) -> tuple[dict[str, dict[str, float]], list[list[object]], list[list[object]]]:
    """Exact-match P/R/F1 over documents, plus flc rows (id, label, start, end) for score.py."""
    gold: set[tuple[object, int, int, str]] = set()
    pred: set[tuple[object, int, int, str]] = set()
    for ident, text, entities in docs:
        gold |= {(ident, a, b, k) for a, b, k in entities}
        for a, b, label in predict(text):
            kind = SCORE_AS.get(label)
            if kind in ("PER", "ORG", "LOC"):
                pred.add((ident, a, b, kind))
    rows_gold = [[str(g[0]).replace("/", "_"), g[3], g[1], g[2]] for g in sorted(gold, key=str)]
    rows_pred = [[str(p[0]).replace("/", "_"), p[3], p[1], p[2]] for p in sorted(pred, key=str)]
    return scoring.prf(gold, pred), rows_gold, rows_pred


def canonical_cases(path: Path = CASES) -> dict[str, Any]:
    """Accuracy of canonical ids on the hand-written alias cases (text, language, name, expected id)."""
    from slant.analyze import build
    from slant.document import Document
    from slant.entities import analyzer  # noqa: F401 - registers the analyzer

    cases = json.loads(path.read_text(encoding="utf-8"))
    pipeline = build(["paragraphs", "language", "sentences", "entities"])
    right, wrong = 0, []
    for case in cases:
        doc = pipeline(Document("case", case["text"], {"declared_language": case["lang"]}))
        found = {doc.span_text(s): s.attrs["canonical"] for s in doc.layer("entity")}
        if found.get(case["name"]) == case["canonical"]:
            right += 1
        else:
            wrong.append({**case, "got": found.get(case["name"])})
    return {"cases": len(cases), "accuracy": round(right / len(cases), 4) if cases else 0.0, "wrong": wrong}


def _write_rows(path: Path, rows: list[list[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join("\t".join(str(c) for c in row) + "\n" for row in rows), encoding="utf-8")
    return path


def evaluate(
    root: Path | None,
    scorer: Path | None,
    out: Path,
    languages: tuple[str, ...] = (),
    report: Callable[[str], None] = print,
    limit: int = LIMIT,
    models: str | None = None,
) -> Result:
    """Score the entity head beside the backends it replaces, on each held-out set (``languages``:
    all when empty); write ``scores.json`` and ``table.txt``."""
    data = require_root(root, "ner")
    wanted = set(languages) or {*training_data.TAGGER_LANGS, "en", "fr", "ru"}
    result = Result()
    head = ner.heads_backend(models)

    def record(key: str, sentences: list[training_data.Sentence], backend: ner.Backend | None) -> None:
        if backend is None or not sentences:
            return
        began = time.perf_counter()
        result.scores[key] = {"sentences": len(sentences), "prf": score_backend(backend, sentences)}
        report(
            f"entities eval: {key} F1={result.scores[key]['prf']['ALL']['f1']:.3f} "
            f"({time.perf_counter() - began:.0f}s)"
        )

    def both(lang: str, name: str, sentences: list[training_data.Sentence], old: dict[str, Any]) -> None:
        for system, backend in old.items():
            record(f"{lang}/{system}/{name}", sentences[:limit], backend)
        record(f"{lang}/encoder/{name}", sentences[:limit], head)

    for lang in sorted(wanted & set(training_data.TAGGER_LANGS)):
        crf = {"tagger": ner.tagger_backend(lang)}
        both(lang, "validation-split", training_data.split(data, lang)[1], crf)
        if lang in ("de", "es", "nl", "pl", "pt"):
            both(lang, "wikiann-dev", list(training_data.wikiann(data, lang, "dev")), crf)
        if lang == "it":
            both(lang, "kind-wikinews-test", list(training_data.kind_wikinews(data, "test")), crf)
        if lang == "uk":
            both(lang, "ner-uk-test", list(training_data.ner_uk(data, "test")), crf)
    if "en" in wanted:
        spacy = {"spacy": ner.spacy_backend("en")}
        both("en", "wikiann-dev", list(training_data.wikiann(data, "en", "dev")), spacy)
        both("en", "uner-ewt-dev", list(training_data.uner(data, "English-EWT", "dev")), spacy)
    if "fr" in wanted:
        both(
            "fr",
            "wikiann-dev",
            list(training_data.wikiann(data, "fr", "dev")),
            {"spacy": ner.spacy_backend("fr")},
        )
    if "ru" in wanted:
        natasha = ner.natasha_backend()
        both("ru", "wikiann-dev", list(training_data.wikiann(data, "ru", "dev")), {"natasha": natasha})
        docs = [d for d in factrueval_documents(data) if d[0].startswith("testset/")]
        if docs:
            _factrueval(result, docs, {"natasha": natasha, "encoder": head}, scorer, out, report)
    try:
        result.scores["canonical"] = canonical_cases()
    except Exception as error:
        report(f"entities eval: canonical cases failed: {error}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "scores.json").write_text(
        json.dumps(result.scores, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "table.txt").write_text(result.table() + "\n", encoding="utf-8")
    return result


def _factrueval(
    result: Result,
    docs: list[tuple[str, str, list[tuple[int, int, str]]]],
    backends: dict[str, ner.Backend | None],
    scorer: Path | None,
    out: Path,
    report: Callable[[str], None],
) -> None:
    """factRuEval-2016 test documents, whole: each backend alone, and the whole ``entities`` analyzer
    with the packaged backends and with the encoder's head (alias table and coreference included)."""
    from slant.analyze import build
    from slant.document import Document
    from slant.entities import analyzer  # noqa: F401 - registers the analyzer

    def by_backend(backend: ner.Backend) -> Callable[[str], list[tuple[int, int, str]]]:
        return lambda text: [(m.start, m.end, m.label) for m in backend(text, [(0, len(text))])]

    def by_analyzer(choice: str) -> Callable[[str], list[tuple[int, int, str]]]:
        pipeline = build(["paragraphs", "language", "sentences", "entities"], entities={"ner": choice})
        return lambda text: [
            (s.start, s.end, s.label or "")
            for s in pipeline(Document("f", text, {"declared_language": "ru"})).layer("entity")
        ]

    predictors = {name: by_backend(b) for name, b in backends.items() if b is not None}
    predictors["analyzer-packaged"] = by_analyzer("packaged")
    if backends.get("encoder") is not None:
        predictors["analyzer-encoder"] = by_analyzer("encoder")
    for name, predict in predictors.items():
        began = time.perf_counter()
        prf, gold_rows, pred_rows = score_documents(docs, predict)
        key = f"ru/{name}/factrueval-2016-test"
        result.scores[key] = {"sentences": len(docs), "prf": prf}
        if scorer is not None and scorer.is_file():
            from slant.scorer import run_scorer

            gold = _write_rows(out / "flc" / f"{name}-gold.tsv", gold_rows)
            pred = _write_rows(out / "flc" / f"{name}-pred.tsv", pred_rows)
            result.scores[key]["flc"] = run_scorer(scorer, "flc", gold, pred)
        report(f"entities eval: {key} F1={prf['ALL']['f1']:.3f} ({time.perf_counter() - began:.0f}s)")
