"""The llama-index quickstart pipeline, as the baseline every infrascope number is compared with.

SimpleDirectoryReader (its default PDF reader: one document per page) -> SentenceSplitter (256 tokens,
overlap 32) -> VectorStoreIndex over Chroma, embedded with the same packaged all-MiniLM-L6-v2 that
infrascope uses, queried by plain top-k similarity. Nothing is tuned: it is what a user gets from the
tutorial, so the comparison measures our pipeline, not the model.

Two deliberate departures from the tutorial, neither of which changes what is retrieved:
- files are read and inserted one at a time, with a `done.json` ledger beside the Chroma folder, so a
  killed build (the 71 FinanceBench filings take about 40 minutes) resumes where it stopped and a
  finished index is reused as is;
- each page document gets a `physical_page` (1-based) that is excluded from the embedded and LLM text:
  the reader's own `page_label` is the printed label ("F-3", "ii"), not the page index that FinanceBench
  gold pages use.

`embed_model=` is always passed and no LLM is ever built: llama-index's global Settings would otherwise
fall back to OpenAI. Run `python bench/baseline_llamaindex.py build --corpus DIR --index DIR`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

CHUNK_SIZE = 256
CHUNK_OVERLAP = 32
COLLECTION = "baseline"
SUPPORTED = {".pdf", ".txt", ".md", ".html", ".htm", ".docx", ".csv"}


@dataclass(frozen=True)
class BaselineHit:
    """One retrieved node, converted to plain fields at the edge."""

    path: str  # file name, as the reader records it
    page: int  # 1-based physical page (1 for single-document files)
    page_label: str
    text: str
    score: float


def _embed_model():
    import os

    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ.setdefault(key, "1")  # the model is a local folder; never reach for a hub
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    from infrascope.embedding import packaged_model_dir

    return HuggingFaceEmbedding(model_name=str(packaged_model_dir()), device="cpu")


def _collection(index_dir: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(index_dir / "chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    # embedding_function=None: llama-index supplies vectors; Chroma must not load its own default model.
    return client.get_or_create_collection(COLLECTION, embedding_function=None)


def _ledger_path(index_dir: Path) -> Path:
    return index_dir / "done.json"


def read_ledger(index_dir: Path) -> dict:
    p = _ledger_path(index_dir)
    return json.loads(p.read_text()) if p.exists() else {"files": {}, "failed": {}, "seconds": 0.0}


def _write_ledger(index_dir: Path, ledger: dict) -> None:
    tmp = _ledger_path(index_dir).with_suffix(".tmp")
    tmp.write_text(json.dumps(ledger, indent=1))
    tmp.replace(_ledger_path(index_dir))  # atomic: a kill never leaves half a ledger


def _load_pages(path: Path):
    from llama_index.core import SimpleDirectoryReader

    docs = SimpleDirectoryReader(input_files=[str(path)]).load_data()
    for i, doc in enumerate(docs, start=1):
        doc.metadata["physical_page"] = i  # the PDF reader yields pages in order, one document each
        doc.excluded_embed_metadata_keys.append("physical_page")
        doc.excluded_llm_metadata_keys.append("physical_page")
    return docs


def build(corpus_dir: Path, index_dir: Path, progress: bool = True) -> dict:
    """Index every supported file of `corpus_dir` not yet in the ledger; returns the ledger."""
    from llama_index.core import VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    index_dir.mkdir(parents=True, exist_ok=True)
    ledger = read_ledger(index_dir)
    files = sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
    todo = [p for p in files if str(p.relative_to(corpus_dir)) not in ledger["files"]]
    if not todo:
        return ledger
    collection = _collection(index_dir)
    store = ChromaVectorStore(chroma_collection=collection)
    index = VectorStoreIndex.from_vector_store(store, embed_model=_embed_model())
    splitter = SentenceSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    for n, path in enumerate(todo, start=1):
        rel = str(path.relative_to(corpus_dir))
        started = time.perf_counter()
        # A file interrupted mid-insert may have left some nodes: drop them before re-adding.
        collection.delete(where={"file_name": path.name})
        docs = _load_pages(path)
        if not docs:
            ledger["failed"][rel] = "reader returned no documents"
        nodes = splitter.get_nodes_from_documents(docs)
        if nodes:
            index.insert_nodes(nodes)
        seconds = time.perf_counter() - started
        ledger["files"][rel] = {"pages": len(docs), "nodes": len(nodes), "seconds": round(seconds, 2)}
        ledger["seconds"] = round(ledger["seconds"] + seconds, 2)
        _write_ledger(index_dir, ledger)
        if progress:
            print(f"[{n}/{len(todo)}] {rel}: {len(docs)} pages, {len(nodes)} nodes, {seconds:.1f}s",
                  file=sys.stderr, flush=True)
    return ledger


class BaselineRetriever:
    """Top-k similarity over a finished baseline index (the quickstart's `as_retriever`)."""

    def __init__(self, index_dir: Path) -> None:
        from llama_index.core import VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        store = ChromaVectorStore(chroma_collection=_collection(index_dir))
        self._index = VectorStoreIndex.from_vector_store(store, embed_model=_embed_model())

    def retrieve(self, question: str, k: int) -> list[BaselineHit]:
        retriever = self._index.as_retriever(similarity_top_k=k)
        hits = []
        for r in retriever.retrieve(question):
            md = r.node.metadata
            hits.append(BaselineHit(path=md.get("file_name", ""), page=int(md.get("physical_page", 1)),
                                    page_label=str(md.get("page_label", "")), text=r.node.get_content(),
                                    score=float(r.score or 0.0)))
        return hits


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="Build or resume the baseline index.")
    b.add_argument("--corpus", type=Path, required=True)
    b.add_argument("--index", type=Path, required=True)
    q = sub.add_parser("query", help="Print the top-k passages for one question.")
    q.add_argument("question")
    q.add_argument("--index", type=Path, required=True)
    q.add_argument("--k", type=int, default=10)
    args = ap.parse_args(argv)
    if args.cmd == "build":
        ledger = build(args.corpus, args.index)
        pages = sum(f["pages"] for f in ledger["files"].values())
        nodes = sum(f["nodes"] for f in ledger["files"].values())
        print(f"{len(ledger['files'])} files, {pages} pages, {nodes} nodes, "
              f"{ledger['seconds']:.0f}s of indexing in total; failed: {ledger['failed'] or 'none'}")
    else:
        for h in BaselineRetriever(args.index).retrieve(args.question, args.k):
            print(f"{h.score:.3f} {h.path} p{h.page} ({h.page_label}): {h.text[:100]!r}")


if __name__ == "__main__":
    main()
