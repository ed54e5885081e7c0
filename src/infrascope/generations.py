"""The index folder's layout, its atomic pointer and its build lock.

    index/
      CURRENT               name of the generation queries use (replaced atomically)
      .build.lock           flock held by the one build allowed at a time
      gen/<name>/           a generation: chroma/ (embedded), chunks.sqlite, manifest.json
      gen/<name>.staging/   a build in progress; never read; removed if a build died

A build writes a new generation beside the current one and then switches CURRENT with os.replace,
so a reader (another process, the app) sees either the old state or the new one, never a half-built
index; a build killed at any point leaves only a staging folder that the next build removes.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_VERSION = 1


class IndexError_(RuntimeError):
    """A problem with the index folder, with the fix in its message."""


class IndexBusy(IndexError_):
    pass


class NoIndex(IndexError_):
    pass


@dataclass
class Generation:
    name: str
    path: Path
    manifest: dict[str, Any]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


class IndexLayout:
    def __init__(self, index_dir: Path) -> None:
        self.root = Path(index_dir)
        self.gens = self.root / "gen"

    def current_name(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexError_(f"cannot read {self.root / 'CURRENT'} ({exc}); "
                              "run `infrascope index --rebuild`") from None
        if not name or "/" in name or not (self.gens / name).is_dir():
            raise IndexError_(f"the index in {self.root} points at a generation that is missing ('{name}'); "
                              "run `infrascope index --rebuild`")
        return name

    def current(self) -> Generation | None:
        name = self.current_name()
        if name is None:
            return None
        return Generation(name, self.gens / name, read_manifest(self.gens / name / "manifest.json"))

    def require_current(self) -> Generation:
        gen = self.current()
        if gen is None:
            raise NoIndex(f"no index in {self.root} yet; build it with `infrascope index` "
                          f"(or `make run`)")
        return gen

    def new_staging(self) -> tuple[str, Path]:
        self.gens.mkdir(parents=True, exist_ok=True)
        name = f"g{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{int(time.time() * 1000) % 100000:05d}"
        path = self.gens / f"{name}.staging"
        path.mkdir()
        return name, path

    def publish(self, name: str, staging: Path) -> Path:
        final = self.gens / name
        os.replace(staging, final)
        _fsync_dir(self.gens)
        write_atomic(self.root / "CURRENT", name + "\n")
        return final

    def collect_garbage(self, keep: int = 2) -> list[str]:
        """Remove staging leftovers and all but the newest `keep` published generations (the previous
        one stays for readers that resolved the pointer just before the switch). Call under the lock."""
        if not self.gens.is_dir():
            return []
        try:
            current = self.current_name()
        except IndexError_:
            current = None  # a broken pointer: keep the newest generations, a --rebuild replaces them
        published = sorted((p for p in self.gens.iterdir() if p.is_dir() and not p.name.endswith(".staging")),
                           key=lambda p: p.name)
        keepers = {p.name for p in published[-keep:]} | ({current} if current else set())
        removed = []
        for p in self.gens.iterdir():
            if p.is_dir() and p.name not in keepers:
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p.name.removesuffix(".staging"))
        return removed

    @contextmanager
    def build_lock(self, wait: bool = False):
        self.root.mkdir(parents=True, exist_ok=True)
        fh = open(self.root / ".build.lock", "a+")
        try:
            flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
            try:
                fcntl.flock(fh, flags)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                raise IndexBusy(f"another `infrascope index` ({holder}) is building {self.root}; "
                                "wait for it to finish, or run with --wait") from None
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}")
            fh.flush()
            yield
        finally:
            fh.close()  # closing releases the flock, also when the process is killed


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexError_(f"the index manifest {path} is missing; run `infrascope index --rebuild`") from None
    except (OSError, ValueError) as exc:
        raise IndexError_(f"the index manifest {path} is corrupt ({exc}); "
                          "run `infrascope index --rebuild`") from None
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or "files" not in data:
        raise IndexError_(f"the index manifest {path} is from an incompatible version of infrascope; "
                          "run `infrascope index --rebuild`")
    return data


def write_manifest(gen_dir: Path, manifest: dict[str, Any]) -> None:
    manifest["version"] = MANIFEST_VERSION
    write_atomic(gen_dir / "manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
