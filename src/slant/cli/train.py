"""``slant train``: retrain slant's models from labelled data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from slant.cli.common import AnyDataOption, DataOption, app, err_console, fail, out_console, timed_reporter
from slant.errors import SlantError

train_app = typer.Typer(
    help="Retrain slant's models from labelled data (../shared/data or --data).", no_args_is_help=True
)
app.add_typer(train_app, name="train")

TrainTierOption = Annotated[
    str, typer.Option("--tier", help="'fast', or 'accurate' (trains fast too: it builds on it).")
]
ModelsOutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Folder for the model files (default: the ones slant ships, replaced)."),
]

CacheOption = Annotated[
    Path | None,
    typer.Option(
        "--cache", help="Folder for cached encoder states and checkpoints (default: ~/.cache/slant/train)."
    ),
]


def _tiers_to_train(tier: str) -> tuple[str, ...]:
    """The tiers ``--tier`` asks to train: accurate models build on the fast ones, so both."""
    if tier not in ("fast", "accurate"):
        raise typer.BadParameter(f"--tier must be fast or accurate, not {tier!r}")
    return ("fast", "accurate") if tier == "accurate" else ("fast",)


def _require_encoder_for(tiers: tuple[str, ...]) -> None:
    if "accurate" in tiers:
        from slant.claims.analyzer import accurate_available
        from slant.errors import ConfigError

        if not accurate_available():
            raise ConfigError(
                "the accurate claim tier needs the encoder's packages (pip install 'slant[accurate]') "
                "and the entity/claim heads (slant train entities)"
            )


def _print_trained(
    task: str, timings: dict[str, float], tiers: tuple[str, ...], folder: Path, moved: bool
) -> None:
    for step, seconds in timings.items():
        err_console.print(f"  {step}: {seconds:.1f} s")
    out_console.print(f"wrote {', '.join(f'{task}-{t}.npz' for t in tiers)} to {folder}")
    out_console.print(f"score them with: slant eval {task}" + (f" --models {folder}" if moved else ""))


def _bundled_models(package: str) -> Path:
    import importlib

    module = importlib.import_module(f"slant.{package}")
    return Path(next(iter(module.__path__))) / "models"


@train_app.command("techniques")
def train_techniques(
    tier: TrainTierOption = "accurate",
    data: DataOption = None,
    out: ModelsOutOption = None,
    cache: CacheOption = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue the accurate tier's fine-tuning from its last checkpoint."),
    ] = False,
    epochs: Annotated[int, typer.Option("--epochs", min=1, max=50, help="Fine-tuning epochs.")] = 4,
) -> None:
    """Retrain the technique models: the fast tier (~5 minutes on 2 cores), then for ``accurate``
    the encoder's adapter and the token tagger (~40 minutes; needs slant[train] and slant[accurate])."""
    from slant.encoder.runtime import cache_folder
    from slant.techniques import training_data
    from slant.techniques.model import bundled_path
    from slant.techniques.train import train, train_tagger

    tiers = _tiers_to_train(tier)
    try:
        root = training_data.require_root(data)
        if "accurate" in tiers:
            from slant.errors import require

            require("torch", "train")
            require("onnxruntime", "accurate")
    except SlantError as exc:
        raise fail(str(exc)) from None
    folder = out or bundled_path("fast").parent
    work = cache or cache_folder() / "train" / "techniques"
    report = timed_reporter()
    trained = train(root, folder, work, report)
    timings = dict(trained.timings)
    if "accurate" in tiers:
        adapter = (out / "adapter.npz") if out else None
        timings |= train_tagger(root, folder, work, report, epochs=epochs, resume=resume, adapter=adapter)
    for step, seconds in timings.items():
        err_console.print(f"  {step}: {seconds:.1f} s")
    names = ["techniques-fast.npz"] + (
        ["techniques-tagger.npz", "adapter.npz"] if "accurate" in tiers else []
    )
    out_console.print(f"wrote {', '.join(names)}" + (f" to {out}" if out else " (the files slant ships)"))
    out_console.print("score them with: slant eval techniques" + (f" --models {out}" if out else ""))


