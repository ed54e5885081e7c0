"""The default answerer: no LLM, offline, fast. It composes a short answer from the best-supported
sentences and table rows of the top passages (scored by the sentence-level reranker), the figure or
fact asked for first, each followed by its citation marker; or it refuses when the best evidence is
too weak, and the closest passages are shown instead.
"""

from __future__ import annotations

import re

from ..evidence_checks import Evidence
from ..types import Citation, Hit

REFUSAL = "The sources don't contain an answer to this question. The closest passages are listed as sources."
_WORDS = re.compile(r"\w+")


def _similar(a: str, b: str) -> bool:
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > 0.7


def render_evidence(e: Evidence) -> str:
    text = " ".join(e.text.split())
    if e.kind == "row":
        if e.header:
            lines = list(dict.fromkeys(h.strip() for h in e.header.splitlines() if h.strip()))
            # a heading the PDF repeats inside a longer line ("Acme Inc. Statements of ...") once only
            lines = [h for h in lines if not any(h in other and h != other for other in lines)]
            return f"{text} ({'; '.join(lines)})."
        return f"{text}."
    return text if text[-1:] in ".!?" else text + "."


def compose(question: str, hits: list[Hit], refuse_below: float, max_sentences: int
            ) -> tuple[str, list[Citation], bool]:
    """Returns (answer text with [n] markers, citations, refused)."""
    pool: list[tuple[Evidence, int]] = []
    for i, h in enumerate(hits):
        for e in h.metadata.get("evidence") or []:
            pool.append((e, i))
    pool.sort(key=lambda p: -p[0].score)
    if not pool or pool[0][0].score < refuse_below:
        return REFUSAL, [], True

    best = pool[0][0].score
    chosen: list[tuple[Evidence, int]] = []
    for e, i in pool:
        if len(chosen) >= max_sentences:
            break
        if chosen and e.score < max(refuse_below, best - 0.12):
            break
        if any(_similar(e.text, c.text) for c, _ in chosen):
            continue
        chosen.append((e, i))

    citations: list[Citation] = []
    number_of: dict[int, int] = {}
    parts: list[str] = []
    for e, i in chosen:
        if i not in number_of:
            number_of[i] = len(number_of) + 1
            h = hits[i]
            citations.append(Citation(n=number_of[i], chunk_id=h.chunk_id, path=h.path, title=h.title,
                                      page=h.page, page_label=h.page_label, quote=e.text, score=round(e.score, 4)))
        else:
            c = citations[number_of[i] - 1]
            if e.text not in c.quote:
                c.quote = f"{c.quote} … {e.text}"
        sentence = render_evidence(e)
        parts.append(f"{sentence[:-1]} [{number_of[i]}]{sentence[-1]}")
    return " ".join(parts), citations, False
