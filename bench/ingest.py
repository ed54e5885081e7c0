"""Ingestion benchmark: infrascope's build (one row per embedding backend) and the llama-index quickstart
baseline over the same corpus, same machine, same run, from scratch (empty index, EMPTY embedding cache,
so an ONNX backend pays for its one-time export too), then a settings-neutral rebuild (index folder
deleted, cache kept), then the quality of each backend against torch fp32.

Every timed pipeline runs in its own subprocess, so peak RSS is that pipeline's alone and imports are
paid as a user pays them. Rows report process wall (interpreter start + imports + build: what
`infrascope index` costs), the build alone, and CPU seconds (user+sys): on a shared machine CPU
seconds move much less with other people's load than wall does. Pages are PDF pages plus one per
non-PDF document (the baseline's records); medians over --repeat runs.

    .venv/bin/python bench/ingest.py --record      # everything: ~25 min on an idle 2-core machine
    .venv/bin/python bench/ingest.py --backends torch-bf16 --repeat 1 --no-baseline --no-quality
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import append_results, describe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
ARTICLE_QUESTIONS = ROOT / "bench" / "questions" / "article.jsonl"
REFERENCE = "torch"  # fp32: what every other backend is compared with

# Questions about the default corpus for retrieval agreement between backends (no gold needed: the
# measure is how many of fp32's top-10 passages a backend also returns).
AGREEMENT_QUESTIONS = (
    "What was NVIDIA's data center revenue in the second quarter of fiscal 2024?",
    "How much did Apple's net sales of iPhone change year over year?",
    "What were Amazon Web Services segment operating income and net sales?",
    "How much did Microsoft spend on capital expenditures including finance leases?",
    "What did Intel say about its IDM 2.0 strategy and foundry services?",
    "What were Intel's restructuring charges?",
    "How did NVIDIA's gaming revenue change compared with a year ago?",
    "What are the risks related to export controls on chips to China?",
    "What was Microsoft's Intelligent Cloud revenue growth?",
    "How much cash and marketable securities did Apple hold?",
    "What is Amazon's guidance for operating income next quarter?",
    "What inventory provisions did NVIDIA record?",
    "What purchase obligations did NVIDIA disclose for supply capacity?",
    "How many shares did Apple repurchase and for how much?",
    "What does the CHIPS and Science Act invest in semiconductor manufacturing?",
    "What is the award to Intel for fabs in Chandler, Arizona?",
    "What does the executive order on AI infrastructure say about federal sites for data centers?",
    "How will federal permitting for data centers be accelerated?",
    "What are the reporting requirements for large AI training runs in the 2023 executive order?",
    "What investments were announced at the Pennsylvania AI and energy summit?",
    "What did the US and UAE agree on artificial intelligence cooperation?",
    "What tariffs apply to imports of semiconductors and their derivative products?",
    "What is the Genesis Mission?",
    "How is electricity cost protected for ratepayers amid the data center boom?",
    "How much will worldwide spending on AI data centers reach?",
    "Which companies supply GPUs and networking for AI data centers?",
    "What power and cooling constraints limit data center expansion?",
    "What was Micron's announced investment in US memory production?",
    "What does the national security memorandum say about AI leadership?",
    "What were Microsoft's gross margin and operating expenses this quarter?",
)


# ---- children: one pipeline each, one JSON line on stdout ----------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


def child_ours(backend: str, corpus: Path, index: Path, cache: Path, batch: int | None,
               threads: int | None) -> dict:
    from infrascope.config import EmbeddingSettings, Settings
    from infrascope.indexer import build_index

    emb: dict = {"backend": backend}
    if batch:
        emb["batch_size"] = batch
    if threads:
        emb["threads"] = threads
    settings = Settings(corpus_dir=corpus, index_dir=index, cache_dir=cache,
                        embedding=EmbeddingSettings(**emb))
    report = build_index(settings, progress=False)
    return {"build_seconds": report.seconds, "pages": report.pages_parsed, "chunks": report.total_chunks,
            "failed": [f.path for f in report.failed]}


def _ignore_patterns(corpus: Path) -> list[str]:
    ignore = corpus / ".infrascopeignore"
    lines = ignore.read_text().splitlines() if ignore.exists() else []
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")] + [".infrascopeignore"]


def child_baseline(corpus: Path, index: Path) -> dict:
    """The quickstart as written: read everything, split, embed, store; nothing tuned."""
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ.setdefault(key, "1")
    started = time.perf_counter()
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from infrascope.embedding import packaged_model_dir

    # The same files infrascope indexes (the corpus's own ignore file), so both read one corpus.
    docs = SimpleDirectoryReader(str(corpus), recursive=True, exclude=_ignore_patterns(corpus)).load_data()
    client = chromadb.PersistentClient(path=str(index), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("baseline", embedding_function=None)
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    embed = HuggingFaceEmbedding(model_name=str(packaged_model_dir()), device="cpu")
    VectorStoreIndex.from_documents(docs, storage_context=storage, embed_model=embed,
                                    transformations=[SentenceSplitter(chunk_size=256, chunk_overlap=32)])
    files = {d.metadata.get("file_path") for d in docs}
    return {"build_seconds": time.perf_counter() - started, "pages": len(docs), "chunks": collection.count(),
            "files": len(files), "pdf_pages": sum(str(d.metadata.get("file_name", "")).endswith(".pdf")
                                                  for d in docs)}


def child_quality(corpus: Path, indexes: dict[str, list[str]], sample: int) -> dict:
    """Cosine of each backend's vectors to fp32's on real chunks, and retrieval agreement and recall
    over the indexes each backend built."""
    import numpy as np

    from infrascope.assistant import Assistant
    from infrascope.config import EmbeddingSettings, Settings
    from infrascope.corpus_scan import scan_corpus
    from infrascope.embedding import MiniLMEmbedder, WordPieceCounter
    from infrascope.evaluation import run_eval
    from infrascope.indexer import _load_chunks

    files, _ = scan_corpus(corpus)
    texts: list[str] = []
    counter = WordPieceCounter()
    for f in files:
        texts += [c.embed_text for c in _load_chunks(f, Settings(corpus_dir=corpus), counter)[2]]
    rng = np.random.default_rng(0)
    picked = [texts[i] for i in rng.choice(len(texts), min(sample, len(texts)), replace=False)]
    out: dict = {"sample": len(picked)}
    # Uncached embedders (each backend's own export, from its build's cache folder) on the same texts.
    vectors = {b: MiniLMEmbedder(b, cache_dir=Path(cache)).embed(picked) for b, (_, cache) in indexes.items()}
    ref = vectors[REFERENCE]
    top: dict[str, dict[str, list[list[str]]]] = {}
    for backend, (index, cache) in indexes.items():
        cos = (vectors[backend] * ref).sum(axis=1)
        settings = Settings(corpus_dir=corpus, index_dir=Path(index), cache_dir=Path(cache),
                            embedding=EmbeddingSettings(backend=backend))
        assistant = Assistant.from_settings(settings)
        og = assistant.reader.current()
        dense, hybrid = [], []
        for q in AGREEMENT_QUESTIONS:
            qvec = assistant.embedder.embed([q])[0]
            dense.append([cid for cid, _ in og.store.query(qvec, 10)])
            hybrid.append([h.chunk_id for h in assistant.retriever.retrieve(q, k=10).hits])
        top[backend] = {"dense": dense, "hybrid": hybrid}
        run = run_eval(settings, ARTICLE_QUESTIONS, build=False, assistant=assistant, progress=False)
        wanted = ("doc_recall@5", "doc_recall@10", "gold_figure_in_passages@5", "gold_figure_in_passages@10",
                  "answer_correct")
        out[backend] = {"cos_mean": float(cos.mean()), "cos_min": float(cos.min()),
                        "article": {k: run.summary.get(k) for k in wanted}}
        assistant.close()
    for backend in indexes:
        for kind in ("dense", "hybrid"):
            overlap = [len(set(a) & set(b)) / 10 for a, b in zip(top[backend][kind], top[REFERENCE][kind],
                                                                  strict=True)]
            out[backend][f"top10_overlap_{kind}"] = statistics.mean(overlap)
            out[backend][f"top1_same_{kind}"] = statistics.mean(
                a[:1] == b[:1] for a, b in zip(top[backend][kind], top[REFERENCE][kind], strict=True))
    return out


def _child(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["ours", "baseline", "quality"])
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--index", type=Path)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--backend")
    ap.add_argument("--batch", type=int)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--indexes", help="JSON {backend: [index_dir, cache_dir]} for the quality child")
    ap.add_argument("--sample", type=int, default=400)
    a = ap.parse_args(argv)
    if a.kind == "ours":
        res = child_ours(a.backend, a.corpus, a.index, a.cache, a.batch, a.threads)
    elif a.kind == "baseline":
        res = child_baseline(a.corpus, a.index)
    else:
        res = child_quality(a.corpus, json.loads(a.indexes), a.sample)
    res.update(peak_rss_mb=_peak_rss_mb(), cpu_seconds=_cpu_seconds())
    print("RESULT " + json.dumps(res), flush=True)


# ---- parent --------------------------------------------------------------------------------------


def run_child(args: list[str]) -> dict:
    started = time.perf_counter()
    load = os.getloadavg()[0]
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True,
                          env={**os.environ, "TQDM_DISABLE": "1"})
    wall = time.perf_counter() - started
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode or not lines:
        raise SystemExit(f"child {args[:2]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return {**json.loads(lines[-1][7:]), "wall": wall, "load_before": load}


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _row(label: str, runs: list[dict], base_pps: float | None) -> str:
    wall = _median(runs, "wall")
    pps = runs[0]["pages"] / wall
    cps = runs[0]["chunks"] / wall
    ratio = f"{pps / base_pps:.2f}x" if base_pps else "1.00x"
    walls = "/".join(f"{r['wall']:.0f}" for r in runs)
    return (f"| {label} | {wall:.1f} ({walls}) | {_median(runs, 'build_seconds'):.1f} | "
            f"{_median(runs, 'cpu_seconds'):.0f} | {runs[0]['pages']} | {runs[0]['chunks']} | {pps:.1f} | "
            f"{cps:.1f} | {max(r['peak_rss_mb'] for r in runs):.0f} | {ratio} | "
            f"{statistics.mean(r['load_before'] for r in runs):.1f} |")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return _child(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--backends", default="torch-bf16,onnx-int8,onnx,torch",
                    help="comma-separated EmbeddingSettings.backend values")
    ap.add_argument("--batch", type=int, help="embedding batch size (default: the settings default)")
    ap.add_argument("--threads", type=int, help="intra-op threads (default: all cores)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--no-quality", action="store_true")
    ap.add_argument("--record", action="store_true", help="append the results to bench/RESULTS.md")
    args = ap.parse_args(argv)
    machine = describe()
    print(machine, flush=True)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    extra = [*(["--batch", str(args.batch)] if args.batch else []),
             *(["--threads", str(args.threads)] if args.threads else [])]
    cold: dict[str, list[dict]] = {b: [] for b in (["baseline"] if not args.no_baseline else []) + backends}
    warm: dict[str, list[dict]] = {b: [] for b in backends}
    with tempfile.TemporaryDirectory(prefix="infrascope-ingest-") as tmp:
        tmp = Path(tmp)
        kept: dict[str, str] = {}
        for rep in range(args.repeat):
            # Interleaved, so a burst of someone else's load spreads over all pipelines, not one.
            for name in cold:
                index, cache = tmp / f"{name}-{rep}-index", tmp / f"{name}-{rep}-cache"
                if name == "baseline":
                    r = run_child(["baseline", "--corpus", str(args.corpus), "--index", str(index)])
                    shutil.rmtree(index, ignore_errors=True)
                else:
                    common = ["ours", "--backend", name, "--corpus", str(args.corpus), "--index", str(index),
                              "--cache", str(cache), *extra]
                    r = run_child(common)
                    shutil.rmtree(index)  # settings-neutral rebuild: index gone, embedding cache kept
                    warm[name].append(run_child(common))
                    kept[name] = [str(index), str(cache)]
                cold[name].append(r)
                note = f", rebuild with warm cache {warm[name][-1]['wall']:.1f}s" if name in warm else ""
                print(f"{name} run {rep + 1}: {r['wall']:.1f}s wall, {r['build_seconds']:.1f}s build, "
                      f"{r['cpu_seconds']:.0f} CPU s, {r['pages']} pages, {r['chunks']} chunks, "
                      f"{r['peak_rss_mb']:.0f} MB, load {r['load_before']:.1f}{note}", flush=True)
        quality = None
        if not args.no_quality and REFERENCE in kept:
            quality = run_child(["quality", "--corpus", str(args.corpus), "--indexes", json.dumps(kept)])

    base_pps = None
    if "baseline" in cold:
        base_pps = cold["baseline"][0]["pages"] / _median(cold["baseline"], "wall")
    lines = ["From scratch (empty index, empty cache). Wall = whole process (imports included), median of "
             "the runs in brackets; build = `build_index` alone; CPU = user+sys seconds; pages/s and "
             "chunks/s on wall; ratio = pages/s over the baseline's.", "",
             "| pipeline | wall s (runs) | build s | CPU s | pages | chunks | pages/s | chunks/s | "
             "peak RSS MB | vs baseline | load avg |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, runs in cold.items():
        label = "llama-index quickstart" if name == "baseline" else f"infrascope `{name}`"
        lines.append(_row(label, runs, base_pps if name != "baseline" else None))
    lines += ["", "Settings-neutral rebuild (index folder deleted, embedding cache kept):", "",
              "| backend | wall s (runs) | build s |", "|---|---|---|"]
    for name, runs in warm.items():
        walls = "/".join(f"{r['wall']:.0f}" for r in runs)
        build = _median(runs, "build_seconds")
        lines.append(f"| `{name}` | {_median(runs, 'wall'):.1f} ({walls}) | {build:.1f} |")
    if quality:
        lines += ["", f"Quality against torch fp32 ({quality['sample']} sampled chunks for cosine; "
                  f"{len(AGREEMENT_QUESTIONS)} agreement questions; "
                  "bench/questions/article.jsonl for recall):", "",
                  "| backend | cos mean | cos min | top-10 overlap dense | hybrid | top-1 same dense | "
                  "hybrid | "
                  "article doc recall@5 | @10 | gold figure in passages@5 | @10 |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for b in kept:
            q, a = quality[b], quality[b]["article"]
            lines.append(f"| `{b}` | {q['cos_mean']:.5f} | {q['cos_min']:.5f} | "
                         f"{q['top10_overlap_dense']:.3f} | {q['top10_overlap_hybrid']:.3f} | "
                         f"{q['top1_same_dense']:.2f} | {q['top1_same_hybrid']:.2f} | "
                         f"{a['doc_recall@5']} | {a['doc_recall@10']} | {a['gold_figure_in_passages@5']} | "
                         f"{a['gold_figure_in_passages@10']} |")
    body = "\n".join(lines)
    print("\n" + body)
    if args.record:
        append_results("Ingestion: infrascope vs llama-index quickstart (bench/ingest.py)", body)


if __name__ == "__main__":
    main()
