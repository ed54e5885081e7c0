"""The FinanceBench run: infrascope and the llama-index quickstart baseline over the same 71 filings
(one shared index each: the other filings are the distractors), scored by the same metric code on the
82 dev questions, side by side, with an analysis of infrascope's page misses.

Resumable and reusable: both indexes are incremental (ours through `build_index`, the baseline
through its ledger), so a killed run is finished by the next one and a finished index costs nothing;
`--index` / `--baseline-index` point the run at indexes built elsewhere. From scratch each index takes
roughly 40 minutes on 2 cores, so run it in the background:

    nohup nice -n 5 .venv/bin/python bench/financebench.py --record > bench/out/financebench.log 2>&1 &

Outputs: `--out`/ours and `--out`/baseline (report.md, results.json each), `--out`/comparison.md; with
`--record`, the comparison is appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import append_results, describe  # noqa: E402

from infrascope.evaluation import (  # noqa: E402
    EvalRun,
    Passage,
    Question,
    Response,
    evaluate,
    load_questions,
    run_eval,
    summarise,
)
from infrascope.evaluation_report import write_report  # noqa: E402

# The first measurement of the baseline on this machine, quoted in issue 4; used for the ratios only
# until this bench's own baseline run exists.
REFERENCE_BASELINE = {"page_recall@5": 0.29, "page_recall@10": 0.37, "doc_recall@5": 0.82}
ROOT = Path(__file__).resolve().parents[1]
FB = ROOT.parent / "shared" / "bench" / "financebench"
OUT = ROOT / "bench" / "out"


def run_ours(args, questions_file: Path) -> EvalRun:
    from infrascope.config import Settings

    settings = Settings(corpus_dir=args.pdfs, index_dir=args.index, cache_dir=args.cache,
                        llm_base_url=args.llm_base_url, llm_model=args.llm_model)
    return run_eval(settings, questions_file, fmt="financebench", at=args.at, k=args.k, build=not args.no_build)


def run_baseline(args, questions: list[Question]) -> EvalRun:
    from baseline_llamaindex import BaselineRetriever, build, read_ledger

    started = time.perf_counter()
    ledger = read_ledger(args.baseline_index) if args.no_build else build(args.pdfs, args.baseline_index)
    build_seconds = time.perf_counter() - started
    retriever = BaselineRetriever(args.baseline_index)

    def respond(q: Question) -> Response:
        t = time.perf_counter()
        hits = retriever.retrieve(q.question, args.k)
        passages = [Passage(h.path, h.page, h.text) for h in hits]
        # No answerer (llm=None): the quickstart's first source node stands in for a first citation.
        return Response(answer="", refused=False, passages=passages, citations=passages[:1],
                        timings={"retrieve": round(time.perf_counter() - t, 4)}, composed=False)

    results = evaluate(questions, respond, args.at)
    index_info = {"index_dir": str(args.baseline_index), "files": len(ledger["files"]),
                  "pages": sum(f["pages"] for f in ledger["files"].values()),
                  "nodes": sum(f["nodes"] for f in ledger["files"].values()),
                  "indexing_seconds_total": ledger["seconds"], "this_run_build_seconds": round(build_seconds, 1),
                  "failed": ledger["failed"]}
    return EvalRun(system="llama-index quickstart baseline (256/32 chunks, top-k similarity)",
                   questions_file=str(args.questions), at=list(args.at), k=args.k,
                   summary=summarise(results, args.at), results=results, index=index_info)


def _ratio(a, b) -> str:
    return f"{a / b:.2f}x" if isinstance(a, float) and isinstance(b, float) and b else "n/a"


def _f(v) -> str:
    return "n/a" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def comparison(ours: EvalRun, base: EvalRun, at: list[int]) -> str:
    so, sb = ours.summary, base.summary
    lo, hi = at[0], at[-1]
    rows = [(f"page recall@{k}", f"page_recall@{k}") for k in at] + [(f"document recall@{lo}", f"doc_recall@{lo}"),
            (f"MRR@{hi} (page level)", f"mrr@{hi}")] + \
        [(f"gold figure in a retrieved passage @{k} (n={so['with_gold_figure']})", f"gold_figure_in_passages@{k}")
         for k in at]
    lines = ["| metric | infrascope | llama-index baseline | ratio |", "|---|---|---|---|"]
    lines += [f"| {label} | {_f(so[key])} | {_f(sb[key])} | {_ratio(so[key], sb[key])} |" for label, key in rows]
    lines += [
        f"| first citation on a gold page (baseline: its top passage) | {_f(so['first_citation_on_gold_page'])} | "
        f"{_f(sb['first_citation_on_gold_page'])} | "
        f"{_ratio(so['first_citation_on_gold_page'], sb['first_citation_on_gold_page'])} |",
        f"| citation precision: cited passage holds the gold figure (baseline: top passage) | "
        f"{_f(so['citation_precision'])} (n={so['citation_precision_n']}) | {_f(sb['citation_precision'])} "
        f"(n={sb['citation_precision_n']}) | |",
        f"| answer correct, extractive mode (refusals count as not correct) | {_f(so['answer_correct'])} "
        f"(n={so['answer_judged']}; {_f(so['answer_correct_when_answered'])} of those not refused) | "
        "n/a (no answerer) | |",
        f"| refusal rate | {_f(so['refusal_rate'])} | n/a | |",
        f"| seconds per question, median / p95 | {_f(so['seconds_median'])} / {_f(so['seconds_p95'])} | "
        f"{_f(sb['seconds_median'])} / {_f(sb['seconds_p95'])} | |",
    ]
    return "\n".join(lines)


def miss_analysis(ours: EvalRun, base: EvalRun | None, k: int) -> str:
    """Where infrascope misses the gold page at k: by question type, and what it retrieved instead."""
    by_type: dict[str, list] = collections.defaultdict(list)
    base_by_id = {r.id: r for r in base.results} if base else {}
    for r in ours.results:
        by_type[r.tags.get("question_type", "?")].append(r)

    def at_k(r) -> bool:
        return r is not None and r.page_rank is not None and r.page_rank <= k

    bcol = f" baseline page@{k} |" if base else ""
    lines = [f"| question type | n | infrascope page@{k} |{bcol} infrascope first citation on a gold page |",
             "|---|---|---|" + ("---|" if base else "") + "---|"]
    for qt, rs in sorted(by_type.items()):
        b = f" {sum(at_k(base_by_id.get(r.id)) for r in rs)} |" if base else ""
        lines.append(f"| {qt} | {len(rs)} | {sum(map(at_k, rs))} |{b} "
                     f"{sum(bool(r.first_citation_on_gold_page) for r in rs)} |")
    misses = [r for r in ours.results if not at_k(r)]
    right_doc = [r for r in misses if r.doc_rank is not None and r.doc_rank <= k]
    lines += ["", f"{len(misses)} of {len(ours.results)} questions have no gold page in infrascope's top {k}: "
              f"{len(right_doc)} of them retrieved the right filing but other pages, {len(misses) - len(right_doc)} "
              "never reached the right filing.", "",
              "| id | type | gold | infrascope rank 1 | gold doc rank |" + (" baseline gold page rank |" if base else ""),
              "|---|---|---|---|---|" + ("---|" if base else "")]
    for r in misses:
        gold = ", ".join(f"{e['file'].removesuffix('.pdf')} p{e['page']}" for e in r.evidence)
        top = r.retrieved[0] if r.retrieved else None
        top_s = f"{top['path'].removesuffix('.pdf')} p{top['page']}" if top else "-"
        b = f" {_f(base_by_id[r.id].page_rank)} |" if base and r.id in base_by_id else (" - |" if base else "")
        lines.append(f"| {r.id.removeprefix('financebench_id_')} | {r.tags.get('question_type', '?')} | {gold} | "
                     f"{top_s} | {_f(r.doc_rank)} |{b}")
    return "\n".join(lines)


def ours_only(ours: EvalRun, args) -> str:
    s = ours.summary
    lines = ["| metric | infrascope | baseline, issue 4's first measurement | ratio |", "|---|---|---|---|"]
    for key in ["page_recall@5", "page_recall@10", "doc_recall@5", f"mrr@{args.at[-1]}",
                *(f"gold_figure_in_passages@{k}" for k in args.at), "first_citation_on_gold_page",
                "citation_precision", "answer_correct", "answer_correct_when_answered", "refusal_rate", "seconds_median"]:
        ref = REFERENCE_BASELINE.get(key)
        lines.append(f"| {key} | {_f(s.get(key))} | {_f(ref)} | {_ratio(s.get(key), ref)} |")
    oi = ours.index
    return ("\n".join(lines) + f"\n\n{s['questions']} questions, k={ours.k}; index `{oi.get('index_dir')}`, "
            f"{oi.get('total_chunks', '?')} chunks, failed files: {oi.get('failed') or 'none'}.\n\n### Misses\n\n"
            + miss_analysis(ours, None, args.at[0]))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="FinanceBench: infrascope vs the llama-index baseline.")
    ap.add_argument("--pdfs", type=Path, default=FB / "pdfs")
    ap.add_argument("--questions", type=Path, default=FB / "questions_dev.jsonl")
    ap.add_argument("--index", type=Path, default=OUT / "fb-index", help="infrascope index (reused, updated)")
    ap.add_argument("--cache", type=Path, default=OUT / "cache", help="infrascope embedding cache")
    ap.add_argument("--baseline-index", type=Path, default=OUT / "fb-baseline")
    ap.add_argument("--out", type=Path, default=OUT / "financebench")
    ap.add_argument("--k", type=int, default=10, help="passages retrieved by both systems")
    ap.add_argument("--at", type=lambda s: sorted({int(x) for x in s.split(",")}), default=[5, 10])
    ap.add_argument("--only", choices=["both", "ours", "baseline"], default="both")
    ap.add_argument("--no-build", action="store_true", help="use the indexes as they are")
    ap.add_argument("--record", action="store_true", help="append the comparison to bench/RESULTS.md")
    ap.add_argument("--llm-base-url", default=None, help="an OpenAI-compatible server: extractive answers then get "
                    "its yes/no check on their lead sentence (answer.llm_check)")
    ap.add_argument("--llm-model", default=None, help="the model name sent to --llm-base-url")
    args = ap.parse_args(argv)
    args.k = max(args.k, max(args.at))
    print(describe(), flush=True)
    questions = load_questions(args.questions, "financebench")
    runs: dict[str, EvalRun] = {}
    for name in (["ours", "baseline"] if args.only == "both" else [args.only]):
        t = time.perf_counter()
        print(f"--- {name}: building/updating the index, then {len(questions)} questions", flush=True)
        runs[name] = run_ours(args, args.questions) if name == "ours" else run_baseline(args, questions)
        runs[name].index["run_seconds"] = round(time.perf_counter() - t, 1)
        write_report(runs[name], args.out / name)
        print(json.dumps(runs[name].summary), flush=True)
    for name in ("ours", "baseline"):  # a single-system run compares against the other's last results
        if name not in runs and (args.out / name / "results.json").exists():
            runs[name] = _load_run(args.out / name / "results.json")
    if "baseline" not in runs and "ours" in runs:
        body = ours_only(runs["ours"], args)
        print(body)
        if args.record:
            append_results("FinanceBench: infrascope (this bench's baseline run still pending)", body)
        return
    if len(runs) < 2:
        return
    body = comparison(runs["ours"], runs["baseline"], args.at)
    oi, bi = runs["ours"].index, runs["baseline"].index
    body += (f"\n\nQuestions: {len(questions)} (FinanceBench dev, `{args.questions.name}`); both systems retrieve "
             f"{args.k} passages. infrascope index: {oi.get('total_chunks', '?')} chunks, `{oi.get('index_dir')}`; "
             f"baseline index: {bi.get('pages', '?')} pages, {bi.get('nodes', '?')} nodes, "
             f"{bi.get('indexing_seconds_total', 0) / 60:.0f} min of indexing, failed: {bi.get('failed') or 'none'}. "
             f"Per-question reports: `{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}`"
             "/{ours,baseline}/report.md.\n\n### Misses\n\n"
             + miss_analysis(runs["ours"], runs["baseline"], args.at[0]))
    title = "FinanceBench: infrascope vs the llama-index quickstart baseline"
    if args.llm_base_url:
        title += f", extractive answers checked by {args.llm_model} at {args.llm_base_url}"
    (args.out / "comparison.md").write_text(body + "\n", encoding="utf-8")
    print(body)
    if args.record:
        append_results(title, body)


def _load_run(path: Path) -> EvalRun:
    from infrascope.evaluation import QuestionResult

    d = json.loads(path.read_text())
    results = [QuestionResult(**r) for r in d.pop("results")]
    return replace(EvalRun(**{**d, "results": []}), results=results)


if __name__ == "__main__":
    main()
