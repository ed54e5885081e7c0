"""What is in the corpus folder: supported files (minus `.infrascopeignore` matches), their hashes,
and what was skipped and why."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pathspec

from .loaders import file_type_for
from .types import FileProblem

IGNORE_FILE = ".infrascopeignore"


@dataclass
class CorpusFile:
    rel: str
    abs: Path
    size: int
    sha256: str = ""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _ignore_spec(root: Path) -> pathspec.PathSpec:
    lines: list[str] = []
    if (root / IGNORE_FILE).is_file():
        lines = (root / IGNORE_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    return pathspec.PathSpec.from_lines("gitwildmatch", lines)


def scan_corpus(root: Path) -> tuple[list[CorpusFile], list[FileProblem]]:
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"corpus folder {root} does not exist; create it or pass --corpus DIR "
                                "(`infrascope corpus fetch` fills it with the default corpus)")
    spec = _ignore_spec(root)
    files: list[CorpusFile] = []
    skipped: list[FileProblem] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue  # hidden files and folders (.git, .infrascopeignore, editor swap files)
        if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
            skipped.append(FileProblem(rel, "symlink pointing outside the corpus"))
            continue
        if not path.is_file():
            continue
        if spec.match_file(rel):
            continue
        if file_type_for(path) is None:
            skipped.append(FileProblem(rel, f"unsupported file type '{path.suffix or '(none)'}'"))
            continue
        files.append(CorpusFile(rel, path, path.stat().st_size))
    return files, skipped
