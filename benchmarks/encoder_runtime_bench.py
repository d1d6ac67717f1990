"""Encoder runtimes side by side: tokens/s of the 12 layers and agreement with float32.

    python benchmarks/encoder_runtime_bench.py                # all runtimes, 1 and 2 threads
    python benchmarks/encoder_runtime_bench.py --windows 64   # fewer windows, quicker

Windows are real sentence windows (our own sentences in six languages, recombined by
ingest_bench's generator), cut and tokenized as the analyzers do, batched by length.
Runtimes: numpy float32 (the reference math), PyTorch float32 (if installed), ONNX
Runtime float32 and int8 (dynamic quantisation, per-channel, reduced range: what slant
runs). "2 processes" runs two single-threaded int8 processes at once, as two workers do.
Prints a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from ingest_bench import make_corpus
from scipy.special import erf

from slant.analyze import build
from slant.document import Document
from slant.encoder import onnx_graph, weights
from slant.encoder.adapters import merge
from slant.encoder.runtime import BATCH_TOKENS, Encoder, adapter_path
from slant.encoder.windows import windows
from slant.model_files import read
from slant.techniques.units import units


def generated_texts(n: int) -> list[str]:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "corpus.jsonl"
        make_corpus(path, n)
        return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


def sample_windows(count: int) -> list[np.ndarray]:
    """Id rows (with <s>/</s>) of ``count`` windows of generated articles."""
    encoder = Encoder()
    segment = build(["paragraphs", "language", "sentences"])
    rows: list[np.ndarray] = []
    for number, text in enumerate(generated_texts(max(4, count // 8))):
        doc = segment(Document(str(number), text, {}))
        sentences = [(u.start, u.end, u.paragraph) for u in units(doc)]
        for w in windows(text, sentences, encoder.tokenizer):
            rows.append(np.concatenate([[encoder.tokenizer.bos], w.ids, [encoder.tokenizer.eos]]))
        if len(rows) >= count:
            break
    return rows[:count]


def numpy_layers(arrays: dict[str, np.ndarray], config: Any) -> Any:
    def ln(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + config.eps) * g + b

    def run(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, tokens, hidden = x.shape
        heads, size = config.heads, hidden // config.heads
        bias = (1 - mask[:, None, None, :]) * -1e4
        for i in range(config.layers):
            a = {n: arrays[f"l{i}.{n}"] for n in ("q.w", "q.b", "k.w", "k.b", "v.w", "v.b")}
            q, k, v = (
                (x @ a[f"{n}.w"].T + a[f"{n}.b"]).reshape(batch, tokens, heads, size).transpose(0, 2, 1, 3)
                for n in "qkv"
            )
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            c = (s @ v).transpose(0, 2, 1, 3).reshape(batch, tokens, hidden)
            x = ln(
                x + c @ arrays[f"l{i}.ao.w"].T + arrays[f"l{i}.ao.b"],
                arrays[f"l{i}.aln.w"],
                arrays[f"l{i}.aln.b"],
            )
            m = x @ arrays[f"l{i}.fi.w"].T + arrays[f"l{i}.fi.b"]
            m = 0.5 * m * (1 + erf(m / np.sqrt(2)))
            x = ln(
                x + m @ arrays[f"l{i}.fo.w"].T + arrays[f"l{i}.fo.b"],
                arrays[f"l{i}.oln.w"],
                arrays[f"l{i}.oln.b"],
            )
        return x

    return run


def batches(
    encoder: Encoder, rows: list[np.ndarray], budget: int = 2048
) -> list[tuple[np.ndarray, np.ndarray]]:
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    out, at = [], 0
    while at < len(order):
        end = at + 1
        while end < len(order) and len(rows[order[end]]) * (end - at + 1) <= budget:
            end += 1
        group = [rows[i] for i in order[at:end]]
        longest = max(len(r) for r in group)
        x = np.zeros((len(group), longest, 384), np.float32)
        mask = np.zeros((len(group), longest), np.float32)
        for j, r in enumerate(group):
            x[j, : len(r)] = encoder.embed(r)
            mask[j, : len(r)] = 1
        out.append((x, mask))
        at = end
    return out


def timed(run: Any, data: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, list[np.ndarray]]:
    run(*data[0])  # warm up
    started = time.perf_counter()
    outputs = [run(x, m) for x, m in data]
    return time.perf_counter() - started, outputs


def _worker(path: str, data: list[tuple[np.ndarray, np.ndarray]], queue: Any) -> None:
    session = onnx_graph.session(Path(path), 1)
    run = lambda x, m: session.run(["states"], {"hidden": x, "mask": m})[0]  # noqa: E731
    seconds, _ = timed(run, data)
    queue.put(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--windows", type=int, default=160)
    parser.add_argument("--batch-tokens", type=int, default=BATCH_TOKENS, help="padded tokens per batch")
    args = parser.parse_args()
    base = weights.load()
    adapter, _ = read(adapter_path(), "encoder adapter", "slant train techniques")
    arrays = merge(base.arrays, adapter)
    encoder = Encoder()
    rows = sample_windows(args.windows)
    data = batches(encoder, rows, args.batch_tokens)
    tokens = sum(int(m.sum()) for _, m in data)
    print(f"{len(rows)} windows, {tokens} tokens, mean {tokens / len(rows):.0f} tokens a window")
    results = []
    reference: list[np.ndarray] | None = None

    with tempfile.TemporaryDirectory() as work:
        fp32 = onnx_graph.build(
            arrays, base.config, range(base.config.layers), Path(work) / "fp32.onnx", False
        )
        started = time.perf_counter()
        int8 = onnx_graph.build(
            arrays, base.config, range(base.config.layers), Path(work) / "int8.onnx", True
        )
        build_seconds = time.perf_counter() - started
        runs: list[tuple[str, int, Any]] = []
        for threads in (1, 2):
            runs.append(("numpy float32", threads, numpy_layers(arrays, base.config)))
        try:
            import torch

            from slant.encoder.torch_model import Layers

            stack = Layers(arrays, range(base.config.layers), base.config.heads, base.config.eps, 0).eval()

            def torch_run(x: np.ndarray, m: np.ndarray) -> np.ndarray:
                with torch.inference_mode():
                    return stack(torch.from_numpy(x), torch.from_numpy(m)).numpy()

            runs += [("torch float32", t, torch_run) for t in (1, 2)]
        except ImportError:
            print("(torch not installed: skipped)")
        for name, path in (("onnxruntime float32", fp32), ("onnxruntime int8", int8)):
            for threads in (1, 2):
                session = onnx_graph.session(path, threads)
                runs.append(
                    (name, threads, lambda x, m, s=session: s.run(["states"], {"hidden": x, "mask": m})[0])
                )
        for name, threads, run in runs:
            if name.startswith("numpy") or name.startswith("torch"):
                _set_threads(threads)
            seconds, outputs = timed(run, data)
            if reference is None:
                reference = outputs
            cosines = np.concatenate(
                [_cosine(a, b, m) for a, b, (_, m) in zip(reference, outputs, data, strict=True)]
            )
            results.append((name, threads, tokens / seconds, cosines))
        ctx = mp.get_context("spawn")
        queue = ctx.Queue()
        procs = [ctx.Process(target=_worker, args=(str(int8), data, queue)) for _ in range(2)]
        started = time.perf_counter()
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        wall = time.perf_counter() - started
        slowest = max(queue.get() for _ in procs)
        results.append(("onnxruntime int8, 2 processes", 1, 2 * tokens / slowest, np.full(1, np.nan)))
        print(
            f"int8 graph built in {build_seconds:.1f} s, {int8.stat().st_size / 1e6:.1f} MB; "
            f"2 processes: {wall:.1f} s wall incl. start"
        )
    print()
    print("| runtime | threads | tokens/s | token cosine to numpy float32: mean / 1st percentile / min |")
    print("|---|---:|---:|---:|")
    for name, threads, speed, cos in results:
        figures = f"{cos.mean():.4f} / {np.percentile(cos, 1):.4f} / {cos.min():.4f}"
        print(f"| {name} | {threads} | {speed:,.0f} | {figures} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process (all runtimes loaded): {peak:.0f} MiB")


def _set_threads(threads: int) -> None:
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(threads)
    except ImportError:
        pass
    try:
        import torch

        torch.set_num_threads(threads)
    except ImportError:
        pass


def _cosine(a: np.ndarray, b: np.ndarray, mask: np.ndarray) -> np.ndarray:
    real = mask > 0
    x, y = a[real], b[real]
    return np.asarray((x * y).sum(-1) / np.linalg.norm(x, axis=-1) / np.linalg.norm(y, axis=-1))


if __name__ == "__main__":
    main()
