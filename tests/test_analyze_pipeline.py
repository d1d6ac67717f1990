"""Building pipelines from config: validated when built, composed by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.analyze import Annotations, Pipeline, PipelineConfig, build, register, registry
from slant.document import Document, Span
from slant.errors import ConfigError


@register("test_shout", requires=("sentence",), assigns=("shout",), default_config={"min_length": 2})
def make_test_shout(min_length: int = 2) -> object:
    def shout(doc: Document) -> Annotations:
        spans = [
            Span("shout", s.start, s.end, label="SHOUT", score=1.0, model="test_shout@1")
            for s in doc.layer("sentence")
            if doc.span_text(s).isupper() and s.end - s.start >= min_length
        ]
        return Annotations(spans=spans, meta={"shouts": len(spans)})

    return shout


def test_a_new_analyzer_plugs_in_by_name_without_touching_the_others() -> None:
    pipeline = build(["paragraphs", "language", "sentences", "test_shout"], test_shout={"min_length": 5})
    doc = pipeline(Document("t", "This is calm. STOP THE BRIDGE NOW! ok."))
    assert [doc.span_text(s) for s in doc.layer("shout")] == ["STOP THE BRIDGE NOW!"]
    assert doc.meta["shouts"] == 1
    assert "test_shout" in registry.names()
    assert pipeline.layers == {"paragraph", "language", "sentence", "shout"}


def test_unknown_analyzer_is_named_with_the_known_ones() -> None:
    with pytest.raises(
        ConfigError, match=r"^no analyzer named 'sentiment'; known analyzers: .*language.*paragraphs"
    ):
        build(["paragraphs", "sentiment"])


def test_an_analyzer_before_what_it_requires_is_refused() -> None:
    with pytest.raises(ConfigError) as error:
        build(["paragraphs", "sentences", "language"])
    assert str(error.value) == (
        "analyzer 'sentences' requires language, which no analyzer before it assigns; "
        "put the analyzer that does earlier in the pipeline"
    )


def test_unknown_option_and_options_for_an_absent_analyzer_are_refused() -> None:
    with pytest.raises(
        ConfigError,
        match=r"^analyzer 'language' has no option 'min_letters'; its options: min_chars, min_score$",
    ):
        build(["paragraphs", "language"], language={"min_letters": 3})
    with pytest.raises(ConfigError, match=r"^options given for 'sentences', which is not in the pipeline$"):
        build(["paragraphs"], sentences={})


def test_config_from_toml_and_json_files(tmp_path: Path) -> None:
    toml = tmp_path / "pipeline.toml"
    toml.write_text('pipeline = ["paragraphs", "language"]\n[analyzers.language]\nmin_chars = 10\n')
    config = PipelineConfig.from_file(toml)
    assert config.analyzers == ("paragraphs", "language")
    assert Pipeline(config).names == ["paragraphs", "language"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"pipeline": "paragraphs"}')
    with pytest.raises(ConfigError, match=r"bad\.json: 'pipeline' must be a list of analyzer names$"):
        PipelineConfig.from_file(bad)
    with pytest.raises(ConfigError, match=r"^cannot read config .*missing\.toml: No such file or directory$"):
        PipelineConfig.from_file(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("pipeline = [")
    with pytest.raises(ConfigError, match=r"^cannot parse config .*broken\.toml: "):
        PipelineConfig.from_file(broken)


def test_relative_file_options_in_a_config_are_read_from_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    config_file = folder / "slant.toml"
    config_file.write_text(
        'pipeline = ["paragraphs", "language", "sentences", "sources", "dates"]\n'
        '[analyzers.sources]\noutlets = "tables/outlets.toml"\n'
        "[analyzers.language]\nmin_chars = 12\n"
    )
    config = PipelineConfig.from_file(config_file)
    assert config.options["sources"]["outlets"] == str(folder / "tables" / "outlets.toml")
    assert config.options["language"]["min_chars"] == 12
    absolute = folder / "elsewhere.toml"
    config_file.write_text(f'[analyzers.sources]\noutlets = "{absolute}"\n')
    assert PipelineConfig.from_file(config_file).options["sources"]["outlets"] == str(absolute)
    # A taxonomy file is read from beside the config; a bundled taxonomy's bare name stays a name.
    config_file.write_text('[analyzers.narratives]\ntaxonomy = "harbour.toml"\n')
    assert PipelineConfig.from_file(config_file).options["narratives"]["taxonomy"] == str(
        folder / "harbour.toml"
    )
    config_file.write_text('[analyzers.narratives]\ntaxonomy = "semeval2025"\n')
    assert PipelineConfig.from_file(config_file).options["narratives"]["taxonomy"] == "semeval2025"


def test_config_round_trips_through_a_dict() -> None:
    config = PipelineConfig(("paragraphs", "language"), {"language": {"min_chars": 5}})
    assert PipelineConfig.from_dict(config.to_dict()) == config
