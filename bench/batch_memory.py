"""`infrascope batch` over 1,000 generated questions: peak and steady memory (RSS sampled every 0.1 s,
the process and its children), killed with SIGKILL partway and resumed; the output JSONL must end with
exactly one valid record per question, no duplicates, no torn lines.

    nice .venv/bin/python bench/batch_memory.py --index /path/to/index --corpus /path/to/corpus --record
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]
COMPANIES = [
    "NVIDIA",
    "AMD",
    "Microsoft",
    "Alphabet",
    "Amazon",
    "Meta",
    "Oracle",
    "Broadcom",
    "Intel",
    "Micron",
    "Super Micro",
    "Arista",
    "Vertiv",
    "Equinix",
    "Digital Realty",
    "CoreWeave",
    "Dell",
    "Marvell",
]
METRICS = [
    "total revenue",
    "data center revenue",
    "capital expenditures",
    "gross margin",
    "operating income",
    "net income",
    "cash and cash equivalents",
    "research and development expense",
    "free cash flow",
    "purchases of property and equipment",
    "inventory",
    "long-term debt",
]
PERIODS = [
    "the most recent quarter",
    "Q1 of fiscal 2025",
    "Q2 of fiscal 2025",
    "Q3 of fiscal 2025",
    "fiscal 2024",
    "the quarter ended June 30, 2025",
]


def make_questions(n: int, extra: list[str]) -> list[dict]:
    """Deterministic: the benchmark's own questions first, then templated ones, all distinct."""
    templated = (f"What was {c}'s {m} in {p}?" for m, p, c in itertools.product(METRICS, PERIODS, COMPANIES))
    questions = list(dict.fromkeys(itertools.chain(extra, templated)))[:n]
    if len(questions) < n:
        raise SystemExit(f"only {len(questions)} distinct questions; lower --questions")
    return [{"id": f"q{i:04d}", "question": q} for i, q in enumerate(questions, start=1)]


def tree_rss(proc) -> int:
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def lines_in(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return sum(1 for _ in fh)
    except FileNotFoundError:
        return 0


def run(cmd: list[str], env: dict, out: Path, kill_at: int | None) -> dict:
    """Run the batch, sampling RSS; SIGKILL it once `kill_at` records are written."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ps = psutil.Process(proc.pid)
    peak, samples, killed = 0, [], False
    while proc.poll() is None:
        rss = tree_rss(ps)
        peak = max(peak, rss)
        n = lines_in(out)
        samples.append((time.perf_counter() - started, n, rss))
        if kill_at is not None and n >= kill_at:
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.1)
    stdout = proc.communicate(timeout=60)[0]
    return {
        "seconds": time.perf_counter() - started,
        "peak": peak,
        "samples": samples,
        "killed": killed,
        "returncode": proc.returncode,
        "stdout": stdout.strip(),
        "records_after": lines_in(out),
    }


def rss_at(samples: list[tuple[float, int, int]], records: int) -> float:
    """RSS (MiB) when the output first reached `records` lines."""
    for _, n, rss in samples:
        if n >= records:
            return rss / 2**20
    return float("nan")


def audit(out: Path, expected: list[str]) -> dict:
    raw = out.read_bytes()
    lines = raw.split(b"\n")
    torn = 0 if raw.endswith(b"\n") else 1
    records, bad = [], 0
    for line in lines:
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except ValueError:
            bad += 1
    ids = [str(r.get("id")) for r in records]
    return {
        "lines": sum(1 for ln in lines if ln.strip()),
        "valid": len(records),
        "unparseable": bad,
        "torn_tail": torn,
        "unique_ids": len(set(ids)),
        "duplicates": len(ids) - len(set(ids)),
        "complete": set(ids) == set(expected),
        "errors": sum(1 for r in records if "error" in r),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--index", type=Path, required=True, help="an index of --corpus (only read)")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--questions", type=int, default=1000)
    ap.add_argument("--kill-at", type=int, default=400, help="SIGKILL the first run after this many records")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args(argv)
    from machine import append_results, describe

    print(describe(), file=sys.stderr)
    article = ROOT / "bench/questions/article.jsonl"
    extra = (
        [json.loads(ln)["question"] for ln in article.read_text().splitlines() if ln.strip()]
        if article.is_file()
        else []
    )
    items = make_questions(args.questions, extra)
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    if args.cache:
        env["INFRASCOPE_CACHE_DIR"] = str(args.cache)
    with tempfile.TemporaryDirectory(prefix="infrascope-batch-") as tmp:
        qfile, out = Path(tmp) / "questions.jsonl", Path(tmp) / "answers.jsonl"
        qfile.write_text("".join(json.dumps(it) + "\n" for it in items))
        cmd = [
            str(Path(sys.executable).parent / "infrascope"),
            "batch",
            str(qfile),
            "--out",
            str(out),
            "--corpus",
            str(args.corpus),
            "--index",
            str(args.index),
        ]
        first = run(cmd, env, out, args.kill_at)
        print(
            f"first run: killed={first['killed']} after {first['records_after']} records, "
            f"peak {first['peak'] / 2**20:.0f} MiB",
            file=sys.stderr,
        )
        second = run(cmd, env, out, None)
        print(
            f"resume: rc={second['returncode']} {second['stdout']}, peak {second['peak'] / 2**20:.0f} MiB",
            file=sys.stderr,
        )
        check = audit(out, [it["id"] for it in items])
        size = out.stat().st_size
    answered_second = check["valid"] - first["records_after"]
    per_q = second["seconds"] / max(1, answered_second)
    s = first["samples"] + [(t, n, r) for t, n, r in second["samples"]]
    marks = sorted({m for m in (50, 200, args.kill_at, 600, 800, args.questions) if m <= args.questions})
    body = (
        f"{args.questions} generated questions (the article benchmark's own, then templated company × metric "
        f"× period), extractive mode, index of `{args.corpus}`. The first run was killed with SIGKILL after "
        f"{first['records_after']} records; the same command then resumed.\n\n"
        f"| | first run (killed) | resumed run |\n|---|---|---|\n"
        f"| wall time | {first['seconds']:.0f} s | {second['seconds']:.0f} s |\n"
        f"| peak RSS (process tree) | {first['peak'] / 2**20:.0f} MiB | {second['peak'] / 2**20:.0f} MiB |\n"
        f"| records written | {first['records_after']} | {answered_second} |\n\n"
        f"- RSS by records written: " + ", ".join(f"{m}: {rss_at(s, m):.0f} MiB" for m in marks) + "\n"
        f"- Resumed run: {per_q:.2f} s per question including start-up; output {size / 2**20:.1f} MiB.\n"
        f"- Output check: {check['valid']} valid records, {check['unique_ids']} unique ids, "
        f"{check['duplicates']} duplicates, {check['unparseable']} unparseable lines, torn tail: "
        f"{bool(check['torn_tail'])}, every question answered: {check['complete']} "
        f"({check['errors']} error records).\n"
    )
    print(body)
    if args.record:
        append_results(f"Batch memory: {args.questions} questions, killed and resumed", body)
    ok = (
        check["valid"] == args.questions
        and check["duplicates"] == 0
        and check["unparseable"] == 0
        and check["complete"]
        and second["returncode"] == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
