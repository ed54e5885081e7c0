"""The reranker's sentence vectors, embedded ahead of the questions.

The reranker scores each candidate passage's sentences and table rows (`rerank.unit_embed_texts`). Those
are the corpus's own text, a bounded set, so their vectors belong in the embedding cache like the
passages' own: `prepare_sentence_vectors` embeds every one the cache lacks, after a build. A question then
embeds only itself and its few variants (warm `ask` median 137 ms against 258 ms unprepared on 2 cores,
bench/RESULTS.md, session 13). It runs
after the build has published its generation, so the index answers meanwhile (a passage not yet prepared
is embedded when a question first needs it, and cached then); interrupting it loses nothing.
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from .embedding import CachedEmbedder
from .generations import IndexLayout
from .lexical import ChunkTable, hit_from_row
from .rerank import unit_embed_texts

BATCH = 1024  # sentences per cache write: keeps the bar moving and an interruption cheap


@dataclass
class SentenceVectorReport:
    sentences: int = 0  # distinct sentences and rows in the index
    embedded: int = 0  # of them, embedded now (the rest were cached)
    seconds: float = 0.0
    skipped: str = ""  # why nothing was done, when nothing was

    def to_dict(self) -> dict:
        return asdict(self)


def _marker(cache_dir: Path, generation: Path, embedder_name: str) -> Path:
    # (one file per generation and model: an unchanged index costs one stat, not a pass over its chunks)
    key = hashlib.sha1(f"{generation.resolve()}|{embedder_name}".encode()).hexdigest()[:16]
    return Path(cache_dir) / "sentence-vectors" / f"{key}.done"


def prepare_sentence_vectors(settings, embedder, progress: bool = False) -> SentenceVectorReport:
    started = time.perf_counter()
    report = SentenceVectorReport()
    if not settings.retrieval.rerank:
        report.skipped = "reranking is off"
        return report
    if not isinstance(embedder, CachedEmbedder):
        report.skipped = "no embedding cache"
        return report
    gen = IndexLayout(settings.index_dir).current()
    if gen is None:
        report.skipped = "no index"
        return report
    marker = _marker(settings.cache_dir, gen.path, embedder.name)
    if marker.exists():
        report.skipped = "already prepared for this index generation"
        return report
    table = ChunkTable(gen.path / "chunks.sqlite", readonly=True)
    try:
        rows = table.fetch(table.all_ids()).values()
    finally:
        table.close()
    # (each passage read as retrieval reads it, so the texts are the ones a question's reranking embeds)
    texts = list(dict.fromkeys(t for row in rows for t in unit_embed_texts(hit_from_row(row, 0.0))))
    report.sentences = len(texts)
    todo = embedder.missing(texts)
    bar = tqdm(total=len(todo), unit="sentence", desc="reranker sentences", disable=not progress or not todo,
               file=sys.stderr, dynamic_ncols=True)
    for i in range(0, len(todo), BATCH):
        part = todo[i:i + BATCH]
        embedder.embed(part)
        report.embedded += len(part)
        bar.update(len(part))
    bar.close()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    report.seconds = time.perf_counter() - started
    return report
