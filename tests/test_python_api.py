"""The Python API: docs/PYTHON.md's examples run as doctests, and bad input gets clear errors."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import slant
from slant.errors import ConfigError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "PYTHON.md"


def test_the_documented_examples_run() -> None:
    result = doctest.testfile(str(DOCS), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0


@pytest.mark.parametrize(
    ("value", "error"), [(None, TypeError), (b"x", TypeError), ("", ValueError), (3, TypeError)]
)
def test_bad_texts(value: object, error: type[Exception]) -> None:
    nlp = slant.load(pipeline=["paragraphs"])
    with pytest.raises(error):
        nlp(value)  # type: ignore[arg-type]


def test_bad_configs_fail_at_load() -> None:
    with pytest.raises(ConfigError):
        slant.load(pipeline=["sentences"])  # needs paragraphs and language before it
    with pytest.raises(ConfigError):
        slant.load(pipeline=["paragraphs"], tier="fast")
    with pytest.raises(TypeError):
        slant.load(config=42)  # type: ignore[arg-type]


def test_pipe_keeps_order_across_workers() -> None:
    nlp = slant.load(pipeline=["paragraphs", "language"])
    texts = [f"Text number {i} about the harbour and the bridge." for i in range(20)]
    ids = [d.text for d in nlp.pipe(texts, workers=2)]
    assert ids == texts
    with pytest.raises(ValueError):
        list(nlp.pipe(texts, workers=0))


def test_unreachable_store_says_what_the_cli_says(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from slant.cli import app
    from slant.errors import StoreError

    url = "postgresql://reader:secret@127.0.0.1:1/nowhere"  # nothing listens on port 1
    with pytest.raises(StoreError) as raised:
        slant.Store(url)
    message = str(raised.value)
    assert "cannot open database" in message and "secret" not in message and "\n" not in message
    result = CliRunner().invoke(app, ["stats", "--db", url])
    assert result.exit_code != 0 and message in " ".join(result.output.split())


def test_corpus_views_refuse_what_they_do_not_know(tmp_path: Path) -> None:
    store = slant.Store(str(tmp_path / "empty.db"))
    try:
        assert store.corpus("overview")["documents"] == 0
        for view in ("techniques", "actors", "timeline", "quote-clusters", "wording"):
            assert store.corpus(view) == []
        with pytest.raises(ValueError, match="unknown corpus view"):
            store.corpus("sentiment")
        with pytest.raises(ValueError, match="min_score"):
            store.corpus("techniques", min_score=2)
        with pytest.raises(TypeError):
            store.corpus("techniques", colour="red")
        with pytest.raises(ValueError, match="min_score"):
            store.spans(min_score=-1)
    finally:
        store.close()
