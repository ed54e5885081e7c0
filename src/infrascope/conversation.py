"""Follow-up questions without an LLM: "and in the next quarter?" is rewritten into a standalone
question from the conversation's entities and periods (the company and the document the previous
answer cited), and the document it now points at is preferred by retrieval."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .lexical import query_terms
from .query_intent import parse_intent

_RELATIVE = re.compile(r"\b(next|following|subsequent|previous|prior|preceding|last|same)\s+(quarter|year|period)\b",
                       re.I)
_PRONOUN = re.compile(r"\b(it|its|they|their|the company|the firm)\b", re.I)
_FOLLOWUP = re.compile(r"^\s*(and|what about|how about|and what about|what of|same for|also)\b|^\s*\w+\s*\?\s*$|"
                       r"\b(it|its|they|their|that|this|those|these|the same)\b", re.I)


@dataclass
class Turn:
    question: str  # the standalone question that was answered
    cited_paths: list[str] = field(default_factory=list)


@dataclass
class Condensed:
    question: str
    prefer: dict[str, float]
    rewritten: bool


def _when(meta: dict[str, Any]) -> dt.date | None:
    raw = meta.get("period_end") or meta.get("doc_date")
    try:
        return dt.date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def _shift(files: dict[str, Any], path: str, step: int, unit: str) -> str | None:
    """The same company's document one quarter/year after (step=1) or before (-1) `path`."""
    base = files.get(path)
    if not base or not _when(base):
        return None
    target = _when(base) + dt.timedelta(days=step * (91 if unit != "year" else 365))
    same = [(p, m) for p, m in files.items() if p != path and m.get("company") == base.get("company")
            and m.get("doc_type") == base.get("doc_type") and _when(m)]
    if not same:
        return None
    p, m = min(same, key=lambda pm: abs((_when(pm[1]) - target).days))
    return p if abs((_when(m) - target).days) <= 45 else None


def _topic(question: str) -> str:
    """The previous question without its period phrases, to carry the metric forward."""
    q = re.sub(r"\b(in|for|during)\s+(the\s+)?(quarter|period|fiscal year|year)\s+ended\s+\w+\s+\d{1,2},?\s+\d{4}",
               "", question, flags=re.I)
    q = re.sub(r"\b(in|for|during)\s+(Q[1-4]\s*(FY)?\s*\d{2,4}|\d{4}\s*Q[1-4]|FY\s*\d{2,4}|fiscal (year )?\d{4})",
               "", q, flags=re.I)
    q = re.sub(r"\b(in|for|during)\s+(its|the)\s+(latest|most recent)\s+(quarter|10-Q|filing)", "", q, flags=re.I)
    return re.sub(r"\s+([?.,])", r"\1", re.sub(r"\s{2,}", " ", q)).strip().rstrip("?")


def _describe(meta: dict[str, Any]) -> str:
    when = meta.get("period_end")
    if when:
        d = dt.date.fromisoformat(when)
        return f"in the quarter ended {d.strftime('%B')} {d.day}, {d.year}"
    return f"in {meta.get('fiscal_label') or meta.get('file_label') or meta.get('title')}"


def condense(question: str, history: list[Turn], files: dict[str, Any]) -> Condensed:
    if not history or not _FOLLOWUP.search(question):
        return Condensed(question, {}, False)
    last = history[-1]
    intent = parse_intent(question, files)
    prev_intent = parse_intent(last.question, files)
    rel = _RELATIVE.search(question)
    anchor = next((p for p in last.cited_paths if files.get(p, {}).get("company")), None)
    topic = _topic(last.question)
    if rel and anchor:
        word, unit = rel.group(1).lower(), rel.group(2).lower()
        step = 0 if word == "same" else (1 if word in ("next", "following", "subsequent") else -1)
        target = anchor if step == 0 else _shift(files, anchor, step, unit)
        if target:
            return Condensed(f"{topic} {_describe(files[target])}?", {target: 1.0}, True)
        return Condensed(f"{topic} ({word} {unit} after the one cited: not in the indexed documents)?", {}, True)
    if intent.companies and prev_intent.companies and not intent.companies & prev_intent.companies \
            and len(question.split()) <= 8:
        # "What about Microsoft?": the same question about another company
        swapped = topic
        for old in prev_intent.companies:
            swapped = re.sub(re.escape(old), sorted(intent.companies)[0], swapped, flags=re.I)
        if swapped == topic:
            swapped = f"{topic} ({sorted(intent.companies)[0]})"
        return Condensed(swapped + "?", {}, True)
    if not intent.companies and (prev_intent.companies or anchor):
        company = sorted(prev_intent.companies)[0] if prev_intent.companies else files[anchor]["company"]
        rest = re.sub(r"^\s*(and|what about|how about|and what about|what of|also)\s+", "", question,
                      flags=re.I).rstrip("?").strip()
        if len(query_terms(rest)) >= 3:
            # a question of its own ("how much cash did it hold?"): name the company it refers to
            named, n = _PRONOUN.subn(lambda m: f"{company}'s" if m.group(1).lower() in ("its", "their")
                                     else company, rest, count=1)
            named = named if n else f"{rest} ({company})"
            return Condensed(named[:1].upper() + named[1:] + "?", {}, True)
        return Condensed(f"{topic} — {rest} ({company})?", {}, True)
    return Condensed(question, {}, False)
