"""The default answerer: no LLM, offline, fast. It composes a short answer from the best-supported
sentences and table rows of the top passages (scored by the sentence-level reranker), the figure or
fact asked for first, each followed by its citation marker; or it refuses when the best evidence is
too weak, and the closest passages are shown instead.
"""

from __future__ import annotations

import re

from ..chunking import split_sentences
from ..evidence_checks import ASKS_WHOSE, REFERS_TO_OWNER, Evidence, names_used_mid_sentence, new_names, term_overlap
from ..lexical import STOPWORDS, fold_numbers, query_terms
from ..line_items import METRICS, LineItem, find_row
from ..types import Citation, Hit

# units cited to one passage share its citation, their texts joined by this in its quote
QUOTE_JOINER = " … "
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


def lead_bar(question: str, lead: Evidence, refuse_below: float, lexical_floor: float, lexical_margin: float
             ) -> float:
    """The score the lead must reach. A lead sharing few of the question's words is matched on meaning
    alone, where the model is loosest (an adjacent metric, another kind of investment read as the one asked),
    so it must score higher: `refuse_below`, raised by `lexical_margin` for each share of the question's
    terms it falls short of `lexical_floor`."""
    # (a clue question's answer is read as the question asked of its party by name: Evidence.asked_as)
    asked = query_terms(lead.asked_as or question)
    shared = term_overlap(asked, fold_numbers(f"{lead.antecedent} {lead.text} {lead.header or ''}"))
    return refuse_below + lexical_margin * max(0.0, lexical_floor - shared)


def displaced(pool: list[Evidence], lead: Evidence, margin: float) -> bool:
    """The unit closest to the question's subject (its score less what it gets for holding the kind of answer
    asked) holds no such answer, and the first that does scores more than `margin` below it: the passages are
    about what was asked, and say nothing of the part asked for; the runner-up is about something else
    ("Which regulator blocked the deal?": "the deal was blocked" is what the sources say, not "SoftBank
    announced the termination ...")."""
    closest = max(pool, key=lambda e: e.score - e.type_bonus)
    return closest.lacks_asked_type and closest.score - closest.type_bonus - lead.score > margin


def compose(question: str, hits: list[Hit], refuse_below: float, max_sentences: int,
            lexical_floor: float = 0.0, lexical_margin: float = 0.0, displaced_margin: float | None = None
            ) -> tuple[str, list[Citation], bool]:
    """Returns (answer text with [n] markers, citations, refused)."""
    pool: list[tuple[Evidence, int]] = []
    for i, h in enumerate(hits):
        for e in h.metadata.get("evidence") or []:
            pool.append((e, i))
    pool.sort(key=lambda p: -p[0].score)
    # The first sentence states the figure or fact asked for: a sentence with nothing of its kind (no
    # number for "how many", no sum for "how much money") cannot lead, however close its words; with
    # none that can, the sources do not answer.
    lead = next((p for p in pool if not p[0].lacks_asked_type), None)
    if lead is None or lead[0].score < lead_bar(question, lead[0], refuse_below, lexical_floor, lexical_margin):
        return REFUSAL, [], True
    if displaced_margin is not None and displaced([e for e, _ in pool], lead[0], displaced_margin):
        return REFUSAL, [], True

    best = lead[0].score
    chosen: list[tuple[Evidence, int]] = [lead]
    for e, i in pool:
        if e is lead[0]:
            continue
        if len(chosen) >= max_sentences:
            break
        if chosen and e.score < max(refuse_below, best - 0.12):
            break
        if any(_similar(e.text, c.text) for c, _ in chosen):
            continue
        chosen.append((e, i))

    named = _named_reference(question, lead[0], hits[lead[1]].text, hits)
    text, citations = _cite(chosen, hits, {id(lead[0]): named[0]} if named else {})
    if named:
        # the sentence naming the owner is quoted too: the name in brackets is its claim
        citations[0].quote = f"{named[1]}{QUOTE_JOINER}{citations[0].quote}"
    return text, citations, False


