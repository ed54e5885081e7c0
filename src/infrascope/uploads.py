"""Safe uploads into the corpus folder: what the Library tab's upload button may write, and where.

Browser-supplied names and bytes are untrusted. A file is accepted only if its name is a plain file
name (no folders, no `..`, not absolute, not hidden), its extension is one the loaders read, its size is
within the limit and its first bytes agree with the extension (a `.pdf` starts with `%PDF-`; text
formats hold no NUL bytes and are no known binary format). Accepted files are copied into one
subfolder of the corpus (`uploads/` by default) through a temporary file and an atomic rename, and the
final path is checked to resolve inside the corpus, so a symlinked folder cannot redirect the write.
Archives are refused outright: unpacking them is where path traversal usually hides.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .corpus_scan import sha256_file
from .loaders import EXTENSIONS

MAX_FILES = 20
MAX_NAME_CHARS = 120
UPLOAD_FOLDER = "uploads"
_ARCHIVES = {".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar"}
# Magic numbers of formats that must never pass as text (the first bytes decide, not the name).
_BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"MZ",
                 b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"\xd0\xcf\x11\xe0")
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


class UploadError(ValueError):
    """A file (or a whole batch) that must not be written, with the reason a user can act on."""


@dataclass
class UploadPolicy:
    max_bytes: int = 64 * 1024 * 1024
    max_files: int = MAX_FILES
    folder: str = UPLOAD_FOLDER  # inside the corpus; the only place uploads land

    @classmethod
    def from_settings(cls, settings) -> UploadPolicy:
        # the indexer skips files above max_file_mb, so accepting bigger uploads would only confuse
        return cls(max_bytes=int(settings.max_file_mb * 1024 * 1024))


@dataclass
class UploadResult:
    saved: list[str] = field(default_factory=list)  # corpus-relative paths written
    unchanged: list[str] = field(default_factory=list)  # identical bytes already in the corpus
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name as given, reason)

    @property
    def anything_new(self) -> bool:
        return bool(self.saved)


def safe_name(name: str) -> str:
    """The file name to store for a browser-supplied `name`; raises UploadError for unsafe names."""
    if not isinstance(name, str) or not name.strip():
        raise UploadError("the file has no name")
    if "\x00" in name:
        raise UploadError("the name contains a NUL byte")
    raw = name.strip()
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw):
        raise UploadError("absolute paths are not accepted; upload the file itself")
    if "/" in raw or "\\" in raw:
        raise UploadError("names with folders (or '..') are not accepted; upload the file itself")
    if raw in (".", "..") or raw.startswith("."):
        raise UploadError("hidden files (names starting with '.') are not accepted")
    stem, dot, ext = unicodedata.normalize("NFKD", raw).rpartition(".")
    if not dot:
        raise UploadError("the name has no extension; supported: " + _supported())
    ext = "." + ext.lower()
    if ext in _ARCHIVES:
        raise UploadError("archives are not accepted; unpack them and upload the documents")
    if ext not in EXTENSIONS:
        raise UploadError(f"unsupported file type '{ext}'; supported: {_supported()}")
    # ASCII-only names: portable across file systems and unambiguous in citations
    clean = _UNSAFE_CHARS.sub("_", stem.encode("ascii", "ignore").decode()).strip("._-")
    clean = re.sub(r"_{2,}", "_", clean)[: MAX_NAME_CHARS - len(ext)] or "upload"
    return clean + ext


def check_content(head: bytes, ext: str) -> None:
    """Does the file start the way its extension promises? `head` is its first few KB."""
    ext = ext.lower()
    if EXTENSIONS.get(ext) == "pdf":
        if not head.startswith(b"%PDF-"):
            raise UploadError("the file is named .pdf but is not a PDF (it does not start with %PDF-)")
        return
    if any(head.startswith(m) for m in _BINARY_MAGIC):
        raise UploadError(f"the file is named {ext} but its content is a binary format")
    if b"\x00" in head:
        raise UploadError(f"the file is named {ext} but holds binary data (NUL bytes)")


def _supported() -> str:
    return " ".join(sorted(EXTENSIONS))


def _destination(folder: Path, name: str, digest: str) -> tuple[Path, bool]:
    """Where `name` goes: itself, or name-2.ext, ... when a different file already has that name.
    Returns (path, already_there) where already_there means identical bytes are stored there."""
    stem, ext = os.path.splitext(name)
    for i in range(1, 1000):
        candidate = folder / (name if i == 1 else f"{stem}-{i}{ext}")
        if not candidate.exists():
            return candidate, False
        if candidate.is_file() and sha256_file(candidate) == digest:
            return candidate, True
    raise UploadError("too many files with this name already")


def save_uploads(files: list[tuple[str, str | Path]], corpus_dir: Path,
                 policy: UploadPolicy | None = None) -> UploadResult:
    """Copy uploaded files (browser name, temporary path) into corpus/<policy.folder>/.

    Each file is judged on its own (one bad file does not block the others), except that a batch over
    `max_files` is refused whole: a user dropping a folder by mistake should not fill the corpus.
    """
    policy = policy or UploadPolicy()
    result = UploadResult()
    if len(files) > policy.max_files:
        raise UploadError(f"{len(files)} files at once; upload at most {policy.max_files} per batch")
    root = Path(corpus_dir).resolve()
    if not root.is_dir():
        raise UploadError(f"the corpus folder {corpus_dir} does not exist")
    folder = (root / policy.folder).resolve()
    if not folder.is_relative_to(root) or folder == root:
        raise UploadError(f"the upload folder '{policy.folder}' is outside the corpus")
    for given, src in files:
        try:
            rel = _save_one(given, Path(src), root, folder, policy, result)
        except UploadError as exc:
            result.refused.append((str(given), str(exc)))
            continue
        except OSError as exc:
            result.refused.append((str(given), f"could not be saved ({exc.strerror or exc})"))
            continue
        if rel is not None:
            result.saved.append(rel)
    return result


def _save_one(given: str, src: Path, root: Path, folder: Path, policy: UploadPolicy,
              result: UploadResult) -> str | None:
    name = safe_name(given)
    size = src.stat().st_size
    if size == 0:
        raise UploadError("the file is empty")
    if size > policy.max_bytes:
        raise UploadError(f"the file is {size / 1e6:.1f} MB; the limit is {policy.max_bytes / 1e6:.0f} MB")
    with open(src, "rb") as fh:
        check_content(fh.read(8192), os.path.splitext(name)[1])
    folder.mkdir(parents=True, exist_ok=True)
    if not folder.resolve().is_relative_to(root):  # created concurrently as a symlink?
        raise UploadError("the upload folder resolves outside the corpus")
    digest = sha256_file(src)
    dest, already = _destination(folder, name, digest)
    rel = dest.relative_to(root).as_posix()
    if already:
        result.unchanged.append(rel)
        return None
    # temp file in the same folder so the final rename is atomic: the indexer never sees half a file
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if not dest.resolve().is_relative_to(root):
        dest.unlink(missing_ok=True)
        raise UploadError("the destination resolves outside the corpus")
    return rel
