"""``slant eval``: score slant's models on validation splits and on its own check sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Protocol

import typer

from slant.cli.common import AnyDataOption, DataOption, app, err_console, fail, out_console, timed_reporter
from slant.errors import SlantError
from slant.terminal import plain

eval_app = typer.Typer(
    help="Score slant's models on validation splits with the shared tasks' scorer.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")

ScorerOption = Annotated[
    Path | None, typer.Option("--scorer", help="score.py (default: eval/score.py beside --data).")
]
AsJsonOption = Annotated[bool, typer.Option("--json", help="Print every score as JSON.")]
CheckSetOption = Annotated[
    Path | None, typer.Option("--gold", help="A check set (JSONL) of your own instead of the bundled one.")
]


class Scored(Protocol):
    """What every research evaluation returns: scores by task and language, and a Markdown table."""

    @property
    def scores(self) -> dict[str, Any]: ...

    def table(self) -> str: ...


class Checked(Scored, Protocol):
    """What a check-set evaluation returns: also a line for each miss."""

    @property
    def errors(self) -> list[str]: ...


EvalTierOption = Annotated[str, typer.Option("--tier", help="'fast' or 'accurate'.")]
ModelsInOption = Annotated[
    Path | None, typer.Option("--models", help="Folder of model files (default: the ones slant ships).")
]
EvalOutOption = Annotated[
    Path, typer.Option("--out", help="Folder for the gold, prediction and baseline files.")
]


def _print_result(result: Scored, as_json: bool, out: Path | None) -> None:
    if as_json:
        out_console.print_json(json.dumps(result.scores, default=str))
    else:
        out_console.print(result.table(), markup=False)
    if out is not None:
        out_console.print(f"files in {out}/")


def _print_check_set(result: Checked, as_json: bool, errors: bool) -> None:
    if as_json:
        out_console.print_json(json.dumps({"scores": result.scores, "errors": result.errors}))
        return
    out_console.print(result.table(), markup=False)
    if errors and result.errors:
        out_console.print()
        for line in result.errors:
            out_console.print(plain(line))
    elif result.errors:
        out_console.print(f"{len(result.errors)} misses; --errors lists them")


@eval_app.command("techniques")
def eval_techniques(
    tier: EvalTierOption = "accurate",
    data: DataOption = None,
    models: ModelsInOption = None,
    scorer: ScorerOption = None,
    out: EvalOutOption = Path("eval-techniques"),
    language: Annotated[
        list[str],
        typer.Option("--language", help="SemEval-2023 folder: en fr ge it po ru (repeatable; default: all)."),
    ] = [],  # noqa: B006
    as_json: AsJsonOption = False,
) -> None:
    """Write validation predictions in the SemEval formats and score them with score.py."""
    from slant.scorer import scorer_path
    from slant.techniques import training_data
    from slant.techniques.evaluate import evaluate, labeller_for

    unknown = [name for name in language if name not in training_data.LANGUAGES]
    if unknown:
        raise typer.BadParameter(
            f"unknown language folder {unknown[0]!r}; use: {', '.join(training_data.LANGUAGES)}"
        )
    try:
        root = training_data.require_root(data)
        path = scorer_path(root, str(scorer) if scorer else None)
        labeller = labeller_for(tier, str(models) if models else None)
    except SlantError as exc:
        raise fail(str(exc)) from None
    languages = tuple(language or training_data.LANGUAGES)
    _print_result(evaluate(labeller, root, path, out, languages, err_console.print), as_json, out)


@eval_app.command("entities")
def eval_entities(
    data: AnyDataOption = None,
    scorer: ScorerOption = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the score files.")] = Path("eval-entities"),
    language: Annotated[
        list[str], typer.Option("--language", help="Only these languages (repeatable; default: all).")
    ] = [],  # noqa: B006
    models: ModelsInOption = None,
    as_json: AsJsonOption = False,
) -> None:
    """Score the encoder's entity head beside spaCy, natasha and the CRF taggers on held-out NER data
    (exact span and type, and score.py flc on factRuEval); ~10 minutes on 2 cores."""
    from slant import labelled_data
    from slant.entities.evaluate import evaluate
    from slant.scorer import scorer_path

    try:
        root = labelled_data.require_root(data, "ner")
        path = scorer_path(root, str(scorer) if scorer else None)
        result = evaluate(
            root, path, out, tuple(language), timed_reporter(), models=str(models) if models else None
        )
    except SlantError as exc:
        raise fail(str(exc)) from None
    _print_result(result, as_json, out)


@eval_app.command("quotes")
def eval_quotes(
    data: AnyDataOption = None,
    split: Annotated[
        str, typer.Option("--split", help="PolNeAR split: dev (never trained on) or train.")
    ] = "dev",
    scorer: ScorerOption = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the si files.")] = Path("eval-quotes"),
    as_json: AsJsonOption = False,
    check_set: Annotated[
        bool,
        typer.Option(
            "--check-set", help="Score slant's hand-written commentary check set (en sv ru de fr ar) instead."
        ),
    ] = False,
    gold: CheckSetOption = None,
    errors: Annotated[bool, typer.Option("--errors", help="With --check-set: list every miss.")] = False,
) -> None:
    """Score quotes and speakers on PolNeAR (content/source exact and overlap F1, speaker accuracy),
    or with ``--check-set`` on slant's own commentary and link-post check set."""
    from slant import labelled_data
    from slant.quotes.evaluate import evaluate
    from slant.quotes.training_data import FOLDER
    from slant.scorer import scorer_path

    if check_set or gold:
        from slant.quotes import check_set as quote_checks

        try:
            checked = quote_checks.evaluate(gold)
        except SlantError as exc:
            raise fail(str(exc)) from None
        _print_check_set(checked, as_json, errors)
        return
    if split not in ("dev", "train"):
        raise typer.BadParameter(f"--split must be dev or train, not {split!r}")
    try:
        root = labelled_data.require_root(data, FOLDER)
        path = scorer_path(root, str(scorer) if scorer else None)
        result = evaluate(root, out, split, timed_reporter(), str(path))
    except SlantError as exc:
        raise fail(str(exc)) from None
    _print_result(result, as_json, out)


