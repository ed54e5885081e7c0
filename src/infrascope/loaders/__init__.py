"""Loaders: one small module per format, each turning a file into a LoadedDocument (pages + metadata).

`load_document` picks the loader by extension and raises `LoadError` with a reason a user can act on;
the indexer reports it by file name and carries on with the rest.
"""

from __future__ import annotations

from pathlib import Path

from ..types import LoadedDocument
from .errors import LoadError
from .filing_meta import enrich_metadata

EXTENSIONS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}


def file_type_for(path: Path) -> str | None:
    return EXTENSIONS.get(path.suffix.lower())


# Raised when a reader's output, or how its documents are chunked, changes: the next build re-reads files
# of that type, unchanged bytes or not (markdown 2: paragraphs are joined as Markdown renders them;
# markdown 3, html 2, text 2: a heading starts a chunk, see chunking.SECTIONED_TYPES; markdown 4:
# backslash escapes are read as the characters they escape; pdf 2: a quarterly report's fiscal quarter
# follows from its period end and its fiscal year's end; markdown 5, html 3, text 3: a title up to 120
# characters is a heading in text written a paragraph a line, see chunking.is_heading).
READER_VERSIONS = {"markdown": 5, "html": 3, "text": 3, "pdf": 2}


def reader_version(path: Path) -> int:
    return READER_VERSIONS.get(file_type_for(path) or "", 1)


def load_document(abs_path: Path, rel_path: str) -> LoadedDocument:
    kind = file_type_for(abs_path)
    if kind is None:
        raise LoadError(f"unsupported file type '{abs_path.suffix}'")
    if abs_path.stat().st_size == 0:
        raise LoadError("empty file")
    if kind == "pdf":
        from .pdf import load_pdf as loader
    elif kind == "html":
        from .html import load_html as loader
    elif kind == "markdown":
        from .markdown import load_markdown as loader
    else:
        from .text import load_text as loader
    doc = loader(abs_path, rel_path)
    if not any(p.text.strip() for p in doc.pages):
        raise LoadError("no text (a scanned or image-only document needs OCR first)" if kind == "pdf"
                        else "no text")
    enrich_metadata(doc)
    return doc


__all__ = ["EXTENSIONS", "LoadError", "file_type_for", "load_document"]
