"""Encoder runtimes side by side: agreement with the numpy reference math, and tokens/s of the layers.

    python benchmarks/encoder_runtime_bench.py                  # everything, ~4 minutes on 2 cores
    python benchmarks/encoder_runtime_bench.py --windows 64     # quicker
    python benchmarks/encoder_runtime_bench.py --adapter        # slant's weights (committed adapter merged)

Accuracy: 20 sentences of our own in 12 languages, tokenized, ``<s>``/``</s>`` added and
embedded as the engine does, run as one padded batch through the float32 and int8 ONNX
graphs and compared per token (and mean-pooled, as E5 pools) with the numpy reference
(post-LayerNorm BERT in plain numpy, defined below) on each sentence alone; then each
sentence alone through the graphs against its row of the padded batch.

Speed: windows of 30-120 tokens that ``slant.encoder.windows`` cuts from paragraphs of
those sentences, grouped by length into batches of ``--batch-tokens`` padded tokens (what
the runtime does); tokens/s counts real tokens, padding excluded. Runtimes: numpy float32
(batched matmuls), PyTorch float32 (``torch_model.Layers`` without LoRA, if torch is
installed), ONNX Runtime float32 and int8 (12 layers, top 8, top 4), with 1 and 2 threads;
two single-threaded int8 processes at once, as two workers run; the dynamic quantisation
variants. Figures are skewed by anything else running: the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import erf

from slant.encoder import onnx_graph, weights
from slant.encoder.batches import pack, padded
from slant.encoder.runtime import BATCH_TOKENS
from slant.encoder.tokenizer import Tokenizer
from slant.encoder.windows import windows

SENTENCES = [
    "The minister said on Tuesday that the blockade of the port was a crime against humanity.",
    "Critics say the contracts were handed out without a proper tender, and the auditor agrees.",
    "Only a fool would believe that prices will fall after the election, the senator told reporters.",
    "Engineers had warned about cracks in the pillars of the bridge two years before it collapsed.",
    "Le gouvernement a annoncé une hausse de 12 % du budget de la défense pour l'année prochaine.",
    "« C'est une trahison pure et simple », a déclaré le porte-parole de l'opposition jeudi soir.",
    "Die Bundesregierung weist die Vorwürfe zurück und spricht von gezielter Desinformation.",
    "Nach Angaben der Polizei wurden bei den Protesten in Leipzig 14 Menschen leicht verletzt.",
    "El presidente prometió una investigación independiente sobre la gestión de las inundaciones.",
    "Los sindicatos convocaron una huelga general para el próximo lunes en toda la región.",
    "Президент заявил, что «все идет по плану», хотя эксперты предупреждают о рецессии.",
    "По данным министерства, в больницы были доставлены 37 человек, трое в тяжёлом состоянии.",
    "قال المتحدث باسم الحكومة إن الوضع في العاصمة مستقر وإن المفاوضات ستستأنف الأسبوع المقبل.",
    "Regeringen kallade beslutet ett misstag, men oppositionen höll inte med och krävde en utredning.",
    "Premier zapowiedział, że nowe przepisy wejdą w życie jeszcze przed końcem roku.",
    "Bakan, enflasyonun önümüzdeki aylarda kademeli olarak düşeceğini söyledi.",
    "政府发言人表示，新的经济刺激计划将在下个月公布，以支持中小企业。",
    "首相は記者会見で、増税の方針を撤回するつもりはないと述べた。",
    "Міністр наголосив, що переговори неможливі, доки війська не будуть виведені.",
    "Il sindaco ha definito la decisione del tribunale «una vergogna per tutta la città».",
]

Run = Callable[[np.ndarray, np.ndarray], np.ndarray]
Batch = tuple[np.ndarray, np.ndarray]


def numpy_layers(arrays: dict[str, np.ndarray], config: weights.Config, layers: range) -> Run:
    """The reference math (post-LayerNorm BERT, exact GELU), batched, padded keys masked."""

    def ln(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return np.asarray((x - m) / np.sqrt(v + config.eps) * g + b)

    def run(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, tokens, hidden = x.shape
        heads, size = config.heads, hidden // config.heads
        bias = (1 - mask[:, None, None, :]) * np.float32(-1e4)
        for i in layers:
            a = {n: arrays[f"l{i}.{n}"] for n in weights.LAYER_ARRAYS}
            q, k, v = (
                (x @ a[f"{n}.w"].T + a[f"{n}.b"]).reshape(batch, tokens, heads, size).transpose(0, 2, 1, 3)
                for n in "qkv"
            )
            s = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            c = (s @ v).transpose(0, 2, 1, 3).reshape(batch, tokens, hidden)
            x = ln(x + c @ a["ao.w"].T + a["ao.b"], a["aln.w"], a["aln.b"])
            m = x @ a["fi.w"].T + a["fi.b"]
            m = 0.5 * m * (1 + erf(m / np.float32(np.sqrt(2))))
            x = ln(x + m @ a["fo.w"].T + a["fo.b"], a["oln.w"], a["oln.b"])
        return x

    return run


def torch_layers(arrays: dict[str, np.ndarray], config: weights.Config) -> Run | None:
    """The same layers in PyTorch float32 (the training module without LoRA), or None without torch."""
    try:
        import torch

        from slant.encoder.torch_model import Layers
    except ImportError:
        return None
    stack = Layers(arrays, range(config.layers), config.heads, config.eps, 0).eval()

    def run(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return np.asarray(stack(torch.from_numpy(x), torch.from_numpy(mask)).numpy())

    return run


def ort_run(path: Path, threads: int) -> Run:
    session = onnx_graph.session(path, threads)
    return lambda x, mask: np.asarray(session.run(["states"], {"hidden": x, "mask": mask})[0])


def batches(rows: list[np.ndarray], budget: int) -> list[Batch]:
    """Rows sorted by length, cut into batches of at most ``budget`` padded tokens (as the runtime does)."""
    lengths = [len(r) for r in rows]
    order = sorted(range(len(rows)), key=lengths.__getitem__)
    return [padded([rows[i] for i in group]) for group in pack(order, lengths, budget)]


def speed_windows(tokenizer: Tokenizer, count: int, seed: int = 7) -> list[np.ndarray]:
    """Id rows (with ``<s>``/``</s>``) of ``count`` windows of 30-120 tokens over paragraphs of SENTENCES."""
    pick = random.Random(seed)
    rows: list[np.ndarray] = []
    while len(rows) < count:
        text, spans = "", []
        for paragraph in range(8):
            for sentence in pick.sample(SENTENCES, pick.randint(1, 5)):
                spans.append((len(text), len(text) + len(sentence), paragraph))
                text += sentence + " "
            text += "\n\n"
        for w in windows(text, spans, tokenizer):
            if 30 <= len(w) + 2 <= 120:
                rows.append(np.concatenate([[tokenizer.bos], w.ids, [tokenizer.eos]]))
    return rows[:count]


def timed(run: Run, data: list[Batch], min_seconds: float) -> tuple[float, list[np.ndarray]]:
    """Seconds per pass over ``data`` (passes repeated for at least ``min_seconds``) and the outputs."""
    run(*max(data, key=lambda b: b[0].shape[0] * b[0].shape[1]))  # warm up on the largest batch
    started = time.perf_counter()
    outputs = [run(x, m) for x, m in data]
    passes = 1
    while time.perf_counter() - started < min_seconds:
        for x, m in data:
            run(x, m)
        passes += 1
    return (time.perf_counter() - started) / passes, outputs


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cosine of two ``(..., hidden)`` arrays, flattened."""
    a, b = a.reshape(-1, a.shape[-1]).astype(np.float64), b.reshape(-1, b.shape[-1]).astype(np.float64)
    return np.asarray((a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1))


