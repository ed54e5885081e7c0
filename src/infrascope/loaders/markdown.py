"""Markdown: YAML front matter becomes metadata (title, date, source_url); the body is kept as text
with its tables intact (the chunker keeps a table's header row with every slice of it)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..types import DocMeta, LoadedDocument, Page
from .text import title_from_filename
from .textutil import clean_text, decode_utf8

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(\n|\Z)", re.S)
_H1 = re.compile(r"^#\s+(.+)$", re.M)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # keep the link text, drop the URL
_EMPH = re.compile(r"(\*\*|__)(.+?)\1")


def split_front_matter(text: str) -> tuple[dict, str]:
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1)) or {}
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        # malformed front matter (bad YAML, or a date like 2025-13-45): the whole file is body, not a failure
        return {}, text
    return (data if isinstance(data, dict) else {}), text[m.end():]


def _iso(value) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def markdown_to_text(body: str) -> str:
    body = _LINK.sub(r"\1", body)
    body = _EMPH.sub(r"\2", body)
    return clean_text(body)


def load_markdown(abs_path: Path, rel_path: str) -> LoadedDocument:
    raw = decode_utf8(abs_path.read_bytes())
    front, body = split_front_matter(raw)
    h1 = _H1.search(body)
    title = str(front.get("title") or (h1.group(1).strip() if h1 else "") or title_from_filename(abs_path))
    meta = DocMeta(
        path=rel_path,
        title=title,
        file_type="markdown",
        doc_date=_iso(front.get("date")),
        source_url=str(front["source_url"]) if front.get("source_url") else None,
    )
    return LoadedDocument(meta=meta, pages=[Page(text=markdown_to_text(body), page=None, page_label=None)])
