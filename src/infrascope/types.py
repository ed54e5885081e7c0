"""Our types at every boundary: what loaders produce, what the index stores, what an answer is.

Framework objects (Chroma results, llama-index nodes) are converted into these at the adapter edge,
so the rest of the code and every output format (JSONL, CSV, Markdown, the UI) see one shape.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class DocMeta:
    """What we know about a whole document; copied onto each of its chunks."""

    path: str  # relative to the corpus root, POSIX separators
    title: str
    file_type: str  # pdf | html | markdown | text
    doc_date: str | None = None  # ISO date
    source_url: str | None = None
    company: str | None = None
    ticker: str | None = None
    doc_type: str | None = None  # 10-Q, 10-K, 8-K, earnings, article, policy ...
    period_end: str | None = None  # ISO date of the calendar period end a filing covers
    fiscal_label: str | None = None  # e.g. "Q3 FY2024" as the filing or its file name says
    file_label: str | None = None  # period as the file name states it, e.g. "2023 Q3"


@dataclass
class Page:
    """One record from a loader: a PDF page, or a whole HTML/Markdown/text document."""

    text: str
    page: int | None  # 1-based physical page; None where the format has no pages
    page_label: str | None  # the PDF's own label ("iv", "17"), else None


@dataclass
class LoadedDocument:
    meta: DocMeta
    pages: list[Page]


@dataclass
class Chunk:
    chunk_id: str
    path: str
    page: int | None
    page_label: str | None
    position: int  # order within the page
    text: str  # what is shown and quoted
    embed_text: str  # what is embedded: text with a short title/company prefix

    def metadata(self, meta: DocMeta) -> dict[str, Any]:
        """Flat metadata for the vector store (Chroma accepts no None values)."""
        raw = {
            "path": self.path,
            "dir": self.path.rsplit("/", 1)[0] if "/" in self.path else "",
            "page": self.page if self.page is not None else -1,
            "page_label": self.page_label or "",
            "position": self.position,
            "title": meta.title,
            "file_type": meta.file_type,
            "doc_date": meta.doc_date or "",
            "date_num": date_num(meta.doc_date),
            "company": meta.company or "",
            "ticker": meta.ticker or "",
            "doc_type": meta.doc_type or "",
            "period_end": meta.period_end or "",
            "fiscal_label": meta.fiscal_label or "",
        }
        return raw


def date_num(iso: str | None) -> int:
    """20230730 for '2023-07-30', 20230000 for '2023' (a partial date sorts before its period's days):
    dates compare as numbers. 0 for no date or one that is not ISO digits."""
    digits = (iso or "").replace("-", "")[:8]
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


@dataclass
class Hit:
    """A retrieved passage with everything needed to cite and show it."""

    chunk_id: str
    path: str
    title: str
    page: int | None
    page_label: str | None
    text: str
    score: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def source_dict(self) -> dict[str, Any]:
        return {
            "chunk_id": self.chunk_id,
            "path": self.path,
            "title": self.title,
            "page": self.page,
            "page_label": self.page_label,
            "text": self.text,
            "score": round(self.score, 4),
            "doc_date": self.metadata.get("doc_date") or None,
        }


@dataclass
class Citation:
    n: int
    chunk_id: str
    path: str
    title: str
    page: int | None
    page_label: str | None
    quote: str  # the exact cited span, verbatim from the passage
    score: float


@dataclass
class Answer:
    id: str
    question: str
    answer: str
    refused: bool
    mode: str
    citations: list[Citation]
    sources: list[Hit]
    timings: dict[str, float]
    index_generation: str | None
    notes: list[str] = field(default_factory=list)  # e.g. "LLM server unreachable: extractive answer"
    standalone_question: str | None = None  # a follow-up rewritten with its context

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "mode": self.mode,
            "citations": [asdict(c) for c in self.citations],
            "sources": [h.source_dict() for h in self.sources],
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "index_generation": self.index_generation,
            "notes": self.notes,
            "standalone_question": self.standalone_question,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass
class FileProblem:
    path: str
    reason: str


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[FileProblem] = field(default_factory=list)
    skipped: list[FileProblem] = field(default_factory=list)
    chunks_added: int = 0
    chunks_removed: int = 0
    total_chunks: int = 0
    pages_parsed: int = 0
    seconds: float = 0.0
    generation: str | None = None
    rebuilt_because: str | None = None  # set when a full rebuild was forced

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 3)
        return d

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)
