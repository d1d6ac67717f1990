"""Build the encoder's layers as an ONNX graph from numpy arrays, without torch, and load it.

The graph takes the embedding layer's output (``hidden``: batch x tokens x 384, computed in
numpy from the 4-bit word rows) and a float ``mask`` (1 for real tokens, 0 for padding),
runs the transformer layers (post-LayerNorm BERT, exact GELU) and returns ``states``.
Weights are initialisers, so the file is self-contained; :func:`build` then quantises the
matrix products to int8 with ONNX Runtime's dynamic quantisation, which is what makes the
encoder fast on CPUs (``benchmarks/encoder_runtime_bench.py`` measures the choices).
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from slant.encoder.weights import Config

if TYPE_CHECKING:
    from onnxruntime import InferenceSession

OPSET = 17
#: A padded key's additive attention bias: exp(-1e4) is exactly 0 in float32.
MASKED = -10000.0
#: Transposes of q, k and v into heads (keys come out transposed, ready for q @ k).
PERMS = ([0, 2, 1, 3], [0, 2, 3, 1], [0, 2, 1, 3])


def graph(arrays: dict[str, np.ndarray], config: Config, layers: range, tap: int | None = None) -> Any:
    """The float32 ``onnx.ModelProto`` of ``layers`` (checked, not yet saved); with ``tap``, layer
    ``tap``'s output is a second output, ``lower`` (where a second branch of layers starts)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    inits: list[Any] = []
    heads, hidden = config.heads, config.hidden
    size = hidden // heads

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def linear(x: str, prefix: str) -> str:
        """``x @ W.T + b`` (W stored transposed, as MatMul wants it)."""
        weight = const(f"{prefix}.wt", arrays[f"{prefix}.w"].T.astype(np.float32))
        product = node("MatMul", [x, weight], f"{prefix}.mm")
        return node(
            "Add", [product, const(f"{prefix}.bias", arrays[f"{prefix}.b"].astype(np.float32))], prefix
        )

    def norm(x: str, prefix: str) -> str:
        scale = const(f"{prefix}.gamma", arrays[f"{prefix}.w"].astype(np.float32))
        bias = const(f"{prefix}.beta", arrays[f"{prefix}.b"].astype(np.float32))
        return node("LayerNormalization", [x, scale, bias], prefix, axis=-1, epsilon=config.eps)

    def scalar(name: str, value: float) -> str:
        return const(name, np.array(value, dtype=np.float32))

    split_shape = const("split_shape", np.array([0, 0, heads, size], dtype=np.int64))
    merge_shape = const("merge_shape", np.array([0, 0, hidden], dtype=np.int64))
    # Padded keys: bias (1 - mask) * MASKED, shaped batch x 1 (heads) x 1 (queries) x tokens.
    mask = node("Unsqueeze", ["mask", const("mask_axes", np.array([1, 2], dtype=np.int64))], "mask4")
    inverted = node("Sub", [scalar("one", 1.0), mask], "mask_inv")
    bias = node("Mul", [inverted, scalar("masked", MASKED)], "mask_bias")
    scale, half, unit, root2 = (
        scalar("scale", 1.0 / math.sqrt(size)),
        scalar("half", 0.5),
        scalar("unit", 1.0),
        scalar("root2", math.sqrt(2.0)),
    )

    def heads_of(t: str, perm: list[int]) -> str:
        """batch x tokens x hidden -> batch x heads x tokens x size (``perm`` of keys: size x tokens)."""
        return node("Transpose", [node("Reshape", [t, split_shape], f"{t}.split")], f"{t}.heads", perm=perm)

    x = "hidden"
    for i in layers:
        p = f"l{i}"
        # ORT quantises x once for the three products (a fused q|k|v product measured no faster).
        q, k, v = (heads_of(linear(x, f"{p}.{n}"), perm) for n, perm in zip("qkv", PERMS, strict=True))
        scores = node("Mul", [node("MatMul", [q, k], f"{p}.qk"), scale], f"{p}.scaled")
        probs = node("Softmax", [node("Add", [scores, bias], f"{p}.masked")], f"{p}.probs", axis=-1)
        context = node("Transpose", [node("MatMul", [probs, v], f"{p}.ctx")], f"{p}.ctx.t", perm=[0, 2, 1, 3])
        merged = node("Reshape", [context, merge_shape], f"{p}.ctx.merged")
        x = norm(node("Add", [x, linear(merged, f"{p}.ao")], f"{p}.res1"), f"{p}.aln")
        inner = linear(x, f"{p}.fi")
        erf = node("Erf", [node("Div", [inner, root2], f"{p}.fi.div")], f"{p}.fi.erf")
        halved = node("Mul", [inner, half], f"{p}.fi.half")
        gelu = node("Mul", [halved, node("Add", [erf, unit], f"{p}.fi.one")], f"{p}.gelu")
        x = norm(node("Add", [x, linear(gelu, f"{p}.fo")], f"{p}.res2"), f"{p}.oln")
        if i == tap:
            nodes.append(helper.make_node("Identity", [x], ["lower"], name="lower"))
    nodes.append(helper.make_node("Identity", [x], ["states"], name="states"))
    outputs = ["states", *(["lower"] if tap is not None else [])]
    model = helper.make_model(
        helper.make_graph(
            nodes,
            "slant-encoder",
            [
                helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", hidden]),
                helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"]),
            ],
            [
                helper.make_tensor_value_info(o, TensorProto.FLOAT, ["batch", "tokens", hidden])
                for o in outputs
            ],
            inits,
        ),
        opset_imports=[helper.make_opsetid("", OPSET)],
    )
    model.ir_version = 8  # opset 17's minimum, so older ONNX Runtimes load it too
    onnx.checker.check_model(model)
    return model


