"""The incremental build: hash the corpus, diff it against the current generation's manifest, and
write a new generation with only the new, changed and removed files applied.

Safe to interrupt: everything is written into a staging generation that becomes current with one
atomic rename; a killed build leaves the previous generation answering, and the next run redoes the
diff (embeddings already computed come back from the cache). One build at a time (a lock).
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .chunking import chunk_page
from .corpus_scan import CorpusFile, scan_corpus, sha256_file
from .generations import IndexError_, IndexLayout, write_manifest
from .lexical import ChunkTable
from .loaders import LoadError, load_document, reader_version
from .store import clone_store, drop_store, open_store, release
from .types import Chunk, DocMeta, FileProblem, IndexReport

EMBED_BATCH = 256  # chunks embedded and written per step: bounds memory, keeps the bar moving
ProgressFn = Callable[[int, int, str], None]


def _diff(files: list[CorpusFile], old: dict[str, Any], old_failed: dict[str, Any], max_bytes: int):
    added, changed, unchanged, retry = [], [], [], []
    for f in files:
        prev = old.get(f.rel)
        if prev is None:
            failed_before = old_failed.get(f.rel)
            if failed_before and failed_before.get("sha256") == f.sha256 and \
                    failed_before.get("max_bytes") == max_bytes and \
                    failed_before.get("reader", 1) == reader_version(f.abs):
                retry.append(f)  # same bytes failed last time: keep the failure, do not re-parse
            else:
                added.append(f)
        elif prev["sha256"] != f.sha256 or prev.get("reader", 1) != reader_version(f.abs):
            changed.append(f)  # new bytes, or read differently since (a newer reader for its type)
        else:
            unchanged.append(f)
    present = {f.rel for f in files}
    removed = sorted(p for p in old if p not in present)
    return added, changed, unchanged, removed, retry


def _load_chunks(f: CorpusFile, settings, count_tokens) -> tuple[DocMeta, int, list[Chunk]]:
    doc = load_document(f.abs, f.rel)
    chunks: list[Chunk] = []
    for page in doc.pages:
        chunks.extend(chunk_page(doc.meta, page, settings.chunking.max_tokens,
                                 settings.chunking.overlap_tokens, count_tokens))
    if not chunks:
        raise LoadError("no text")
    return doc.meta, len(doc.pages), chunks


def _write_failure(exc: BaseException, root: Path) -> IndexError_ | None:
    """A failed write (disk full, I/O error; from shutil, SQLite or Chroma, each in its own words) as
    one readable error; None for anything else. The staging generation is already gone."""
    text = str(exc)
    untouched = "the previous index is untouched and still answers"
    if getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in text or "disk is full" in text:
        return IndexError_(f"the disk holding {root} is full (no space left on device); free some space and "
                           f"run `infrascope index` again; {untouched}")
    if isinstance(exc, (OSError, sqlite3.Error)) or type(exc).__module__.startswith("chromadb"):
        return IndexError_(f"writing the new index in {root} failed ({type(exc).__name__}: {text[:200]}); "
                           f"{untouched}")
    return None


def build_index(settings, embedder=None, *, rebuild: bool = False, wait: bool = False,
                progress: bool = True, on_progress: ProgressFn | None = None,
                log: Callable[[str], None] | None = None) -> IndexReport:
    """Bring the index in `settings.index_dir` up to date with `settings.corpus_dir`."""
    started = time.perf_counter()
    say = log or (lambda msg: print(msg, file=sys.stderr))
    layout = IndexLayout(settings.index_dir)
    report = IndexReport()
    with layout.build_lock(wait=wait):
        for dead in layout.collect_garbage():  # a killed build's staging: on a server, its collection too
            drop_store(settings, dead)
        try:
            current = layout.current()
        except IndexError_:
            if not rebuild:
                raise
            current = None
        fingerprint = settings.fingerprint()
        if current and not rebuild and current.manifest.get("fingerprint") != fingerprint:
            report.rebuilt_because = (f"settings changed ({current.manifest.get('fingerprint_settings')} -> "
                                      f"{settings.fingerprint_description()}): rebuilding the whole index")
            say(report.rebuilt_because)
            rebuild = True
        elif rebuild:
            report.rebuilt_because = "--rebuild"
        base = None if rebuild else current
        old_files: dict[str, Any] = base.manifest["files"] if base else {}
        old_failed: dict[str, Any] = base.manifest.get("failed", {}) if base else {}

        files, skipped = scan_corpus(settings.corpus_dir)
        report.skipped = skipped
        max_bytes = int(settings.max_file_mb * 1024 * 1024)
        for f in files:
            f.sha256 = sha256_file(f.abs)
        added, changed, unchanged, removed, retry = _diff(files, old_files, old_failed, max_bytes)
        report.added = [f.rel for f in added]
        report.changed = [f.rel for f in changed]
        report.unchanged = [f.rel for f in unchanged]
        report.removed = removed
        report.failed = [FileProblem(f.rel, old_failed[f.rel]["reason"]) for f in retry]
        todo = added + changed

        if base is not None and not todo and not removed:
            report.total_chunks = base.manifest.get("total_chunks", 0)
            report.generation = base.name
            report.seconds = time.perf_counter() - started
            return report

        name, staging = layout.new_staging()
        if embedder is None:
            from .embedding import make_embedder

            embedder = make_embedder(settings)
        store = table = None
        try:
            if base is not None:
                shutil.copy2(base.path / "chunks.sqlite", staging / "chunks.sqlite")
                store = clone_store(settings, base.name, base.path, name, staging)
            else:
                store = open_store(settings, name, staging, create=True)
            table = ChunkTable(staging / "chunks.sqlite")

            stale = [cid for rel in report.changed + removed for cid in old_files[rel]["chunk_ids"]]
            if stale:
                store.delete(stale)
                report.chunks_removed = table.delete(stale)

            files_meta = {rel: old_files[rel] for rel in report.unchanged}
            failed_meta = {f.rel: old_failed[f.rel] for f in retry}
            pending: list[tuple[Chunk, DocMeta]] = []

            def flush() -> None:
                if not pending:
                    return
                vectors = embedder.embed([c.embed_text for c, _ in pending])
                metas = [c.metadata(m) for c, m in pending]
                store.add([c.chunk_id for c, _ in pending], vectors, metas, [c.text for c, _ in pending])
                table.add([{**md, "chunk_id": c.chunk_id, "text": c.text} for (c, _), md in
                           zip(pending, metas, strict=True)])
                report.chunks_added += len(pending)
                pending.clear()

            bar = tqdm(total=len(todo), unit="file", desc="indexing", disable=not progress, file=sys.stderr,
                       dynamic_ncols=True)
            for i, f in enumerate(todo):
                bar.set_postfix_str(f.rel[-40:], refresh=False)
                if on_progress:
                    on_progress(i, len(todo), f.rel)
                try:
                    if f.size > max_bytes:
                        raise LoadError(f"file is {f.size / 1e6:.1f} MB, over the {settings.max_file_mb:g} MB limit "
                                        "(INFRASCOPE_MAX_FILE_MB)")
                    meta, n_pages, chunks = _load_chunks(f, settings, embedder.count_tokens)
                except Exception as exc:  # noqa: BLE001 - one bad file must not stop the build
                    reason = str(exc) if isinstance(exc, LoadError) else \
                        f"could not be read ({type(exc).__name__}: {str(exc)[:200]})"
                    report.failed.append(FileProblem(f.rel, reason))
                    failed_meta[f.rel] = {"reason": reason, "sha256": f.sha256, "max_bytes": max_bytes,
                                          "reader": reader_version(f.abs)}
                    bar.update(1)
                    continue
                report.pages_parsed += n_pages
                pending.extend((c, meta) for c in chunks)
                if len(pending) >= EMBED_BATCH:
                    flush()
                files_meta[f.rel] = {**asdict(meta), "sha256": f.sha256, "reader": reader_version(f.abs),
                                     "size": f.size, "pages": n_pages,
                                     "chunk_ids": [c.chunk_id for c in chunks]}
                bar.update(1)
            flush()
            bar.close()
            if on_progress:
                on_progress(len(todo), len(todo), "")

            report.total_chunks = table.count()
            if store.count() != report.total_chunks:
                raise IndexError_(f"internal check failed: {store.count()} vectors but {report.total_chunks} "
                                  "chunks; the previous index is untouched, please report this")
            manifest = {
                "fingerprint": fingerprint,
                "fingerprint_settings": settings.fingerprint_description(),
                "embedder": embedder.name,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "generation": name,
                "files": files_meta,
                "failed": failed_meta,
                "skipped": [asdict(s) for s in skipped],
                "total_chunks": report.total_chunks,
                "store": "server" if settings.chroma_host else "embedded",
            }
            table.close()
            table = None
            release(store)
            write_manifest(staging, manifest)
            layout.publish(name, staging)
        except BaseException as exc:
            if table is not None:
                table.close()
            release(store)
            shutil.rmtree(staging, ignore_errors=True)
            drop_store(settings, name)
            failure = _write_failure(exc, layout.root)
            if failure is not None:
                raise failure from None
            raise
        for old in layout.collect_garbage():
            drop_store(settings, old)
        report.generation = name
    report.seconds = time.perf_counter() - started
    return report