@eval_app.command("claims")
def eval_claims(
    tier: EvalTierOption = "accurate",
    data: AnyDataOption = None,
    models: ModelsInOption = None,
    scorer: ScorerOption = None,
    out: EvalOutOption = Path("eval-claims"),
    as_json: AsJsonOption = False,
    check_set: Annotated[
        bool,
        typer.Option(
            "--check-set",
            help="Score slant's written ru/sv/en/de check set (claims and claim types) with the pipeline's "
            "'auto' tier ('--tier fast' for fast) instead.",
        ),
    ] = False,
    gold: CheckSetOption = None,
    errors: Annotated[bool, typer.Option("--errors", help="With --check-set: list every miss.")] = False,
) -> None:
    """Score check-worthiness on CheckThat! 2024 dev and dev-test (en, ar; es unseen) with score.py binary,
    or with ``--check-set`` on slant's own written set."""
    from slant import labelled_data
    from slant.claims import dataset
    from slant.claims.evaluate import evaluate
    from slant.scorer import scorer_path

    if check_set or gold:
        from slant.claims import check_set as claim_checks

        try:
            checked = claim_checks.evaluate(gold, "fast" if tier == "fast" else "auto")
        except SlantError as exc:
            raise fail(str(exc)) from None
        _print_check_set(checked, as_json, errors)
        return

    if tier not in ("fast", "accurate"):
        raise typer.BadParameter(f"--tier must be fast or accurate, not {tier!r}")
    try:
        root = labelled_data.require_root(data, dataset.FOLDER)
        path = scorer_path(root, str(scorer) if scorer else None)
        result = evaluate(root, path, out, tier, timed_reporter(), str(models) if models else None)
    except SlantError as exc:
        raise fail(str(exc)) from None
    _print_result(result, as_json, out)