def real_cosines(ref: list[np.ndarray], got: list[np.ndarray], data: list[Batch]) -> np.ndarray:
    return np.concatenate([cosines(a[m > 0], b[m > 0]) for a, b, (_, m) in zip(ref, got, data, strict=True)])


def figures(cos: np.ndarray) -> str:
    return f"{cos.mean():.4f} / {np.percentile(cos, 1):.4f} / {cos.min():.4f}"


def _worker(path: str, data: list[Batch], barrier: Any, queue: Any, min_seconds: float) -> None:
    run = ort_run(Path(path), 1)
    run(*data[-1])
    barrier.wait()
    queue.put(timed(run, data, min_seconds)[0])


PEAK_RSS = """
import json, pathlib, sys
import numpy as np, onnxruntime
def peak():  # VmHWM: this process's peak resident set (ru_maxrss would include the parent's, from fork)
    line = next(x for x in open("/proc/self/status") if x.startswith("VmHWM"))
    return int(line.split()[1]) / 1024
before = peak()
sys.path.insert(0, sys.argv[2])
from slant.encoder import onnx_graph
session = onnx_graph.session(pathlib.Path(sys.argv[1]), 1)
loaded = peak()
x = np.random.default_rng(0).standard_normal((16, 128, 384)).astype(np.float32)
session.run(["states"], {"hidden": x, "mask": np.ones((16, 128), np.float32)})
print(json.dumps([before, loaded, peak()]))
"""


