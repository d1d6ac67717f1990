"""Throughput and peak memory of ``slant analyze`` (the core analyzers, or any pipeline).

Generates corpora of ~700-word articles (JSONL, six languages, sentences of
our own recombined at random), runs ``slant analyze`` on each in a
subprocess with 1 and 2 workers, samples the resident memory of the whole
process tree from /proc, and prints a table. Numbers go in docs/PERFORMANCE.md.

    python benchmarks/ingest_bench.py                       # 1k and 10k articles
    python benchmarks/ingest_bench.py --sizes 1000,10000,100000
    python benchmarks/ingest_bench.py --sizes 200 --pipeline default --tier accurate
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from slant.analyze.pipeline import DEFAULT_PIPELINE

SENTENCES = {
    "en": [
        "The council met again on Tuesday to discuss the collapsed bridge.",
        "Witnesses said the water rose faster than anyone had expected.",
        "According to the ministry, 14 people were taken to hospital.",
        "Opposition leaders called the response slow and badly organised.",
        "Engineers had warned about cracks in the pillars two years ago.",
        "The mayor promised a full and independent inquiry into the disaster.",
        "Local shops stayed closed while the army cleared the roads.",
        "Critics say the contracts were handed out without a proper tender.",
    ],
    "sv": [
        "Kommunfullmäktige samlades på tisdagen för att diskutera bron.",
        "Vittnen säger att vattnet steg snabbare än någon hade väntat sig.",
        "Enligt departementet fördes 14 personer till sjukhus.",
        "Oppositionen kallade insatsen långsam och dåligt organiserad.",
        "Ingenjörer hade varnat för sprickor i pelarna för två år sedan.",
        "Borgmästaren lovade en fullständig och oberoende utredning.",
    ],
    "de": [
        "Der Stadtrat kam am Dienstag erneut zusammen, um über die Brücke zu beraten.",
        "Zeugen sagten, das Wasser sei schneller gestiegen als erwartet.",
        "Nach Angaben des Ministeriums wurden 14 Menschen ins Krankenhaus gebracht.",
        "Die Opposition nannte den Einsatz langsam und schlecht organisiert.",
        "Ingenieure hatten schon vor zwei Jahren vor Rissen in den Pfeilern gewarnt.",
    ],
    "fr": [
        "Le conseil municipal s'est réuni mardi pour parler du pont effondré.",
        "Des témoins affirment que l'eau est montée plus vite que prévu.",
        "Selon le ministère, 14 personnes ont été hospitalisées.",
        "L'opposition a qualifié la réponse de lente et mal organisée.",
        "Des ingénieurs avaient signalé des fissures dans les piliers il y a deux ans.",
    ],
    "ru": [
        "Городской совет во вторник снова собрался, чтобы обсудить обрушившийся мост.",
        "Свидетели говорят, что вода поднималась быстрее, чем кто-либо ожидал.",
        "По данным министерства, 14 человек были доставлены в больницу.",
        "Оппозиция назвала действия властей медленными и плохо организованными.",
        "Инженеры предупреждали о трещинах в опорах ещё два года назад.",
    ],
    "ar": [
        "اجتمع المجلس البلدي يوم الثلاثاء لمناقشة الجسر المنهار.",
        "قال شهود إن المياه ارتفعت بسرعة أكبر مما توقع أي شخص.",
        "وبحسب الوزارة نقل أربعة عشر شخصا إلى المستشفى.",
        "ووصفت المعارضة الاستجابة بأنها بطيئة وسيئة التنظيم.",
    ],
}
WORDS_PER_ARTICLE = 700


def make_corpus(path: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` articles of ~700 words as JSONL."""
    rng = random.Random(seed)
    languages = sorted(SENTENCES)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            language = languages[i % len(languages)]
            pool = SENTENCES[language]
            paragraphs, words = [], 0
            while words < WORDS_PER_ARTICLE:
                paragraph = " ".join(rng.choice(pool) for _ in range(rng.randint(3, 6)))
                paragraphs.append(paragraph)
                words += len(paragraph.split())
            record = {
                "id": f"bench-{i:07}",
                "title": f"Article {i}",
                "text": f"Article {i}\n\n" + "\n\n".join(paragraphs),
                "outlet": rng.choice(["The Northern Ledger", "Free Harbour Press"]),
                "published": f"2026-{1 + i % 12:02}-{1 + i % 28:02}",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _field_kib(path: str, name: str) -> int:
    with open(path) as lines:
        return next((int(line.split()[1]) for line in lines if line.startswith(name)), 0)


def _tree_memory_kib(pid: int) -> tuple[int, int]:
    """(RSS of pid, PSS of pid and all its descendants), in KiB.

    PSS shares each page among the processes mapping it, so the forkserver
    and the workers it forked are not counted twice for the same pages.
    """
    total = own = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            if current == pid:
                own = _field_kib(f"/proc/{current}/status", "VmRSS:")
            pss = _field_kib(f"/proc/{current}/smaps_rollup", "Pss:")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        total += pss
    return own, total


def run(corpus: Path, db: Path, workers: int, config: Path) -> dict[str, float]:
    """Analyse the corpus into a fresh database; return seconds and peak memory."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "slant",
        "analyze",
        str(corpus),
        "--db",
        str(db),
        "--workers",
        str(workers),
        "--config",
        str(config),
        "-q",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = {"main": 0, "tree": 0}

    def sample() -> None:
        while process.poll() is None:
            own, total = _tree_memory_kib(process.pid)
            peak["main"] = max(peak["main"], own)
            peak["tree"] = max(peak["tree"], total)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"slant analyze failed ({process.returncode}):\n{stderr}")
    return {"seconds": seconds, "main_mib": peak["main"] / 1024, "tree_mib": peak["tree"] / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument(
        "--dir", type=Path, default=Path("benchmarks/out"), help="where corpora and databases go"
    )
    parser.add_argument("--keep", action="store_true", help="keep corpora and databases")
    parser.add_argument(
        "--pipeline",
        default="paragraphs,language,sentences",
        help="analyzers to run (the core ones by default; 'default' for slant's whole default pipeline)",
    )
    parser.add_argument(
        "--tier", default="fast", help="technique and claim tier when the pipeline has those analyzers"
    )
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    config = args.dir / "pipeline.json"
    analyzers = list(DEFAULT_PIPELINE) if args.pipeline == "default" else args.pipeline.split(",")
    options = {name: {"tier": args.tier} for name in ("techniques", "claims") if name in analyzers}
    config.write_text(json.dumps({"pipeline": analyzers, "analyzers": options}), encoding="utf-8")
    print(f"pipeline: {' -> '.join(analyzers)}" + (f" (tier: {args.tier})" if options else ""))
    header = [("articles", 9), ("workers", 7), ("seconds", 9), ("docs/s", 8)]
    header += [("main RSS MiB", 12), ("all PSS MiB", 11)]
    print(" ".join(f"{name:>{width}}" for name, width in header))
    for n in (int(s) for s in args.sizes.split(",")):
        corpus = args.dir / f"corpus-{n}.jsonl"
        if not corpus.exists():
            make_corpus(corpus, n)
        for workers in (int(w) for w in args.workers.split(",")):
            result = run(corpus, args.dir / f"bench-{n}-{workers}.db", workers, config)
            rate = n / result["seconds"]
            print(
                f"{n:>9,} {workers:>7} {result['seconds']:>9.1f} {rate:>8.1f} "
                f"{result['main_mib']:>12.0f} {result['tree_mib']:>11.0f}",
                flush=True,
            )
    if not args.keep:
        shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
