"""HTML: the readable text of the page and its title, without scripts, styles or navigation chrome.

Prefers <article>/<main> when the page has one; otherwise the body minus nav/header/footer/aside.
Block elements end lines, so paragraphs and table rows stay separate for the chunker.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from ..types import DocMeta, LoadedDocument, Page
from .text import title_from_filename
from .textutil import clean_text, decode_utf8

_DROP = ["script", "style", "noscript", "template", "svg", "iframe", "form", "button", "nav", "header",
         "footer", "aside"]
_BLOCKS = ["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section", "article",
           "table", "blockquote", "pre", "dd", "dt"]


def load_html(abs_path: Path, rel_path: str) -> LoadedDocument:
    soup = BeautifulSoup(decode_utf8(abs_path.read_bytes(), "HTML"), "html.parser")
    title_tag = soup.find("title")
    h1 = soup.find("h1")
    title = (title_tag.get_text(" ", strip=True) if title_tag else "") or (
        h1.get_text(" ", strip=True) if h1 else "") or title_from_filename(abs_path)
    date = None
    for attrs in ({"property": "article:published_time"}, {"name": "date"}, {"itemprop": "datePublished"}):
        tag = soup.find("meta", attrs=attrs)
        if tag and tag.get("content", "")[:10].count("-") == 2:
            date = tag["content"][:10]
            break
    if date is None and (t := soup.find("time")) and (t.get("datetime") or "")[:10].count("-") == 2:
        date = t["datetime"][:10]
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for tag in root.find_all(_DROP):
        tag.decompose()
    for cell in root.find_all(["td", "th"]):
        cell.append(" ")
    for block in root.find_all(_BLOCKS):
        block.append("\n")
    text = clean_text(root.get_text(""))
    meta = DocMeta(path=rel_path, title=title, file_type="html", doc_date=date)
    return LoadedDocument(meta=meta, pages=[Page(text=text, page=None, page_label=None)])
