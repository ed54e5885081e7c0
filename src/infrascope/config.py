"""The one settings object.

Read once at the edge (CLI, app.py, a test fixture) and passed down; no other module reads the
environment. Every field can be set as ``INFRASCOPE_<NAME>`` (nested stages with a double underscore,
e.g. ``INFRASCOPE_CHUNKING__MAX_TOKENS=180``). ``fingerprint()`` hashes exactly the settings that change
what is stored in the index, so a changed model or chunker means a rebuild, never silently mixed vectors.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Bump when loaders or the chunker change what text a chunk holds: it invalidates old indexes.
CHUNKER_VERSION = "4"
EMBED_MODEL_NAME = "all-MiniLM-L6-v2"


def _default_cache_dir() -> Path:
    # The embedding cache outlives any one index folder (deleting index/ must not cost a re-embed).
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "infrascope"


class ChunkingSettings(BaseModel):
    max_tokens: int = Field(200, ge=32, le=250, description="Word-piece tokens per chunk; MiniLM truncates at 256, "
                            "and the title prefix plus special tokens need the rest.")
    overlap_tokens: int = Field(40, ge=0, le=120, description="Tokens of trailing sentences repeated in the next chunk.")


class EmbeddingSettings(BaseModel):
    backend: Literal["torch", "torch-bf16", "onnx", "onnx-int8"] = Field(
        "torch-bf16", description="How all-MiniLM-L6-v2 runs: torch fp32; torch bf16 where the CPU has native "
        "bf16 (AMX/AVX512-BF16; fp32 elsewhere; same vectors to cosine 0.9999); ONNX Runtime fp32; or "
        "ONNX Runtime dynamic int8 (its own vector family: a switch rebuilds the index).")
    batch_size: int = Field(64, ge=1, le=512, description="Texts per forward pass; 64-128 measured ~1.4x "
                            "the CPU-efficiency of 32 in bf16 (bench/RESULTS.md), and batches arrive length-sorted.")
    threads: int | None = Field(None, description="Intra-op threads; default: all cores.")


class RetrievalSettings(BaseModel):
    k: int = Field(10, ge=1, le=100, description="Passages returned to the answerer and shown as sources.")
    dense_candidates: int = Field(40, ge=1, description="First-stage candidates from the vector index.")
    hnsw_ef_search: int = Field(400, ge=10, description="Breadth of the vector index's graph search. Chroma's "
                                "default (100) misses true neighbours (bench/hnsw_recall.py: 73% of questions got "
                                "exactly their 40 nearest chunks, one only 15 of 40) and varies between "
                                "processes; 400 returned exactly the 40 nearest for 98%, at +0.4 ms a query.")
    lexical_candidates: int = Field(40, ge=1, description="First-stage candidates from the BM25 index.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    metadata_boost: float = Field(0.5, ge=0, description="Weight of the company/period match in fusion "
                                  "(in units of a first-place rank).")
    rerank: bool = Field(True, description="Second-stage sentence-level rescoring.")
    rerank_candidates: int = Field(8, ge=1, description="How many fused candidates the reranker rescores; "
                                   "sized to keep `ask` under 250 ms on 2 cores.")
    question_focus: bool = Field(True, description="Set a question's answering instructions and definitions "
                                 "aside for retrieval (\"Answer in USD millions.\"); an LLM still sees them.")
    statement_weight: float = Field(1.0, ge=0, description="Weight in fusion of the statement pages of the "
                                    "filings a question names, when it points at a statement (\"per the "
                                    "balance sheet\").")
    rerank_keep_top: int = Field(3, ge=0, description="The best few of the dense and of the lexical ranking "
                                 "always reach the reranker, whatever their fused rank.")
    clue_candidates: int = Field(3, ge=0, description="When a question names a party by a clue (\"the maker of "
                                 "the A100\") and the passages say who that is, how many passages naming that party "
                                 "join the reranked candidates (0: none).")
    elsewhere_keep_top: int = Field(2, ge=0, description="When a question names a company, the best few passages "
                                   "naming it outside its own filings (a release, an article) always reach the reranker.")


class AnswerSettings(BaseModel):
    mode: Literal["extractive", "openai"] = "extractive"
    refuse_below: float = Field(0.45, description="Refuse when the best evidence sentence scores below this "
                                "(cosine of the question to the sentence, blended with term overlap). "
                                "Chosen on the tuning half of bench/questions/article.jsonl.")
    lexical_floor: float = Field(0.35, ge=0.0, le=1.0, description="A lead sentence sharing fewer than this "
                                 "share of the question's words must score higher than refuse_below ...")
    lexical_margin: float = Field(0.8, ge=0.0, description="... by this much per share of words it falls short "
                                  "(0.8: a lead sharing none must reach refuse_below + 0.28). Chosen on the article "
                                  "questions' development halves, checked on FinanceBench.")
    displaced_margin: float | None = Field(0.15, ge=0.0, description="Refuse when the sentence closest to the "
                                           "question's subject holds nothing of the kind asked (no year for "
                                           "\"when\", no party for \"which regulator\") and the best that does "
                                           "scores more than this below it: it is about something else. None: "
                                           "off. Chosen on the article questions' development set.")
    max_sentences: int = Field(3, ge=1, le=10)
    llm_check: bool = Field(True, description="With an LLM server configured, an extractive answer's lead "
                            "sentence is put to it with the question (yes/no, a few tokens); one it says does "
                            "not answer (another company, product or year) makes the answer a refusal. No LLM "
                            "configured: nothing to check, the answer stands.")


class Settings(BaseSettings):
    """Every knob of infrascope. Defaults need no flags and run fully offline."""

    model_config = SettingsConfigDict(env_prefix="INFRASCOPE_", env_nested_delimiter="__", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="The user's documents (read-only for infrascope).")
    index_dir: Path = Field(Path("index"), description="Generated index: generations, manifest, lexical index.")
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="Embedding cache, exported models.")
    chroma_host: str | None = Field(None, description="Use a Chroma server instead of the embedded store.")
    chroma_port: int = 8000
    max_file_mb: float = Field(64.0, gt=0, description="Files larger than this are skipped and reported.")

    llm_base_url: str | None = Field(None, description="OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1")
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(60.0, gt=0, description="Seconds before an LLM request is abandoned.")

    host: str = "127.0.0.1"
    port: int = 7860
    auth: SecretStr | None = Field(None, description="USER:PASS for the web app.")

    chunking: ChunkingSettings = ChunkingSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()

    def fingerprint(self) -> str:
        """Hash of what changes stored vectors or chunk text (not paths, not query-time knobs)."""
        vector_family = "int8" if self.embedding.backend == "onnx-int8" else "fp32"
        payload = {
            "model": EMBED_MODEL_NAME,
            "vectors": vector_family,
            "chunker": CHUNKER_VERSION,
            "max_tokens": self.chunking.max_tokens,
            "overlap_tokens": self.chunking.overlap_tokens,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]

    def fingerprint_description(self) -> dict:
        return {
            "model": EMBED_MODEL_NAME,
            "backend": self.embedding.backend,
            "chunker": CHUNKER_VERSION,
            "max_tokens": self.chunking.max_tokens,
            "overlap_tokens": self.chunking.overlap_tokens,
        }

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)
