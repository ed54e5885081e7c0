"""Generated answers through an OpenAI-compatible LLM: numbered, fenced sources in the prompt, the
reply streamed, then checked (unknown markers removed, unsupported figures dropped, uncited sentences
given a marker where a passage clearly holds them) and turned into citations with verbatim quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..evidence_checks import term_overlap
from ..lexical import query_terms
from ..rerank import evidence_units
from ..types import Citation, Hit
from .citations import check_answer, markers, numbers, renumber, split_sentences, strip_markers
from .prompts import REFUSAL_MARKERS, SOURCE, SYSTEM, USER

PROMPT_SOURCES = 6


def _defang(text: str) -> str:
    """A document must not open or close a source fence of its own (a forged trusted source)."""
    return re.sub(r"<(/?)\s*source", r"<\1 source", text, flags=re.I)


def build_messages(question: str, hits: list[Hit]) -> list[dict]:
    sources = "\n\n".join(
        SOURCE.format(n=i, title=h.title.replace('"', "'"), page=h.page_label or h.page or "-",
                      text=_defang(h.text))
        for i, h in enumerate(hits[:PROMPT_SOURCES], start=1))
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": USER.format(sources=sources, question=question)}]


def best_support_finder(hits: list[Hit]):
    passages = {i: h.text for i, h in enumerate(hits[:PROMPT_SOURCES], start=1)}

    def find(sentence: str) -> int | None:
        terms = query_terms(strip_markers(sentence))
        scored = sorted(((term_overlap(terms, text), n) for n, text in passages.items()), reverse=True)
        if scored and scored[0][0] >= 0.6:
            return scored[0][1]
        return None

    return find


def _quote_for(passage: str, sentences: list[str]) -> str:
    """The passage's sentence or row that best matches the answer sentences citing it (verbatim)."""
    units = evidence_units(passage) or []
    if not units:
        return passage[:300]
    terms = query_terms(" ".join(strip_markers(s) for s in sentences))
    want = set().union(*(numbers(s) for s in sentences)) if sentences else set()
    return max(units, key=lambda u: (len(want & numbers(u.text)), term_overlap(terms, u.text))).text


def finish(question: str, raw: str, hits: list[Hit]) -> tuple[str, list[Citation], bool, list[str]]:
    """Check a generated reply; returns (text, citations, refused, notes)."""
    if any(m in raw.lower() for m in REFUSAL_MARKERS) and not markers(raw):
        return raw.strip(), [], True, []
    passages = {i: h.text for i, h in enumerate(hits[:PROMPT_SOURCES], start=1)}
    result = check_answer(raw.strip(), passages, best_support_finder(hits))
    used = markers(result.text)
    mapping = {n: i for i, n in enumerate(used, start=1)}
    text = renumber(result.text, mapping)
    citations = []
    for prompt_n, n in mapping.items():
        h = hits[prompt_n - 1]
        citing = [s for s in split_sentences(result.text) if prompt_n in markers(s)]
        citations.append(Citation(n=n, chunk_id=h.chunk_id, path=h.path, title=h.title, page=h.page,
                                  page_label=h.page_label, quote=_quote_for(h.text, citing), score=round(h.score, 4)))
    refused = not strip_markers(text)  # a marker left alone ("[1]") is no answer
    return text, citations, refused, result.notes


def stream_answer(llm, question: str, hits: list[Hit]) -> Iterator[str]:
    yield from llm.stream(build_messages(question, hits))