def peak_rss(path: Path) -> list[float]:
    """Peak MiB of a fresh process: numpy + onnxruntime imported; + the session; + one 16 x 128 batch."""
    source = str(Path(onnx_graph.__file__).parents[2])
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(path), source], capture_output=True, text=True, check=True
    )
    return [float(v) for v in json.loads(done.stdout)]


class Busy:
    """Share of the machine's CPU time that other processes used between start and :meth:`share`."""

    def __init__(self) -> None:
        self.start = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        try:
            with open("/proc/stat") as stat:
                fields = [float(v) for v in stat.readline().split()[1:]]
        except OSError:
            return (0.0, 0.0)
        tick = os.sysconf("SC_CLK_TCK")
        busy = (sum(fields) - fields[3] - fields[4]) / tick  # all but idle and iowait
        own = sum(getattr(os.times(), n) for n in ("user", "system", "children_user", "children_system"))
        return busy - own, time.monotonic()

    def share(self) -> float:
        (others, at), (others0, at0) = self._now(), self.start
        return max(0.0, others - others0) / max(1e-9, (at - at0) * (os.cpu_count() or 1))


def accuracy(
    base: weights.Weights, arrays: dict[str, np.ndarray], rows: list[np.ndarray], files: dict[str, Path]
) -> None:
    """Per-token and pooled agreement of the graphs with the numpy reference; padded vs alone."""
    config = base.config
    reference = numpy_layers(arrays, config, range(config.layers))
    embedded = [base.embed(r) for r in rows]
    want = [reference(e[None], np.ones((1, len(e)), np.float32))[0] for e in embedded]
    x, mask = padded(embedded)
    lengths = [len(r) for r in rows]
    print(f"\n## Accuracy: {len(rows)} sentences, {min(lengths)}-{max(lengths)} tokens, one padded batch")
    print("| graph | token cosine: mean / min | pooled cosine: min | alone vs padded: max abs / min cos |")
    print("|---|---:|---:|---:|")
    for name, path in files.items():
        session = ort_run(path, 1)
        together = session(x, mask)
        got = [together[j, :n] for j, n in enumerate(lengths)]
        token = np.concatenate([cosines(g, w) for g, w in zip(got, want, strict=True)])
        pooled = cosines(np.stack([g.mean(0) for g in got]), np.stack([w.mean(0) for w in want]))
        alone = [session(e[None], np.ones((1, len(e)), np.float32))[0] for e in embedded]
        drift = max(float(np.abs(a - g).max()) for a, g in zip(alone, got, strict=True))
        apart = np.concatenate([cosines(a, g) for a, g in zip(alone, got, strict=True)])
        repeat = np.array_equal(together, session(x, mask))
        print(
            f"| {name} | {token.mean():.5f} / {token.min():.5f} | {pooled.min():.5f} "
            f"| {drift:.1e} / {apart.min():.5f}{'' if repeat else ' (reruns differ!)'} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--windows", type=int, default=160, help="windows timed (default 160)")
    parser.add_argument("--batch-tokens", type=int, default=BATCH_TOKENS, help="padded tokens per batch")
    parser.add_argument("--min-seconds", type=float, default=3.0, help="least time spent per runtime")
    parser.add_argument(
        "--adapter", action="store_true", help="merge the committed adapter (slant's weights)"
    )
    parser.add_argument("--no-variants", action="store_true", help="skip the quantisation variants")
    args = parser.parse_args()
    busy = Busy()
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    base = weights.load()
    config, arrays = base.config, base.arrays
    if args.adapter:
        from slant.encoder.adapters import merge
        from slant.encoder.runtime import adapter_path
        from slant.model_files import read

        arrays = merge(arrays, read(adapter_path(), "encoder adapter", "slant train techniques")[0])
    tokenizer = Tokenizer(base.vocabulary)
    every = range(config.layers)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        fp32 = onnx_graph.build(arrays, config, every, work / "fp32.onnx", quantize=False)
        fp32_seconds = time.perf_counter() - started
        started = time.perf_counter()
        int8 = onnx_graph.build(arrays, config, every, work / "int8.onnx")
        int8_seconds = time.perf_counter() - started
        top8 = onnx_graph.build(arrays, config, range(config.layers - 8, config.layers), work / "top8.onnx")
        top4 = onnx_graph.build(arrays, config, range(config.layers - 4, config.layers), work / "top4.onnx")
        print(
            f"build: float32 {fp32_seconds:.1f} s, {fp32.stat().st_size / 1e6:.1f} MB; "
            f"int8 {int8_seconds:.1f} s, {int8.stat().st_size / 1e6:.1f} MB"
        )
        before, loaded, ran = peak_rss(int8)
        print(
            f"peak RSS of a process holding the int8 session: {ran:.0f} MiB after a 16 x 128 batch "
            f"({before:.0f} MiB with numpy + onnxruntime imported, {loaded:.0f} MiB with the session loaded)"
        )

        rows = [np.concatenate([[tokenizer.bos], tokenizer(s).ids, [tokenizer.eos]]) for s in SENTENCES]
        accuracy(base, arrays, rows, {"onnxruntime float32": fp32, "onnxruntime int8": int8})

        speed_rows = speed_windows(tokenizer, args.windows)
        embedded = [base.embed(r) for r in speed_rows]
        data = batches(embedded, args.batch_tokens)
        tokens = sum(int(m.sum()) for _, m in data)
        slots = sum(m.size for _, m in data)
        print(
            f"\n## Speed: {len(speed_rows)} windows, {tokens} tokens (mean {tokens / len(speed_rows):.0f}, "
            f"{min(map(len, speed_rows))}-{max(map(len, speed_rows))}), {len(data)} batches of <= "
            f"{args.batch_tokens} padded tokens ({100 * (slots - tokens) / slots:.0f}% padding)"
        )
        runs: list[tuple[str, Callable[[int], Run | None], bool]] = [
            ("numpy float32", lambda t: numpy_layers(arrays, config, every), True),
            ("torch float32", lambda t: torch_layers(arrays, config), True),
            ("onnxruntime float32", lambda t: ort_run(fp32, t), True),
            ("onnxruntime int8", lambda t: ort_run(int8, t), True),
            ("onnxruntime int8, top 8 layers", lambda t: ort_run(top8, t), False),
            ("onnxruntime int8, top 4 layers", lambda t: ort_run(top4, t), False),
        ]
        results: list[tuple[str, int, float, str]] = []
        reference: list[np.ndarray] | None = None
        for name, make, compare in runs:
            for threads in (1, 2):
                run = make(threads)
                if run is None:
                    print(f"({name}: not installed, skipped)")
                    break
                with _threads(threads):
                    seconds, outputs = timed(run, data, args.min_seconds)
                reference = reference or outputs
                cos = figures(real_cosines(reference, outputs, data)) if compare else "-"
                results.append((name, threads, tokens / seconds, cos))
        ctx = mp.get_context("spawn")
        barrier, queue = ctx.Barrier(2), ctx.Queue()
        procs = [
            ctx.Process(target=_worker, args=(str(int8), data, barrier, queue, args.min_seconds))
            for _ in range(2)
        ]
        for p in procs:
            p.start()
        slowest = max(queue.get() for _ in procs)
        for p in procs:
            p.join()
        results.append(("onnxruntime int8, 2 processes at once (total)", 1, 2 * tokens / slowest, "-"))
        print("| runtime | threads | tokens/s | token cosine to numpy: mean / 1st pct / min |")
        print("|---|---:|---:|---:|")
        for name, threads, speed, cos in results:
            print(f"| {name} | {threads} | {speed:,.0f} | {cos} |")

        print("\n| onnxruntime int8, 1 thread: padded tokens per batch | batches | padding | tokens/s |")
        print("|---:|---:|---:|---:|")
        for budget in (128, 512, 1024, 2048):
            sized = batches(embedded, budget)
            pads = 1 - tokens / sum(m.size for _, m in sized)
            seconds, _ = timed(ort_run(int8, 1), sized, args.min_seconds)
            print(f"| {budget} | {len(sized)} | {100 * pads:.0f}% | {tokens / seconds:,.0f} |")

        if not args.no_variants:
            variants(fp32, work, data, tokens, reference or [], args.min_seconds)
    print(
        f"\nload average at end: {os.getloadavg()[0]:.2f}; other processes used {100 * busy.share():.0f}% "
        "of the CPU time meanwhile (figures above are skewed when that is not near 0)"
    )


