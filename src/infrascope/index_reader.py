"""Read side of the index: resolves the current generation on every query and reopens when a build
has switched it, so a long-running app answers from the newest complete index without a restart."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from .generations import Generation, IndexLayout
from .lexical import ChunkTable
from .store import StoreError, VectorStore, open_store, release


@dataclass
class OpenGeneration:
    gen: Generation
    store: VectorStore
    table: ChunkTable

    @property
    def name(self) -> str:
        return self.gen.name

    @property
    def files(self) -> dict[str, Any]:
        return self.gen.manifest["files"]


class IndexReader:
    def __init__(self, settings) -> None:
        self.settings = settings
        self.layout = IndexLayout(settings.index_dir)
        self._lock = threading.Lock()
        self._open: OpenGeneration | None = None
        self._retired: list[OpenGeneration] = []

    def current(self) -> OpenGeneration:
        """The newest published generation (raises NoIndex / IndexError_ with the fix in the message)."""
        name = self.layout.current_name()
        with self._lock:
            if self._open is not None and self._open.name == name:
                return self._open
            gen = self.layout.require_current()
            fingerprint = self.settings.fingerprint()
            if gen.manifest.get("fingerprint") != fingerprint:
                from .generations import IndexError_

                raise IndexError_(
                    f"the index in {self.layout.root} was built with different settings "
                    f"({gen.manifest.get('fingerprint_settings')}) than these "
                    f"({self.settings.fingerprint_description()}); run `infrascope index` to rebuild it")
            opened = self._open_generation(gen)
            # Keep the previous generation alive for queries still running on it; free older ones.
            if self._open is not None:
                self._retired.append(self._open)
            while len(self._retired) > 1:
                old = self._retired.pop(0)
                old.table.close()
                release(old.store)
            self._open = opened
            return opened

    def _open_generation(self, gen: Generation) -> OpenGeneration:
        table_path = gen.path / "chunks.sqlite"
        table = None
        try:
            if not table_path.exists():
                # With a shared Chroma server the chunk table can be derived from the collection.
                from .lexical import rebuild_table_from_store

                rebuild_table_from_store(open_store(self.settings, gen.name, gen.path), table_path)
            table = ChunkTable(table_path, readonly=True)
            table.db.execute("SELECT chunk_id FROM chunks LIMIT 1").fetchall()  # a corrupt file fails here
            return OpenGeneration(gen, open_store(self.settings, gen.name, gen.path), table)
        except StoreError as exc:
            if self.settings.chroma_host:
                raise  # an unreachable server: its message says how to start it; a rebuild would not help
            problem = str(exc)
        except Exception as exc:  # noqa: BLE001 - SQLite and Chroma report damage in many types
            problem = f"{type(exc).__name__}: {str(exc)[:200]}"
        if table is not None:
            table.close()
        from .generations import IndexError_

        raise IndexError_(f"generation {gen.name} in {self.layout.root} cannot be read ({problem}); "
                          "run `infrascope index --rebuild`")

    def close(self) -> None:
        with self._lock:
            for og in [*self._retired, *([self._open] if self._open else [])]:
                og.table.close()
                release(og.store)
            self._retired.clear()
            self._open = None
