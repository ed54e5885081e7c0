"""Plain-text renderings for the terminal: an answer with its numbered sources, an index report."""

from __future__ import annotations

from .types import Answer, IndexReport


def answer_text(answer: Answer, show_sources: int = 3) -> str:
    lines = []
    if answer.standalone_question:
        lines.append(f"(understood as: {answer.standalone_question})")
    lines.append(answer.answer)
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
        for c in answer.citations:
            page = f", page {c.page}" if c.page else ""
            label = f" (label {c.page_label})" if c.page_label and c.page_label != str(c.page) else ""
            quote = " ".join(c.quote.split())
            lines.append(f"  [{c.n}] {c.path}{page}{label} — {c.title}")
            lines.append(f"      “{quote[:400]}{'…' if len(quote) > 400 else ''}”")
    elif answer.sources:
        lines.append("")
        lines.append("Closest passages:")
        for h in answer.sources[:show_sources]:
            page = f", page {h.page}" if h.page else ""
            lines.append(f"  - {h.path}{page}: “{' '.join(h.text.split())[:200]}…”")
    for note in answer.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines)


def sentence_vectors_text(r) -> str:
    return (f"reranker sentences: {r.embedded} embedded ahead of questions in {r.seconds:.1f} s "
            f"({r.sentences - r.embedded} already cached)")


def report_text(r: IndexReport) -> str:
    lines = []
    if r.rebuilt_because:
        lines.append(f"full rebuild: {r.rebuilt_because}")
    lines.append(f"added {len(r.added)}, changed {len(r.changed)}, removed {len(r.removed)}, "
                 f"unchanged {len(r.unchanged)}, failed {len(r.failed)}, skipped {len(r.skipped)} files")
    lines.append(f"chunks: +{r.chunks_added} -{r.chunks_removed}, {r.total_chunks} in the index; "
                 f"{r.pages_parsed} pages parsed in {r.seconds:.1f} s")
    for title, paths in (("added", r.added), ("changed", r.changed), ("removed", r.removed)):
        for p in paths[:50]:
            lines.append(f"  {title}: {p}")
        if len(paths) > 50:
            lines.append(f"  … and {len(paths) - 50} more {title}")
    for f in r.failed:
        lines.append(f"  FAILED  {f.path}: {f.reason}")
    for s in r.skipped:
        lines.append(f"  skipped {s.path}: {s.reason}")
    return "\n".join(lines)
