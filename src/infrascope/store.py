"""The Chroma adapter: embedded (one PersistentClient folder per index generation) or a Chroma server
(one collection per generation). Telemetry off, `embedding_function=None`: we supply every vector.

Published generations are never written again, so any number of readers can query one while a build
writes the next; a build clones the current generation and applies its changes to the clone.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

COLLECTION = "chunks"


class StoreError(RuntimeError):
    pass


def _settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class VectorStore:
    """One generation's vectors. Use `open_store`; ids are our chunk ids."""

    def __init__(self, client, collection, *, server: bool, name: str) -> None:
        self.client = client
        self.col = collection
        self.server = server
        self.name = name

    def add(self, ids: Sequence[str], embeddings: np.ndarray, metadatas: Sequence[dict[str, Any]],
            documents: Sequence[str]) -> None:
        # The text is stored too, so a team sharing a Chroma server can derive the lexical index from it.
        step = max(1, min(5000, self.client.get_max_batch_size()))
        for i in range(0, len(ids), step):
            self.col.add(ids=list(ids[i:i + step]), embeddings=embeddings[i:i + step].tolist(),
                         metadatas=list(metadatas[i:i + step]), documents=list(documents[i:i + step]))

    def delete(self, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), 5000):
            self.col.delete(ids=list(ids[i:i + 5000]))

    def count(self) -> int:
        return self.col.count()

    def query(self, embedding: np.ndarray, n: int, where: dict | None = None,
              containing: Sequence[str] = ()) -> list[tuple[str, float]]:
        """The `n` chunks nearest `embedding`, best first, as (id, cosine similarity); `containing`: only chunks
        whose text holds one of these strings (case as written)."""
        contains = [{"$contains": s} for s in dict.fromkeys(containing)]
        where_document = (contains[0] if len(contains) == 1 else {"$or": contains}) if contains else None
        try:
            n = max(1, min(n, self.count()))
            res = self.col.query(query_embeddings=[embedding.tolist()], n_results=n, where=where or None,
                                 where_document=where_document, include=["distances"])
        except Exception as exc:  # noqa: BLE001 - a server that went away fails in httpx's or chroma's types
            if not self.server:
                raise
            raise StoreError(f"the Chroma server stopped answering ({type(exc).__name__}: {str(exc)[:160]}); "
                             "check that `chroma run` is still up") from None
        ids = res["ids"][0] if res["ids"] else []
        dists = res["distances"][0] if res.get("distances") else [1.0] * len(ids)
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, dists, strict=True)]  # cosine similarity

    def iter_all(self, batch: int = 2000):
        """(ids, embeddings, metadatas, documents) in batches: used to clone a generation on a server."""
        offset = 0
        while True:
            res = self.col.get(include=["embeddings", "metadatas", "documents"], limit=batch, offset=offset)
            if not res["ids"]:
                return
            yield res["ids"], np.asarray(res["embeddings"], dtype=np.float32), res["metadatas"], res["documents"]
            offset += len(res["ids"])


def _server_client(settings):
    import chromadb

    try:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=_settings())
    except Exception as exc:  # noqa: BLE001 - connection errors come in many types
        raise StoreError(f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} "
                         f"({exc}); start it with `chroma run --host {settings.chroma_host} "
                         f"--port {settings.chroma_port} --path DIR` or unset INFRASCOPE_CHROMA_HOST") from None


def collection_name(generation: str) -> str:
    return f"infrascope-{generation}"


def open_store(settings, generation: str, gen_dir: Path, create: bool = False) -> VectorStore:
    """Open (or create) the vector store of one generation."""
    meta = {"hnsw:space": "cosine"}
    if settings.chroma_host:
        client = _server_client(settings)
        name = collection_name(generation)
        col = (client.get_or_create_collection(name, embedding_function=None, metadata=meta) if create
               else client.get_collection(name, embedding_function=None))
        _set_search_breadth(col, settings.retrieval.hnsw_ef_search)
        return VectorStore(client, col, server=True, name=name)
    import chromadb

    path = gen_dir / "chroma"
    if not create and not path.exists():
        raise StoreError(f"the vector store of generation {generation} is missing ({path})")
    client = chromadb.PersistentClient(path=str(path), settings=_settings())
    col = (client.get_or_create_collection(COLLECTION, embedding_function=None, metadata=meta) if create
           else client.get_collection(COLLECTION, embedding_function=None))
    _set_search_breadth(col, settings.retrieval.hnsw_ef_search)
    return VectorStore(client, col, server=False, name=str(path))


def _set_search_breadth(col, ef_search: int) -> None:
    """Search the HNSW graph as broadly as the settings ask: a collection keeps the breadth it was given,
    and indexes built before this setting have Chroma's narrower default."""
    hnsw = (getattr(col, "configuration", None) or {}).get("hnsw") or {}
    if hnsw.get("ef_search") != ef_search:
        try:
            col.modify(configuration={"hnsw": {"ef_search": ef_search}})
        except Exception as exc:  # noqa: BLE001 - a read-only index still answers, at the stored breadth
            log.warning("could not set the vector search breadth to %s (%s); searching at %s",
                        ef_search, exc, hnsw.get("ef_search"))


def clone_store(settings, src_gen: str, src_dir: Path, dst_gen: str, dst_dir: Path) -> VectorStore:
    """Copy-on-write: the next generation starts as a copy of the current one."""
    if settings.chroma_host:
        src = open_store(settings, src_gen, src_dir)
        dst = open_store(settings, dst_gen, dst_dir, create=True)
        for ids, embs, metas, docs in src.iter_all():
            dst.add(ids, embs, metas, docs)
        return dst
    shutil.copytree(src_dir / "chroma", dst_dir / "chroma")
    return open_store(settings, dst_gen, dst_dir)


def drop_store(settings, generation: str) -> None:
    """Delete a generation's collection on a server (embedded stores go with their folder)."""
    if settings.chroma_host:
        client = _server_client(settings)
        try:
            client.delete_collection(collection_name(generation))
        except Exception:  # noqa: BLE001 - already gone is fine
            pass


def release(store: VectorStore | None) -> None:
    """Free an embedded client's memory once its generation is no longer current."""
    if store is None or store.server:
        return
    from chromadb.api.client import SharedSystemClient

    system = SharedSystemClient._identifier_to_system.pop(store.name, None)  # noqa: SLF001
    if system is not None:
        try:
            system.stop()
        except Exception:  # noqa: BLE001
            pass
