"""The demo corpus as scripts/demo.sh analyses it, for the tests that need it analysed."""

from __future__ import annotations

from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "demo"


def analyze_args(db: str, *extra: str, tier: str = "fast") -> list[str]:
    """``slant analyze`` arguments for the demo corpus with its config and metadata (fast tier
    unless told)."""
    return [
        "analyze",
        str(DEMO / "articles"),
        "--db",
        db,
        "--config",
        str(DEMO / "slant.toml"),
        "--metadata",
        str(DEMO / "metadata.csv"),
        "--tier",
        tier,
        *extra,
    ]
