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
# a backslash escape, as rendered: "\(d\) “Qualifying Project” means" reads "(d) “Qualifying Project” means"
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
# inline HTML (figures, captions, underlines): an image, with its base64 payload, is dropped whole; the
# other tags of HTML (a known tag name, on one line) go and their text stays, set apart from its
# neighbours ("Revenue<br>2023" is two words); autolinks (<https://...>) and "x<y" are not tags
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_BLOCK_TAGS = ("p|div|tr|li|ul|ol|table|thead|tbody|h[1-6]|figure|figcaption|section|article|header|footer|"
               "blockquote|hr|dl|dt|dd|caption|source|picture|video|iframe|center|details|summary|pre")
_HTML_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^<>\n]*>", re.I)  # -> a new line
_HTML_SPACE_TAG = re.compile(r"</?(?:br|wbr|td|th)\b[^<>\n]*>", re.I)  # -> a space (a cell, a break)
# -> nothing, as rendered: "<strong>Example Gazette</strong>:" reads "Example Gazette:"
_HTML_FORMAT_TAG = re.compile(r"</?(?:a|abbr|b|i|u|s|em|strong|span|small|mark|sup|sub|del|ins|code|font|cite|q|"
                              r"time)\b[^<>\n]*>", re.I)
# a line that starts a block of its own (heading, list item, table row, quote, HTML, fence): never joined
# to the line above it
_BLOCK_START = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|#|\||>|<[/!?A-Za-z]|```|~~~)")
# a line that stands alone: a rule or setext underline ("---", "==", "***"), a table separator
_RULE = re.compile(r"^\s*([-=*_]\s*){2,}$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*([|+ ]\s*:?-{2,}:?\s*)+\|?\s*$")


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
    investment ...") would otherwise reach the chunker as one-word "headings" and broken sentences.
    Tables (any line with a pipe, or a separator line), code (fenced or indented), rules, block starts
    and hard breaks (two trailing spaces) keep their lines."""
    out: list[str] = []
    in_fence = False
    paragraph: list[str] = []

    def flush() -> None:
        if not paragraph:
            return
        if any("|" in line or _TABLE_SEPARATOR.match(line) for line in paragraph) or \
                paragraph[0].startswith(("    ", "\t")):
            out.extend(paragraph)  # a table, or an indented code block: line by line
        else:
            current: list[str] = []  # the parts of the line being joined (joined once: linear time)
            for line in paragraph:
                if current and not _BLOCK_START.match(line) and not _RULE.match(line) \
                        and not current[-1].endswith("  ") and not current[0].lstrip().startswith(("#", "<")):
                    current.append(line.lstrip())  # (its trailing spaces may be a hard break)
                    continue
                if current:
                    out.append(" ".join(current))
                current = [line]
                if _RULE.match(line):  # a rule stands alone: nothing joins it
                    out.append(line)
                    current = []
            if current:
                out.append(" ".join(current))
        paragraph.clear()

    for line in body.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            out.append(line)
        elif in_fence:
            out.append(line)
        elif not line.strip():
            flush()
            out.append(line)
        else:
            paragraph.append(line)
    flush()
    return "\n".join(out)


def _drop_comments(text: str) -> str:
    """HTML comments out, in one pass (a regex scanning for "-->" from every "<!--" is quadratic on a file
    of unclosed ones); an unclosed comment runs to the end, as a browser reads it."""
    parts, at = [], 0
    while (start := text.find("<!--", at)) >= 0:
        parts.append(text[at:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(parts)
        at = end + 3
    parts.append(text[at:])
    return "".join(parts)


def markdown_to_text(body: str) -> str:
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    body = _HTML_IMAGE.sub(" ", _drop_comments(body))
    body = _HTML_FORMAT_TAG.sub("", _HTML_SPACE_TAG.sub(" ", _HTML_BLOCK_TAG.sub("\n", body)))
    body = reflow(body)
    body = _LINK.sub(r"\1", body)
    body = _EMPH.sub(r"\2", body)
    body = _ESCAPED.sub(r"\1", body)  # last: "\*" is a literal star, never emphasis
    return clean_text(body)


def load_markdown(abs_path: Path, rel_path: str) -> LoadedDocument:
    # Windows line endings: the front matter and the paragraphs are found by their newlines
    raw = decode_utf8(abs_path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
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
