"""Load test (loopback only, bounded in time): concurrent clients ask through the Python API (threads
sharing one Assistant, as the app does) and through the Gradio app's HTTP API (`api_name="ask"`),
each phase for --seconds while an incremental rebuild runs (a file of a temporary corpus copy is
changed, then `Assistant.index()`). Reports throughput, p50/p95 latency and failed requests (must be
0), and checks that every answer came from a published generation and cites only chunks that exist in
it (a consistent index, never a half-built one).

    nice .venv/bin/python bench/load.py --seconds 60 --record      # the benchmark (default corpus)
    tests/test_load_short.py runs `run_load` for a few seconds on the test corpus.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
GENERIC_QUESTIONS = [
    "How much did Helion spend on capex in Q2 of fiscal 2025?",
    "How much dark fiber did Borealis Fiber light up in 2024?",
    "What is the total grant pot under the Quartz Chip Incentive Act?",
    "How much additional power will Orbital Grid bring online in Ohio, and by when?",
    "What gross margin did HLCN report for its fiscal Q2 2025?",
    "Who runs Borealis Fiber?",
    "What was Apple's iPhone revenue in 2023?",  # unanswerable: a refusal is an answer too
]
NEW_FACT = "\n\nLoad-test addendum {n}: the Tern-{n} campus adds {mw} megawatts of capacity in 2027.\n"


@dataclass
class Result:
    client: str
    started: float
    seconds: float
    ok: bool
    generation: str | None = None
    sources: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Rebuild:
    started: float = 0.0
    seconds: float = 0.0
    generation: str | None = None
    error: str | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_client(name: str, assistant, questions, stop_at: float, out: list[Result]) -> None:
    for q in questions:
        if time.perf_counter() >= stop_at:
            return
        t = time.perf_counter()
        try:
            a = assistant.ask(q)
            out.append(
                Result(
                    name,
                    t,
                    time.perf_counter() - t,
                    True,
                    a.index_generation,
                    [h.chunk_id for h in a.sources],
                )
            )
        except Exception as exc:  # noqa: BLE001 - a failed request is what we count
            out.append(Result(name, t, time.perf_counter() - t, False, error=f"{type(exc).__name__}: {exc}"))


def ask_http(client, base: str, question: str) -> dict:
    """One call of the app's `ask` endpoint through Gradio's REST protocol (POST, then read the events)."""
    r = client.post(f"{base}/gradio_api/call/ask", json={"data": [question, None, "extractive"]})
    r.raise_for_status()
    event_id = r.json()["event_id"]
    event = None
    with client.stream("GET", f"{base}/gradio_api/call/ask/{event_id}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                data = line[5:].strip()
                if event == "error":
                    raise RuntimeError(f"app error: {data[:300]}")
                return json.loads(data)[0]
    raise RuntimeError(f"no answer event (last event {event!r})")


def http_client(name: str, base: str, questions, stop_at: float, out: list[Result]) -> None:
    import httpx

    with httpx.Client(timeout=httpx.Timeout(120.0)) as client:
        for q in questions:
            if time.perf_counter() >= stop_at:
                return
            t = time.perf_counter()
            try:
                a = ask_http(client, base, q)
                out.append(
                    Result(
                        name,
                        t,
                        time.perf_counter() - t,
                        True,
                        a["index_generation"],
                        [s["chunk_id"] for s in a["sources"]],
                    )
                )
            except Exception as exc:  # noqa: BLE001
                out.append(
                    Result(name, t, time.perf_counter() - t, False, error=f"{type(exc).__name__}: {exc}")
                )


def change_a_file(corpus: Path, indexed: list[str], n: int) -> Path:
    target = corpus / sorted(rel for rel in indexed if rel.endswith((".txt", ".md")))[0]
    with target.open("a", encoding="utf-8") as fh:
        fh.write(NEW_FACT.format(n=n, mw=300 + n))
    return target


def rebuild_during(assistant, corpus: Path, n: int, delay: float, rebuild: Rebuild) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        change_a_file(corpus, list(assistant.reader.current().files), n)
        rebuild.started = time.perf_counter()
        try:
            rebuild.generation = assistant.index(progress=False).generation
        except Exception as exc:  # noqa: BLE001
            rebuild.error = f"{type(exc).__name__}: {exc}"
        rebuild.seconds = time.perf_counter() - rebuild.started

    t = threading.Thread(target=run, name="rebuild", daemon=True)
    t.start()
    return t


def chunk_ids(index_dir: Path, generation: str) -> set[str]:
    db = sqlite3.connect(f"file:{index_dir / 'gen' / generation / 'chunks.sqlite'}?mode=ro", uri=True)
    try:
        return {r[0] for r in db.execute("SELECT chunk_id FROM chunks")}
    finally:
        db.close()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def run_phase(
    mode: str, assistant, base: str | None, questions: list[str], clients: int, seconds: float, n: int
) -> dict:
    out: list[Result] = []
    rebuild = Rebuild()
    before = assistant.reader.layout.current_name()
    started = time.perf_counter()
    stop_at = started + seconds
    cycle = itertools.cycle(questions)
    lock = threading.Lock()

    def next_questions():
        while True:
            with lock:
                q = next(cycle)
            yield q

    rebuilder = rebuild_during(assistant, assistant.settings.corpus_dir, n, seconds * 0.2, rebuild)
    threads = []
    for i in range(clients):
        target, args = (
            (api_client, (f"{mode}-{i}", assistant, next_questions(), stop_at, out))
            if mode == "api"
            else (http_client, (f"{mode}-{i}", base, next_questions(), stop_at, out))
        )
        threads.append(threading.Thread(target=target, args=args, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 300)
    rebuilder.join(600)
    wall = time.perf_counter() - started
    lat = [r.seconds for r in out if r.ok]
    return {
        "mode": mode,
        "clients": clients,
        "seconds": wall,
        "requests": len(out),
        "failed": sum(not r.ok for r in out),
        "errors": sorted({r.error for r in out if r.error})[:5],
        "throughput": len(lat) / wall if wall else 0.0,
        "p50": percentile(lat, 50),
        "p95": percentile(lat, 95),
        "max": max(lat, default=float("nan")),
        "mean": statistics.fmean(lat) if lat else float("nan"),
        "before": before,
        "rebuild": rebuild,
        "results": out,
        "during_rebuild": sum(
            1
            for r in out
            if rebuild.started
            and r.started < rebuild.started + rebuild.seconds
            and r.started + r.seconds > rebuild.started
        ),
    }  # in flight while it ran


def run_load(
    settings,
    *,
    seconds: float = 60,
    clients: int = 8,
    modes=("api", "http"),
    assistant=None,
    questions: list[str] | None = None,
    log=print,
) -> dict:
    """Runs each phase on the index in `settings` (it is changed: use a copy). Returns the summary."""
    from infrascope.assistant import Assistant

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    assistant = assistant or Assistant.from_settings(settings)
    questions = questions or GENERIC_QUESTIONS
    published = {assistant.reader.layout.current_name()}
    # each generation's chunk ids, read when it is published (GC keeps only the current and previous one)
    ids = {g: chunk_ids(settings.index_dir, g) for g in published}
    assistant.ask(questions[0])  # warm: model, index opened
    demo = base = None
    if "http" in modes:
        from infrascope import ui

        port = free_port()
        demo = ui.launch(assistant, host="127.0.0.1", port=port, block=False)
        base = f"http://127.0.0.1:{port}"
    phases = []
    try:
        for n, mode in enumerate(modes, start=1):
            log(f"phase {mode}: {clients} clients for {seconds:g} s, one incremental rebuild during it")
            phase = run_phase(mode, assistant, base, questions, clients, seconds, n)
            if phase["rebuild"].generation:
                published.add(phase["rebuild"].generation)
                ids[phase["rebuild"].generation] = chunk_ids(settings.index_dir, phase["rebuild"].generation)
            phases.append(phase)
            log(
                f"  {phase['requests']} requests, {phase['throughput']:.2f}/s, p50 {phase['p50']:.2f} s, "
                f"p95 {phase['p95']:.2f} s, failed {phase['failed']}, "
                f"rebuild {phase['rebuild'].seconds:.1f} s "
                f"({phase['during_rebuild']} requests in flight while it ran)"
            )
    finally:
        if demo is not None:
            demo.close()
    # consistency: each answer from a published generation, citing only chunks that exist in it
    inconsistent = [
        r
        for p in phases
        for r in p["results"]
        if r.ok and (r.generation not in ids or not set(r.sources) <= ids[r.generation])
    ]
    return {
        "phases": phases,
        "published": sorted(published),
        "inconsistent": len(inconsistent),
        "generations_seen": sorted({r.generation for p in phases for r in p["results"] if r.ok}),
    }


def prepare(corpus: Path, work: Path, cache: Path | None, index_from: Path | None):
    """A private copy of the corpus and of its index (the rebuild changes both)."""
    from infrascope.config import Settings
    from infrascope.indexer import build_index

    shutil.copytree(corpus, work / "corpus")
    s = Settings(
        corpus_dir=work / "corpus", index_dir=work / "index", **({"cache_dir": cache} if cache else {})
    )
    if index_from is not None:
        name = (index_from / "CURRENT").read_text().strip()
        shutil.copytree(index_from / "gen" / name, s.index_dir / "gen" / name)
        (s.index_dir / "CURRENT").write_text(name + "\n")
    report = build_index(s, progress=True)  # a no-op when the copied index is current
    print(
        f"index ready: {report.total_chunks} chunks, {len(report.unchanged) + len(report.added)} files, "
        f"built/updated in {report.seconds:.0f} s",
        file=sys.stderr,
    )
    return s


def table(summary: dict) -> str:
    rows = [
        "| path | clients | requests | throughput (req/s) | p50 (s) | p95 (s) | max (s) | failed | "
        "rebuild (s) | requests in flight during the rebuild |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in summary["phases"]:
        label = (
            "Python API (threads, one Assistant)"
            if p["mode"] == "api"
            else "Gradio HTTP API (`/gradio_api/call/ask`)"
        )
        rows.append(
            f"| {label} | {p['clients']} | {p['requests']} | {p['throughput']:.2f} | {p['p50']:.2f} | "
            f"{p['p95']:.2f} | {p['max']:.2f} | {p['failed']} | {p['rebuild'].seconds:.1f} | "
            f"{p['during_rebuild']} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="length of each phase")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--modes", default="api,http", help="api, http or both (comma-separated)")
    ap.add_argument("--corpus", type=Path, default=SHARED_CORPUS, help="copied to a temp folder first")
    ap.add_argument(
        "--index-from",
        type=Path,
        default=None,
        help="an index of --corpus to start from (copied); default: build one",
    )
    ap.add_argument(
        "--cache", type=Path, default=None, help="embedding cache folder (speeds up the first build)"
    )
    ap.add_argument(
        "--questions",
        type=Path,
        default=ROOT / "bench/questions/article.jsonl",
        help="JSONL with a 'question' field; the generic test questions if missing",
    )
    ap.add_argument("--record", action="store_true", help="append the figures to bench/RESULTS.md")
    args = ap.parse_args(argv)
    from machine import append_results, describe

    print(describe(), file=sys.stderr)
    questions = None
    if args.questions.is_file():
        questions = [
            json.loads(line)["question"] for line in args.questions.read_text().splitlines() if line.strip()
        ]
    import psutil

    with tempfile.TemporaryDirectory(prefix="infrascope-load-") as tmp:
        settings = prepare(args.corpus, Path(tmp), args.cache, args.index_from)
        summary = run_load(
            settings,
            seconds=args.seconds,
            clients=args.clients,
            modes=tuple(args.modes.split(",")),
            questions=questions,
            log=lambda m: print(m, file=sys.stderr),
        )
        rss = psutil.Process().memory_info().rss
        current = (settings.index_dir / "CURRENT").read_text().strip()
        chunks = json.loads((settings.index_dir / "gen" / current / "manifest.json").read_text())
    failed = sum(p["failed"] for p in summary["phases"])
    errors = [e for p in summary["phases"] for e in p["errors"]]
    body = (
        f"Corpus: `{args.corpus}` ({chunks['total_chunks']} chunks, {len(chunks['files'])} files), "
        f"{len(questions or GENERIC_QUESTIONS)} questions cycled, extractive mode, one process "
        f"(one Assistant shared by the Python-API threads and the app). Each phase ran {args.seconds:g} s "
        f"with one incremental rebuild (one file changed) started 20% in.\n\n{table(summary)}\n\n"
        f"- Failed requests: {failed}. Errors: {errors or 'none'}.\n"
        f"- Consistency: answers came from generations {summary['generations_seen']} (published: "
        f"{summary['published']}); answers citing a chunk missing from their generation: "
        f"{summary['inconsistent']}.\n- Process RSS at the end: {rss / 2**20:.0f} MiB.\n"
    )
    print(body)
    if args.record:
        append_results(
            f"Load: {args.clients} concurrent clients, Python API and HTTP API, rebuild during load", body
        )
    return (
        0
        if failed == 0
        and summary["inconsistent"] == 0
        and set(summary["generations_seen"]) <= set(summary["published"])
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