def _named_reference(question: str, lead: Evidence, passage: str, hits: list[Hit]) -> tuple[str, str] | None:
    """Asked whose something is, and the lead refers back to its owner ("The company’s A100 ..."): the lead
    as rendered with the owner named, in brackets, from the sentence it refers to ("The company’s [Nvidia’s]
    A100 ..."), and that sentence; else None."""
    m = REFERS_TO_OWNER.match(lead.text)
    if not (m and lead.antecedent and ASKS_WHOSE.search(question)):
        return None
    # (a name opening its sentence, "Nvidia has positioned itself ...", counts when the passages use it
    # mid-sentence or the passage repeats it)
    known = names_used_mid_sentence([h.text for h in hits]) | _repeated_names(passage)
    # (the passage's own sentences, as quoted: a heading before them is a line of its own)
    before = [s for line in passage.split("\n") for s in split_sentences(line) if s in lead.antecedent]
    owner, said = next(((names[0], sentence) for sentence in reversed(before)
                        if (names := new_names(question, sentence, known))), (None, ""))
    if owner is None or owner in lead.text:
        return None
    possessive = bool(m.group(1)) or m.group().strip().lower() in ("its", "their")
    rendered = render_evidence(lead)
    return f"{rendered[:m.end()]} [{owner}{'’s' if possessive else ''}]{rendered[m.end():]}", said


def _repeated_names(passage: str) -> frozenset[str]:
    counts: dict[str, int] = {}
    for word in re.findall(r"\b[A-Z][\w&-]+", passage):
        low = word.lower()
        if low not in STOPWORDS and not low.endswith("ly"):
            counts[low] = counts.get(low, 0) + 1
    return frozenset(w for w, n in counts.items() if n >= 2)


def _cite(chosen: list[tuple[Evidence, int]], hits: list[Hit], rendered: dict[int, str] | None = None
          ) -> tuple[str, list[Citation]]:
    """Render the chosen units, each followed by the marker of its passage (numbered in order of
    first use); `rendered`: a unit's text as the answer gives it (by id), where not as written."""
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
                c.quote = f"{c.quote}{QUOTE_JOINER}{e.text}"
        sentence = (rendered or {}).get(id(e)) or render_evidence(e)
        parts.append(f"{sentence[:-1]} [{number_of[i]}]{sentence[-1]}")
    return " ".join(parts), citations


_COMPANY_DEFINED = re.compile(r"\badjusted\b|\bnon[- ]?gaap\b", re.I)
_WHY = re.compile(r"^\s*(why|what (drove|caused|explains)|how come|explain)\b", re.I)


def states_metric(metric: str, text: str) -> bool:
    return bool(METRICS[metric][0].search(text)) and bool(re.search(r"\d", text))


def compose_metric_inputs(question: str, metric: str, items: list[LineItem], hits: list[Hit],
                          answer: str, citations: list[Citation], refused: bool, max_rows: int = 6
                          ) -> tuple[str, list[Citation], bool]:
    """A computed metric (return on assets, a cash conversion cycle) is on no page, and this answerer
    does not compute: unless the best evidence states the metric itself (or explains what a "why"
    question asks), the answer shows the rows it is computed from, each cited to its statement page.
    Returns the answer it was given when no input row is among the passages."""
    if not refused and (citations and states_metric(metric, citations[0].quote) or _WHY.search(question)):
        return answer, citations, refused
    if _COMPANY_DEFINED.search(question):  # "Adjusted EBITDA" is the company's own figure, not computable
        return answer, citations, refused
    chosen: list[tuple[Evidence, int]] = []
    for item in items:
        # the chunk retrieval found the item's row in (on the statement itself) before any other
        # page of that statement among the passages
        order = sorted(range(len(hits)), key=lambda i: item.name not in (hits[i].metadata.get("rows_of") or ()))
        for i in order:
            if hits[i].metadata.get("statement_page") == item.statement and (row := find_row(item, hits[i].text)):
                chosen.append((Evidence(row[0], hits[i].score, "row", row[1]), i))
                break
        if len(chosen) >= max_rows:
            break
    if not chosen:
        return answer, citations, refused
    rows, cited = _cite(chosen, hits)
    lead = (f"The sources don't state the {metric} as such, and the extractive answer does not compute it; "
            f"the figures it is computed from, as reported:")
    return f"{lead} {rows}", cited, False