@train_app.command("entities")
def train_entities(
    data: AnyDataOption = None,
    out: ModelsOutOption = None,
    cache: CacheOption = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue from the last checkpoint.")] = False,
    epochs: Annotated[int, typer.Option("--epochs", min=1, max=20, help="Fine-tuning epochs.")] = 2,
    fallback: Annotated[
        bool,
        typer.Option(
            "--fallback",
            help="Retrain the CRF taggers used when the encoder's packages are not installed instead.",
        ),
    ] = False,
    language: Annotated[
        list[str], typer.Option("--language", help="With --fallback: only these languages' taggers.")
    ] = [],  # noqa: B006
) -> None:
    """Fine-tune the encoder's entity/claim branch (LoRA on layers 6-11, entity and claim heads
    together; ~70 minutes on 2 cores, resumable; needs slant[train] and slant[accurate]). Then run
    ``slant train claims`` to recalibrate the claim head. ``--fallback`` retrains the CRF taggers."""
    from slant.errors import require

    if fallback:
        _train_crf(data, out, language)
        return
    from slant import labelled_data
    from slant.encoder.runtime import cache_folder
    from slant.heads import train as heads_train
    from slant.heads.model import folder as heads_folder

    try:
        root = labelled_data.require_root(data, "ner")
        require("torch", "train")
        require("onnxruntime", "accurate")
        target = out or heads_folder()
        work = cache or cache_folder() / "train" / "heads"
        card = heads_train.train(
            root, work, target, heads_train.Settings(epochs=epochs), resume, timed_reporter()
        )
    except SlantError as exc:
        raise fail(str(exc)) from None
    for row in card.get("history", []):
        out_console.print(
            f"epoch {row['epoch']}: entities F1 {row['entities_f1']}, claims F1 {row['claims_f1_at_0.5']}"
        )
    out_console.print(f"wrote heads.npz and adapter.npz to {target}")
    out_console.print("recalibrate claims with: slant train claims; score with: slant eval entities")


def _train_crf(data: Path | None, out: Path | None, language: list[str]) -> None:
    from slant.entities import training_data as ner_data
    from slant.entities.train import train
    from slant.errors import require

    known = (*ner_data.TAGGER_LANGS, "xx")
    unknown = [name for name in language if name not in known]
    if unknown:
        raise typer.BadParameter(f"no tagger data for {unknown[0]!r}; use: {', '.join(known)}")
    try:
        require("pycrfsuite", "train")
        folder = out or _bundled_models("entities")
        scores = train(data, folder, timed_reporter(), tuple(language) or known)
    except SlantError as exc:
        raise fail(str(exc)) from None
    for lang, figures in scores.items():
        out_console.print(f"{lang}: " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    out_console.print(f"wrote the taggers to {folder}; score them with: slant eval entities")


@train_app.command("quotes")
def train_quotes(
    data: AnyDataOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for cue_table.json (default: the one slant ships, replaced)."),
    ] = None,
) -> None:
    """Relearn the quote cue table and its regression from PolNeAR train (deterministic; ~5 minutes)."""
    from slant.quotes.train import train

    folder = out or _bundled_models("quotes")
    try:
        train(data, folder, timed_reporter())
    except SlantError as exc:
        raise fail(str(exc)) from None
    out_console.print(f"wrote {folder / 'cue_table.json'}; score it with: slant eval quotes")


@train_app.command("claims")
def train_claims(
    tier: TrainTierOption = "accurate",
    data: AnyDataOption = None,
    out: ModelsOutOption = None,
) -> None:
    """Retrain the check-worthiness models on CheckThat! 2024: the fast tier, then for ``accurate`` the
    calibration and thresholds of the claim head that ``slant train entities`` trains (~5 minutes)."""
    from slant import labelled_data
    from slant.claims import dataset
    from slant.claims.model import bundled_path
    from slant.claims.train import train

    tiers = _tiers_to_train(tier)
    folder = out or bundled_path("fast").parent
    try:
        root = labelled_data.require_root(data, dataset.FOLDER)
        _require_encoder_for(tiers)
        timings = train(root, folder, tiers, timed_reporter())
    except SlantError as exc:
        raise fail(str(exc)) from None
    _print_trained("claims", timings, tiers, folder, out is not None)


@train_app.command("framing")
def train_framing(
    data: AnyDataOption = None,
    out: ModelsOutOption = None,
    cache: CacheOption = None,
) -> None:
    """Train the role, narrative, frame and genre models on pooled encoder features of the
    SemEval-2025 Task 10 and SemEval-2023 Task 3 training articles (~15 minutes for the
    features, cached, then a few for the fits; needs slant[accurate] and scikit-learn)."""
    from slant import labelled_data
    from slant.encoder.runtime import cache_folder
    from slant.errors import require
    from slant.framing import train as framing_train
    from slant.framing.roles import folder

    try:
        root = labelled_data.require_root(data, "semeval2025-task10", "semeval2023-task3")
        require("onnxruntime", "accurate")
        target = out or folder()
        cards = framing_train.train(
            root, cache or cache_folder() / "train" / "framing", target, timed_reporter()
        )
    except SlantError as exc:
        raise fail(str(exc)) from None
    roles = cards["roles"]
    out_console.print(
        f"roles: out-of-fold main-role accuracy {roles['out_of_fold']['main_accuracy']:.3f}, "
        f"display threshold {roles['display_threshold']}"
    )
    out_console.print(f"wrote roles.npz and documents.npz to {target}; score with: slant eval roles")