def quantise(
    source: Path,
    target: Path,
    *,
    weight_type: str = "QInt8",
    per_channel: bool = True,
    reduce_range: bool = True,
) -> Path:
    """Dynamic int8 quantisation of every MatMul with a constant weight (activations: uint8 per batch).

    The defaults are the measured best on AVX2 without VNNI: signed 8-bit weights use the fast
    u8*s8 kernel, whose 16-bit pair sums saturate unless weights keep 7 bits (``reduce_range``);
    per-channel scales then keep token states at cosine >= 0.96 to float32.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to pre-process the model is for image models
    try:
        quantize_dynamic(
            str(source),
            str(target),
            weight_type=QuantType[weight_type],
            per_channel=per_channel,
            reduce_range=reduce_range,
            op_types_to_quantize=["MatMul"],
        )
    finally:
        root.setLevel(level)
    return target


def build(
    arrays: dict[str, np.ndarray],
    config: Config,
    layers: range,
    path: Path,
    quantize: bool = True,
    tap: int | None = None,
) -> Path:
    """Write the graph of ``layers`` to ``path`` (int8 matrices when ``quantize``), atomically."""
    import onnx

    path.parent.mkdir(parents=True, exist_ok=True)
    model = graph(arrays, config, layers, tap)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as work:
        final = Path(work) / "fp32.onnx"
        onnx.save(model, str(final))
        if quantize:
            final = quantise(final, Path(work) / "int8.onnx")
        os.replace(final, path)
    return path


def session(path: Path, threads: int | None = None) -> InferenceSession:
    """An ONNX Runtime session on the graph: all graph optimisations, one op at a time.

    ``threads`` (else ``$SLANT_THREADS``, else every core) run inside each operator.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Worker processes of a parallel run set OMP_NUM_THREADS=1: one thread each, no oversubscription.
    configured = os.environ.get("SLANT_THREADS") or os.environ.get("OMP_NUM_THREADS") or 0
    options.intra_op_num_threads = threads or int(configured) or (os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
