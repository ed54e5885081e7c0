"""What each retrieval/answer feature is worth on an eval question set: one process, one index, the same
questions asked under several configurations, one table.

    .venv/bin/python bench/ablation.py [--index bench/out/fb-index-bf16] [--record] \
        all "no-focus:retrieval.question_focus=0" "no-statements:retrieval.statement_weight=0,reranker.statement_bonus=0"

A configuration is NAME or NAME:key=value,... where key is `retrieval.<setting>`, `answer.<setting>` or
`reranker.<attribute>` (SentenceReranker's penalties and bonuses). Defaults to FinanceBench dev over the
FinanceBench index; `--questions`/`--format`/`--corpus` point it at any eval set. Minutes per
configuration on 2 cores (82 questions); the index must exist (build it with `infrascope index`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import append_results, describe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FB = ROOT.parent / "shared" / "bench" / "financebench"
KEYS = ["page_recall@5", "page_recall@10", "doc_recall@5", "mrr@10", "first_citation_on_gold_page",
        "refusal_rate", "citation_precision", "answer_correct"]
DEFAULT_CONFIGS = [
    "all",
    "no-focus:retrieval.question_focus=0",
    "no-statement-pages:retrieval.statement_weight=0,reranker.statement_bonus=0",
    "no-line-item-bonus:reranker.line_item_bonus=0",
    "no-near-miss-items:reranker.other_item_penalty=0",
    "no-keep-top:retrieval.rerank_keep_top=0",
    "no-scope-year-checks:reranker.group_penalty=0,reranker.other_year_penalty=0,reranker.unattested_year_penalty=0",
    "weak-missing-name:reranker.missing_name_penalty=0.2",
    "session-start:retrieval.question_focus=0,retrieval.statement_weight=0,reranker.statement_bonus=0,"
    "retrieval.rerank_keep_top=0,reranker.group_penalty=0,reranker.other_year_penalty=0",
]


def _parse(spec: str) -> tuple[str, list[tuple[str, str, str]]]:
    name, _, assigns = spec.partition(":")
    out = []
    for kv in filter(None, assigns.split(",")):
        key, value = kv.split("=", 1)
        where, attr = key.split(".", 1)
        if where not in ("retrieval", "answer", "reranker"):
            raise SystemExit(f"{spec!r}: {key!r} must start with retrieval., answer. or reranker.")
        out.append((where, attr, value))
    return name, out


def _coerce(old, value: str):
    if isinstance(old, bool):
        return value.lower() in ("1", "true", "yes", "on")
    return type(old)(float(value)) if isinstance(old, int | float) else value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("configs", nargs="*", default=DEFAULT_CONFIGS)
    ap.add_argument("--index", type=Path, default=ROOT / "bench" / "out" / "fb-index-bf16")
    ap.add_argument("--corpus", type=Path, default=FB / "pdfs")
    ap.add_argument("--questions", type=Path, default=FB / "questions_dev.jsonl")
    ap.add_argument("--format", default="financebench")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()

    from infrascope.assistant import Assistant
    from infrascope.config import Settings
    from infrascope.evaluation import assistant_responder, evaluate, load_questions, summarise

    print(describe(), flush=True)
    questions = load_questions(args.questions, args.format)
    rows = []
    with tempfile.TemporaryDirectory() as cache:  # no question vector from an earlier run's cache
        settings = Settings(corpus_dir=args.corpus, index_dir=args.index, cache_dir=Path(cache))
        assistant = Assistant.from_settings(settings)
        targets = {"retrieval": settings.retrieval, "answer": settings.answer, "reranker": assistant.reranker}
        for spec in args.configs:
            name, assigns = _parse(spec)
            saved = [(targets[w], a, getattr(targets[w], a)) for w, a, _ in assigns]
            for (w, a, v), (obj, _, old) in zip(assigns, saved, strict=True):
                setattr(obj, a, _coerce(old, v))
            started = time.perf_counter()
            summary = summarise(evaluate(questions, assistant_responder(assistant, 10), [5, 10]), [5, 10])
            for obj, a, old in saved:
                setattr(obj, a, old)
            cells = ["n/a" if summary.get(k) is None else f"{summary[k]:.3f}" for k in KEYS]
            rows.append(f"| {name} | {' | '.join(cells)} | {summary['seconds_median']:.2f} | "
                        f"{', '.join(f'{w}.{a}={v}' for w, a, v in assigns) or 'defaults'} |")
            print(rows[-1], f"({time.perf_counter() - started:.0f} s)", flush=True)
    body = (f"{len(questions)} questions from `{args.questions.name}` over `{args.index}`, k=10, one process; "
            "each row changes only what its last column says.\n\n"
            f"| configuration | {' | '.join(KEYS)} | s/question (median) | settings |\n"
            f"|{'---|' * (len(KEYS) + 3)}\n" + "\n".join(rows))
    print(body)
    if args.record:
        append_results("Ablation: what each retrieval feature is worth", body)


if __name__ == "__main__":
    main()
