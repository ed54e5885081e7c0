"""Runs a batch: answers each question (progress bar), appends JSONL records as it goes so a killed
run resumes, then renders CSV or Markdown when asked for those."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from tqdm import tqdm

from .batch import CSV_FIELDS, answer_record, answered_ids, csv_row, error_record, markdown_block, read_questions


def _progress_file(out: Path) -> Path:
    return out if out.suffix.lower() == ".jsonl" else out.with_name(out.name + ".progress.jsonl")


def _drop_torn_tail(log: Path) -> None:
    """A run killed mid-write leaves a last line without its newline; appending to it would spoil the next
    record too. Cut it off (that question is answered again)."""
    if not log.exists() or log.stat().st_size == 0:
        return
    with log.open("rb+") as fh:
        data = fh.read()
        if not data.endswith(b"\n"):
            fh.truncate(data.rfind(b"\n") + 1)


def run_batch(settings, questions: Path, out: Path, *, k=None, filters=None, mode=None, assistant=None,
              progress: bool = True) -> str:
    from .assistant import Assistant, QuestionError

    if out.suffix.lower() not in (".jsonl", ".csv", ".md"):
        raise ValueError(f"{out}: answers must be written as .jsonl, .csv or .md")
    items = list(read_questions(questions))
    log = _progress_file(out)
    done = answered_ids(log)
    todo = [it for it in items if it.id not in done]
    assistant = assistant or Assistant.from_settings(settings)
    answered = errors = 0
    log.parent.mkdir(parents=True, exist_ok=True)
    _drop_torn_tail(log)
    with log.open("a", encoding="utf-8") as fh:
        for item in tqdm(todo, unit="q", desc="answering", disable=not progress, file=sys.stderr):
            if item.error:
                rec = error_record(item, item.error)
                errors += 1
            else:
                try:
                    rec = answer_record(assistant.ask(item.question, k=k, filters=filters, mode=mode, id=item.id), item)
                    answered += 1
                except QuestionError as exc:
                    rec = error_record(item, str(exc))
                    errors += 1
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
    if log != out:
        records = {}
        with log.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                records[str(rec["id"])] = rec
        ordered = [records[it.id] for it in items if it.id in records]
        tmp = out.with_name(out.name + ".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            if out.suffix.lower() == ".csv":
                w = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
                w.writeheader()
                for rec in ordered:
                    w.writerow(csv_row(rec))
            else:
                fh.write(f"# Answers to {questions.name}\n\n")
                for rec in ordered:
                    fh.write(markdown_block(rec))
        tmp.replace(out)
    return (f"{answered} answered, {errors} errors, {len(items) - len(todo)} already done (resumed) -> {out}")
