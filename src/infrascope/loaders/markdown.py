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
# inline HTML (figures, captions, underlines): an image, with its base64 payload, is dropped whole; other
# tags go and their text stays
_HTML_IMAGE = re.compile(r"<img\b[^>]*>|<!--.*?-->", re.I | re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>", re.S)
# a line that starts a block of its own (heading, list item, table row, quote, HTML, rule): never joined
# to the line above it
_BLOCK_START = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|#|\||>|<[/!?A-Za-z]|[=-]{3,}\s*$|```|~~~)")


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


def reflow(body: str) -> str:
    """Join the lines of a paragraph, as Markdown renders them: a release wrapped at 72 columns with each
    link on a line of its own ("Today, the Trump Administration / [announced](...) / a $200 billion
    investment ...") would otherwise reach the chunker as one-word "headings" and broken sentences. Blank
    lines, block starts, hard breaks (two trailing spaces), tables and code fences keep their lines."""
    lines: list[str] = []
    in_fence = False
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        joinable = (not in_fence and stripped and not _BLOCK_START.match(line) and lines
                    and lines[-1].strip() and not lines[-1].endswith("  ")
                    and not lines[-1].lstrip().startswith(("|", "#", "<", "```", "~~~")))
        if joinable:
            lines[-1] = f"{lines[-1].rstrip()} {stripped}"
        else:
            lines.append(line)
    return "\n".join(lines)


def markdown_to_text(body: str) -> str:
    body = _HTML_TAG.sub("", _HTML_IMAGE.sub("", body))
    body = reflow(body)
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
