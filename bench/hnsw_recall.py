"""How exact Chroma's HNSW search is at each search breadth (`retrieval.hnsw_ef_search`): for every question
of a question file, the dense stage's candidates (`retrieval.dense_candidates`, 40) against the exact nearest
chunks found by brute force over the collection's own embeddings, and the query time.

    .venv/bin/python bench/hnsw_recall.py [--index bench/out/default-index] [--ef 100,200,400] [--record]

Works on a copy of the index's current vector store (the breadth is a collection setting: measuring must not
change the index). Appends its table to bench/RESULTS.md with --record.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import append_results, describe  # noqa: E402

from infrascope.config import Settings  # noqa: E402
from infrascope.embedding import make_embedder  # noqa: E402
from infrascope.generations import IndexLayout  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=HERE / "out" / "default-index")
    ap.add_argument("--cache", type=Path, default=HERE / "out" / "cache")
    ap.add_argument("--questions", type=Path, default=HERE / "questions" / "article.jsonl")
    ap.add_argument("--ef", default="100,200,400", help="comma-separated search breadths")
    ap.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")
    args = ap.parse_args()

    import chromadb
    from chromadb.api.client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    from infrascope.store import COLLECTION

    settings = Settings(index_dir=args.index, cache_dir=args.cache)
    k = settings.retrieval.dense_candidates
    gen = IndexLayout(args.index).require_current()
    questions = [json.loads(line)["question"] for line in args.questions.open() if line.strip()]
    vectors = make_embedder(settings).embed(questions)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "chroma"
        shutil.copytree(gen.path / "chroma", copy)
        def collection():
            # a new client each time: a loaded HNSW segment keeps the breadth it was loaded with
            SharedSystemClient.clear_system_cache()
            client = chromadb.PersistentClient(path=str(copy), settings=ChromaSettings(anonymized_telemetry=False))
            return client.get_collection(COLLECTION)

        stored = collection().get(include=["embeddings"])
        ids = np.array(stored["ids"])
        matrix = np.asarray(stored["embeddings"], dtype=np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        exact = [set(ids[np.argsort(-(matrix @ v))[:k]]) for v in vectors]
        for ef in [int(x) for x in args.ef.split(",")]:
            collection().modify(configuration={"hnsw": {"ef_search": ef}})
            col = collection()
            recalls, times = [], []
            for v, truth in zip(vectors, exact, strict=True):
                start = time.perf_counter()
                got = col.query(query_embeddings=[v.tolist()], n_results=k, include=[])["ids"][0]
                times.append(time.perf_counter() - start)
                recalls.append(len(truth & set(got)) / k)
            times.sort()
            rows.append(f"| {ef} | {statistics.mean(recalls):.3f} | {sum(r == 1 for r in recalls) / len(recalls):.0%} | "
                        f"{round(min(recalls) * k)}/{k} | {statistics.median(times) * 1000:.1f} / "
                        f"{times[int(0.95 * (len(times) - 1))] * 1000:.1f} ms |")
    body = (f"{describe()}\n\nThe dense stage's {k} candidates against the exact {k} nearest chunks (brute force over "
            f"the collection's embeddings) for the {len(questions)} questions of `{args.questions.name}`; index "
            f"`{args.index}` ({len(ids)} chunks), on a copy.\n\n"
            "| ef_search | mean recall vs exact | questions with all exact | worst question | query median / p95 |\n"
            "|---|---|---|---|---|\n" + "\n".join(rows) + "\n")
    print(body)
    if args.record:
        append_results("HNSW search breadth: recall of the dense stage against exact search", body)


if __name__ == "__main__":
    main()
