"""Batch questions: read JSONL / CSV / TXT, answer each, write JSONL / CSV / Markdown.

A malformed input line becomes an error record for that line, not a crash. Re-running with the same
output resumes: ids already answered are skipped (JSONL output is appended line by line and flushed,
so a killed run loses at most the question in flight).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .types import Answer


@dataclass
class BatchItem:
    id: str
    question: str | None
    input: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def read_questions(path: Path) -> Iterator[BatchItem]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open(encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    yield BatchItem(str(n), None, error=f"line {n}: not valid JSON ({exc.msg})")
                    continue
                if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
                    yield BatchItem(str(obj.get("id", n)) if isinstance(obj, dict) else str(n), None,
                                    error=f"line {n}: needs a 'question' string field")
                    continue
                extra = {k: v for k, v in obj.items() if k not in ("id", "question")}
                yield BatchItem(str(obj.get("id", n)), obj["question"], extra)
    elif suffix == ".csv":
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "question" not in reader.fieldnames:
                raise ValueError(f"{path}: a CSV needs a 'question' column (found {reader.fieldnames})")
            for n, row in enumerate(reader, start=2):
                q = (row.get("question") or "").strip()
                extra = {k: v for k, v in row.items() if k not in ("id", "question") and k is not None}
                yield BatchItem(str(row.get("id") or n), q or None, extra,
                                error=None if q else f"line {n}: empty question")
    elif suffix == ".txt":
        with path.open(encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, start=1):
                if line.strip():
                    yield BatchItem(str(n), line.strip())
    else:
        raise ValueError(f"{path}: questions must be .jsonl, .csv or .txt")


def answered_ids(out: Path) -> set[str]:
    if not out.exists() or out.suffix.lower() != ".jsonl":
        return set()
    done = set()
    with out.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                obj = json.loads(line)
            except ValueError:
                continue  # a line cut by a kill: that question is answered again
            if "id" in obj and "error" not in obj:
                done.add(str(obj["id"]))
    return done


def answer_record(answer: Answer, item: BatchItem) -> dict[str, Any]:
    rec = answer.to_dict()
    rec["id"] = item.id
    if item.input:
        rec["input"] = item.input
    return rec


def error_record(item: BatchItem, error: str) -> dict[str, Any]:
    return {"id": item.id, "question": item.question, "error": error, **({"input": item.input} if item.input else {})}


def csv_row(rec: dict[str, Any]) -> dict[str, Any]:
    cites = rec.get("citations") or []
    return {
        "id": rec["id"], "question": rec.get("question"), "answer": rec.get("answer", ""),
        "refused": rec.get("refused", ""), "mode": rec.get("mode", ""),
        "citations": "; ".join(f"[{c['n']}] {c['path']}" + (f" p.{c['page']}" if c.get("page") else "")
                               for c in cites),
        "error": rec.get("error", ""),
    }


CSV_FIELDS = ["id", "question", "answer", "refused", "mode", "citations", "error"]


def markdown_block(rec: dict[str, Any]) -> str:
    out = io.StringIO()
    out.write(f"## {rec['id']}. {rec.get('question') or ''}\n\n")
    if rec.get("error"):
        out.write(f"**Error:** {rec['error']}\n\n")
        return out.getvalue()
    out.write(f"{rec.get('answer', '')}\n\n")
    for c in rec.get("citations") or []:
        page = f", page {c['page']}" if c.get("page") else ""
        label = f" (label {c['page_label']})" if c.get("page_label") and str(c.get("page_label")) != str(c.get("page")) else ""
        quote = " ".join(str(c["quote"]).split())
        out.write(f"- **[{c['n']}]** `{c['path']}`{page}{label}: “{quote}”\n")
    out.write("\n")
    return out.getvalue()
