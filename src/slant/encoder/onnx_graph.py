"""Build the encoder's layers as an ONNX graph from numpy arrays, without torch, and load it.

The graph takes the embedding layer's output (``hidden``: batch x tokens x 384, computed in
numpy from the 4-bit word rows) and a ``mask`` (1 for real tokens), runs the transformer
layers (post-LayerNorm BERT, exact GELU) and returns ``states``. Weights are initialisers,
so the file is self-contained; :func:`build` then quantises the matrix products to int8
with ONNX Runtime's dynamic quantisation, which is what makes the encoder fast on CPUs.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from slant.encoder.weights import Config

OPSET = 17


def _graph(arrays: dict[str, np.ndarray], config: Config, layers: range) -> Any:
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    inits: list[Any] = []
    heads, hidden = config.heads, config.hidden
    size = hidden // heads

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def linear(x: str, prefix: str, out: str) -> str:
        weight = const(f"{prefix}.wt", arrays[f"{prefix}.w"].T.astype(np.float32).copy())
        product = node("MatMul", [x, weight], f"{out}.mm")
        return node("Add", [product, const(f"{prefix}.bias", arrays[f"{prefix}.b"].astype(np.float32))], out)

    def norm(x: str, prefix: str, out: str) -> str:
        scale = const(f"{prefix}.gamma", arrays[f"{prefix}.w"].astype(np.float32))
        bias = const(f"{prefix}.beta", arrays[f"{prefix}.b"].astype(np.float32))
        return node("LayerNormalization", [x, scale, bias], out, axis=-1, epsilon=config.eps)

    split_shape = const("split_shape", np.array([0, 0, heads, size], dtype=np.int64))
    merge_shape = const("merge_shape", np.array([0, 0, hidden], dtype=np.int64))
    # Padded keys get a large negative bias: (1 - mask) * -10000, shaped batch x 1 x 1 x tokens.
    mask = node("Unsqueeze", ["mask", const("mask_axes", np.array([1, 2], dtype=np.int64))], "mask4")
    inverted = node("Sub", [const("one", np.array(1.0, dtype=np.float32)), mask], "mask_inv")
    bias = node("Mul", [inverted, const("neg", np.array(-10000.0, dtype=np.float32))], "mask_bias")
    scale = const("scale", np.array(1.0 / math.sqrt(size), dtype=np.float32))
    half = const("half", np.array(0.5, dtype=np.float32))
    unit = const("unit", np.array(1.0, dtype=np.float32))
    root2 = const("root2", np.array(math.sqrt(2.0), dtype=np.float32))

    x = "hidden"
    for i in layers:
        p = f"l{i}"

        def heads_of(t: str, name: str, perm: list[int], p: str = p) -> str:
            shaped = node("Reshape", [t, split_shape], f"{p}.{name}.split")
            return node("Transpose", [shaped], f"{p}.{name}.t", perm=perm)

        q = heads_of(linear(x, f"{p}.q", f"{p}.q"), "q", [0, 2, 1, 3])
        k = heads_of(linear(x, f"{p}.k", f"{p}.k"), "k", [0, 2, 3, 1])
        v = heads_of(linear(x, f"{p}.v", f"{p}.v"), "v", [0, 2, 1, 3])
        scores = node("Mul", [node("MatMul", [q, k], f"{p}.qk"), scale], f"{p}.scaled")
        probs = node("Softmax", [node("Add", [scores, bias], f"{p}.masked")], f"{p}.probs", axis=-1)
        context = node("Transpose", [node("MatMul", [probs, v], f"{p}.ctx")], f"{p}.ctx.t", perm=[0, 2, 1, 3])
        merged = node("Reshape", [context, merge_shape], f"{p}.ctx.merged")
        attended = node("Add", [x, linear(merged, f"{p}.ao", f"{p}.ao")], f"{p}.res1")
        x = norm(attended, f"{p}.aln", f"{p}.aln")
        inner = linear(x, f"{p}.fi", f"{p}.fi")
        erf = node("Erf", [node("Div", [inner, root2], f"{p}.fi.div")], f"{p}.fi.erf")
        gelu = node(
            "Mul",
            [node("Mul", [inner, half], f"{p}.fi.half"), node("Add", [erf, unit], f"{p}.fi.one")],
            f"{p}.gelu",
        )
        x = norm(node("Add", [x, linear(gelu, f"{p}.fo", f"{p}.fo")], f"{p}.res2"), f"{p}.oln", f"{p}.oln")
    nodes.append(helper.make_node("Identity", [x], ["states"], name="states"))
    graph = helper.make_graph(
        nodes,
        "slant-encoder",
        [
            helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", hidden]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("states", TensorProto.FLOAT, ["batch", "tokens", hidden])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def build(
    arrays: dict[str, np.ndarray], config: Config, layers: range, path: Path, quantize: bool = True
) -> Path:
    """Write the graph of ``layers`` to ``path`` (int8 matrices when ``quantize``), atomically."""
    import onnx

    path.parent.mkdir(parents=True, exist_ok=True)
    model = _graph(arrays, config, layers)
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        plain = Path(work) / "fp32.onnx"
        onnx.save(model, str(plain))
        final = plain
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            final = Path(work) / "int8.onnx"
            # Per-channel scales and 7-bit weights (reduce_range): on AVX2 without VNNI this keeps
            # the int8 products from saturating; token states stay at cosine >= 0.99 to float32.
            quiet = logging.getLogger()
            level = quiet.level
            quiet.setLevel(logging.ERROR)  # its advice to pre-process is for image models
            try:
                quantize_dynamic(
                    str(plain),
                    str(final),
                    weight_type=QuantType.QInt8,
                    per_channel=True,
                    reduce_range=True,
                    op_types_to_quantize=["MatMul"],
                )
            finally:
                quiet.setLevel(level)
        os.replace(final, path)
    return path


def session(path: Path, threads: int | None = None) -> Any:
    """An ONNX Runtime session on the graph: all graph optimisations, one op at a time."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads or int(os.environ.get("SLANT_THREADS", 0)) or (os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
