"""Query latency: `ask` in extractive mode over the full default corpus, warm (median/p95) and from a
cold start (a fresh process: imports, model load, first answer), with the peak memory of the serving
process.

Each measurement runs in a child process (this script with `--worker`) so the peak RSS reported is the
serving process's own, not this harness's. The index of ../shared/corpus is built into
bench/out/default-index when missing (incremental, embedding cache in bench/out/cache) or reused, and
its reranker sentences prepared, as `infrascope index` does; `--index` points at another one. Each
serving process gets a copy of that cache without any of the timed questions in it, so every question
vector and every question variant is embedded afresh, as for a question never asked before. The same
warm run is repeated with an empty cache (sentences not prepared: each is embedded when a question
first needs it), the baseline the prepared run is compared with. Minutes on 2 cores once the index exists:

    .venv/bin/python bench/query_latency.py --record
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import append_results, describe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

# Every timed question is asked once, in a process with an empty embedding cache: a repeated question
# would be answered from cached vectors and flatter the timing.
COMPANIES = ["NVIDIA", "Microsoft", "Alphabet", "Amazon", "Meta", "AMD", "Intel", "Oracle", "Broadcom", "TSMC"]
TEMPLATES = [
    "What was {c}'s revenue in the most recent quarter?",
    "How much did {c} spend on property and equipment last quarter?",
    "What did {c} say about data center demand?",
    "What gross margin did {c} report?",
    "How much cash and marketable securities did {c} hold at quarter end?",
]
POLICY = ["What is the CHIPS Act incentive for semiconductor manufacturing?",
          "How much power do new AI data centers need?",
          "Which risks to the supply of advanced packaging are mentioned?",
          "What export controls apply to advanced AI chips?"]
QUESTIONS = [t.format(c=c) for c in COMPANIES for t in TEMPLATES] + POLICY
WARMUP = ["What was the total investment in the new campus?", "Who supplies the generation equipment?",
          "What was operating income last year?"]


def _percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def worker(args) -> None:
    """One serving process: load, then answer; prints one JSON line of timings and peak RSS."""
    started = time.perf_counter()
    from infrascope.assistant import Assistant
    from infrascope.config import Settings

    with tempfile.TemporaryDirectory(prefix="infrascope-latency-cache-") as cache:
        copied = time.perf_counter()
        if args.prepared:
            _copy_cache_without_questions(args.cache, Path(cache))
        copied = time.perf_counter() - copied  # the harness's work, not the server's: left out of every time
        started += copied
        settings = Settings(corpus_dir=args.corpus, index_dir=args.index, cache_dir=Path(cache))
        assistant = Assistant.from_settings(settings)
        warm_up_s = sum(assistant.warm_up().values()) if args.app else 0.0  # what app.py does at launch
        loaded = time.perf_counter()
        first = assistant.ask(QUESTIONS[args.first % len(QUESTIONS)], mode="extractive")
        first_done = time.perf_counter()
        out = {"import_and_load_s": loaded - started - warm_up_s, "warm_up_s": warm_up_s,
               "first_answer_s": first_done - loaded,
               "cold_start_s": first_done - started, "first_refused": first.refused, "copy_s": copied,
               "first_timings": first.timings}
        if args.warm:
            for q in WARMUP:  # lazily built tables, allocator, thread pools
                assistant.ask(q, mode="extractive")
            times, refused, stages = [], 0, {}
            for q in QUESTIONS:
                t = time.perf_counter()
                a = assistant.ask(q, mode="extractive")
                times.append(time.perf_counter() - t)
                refused += a.refused
                for stage, sec in a.timings.items():
                    stages.setdefault(stage, []).append(sec)
            out["warm_s"], out["warm_refused"] = times, refused
            out["warm_stage_median_ms"] = {k: round(statistics.median(v) * 1000, 1) for k, v in stages.items()}
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(out))


def _copy_cache_without_questions(source: Path, dest: Path) -> None:
    """The prepared embedding cache, minus any vector of a question this script asks: those must be
    embedded in the timed call."""
    for f in source.glob("embeddings-*.sqlite"):
        shutil.copy2(f, dest / f.name)
        keys = [hashlib.sha1(q.encode("utf-8", "surrogatepass")).hexdigest() for q in QUESTIONS + WARMUP]
        with sqlite3.connect(dest / f.name) as db:
            db.execute(f"DELETE FROM vec WHERE key IN ({','.join('?' * len(keys))})", keys)
    if (source / "sentence-vectors").is_dir():
        shutil.copytree(source / "sentence-vectors", dest / "sentence-vectors")


def _child(args, warm: bool, first: int, app: bool = False, prepared: bool = True) -> dict:
    cmd = [sys.executable, __file__, "--worker", "--first", str(first), "--index", str(args.index),
           "--corpus", str(args.corpus), "--cache", str(args.cache)] + (["--warm"] if warm else []) + \
        (["--app"] if app else []) + (["--prepared"] if prepared else [])
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    data = json.loads(res.stdout.strip().splitlines()[-1])
    data["process_wall_s"] = time.perf_counter() - t - data["copy_s"]  # includes interpreter start-up
    return data


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--index", type=Path, default=OUT / "default-index")
    ap.add_argument("--cache", type=Path, default=OUT / "cache")
    ap.add_argument("--cold", type=int, default=3, help="cold starts measured")
    ap.add_argument("--record", action="store_true", help="append the results to bench/RESULTS.md")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--app", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--prepared", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args)
    print(describe(), flush=True)

    from infrascope.config import Settings
    from infrascope.embedding import make_embedder
    from infrascope.indexer import build_index
    from infrascope.sentence_vectors import prepare_sentence_vectors

    settings = Settings(corpus_dir=args.corpus, index_dir=args.index, cache_dir=args.cache)
    report = build_index(settings)
    print(f"index: {report.total_chunks} chunks ({report.seconds:.0f}s to bring up to date)", flush=True)
    prepared = prepare_sentence_vectors(settings, make_embedder(settings))
    print(f"reranker sentences: {prepared.sentences} ({prepared.embedded} embedded now, "
          f"{prepared.seconds:.0f}s)", flush=True)
    colds = [_child(args, False, first=7 * i + 1) for i in range(args.cold)]
    apps = [_child(args, False, first=7 * i + 1, app=True) for i in range(args.cold)]
    warm = _child(args, True, first=0)
    unprepared = _child(args, True, first=0, prepared=False)
    w, u = warm["warm_s"], unprepared["warm_s"]
    cold = [c["process_wall_s"] for c in colds]
    rows = [
        ("warm `ask`, median", f"{statistics.median(w) * 1000:.0f} ms"),
        ("warm `ask`, p95", f"{_percentile(w, 0.95) * 1000:.0f} ms"),
        ("warm `ask`, max", f"{max(w) * 1000:.0f} ms"),
        ("baseline, same questions, sentences not prepared (empty cache): median / p95",
         f"{statistics.median(u) * 1000:.0f} ms / {_percentile(u, 0.95) * 1000:.0f} ms "
         f"(prepared: {statistics.median(u) / statistics.median(w):.1f}x faster at the median)"),
        (f"cold start to first answer (new process), median of {len(cold)}",
         f"{statistics.median(cold):.1f} s (of which import + load "
         f"{statistics.median(c['import_and_load_s'] for c in colds):.1f} s, first answer "
         f"{statistics.median(c['first_answer_s'] for c in colds) * 1000:.0f} ms)"),
        (f"app start (warm-up at launch, as app.py does), median of {len(apps)}",
         f"warm-up {statistics.median(c['warm_up_s'] for c in apps):.1f} s, then the first answer "
         f"{statistics.median(c['first_answer_s'] for c in apps) * 1000:.0f} ms"),
        ("warm median by stage", ", ".join(f"{k} {v:.0f} ms" for k, v in warm["warm_stage_median_ms"].items()
                                           if k != "total")),
        ("baseline median by stage", ", ".join(f"{k} {v:.0f} ms" for k, v in
                                               unprepared["warm_stage_median_ms"].items() if k != "total")),
        ("peak RSS of the serving process (after the warm runs)", f"{warm['peak_rss_mb']:.0f} MB"),
        ("peak RSS after a cold start and one answer", f"{statistics.median(c['peak_rss_mb'] for c in colds):.0f} MB"),
    ]
    body = (f"Extractive mode, default settings (k=10, hybrid retrieval + rerank); {len(w)} distinct questions, "
            f"each timed once, after {len(WARMUP)} warm-up questions, in a process whose embedding cache holds the "
            f"index's reranker sentences ({prepared.sentences}, prepared after the build as `infrascope index` does) "
            f"and none of the questions (each question and its variants are embedded in the timed call); "
            f"{warm['warm_refused']} of them refused. Baseline: the same run with an empty cache. Cold start: a new "
            f"process per run, wall clock from launch to its first answer. Index of `{args.corpus}` "
            f"({report.total_chunks} chunks).\n\n| measure | value |\n|---|---|\n"
            + "\n".join(f"| {a} | {b} |" for a, b in rows))
    print(body)
    if args.record:
        append_results("Query latency (`ask`, extractive)", body)


if __name__ == "__main__":
    main()
