"""The evaluation report: `report.md` (summary table, then one row per question) and `results.json`
(every number) for an `EvalRun`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .evaluation import EvalRun


def _fmt(v: Any) -> str:
    return "n/a" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _source(c: dict | None) -> str:
    if not c:
        return ""
    return f"{c['path']} p.{c['page']}" if c.get("page") is not None else c["path"]


def report_markdown(run: EvalRun) -> str:
    s = run.summary
    lines = [f"# Evaluation: {run.system}", "",
             f"Questions: `{run.questions_file}` ({s['questions']}, {s['errors']} errors); passages retrieved: "
             f"{run.k}; {run.date}.", "",
             "Index: " + ", ".join(f"{k} {v}" for k, v in run.index.items() if v not in (None, [], {})), "", "| metric | " + " | ".join(f"@{k}" for k in run.at) + " |",
             "|---|" + "---|" * len(run.at)]
    for label, key, n in (("page recall", "page_recall", "with_page_evidence"),
                          ("doc recall", "doc_recall", "with_doc_evidence"), ("mrr", "mrr", "with_page_evidence"),
                          ("gold figure in a retrieved passage", "gold_figure_in_passages", "with_gold_figure")):
        lines.append(f"| {label} (n={s[n]}) | " + " | ".join(_fmt(s[f'{key}@{k}']) for k in run.at) + " |")
    lines += ["", "| answer metric | value | n |", "|---|---|---|",
              f"| correct (a refusal counts as not correct) | {_fmt(s['answer_correct'])} | {s['answer_judged']} |",
              f"| correct when not refused | {_fmt(s['answer_correct_when_answered'])} | |",
              f"| citation precision (cited passage holds the gold figure) | {_fmt(s['citation_precision'])} | "
              f"{s['citation_precision_n']} |",
              f"| first citation on a gold page | {_fmt(s['first_citation_on_gold_page'])} | "
              f"{s['with_page_evidence']} |",
              f"| refusal rate | {_fmt(s['refusal_rate'])} | {s['questions'] - s['errors']} |",
              f"| correct refusals (unanswerable) | {_fmt(s['correct_refusals'])} | {s['unanswerable']} |",
              f"| seconds per question, median / p95 | {_fmt(s['seconds_median'])} / {_fmt(s['seconds_p95'])} | |",
              "", "## Questions", "",
              "| id | verdict | gold page rank | answer chars | first cited source | seconds |",
              "|---|---|---|---|---|---|"]
    for r in run.results:
        verdict = f"error: {r.error}" if r.error else r.verdict
        lines.append(f"| {r.id} | {verdict.replace('|', '/')} | {_fmt(r.page_rank)} | {len(r.answer)} | "
                     f"{_source(r.citations[0] if r.citations else None)} | {r.seconds:.2f} |")
    return "\n".join(lines) + "\n"


def write_report(run: EvalRun, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / "report.md", out_dir / "results.json"
    md.write_text(report_markdown(run), encoding="utf-8")
    js.write_text(json.dumps(run.to_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
    return md, js
