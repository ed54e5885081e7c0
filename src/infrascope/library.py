"""What is indexed, for `infrascope status` and the app's Library tab."""

from __future__ import annotations

from typing import Any

from .generations import IndexLayout


def library_summary(settings) -> dict[str, Any]:
    gen = IndexLayout(settings.index_dir).require_current()
    files = gen.manifest["files"]
    rows = [{"path": p, "title": m.get("title"), "doc_type": m.get("doc_type"), "company": m.get("company"),
             "doc_date": m.get("doc_date"), "period_end": m.get("period_end"), "fiscal_label": m.get("fiscal_label"),
             "pages": m.get("pages"), "chunks": len(m.get("chunk_ids", []))} for p, m in sorted(files.items())]
    return {
        "generation": gen.name,
        "created": gen.manifest.get("created"),
        "documents": len(rows),
        "pages": sum(r["pages"] or 0 for r in rows),
        "chunks": gen.manifest.get("total_chunks", 0),
        "files": rows,
        "failed": [{"path": p, "reason": f["reason"]} for p, f in sorted(gen.manifest.get("failed", {}).items())],
        "skipped": gen.manifest.get("skipped", []),
    }