def variants(
    fp32: Path, work: Path, data: list[Batch], tokens: int, reference: list[np.ndarray], min_seconds: float
) -> None:
    """Dynamic quantisation choices: build time, size, agreement with numpy float32, speed."""
    print("\n## Dynamic quantisation variants (12 layers; the first row is build()'s)")
    print("| weights | per channel | reduce range | build s | MB | token cos: mean / 1st pct / min |", end="")
    print(" tokens/s, 1 thread | 2 threads |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for weight_type, per_channel, reduce_range in [
        ("QInt8", True, True),
        ("QInt8", True, False),
        ("QInt8", False, True),
        ("QInt8", False, False),
        ("QUInt8", True, True),
        ("QUInt8", True, False),
        ("QUInt8", False, False),
    ]:
        path = work / f"{weight_type}-{per_channel}-{reduce_range}.onnx"
        started = time.perf_counter()
        onnx_graph.quantise(
            fp32, path, weight_type=weight_type, per_channel=per_channel, reduce_range=reduce_range
        )
        built = time.perf_counter() - started
        speeds, cos = [], ""
        for threads in (1, 2):
            seconds, outputs = timed(ort_run(path, threads), data, min_seconds)
            speeds.append(f"{tokens / seconds:,.0f}")
            cos = cos or figures(real_cosines(reference, outputs, data))
        print(
            f"| {weight_type} | {per_channel} | {reduce_range} | {built:.1f} "
            f"| {path.stat().st_size / 1e6:.1f} | {cos} | {speeds[0]} | {speeds[1]} |"
        )


class _threads:
    """numpy's BLAS and torch limited to ``threads`` inside the block (ONNX Runtime has its own pool)."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.limits: Any = None

    def __enter__(self) -> None:
        try:
            from threadpoolctl import threadpool_limits

            self.limits = threadpool_limits(self.threads)
        except ImportError:
            pass
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(self.threads)

    def __exit__(self, *exc: object) -> None:
        if self.limits is not None:
            self.limits.restore_original_limits()


if __name__ == "__main__":
    main()
