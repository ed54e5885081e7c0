"""Issue 6's quality check on FinanceBench: the 82 dev questions over two FinanceBench indexes built
from scratch, one per embedding backend (documents and questions embedded by that backend), scored by
the same retrieval and answer code in one run. Each index needs its own empty embedding cache when it
is built (torch and torch-bf16 share a vector family, so a shared cache would hand one the other's
vectors):

    INFRASCOPE_EMBEDDING__BACKEND=torch-bf16 INFRASCOPE_CACHE_DIR=bench/out/cache-fb-bf16 \
        .venv/bin/infrascope index --corpus ../shared/bench/financebench/pdfs --index bench/out/fb-index-bf16
    INFRASCOPE_EMBEDDING__BACKEND=torch INFRASCOPE_CACHE_DIR=bench/out/cache-fb-fp32 \
        .venv/bin/infrascope index --corpus ../shared/bench/financebench/pdfs --index bench/out/fb-index-fp32
    .venv/bin/python bench/financebench_backends.py --record

(about 20 and 40 minutes per index on 2 cores; the eval itself takes minutes). Each backend is asked in
its own process with an empty query cache, so no question vector comes from the other backend.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import append_results, describe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FB = ROOT.parent / "shared" / "bench" / "financebench"
OUT = ROOT / "bench" / "out"
KEYS = ["page_recall@5", "page_recall@10", "doc_recall@5", "mrr@10", "first_citation_on_gold_page",
        "refusal_rate", "answer_correct"]


def worker(backend: str, index: Path) -> None:
    from infrascope.config import Settings
    from infrascope.evaluation import run_eval

    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(corpus_dir=FB / "pdfs", index_dir=index, cache_dir=Path(cache),
                            embedding={"backend": backend})
        run = run_eval(settings, FB / "questions_dev.jsonl", fmt="financebench", build=False, progress=False)
    print(json.dumps({"summary": run.summary, "pages": [r.page_rank for r in run.results]}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", nargs="+", default=[f"torch={OUT / 'fb-index-fp32'}",
                                                  f"torch-bf16={OUT / 'fb-index-bf16'}"],
                    help="BACKEND=INDEX pairs; the first is the reference")
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return
    print(describe(), flush=True)
    rows, pages = [], {}
    for spec in args.runs:
        backend, index = spec.split("=", 1)
        env = {k: v for k, v in os.environ.items() if not k.startswith("INFRASCOPE_")}
        out = subprocess.run([sys.executable, __file__, "--worker", backend, index], env=env, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        result = json.loads(out)
        pages[backend] = result["pages"]
        rows.append(f"| `{backend}` | `{Path(index).name}` | " +
                    " | ".join(f"{result['summary'][k]:.3f}" for k in KEYS) + " |")
        print(rows[-1], flush=True)
    ref, *others = list(pages)
    agree = [f"`{o}` vs `{ref}`: gold page at the same rank for {sum(a == b for a, b in zip(pages[o], pages[ref]))}"
             f" of {len(pages[ref])} questions; in the top 5 for both / only `{ref}` / only `{o}`: "
             f"{sum(_top5(a) and _top5(b) for a, b in zip(pages[o], pages[ref]))} / "
             f"{sum(_top5(b) and not _top5(a) for a, b in zip(pages[o], pages[ref]))} / "
             f"{sum(_top5(a) and not _top5(b) for a, b in zip(pages[o], pages[ref]))}" for o in others]
    body = ("FinanceBench dev (82 questions), each index built from scratch with its backend, questions "
            "embedded by the same backend, same retrieval and answer code.\n\n"
            "| backend | index | " + " | ".join(KEYS) + " |\n|" + "---|" * (len(KEYS) + 2) + "\n" +
            "\n".join(rows) + "\n\n" + "\n".join(agree))
    print(body)
    if args.record:
        append_results("FinanceBench recall by embedding backend (issue 6)", body)


def _top5(rank) -> bool:
    return rank is not None and rank <= 5


if __name__ == "__main__":
    main()
