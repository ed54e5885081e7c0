"""Plain text: strict UTF-8, title from the file name (or a first short line)."""

from __future__ import annotations

from pathlib import Path

from ..types import DocMeta, LoadedDocument, Page
from .textutil import clean_text, decode_utf8


def title_from_filename(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ").strip() or path.name


def load_text(abs_path: Path, rel_path: str) -> LoadedDocument:
    text = clean_text(decode_utf8(abs_path.read_bytes()))
    first = text.split("\n", 1)[0].strip()
    title = first if 0 < len(first) <= 120 and not first.endswith(".") else title_from_filename(abs_path)
    meta = DocMeta(path=rel_path, title=title, file_type="text")
    return LoadedDocument(meta=meta, pages=[Page(text=text, page=None, page_label=None)])
