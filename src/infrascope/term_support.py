"""Which of the question's terms a sentence leaves unsupported, read by the embedding model itself.

A near miss often differs from what a sentence says by one term: "How much did the Act provide for *quantum
computing* research?" against "The Act provides $52.7 billion for semiconductor research". The sentence is
close in meaning, so its similarity is high. Taking the term out of the question tells the two cases apart:
if the sentence supports the term (in a paraphrase the model understands: "mobilize" for "marshal"), the
similarity stays or falls; if the sentence is silent on it, the similarity *rises*, since the question
without it is closer to what the sentence says. The reranker embeds one such variant of the question per
term, in the same forward pass as the sentences, and charges a unit for the largest rise
(`SentenceReranker.unsupported_term_weight`).
"""

from __future__ import annotations

import re

import numpy as np

from .evidence_checks import MONTHS, terms_found
from .lexical import fold_numbers, query_terms

# the words naming what the answer is ("What was the [value] of ...", "Which [line] of GPUs ...", "to what
# [dollar total]"): the answer fills them with a figure or a name, so a sentence need not repeat them
_SLOT = re.compile(r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+(?:the\s+)?)?((?:[\w'’-]+\s+)?[\w'’-]+)", re.I)
_NOT_SLOT = re.compile(r"^(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|the|a|an)$", re.I)


# a period is checked against the filing's dates (a 10-Q's sentences rarely repeat its "third quarter")
_PERIOD_WORD = re.compile(rf"^(?:first|second|third|fourth|quarter(?:ly|s)?|fiscal|years?|annual|months?|"
                          rf"(?:fy|cy|q[1-4])'?\d*|{'|'.join(MONTHS)})$")


# what the source does with the fact ("did Microsoft report", "does the guide cite"), not the fact
_SOURCE_WORD = re.compile(r"^(?:report|say|state|mention|cite|note|disclose|describe|give|put|list|show|quote|"
                          r"guide|article|document|filing|release|source)(?:s|d|ed|ing|n)?$")


def ablated_terms(question: str, q_terms: list[str]) -> list[str]:
    """The question's terms a unit must support: not numbers, the answer's slot, the period or the source's
    verbs (each checked its own way, or no fact at all)."""
    slot = _answer_slot(question)
    return [t for t in q_terms if not t.isdigit() and t not in slot and not _PERIOD_WORD.match(t)
            and not _SOURCE_WORD.match(t)]


def _answer_slot(question: str) -> set[str]:
    """The words after "what" or "which" that name what the answer is (at most two)."""
    slot: set[str] = set()
    for m in _SLOT.finditer(question):
        for word in m.group(1).split():
            if _NOT_SLOT.match(word):
                break
            slot.update(query_terms(word))
    return slot


def without_term(question: str, term: str) -> str:
    """The question with its first use of `term` (a lower-cased query term) taken out."""
    return " ".join(re.sub(rf"(?i)(?<![\w-]){re.escape(term)}(?![\w-])", " ", question, count=1).split())


def unsupported_shift(terms: list[str], shift: np.ndarray, text: str) -> float:
    """A term of the question the unit neither contains nor means: the unit matches the question *better*
    without it ("How much did the Act provide for quantum computing research?" against "$52.7 billion for
    semiconductor research": drop "quantum" and the two agree more). A paraphrase the model understands
    ("mobilize" for "marshal") moves the similarity little or down; a term the unit is silent on, up. Returns
    the largest such rise (0.0: none)."""
    rises = {t: float(d) for t, d in zip(terms, shift, strict=True) if d > 0}
    found = terms_found(list(rises), fold_numbers(text))  # (the text is read only when some term rose)
    return max((d for t, d in rises.items() if t not in found), default=0.0)