@eval_app.command("dates")
def eval_dates(
    gold: CheckSetOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every missed or wrong date.")] = False,
) -> None:
    """Score the date rules on slant's hand-labelled check set (not an independent benchmark)."""
    from slant.dates.evaluate import evaluate

    try:
        result = evaluate(gold)
    except SlantError as exc:
        raise fail(str(exc)) from None
    _print_check_set(result, as_json, errors)


@eval_app.command("sources")
def eval_sources(
    gold: CheckSetOption = None,
    outlets: Annotated[
        Path | None, typer.Option("--outlets", help="An outlet file (TOML/JSON) extending the bundled table.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every missed or wrong source.")] = False,
) -> None:
    """Score the cited-source rules on slant's hand-labelled check set (not an independent benchmark)."""
    from slant.sources.evaluate import evaluate

    try:
        result = evaluate(gold, str(outlets) if outlets else None)
    except SlantError as exc:
        raise fail(str(exc)) from None
    _print_check_set(result, as_json, errors)


def _eval_framing(
    task: str,
    data: Path | None,
    models: Path | None,
    scorer: Path | None,
    out: Path,
    as_json: bool,
    taxonomy: str | None = None,
) -> None:
    from slant import labelled_data
    from slant.encoder.runtime import cache_folder
    from slant.framing import taxonomy as taxonomies
    from slant.framing.evaluate import Result, evaluate
    from slant.framing.roles import folder
    from slant.scorer import scorer_path

    try:
        # The taxonomy first: a bad file is refused before the data or any model is touched.
        loaded = None
        if taxonomy is not None:
            shipped = taxonomy == taxonomies.SHIPPED
            loaded = taxonomies.load(taxonomies.shipped_path() if shipped else Path(taxonomy))
        root = labelled_data.require_root(data, "semeval2025-task10", "semeval2023-task3")
        path = scorer_path(root, str(scorer) if scorer else None)
        result = evaluate(
            root,
            cache_folder() / "train" / "framing",
            models or folder(),
            path,
            out,
            timed_reporter(),
            taxonomy=loaded,
        )
    except SlantError as exc:
        raise fail(str(exc)) from None
    _print_result(Result({task: result.scores[task]}), as_json, out)


FRAMING_HELP = {
    "roles": "Entity roles on the SemEval-2025 validation split (gold mentions), with score.py roles.",
    "narratives": "Narratives and sub-narratives (samples F1) on the SemEval-2025 validation split.",
    "frames": "The 14 frames (micro F1 per language) on the SemEval-2023 validation split.",
    "genre": "Genre (opinion, reporting, satire; macro F1 per language), SemEval-2023 validation split.",
}


TaxonomyOption = Annotated[
    str | None,
    typer.Option(
        "--taxonomy",
        help="Also score zero-shot detection with this taxonomy (a TOML file, or 'semeval2025' for the "
        "bundled one) beside the trained model.",
    ),
]


def _framing_command(task: str) -> None:
    if task == "narratives":

        def narratives(
            data: AnyDataOption = None,
            models: ModelsInOption = None,
            scorer: ScorerOption = None,
            out: EvalOutOption = Path("eval-framing"),
            as_json: AsJsonOption = False,
            taxonomy: TaxonomyOption = None,
        ) -> None:
            _eval_framing(task, data, models, scorer, out, as_json, taxonomy)

        narratives.__doc__ = FRAMING_HELP[task]
        eval_app.command(task)(narratives)
        return

    def command(
        data: AnyDataOption = None,
        models: ModelsInOption = None,
        scorer: ScorerOption = None,
        out: EvalOutOption = Path("eval-framing"),
        as_json: AsJsonOption = False,
    ) -> None:
        _eval_framing(task, data, models, scorer, out, as_json)

    command.__doc__ = FRAMING_HELP[task]
    eval_app.command(task)(command)


for _task in FRAMING_HELP:
    _framing_command(_task)
