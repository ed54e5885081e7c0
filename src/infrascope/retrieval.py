"""Hybrid retrieval: dense (Chroma) + lexical (BM25 over FTS5), fused by reciprocal rank, with the
documents a question points at (company, period, type) boosted, then a second-stage rerank.

User filters (source path or folder, company, document type, date range) are hard constraints applied
inside both first-stage searches; question intent is a soft preference.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from .clues import clue_names, clue_span, resolved_question, written_forms
from .evidence_checks import named_terms, parties_for, stem
from .index_reader import IndexReader, OpenGeneration
from .lexical import hit_from_row, query_terms
from .query_intent import Intent, parse_intent
from .question_focus import Focus, focus
from .rerank import Reranker
from .statement_routing import likely_documents, route_to_statements
from .types import Hit, date_num


@dataclass
class Filters:
    source: list[str] = field(default_factory=list)  # file paths or folders, relative to the corpus root
    company: str | None = None
    doc_type: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.source or self.company or self.doc_type or self.since or self.until)


@dataclass
class Retrieval:
    hits: list[Hit]
    intent: Intent
    generation: str
    timings: dict[str, float]
    focus: Focus | None = None  # the question without its instructions: what the passages were scored on


def _bound(iso: str, name: str) -> int:
    value = date_num(iso)
    if not value:
        raise ValueError(f"--{name} must be a date like 2024-01-31 (or 2024-01, 2024), not {iso!r}")
    return value


def _matching_paths(filters: Filters, files: dict[str, Any]) -> list[str] | None:
    """The set of indexed files the hard filters allow (None = no restriction)."""
    if filters.empty:
        return None
    out = []
    for path, meta in files.items():
        if filters.source and not any(path == s.strip("/") or path.startswith(s.strip("/") + "/")
                                      for s in filters.source):
            continue
        if filters.company and filters.company.lower() not in {
                str(meta.get("company") or "").lower(), str(meta.get("ticker") or "").lower()}:
            continue
        if filters.doc_type and str(meta.get("doc_type") or "").lower() != filters.doc_type.lower():
            continue
        date = date_num(meta.get("doc_date"))
        if filters.since and (not date or date < _bound(filters.since, "since")):
            continue
        if filters.until and (not date or date > _bound(filters.until, "until")):
            continue
        out.append(path)
    return out


def rerank_pool(order: list[str], tops: list[list[str]], n: int) -> tuple[list[str], int]:
    """`order` rearranged so its head holds the `n` best fused candidates plus the top entries of each
    first-stage ranking, and the head's size: what the reranker rescores. A passage one ranking puts
    first by a wide margin (the only chunk holding a rare name, say) can sit at fused rank 11 when the
    other ranking ignores it; rank fusion alone would keep it from the reranker that would recognise
    it. The head grows instead of dropping fused candidates, by at most a few passages."""
    known = set(order)
    head = set(order[:n])
    head.update(c for top in tops for c in top if c in known)
    ordered_head = [c for c in order if c in head]
    return ordered_head + [c for c in order if c not in head], len(ordered_head)


class Retriever:
    def __init__(self, settings, embedder, reader: IndexReader, reranker: Reranker | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.reader = reader
        self.reranker = reranker
        self._idf: dict[tuple[str, str], float] = {}  # (generation, term) -> idf
        self._chunks: dict[str, int] = {}  # generation -> chunk count

    def term_weights(self, og: OpenGeneration, question: str) -> dict[str, float]:
        """Inverse document frequency of each question term in this generation (rare terms decide
        which sentence answers; a term no chunk contains gets the weight of a one-chunk term)."""
        if og.name not in self._chunks:
            self._chunks[og.name] = max(1, og.table.count())
        n = self._chunks[og.name]
        weights = {}
        for term in query_terms(question):
            key = (og.name, term)
            if key not in self._idf:
                if len(self._idf) > 50_000:
                    self._idf.clear()
                df = og.table.doc_freq(term)
                self._idf[key] = math.log((n + 1) / (max(df, 1) + 0.5))
            weights[term] = self._idf[key]
        return weights

    def _stating_clue(self, og: OpenGeneration, asked: Focus, where: dict | None, where_sql: str,
                      params: list[Any]) -> list[str]:
        """The best few passages for the clue alone ("the company budgeting $80 billion for data centers"), by
        meaning and by words."""
        span = clue_span(asked.question, named_terms(asked.question))
        if span is None:
            return []
        clue = asked.question[span[0]:span[1]]
        n = self.settings.retrieval.clue_candidates
        vec = self.embedder.embed([clue])[0]
        by_meaning = [cid for cid, _ in og.store.query(vec, n, where)]
        by_words = [cid for cid, _ in og.table.search(clue, n, where_sql, params)]
        return [cid for pair in zip_longest(by_meaning, by_words) for cid in pair if cid]

    def _said_of_clue_party(self, og: OpenGeneration, asked: Focus, head: list[Hit], where: dict | None,
                            where_sql: str, params: list[Any]) -> list[str]:
        """The best few passages naming the party the question names by a clue, matched on the rest of the
        question (the clue left out: the passages stating it are already at hand)."""
        clue_party = getattr(self.reranker, "clue_party", None)  # (a cross-encoder reads no clues)
        party = clue_party(asked.question, head) if clue_party else []
        if not party:
            return []
        named = named_terms(asked.question)
        clue = {stem(name) for name in clue_names(asked.question, named)}
        # the question asked of the party by name: the clue's words found the passages stating it already
        asked_of_party = resolved_question(asked.question, named, party[0]) or asked.lexical
        rest = " ".join(t for t in query_terms(asked_of_party) if stem(t) not in clue)
        n = self.settings.retrieval.clue_candidates
        # by each of its names in turn ("Amazone’s AWS")
        rankings = [[cid for cid, _ in og.table.search(f"{rest} {name}", n, where_sql, params, required=[name])]
                    for name in party]
        if resolved := resolved_question(asked.question, named, party[0]):
            # and by meaning: "What type of calculations is the custom chip of Google?" finds "Google’s TPU ...
            # offering high efficiency for tensor computations", which shares few of its words
            vec = self.embedder.embed([resolved])[0]
            rankings.insert(0, [cid for cid, _ in og.store.query(vec, n, where, containing=written_forms(party))])
        return list(dict.fromkeys(cid for rank in zip_longest(*rankings) for cid in rank if cid))[:n]

    def retrieve(self, question: str, k: int | None = None, filters: Filters | None = None,
                 prefer: dict[str, float] | None = None) -> Retrieval:
        cfg = self.settings.retrieval
        k = k or cfg.k
        filters = filters or Filters()
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        og: OpenGeneration = self.reader.current()
        files = og.files
        intent = parse_intent(question, files)
        if prefer:
            intent.preferred = {**intent.preferred, **prefer}
        allowed = _matching_paths(filters, files)
        asked = focus(question) if cfg.question_focus else Focus(question, question)
        timings["parse"] = time.perf_counter() - t0
        if allowed is not None and not allowed:
            return Retrieval([], intent, og.name, timings, asked)

        t = time.perf_counter()
        qvec = self.embedder.embed([asked.question])[0]
        timings["embed_query"] = time.perf_counter() - t

        t = time.perf_counter()
        where = {"path": {"$in": allowed}} if allowed is not None else None
        # (ranking, weight, whether its top always reaches the reranker): the lists restricted to the
        # documents a question names count half, so they bring those documents into the pool without
        # outvoting a better passage elsewhere
        ranked_lists: list[tuple[list[str], float, bool]] = [
            ([cid for cid, _ in og.store.query(qvec, cfg.dense_candidates, where)], 1.0, True)]
        preferred = {p: s for p, s in intent.preferred.items() if allowed is None or p in allowed}
        if preferred and len(preferred) < len(files):
            # make sure the documents the question names contribute candidates at all
            ranked_lists.append(([cid for cid, _ in og.store.query(
                qvec, max(10, cfg.dense_candidates // 2), {"path": {"$in": sorted(preferred)}})], 0.5, False))
        timings["dense"] = time.perf_counter() - t

        t = time.perf_counter()
        statement_chunks: list[str] = []
        page_statement: dict[tuple[str, int], str] = {}
        item_chunks: dict[str, str] = {}  # line item -> the chunk with its row on its statement's page
        item_ranking: list[str] = []  # those chunks, once each
        elsewhere_top: list[str] = []  # the best passages naming a company the question names, outside its filings
        where_sql, params = "", []
        if allowed is not None:
            where_sql = f"c.path IN ({','.join('?' * len(allowed))})"
            params = list(allowed)
        ranked_lists.append(([cid for cid, _ in og.table.search(
            asked.lexical, cfg.lexical_candidates, where_sql, params)], 1.0, True))
        if preferred and len(preferred) < len(files):
            pref = sorted(preferred)
            ranked_lists.append(([cid for cid, _ in og.table.search(
                asked.lexical, max(10, cfg.lexical_candidates // 2), f"c.path IN ({','.join('?' * len(pref))})",
                pref)], 0.5, False))
            for company, written in sorted(intent.written.items()):
                # what other documents say of the company ("Microsoft plans to spend $80 billion" in an
                # article): its own filings outnumber them in any ranking, so the few passages naming it
                # elsewhere, as the question names it, are a ranking of their own whose head always reaches
                # the reranker
                outside = "c.company IS NOT ?" + (f" AND {where_sql}" if where_sql else "")
                said_elsewhere = [cid for cid, _ in og.table.search(
                    asked.lexical, max(10, cfg.lexical_candidates // 4), outside, [company, *params],
                    required=[written])]
                ranked_lists.append((said_elsewhere, 0.5, False))
                elsewhere_top.extend(said_elsewhere[:cfg.elsewhere_keep_top])
        targets = sorted(preferred) or allowed
        if asked.statements and cfg.statement_weight > 0:
            # "relying on the cash flow statement": the statement pages of the filings the question
            # names (or the filters allow; or, naming none we can resolve, "JnJ", the filing the
            # first-stage searches found most), the rows matching the question first
            route = route_to_statements(og, asked, targets or likely_documents(og, [r for r, _, _ in ranked_lists]),
                                        preferred, annual=not intent.quarter, limit=cfg.lexical_candidates)
            page_statement, statement_chunks, item_chunks = route.pages, route.chunks, route.item_chunks
            ranked_lists.append((statement_chunks, cfg.statement_weight, True))
            # the rows' chunks are a ranking of their own, all of which reach the reranker (below)
            item_ranking = list(dict.fromkeys(item_chunks.values()))
            ranked_lists.append((item_ranking, cfg.statement_weight, False))
        timings["lexical"] = time.perf_counter() - t

        t = time.perf_counter()
        fused: dict[str, float] = {}
        for ranking, weight, _ in ranked_lists:
            for rank, cid in enumerate(ranking, start=1):
                fused[cid] = fused.get(cid, 0.0) + weight / (cfg.rrf_k + rank)
        rows = og.table.fetch(list(fused))
        bonus = cfg.metadata_boost / (cfg.rrf_k + 1)
        for cid, row in rows.items():
            if row["path"] in preferred:
                fused[cid] += bonus * preferred[row["path"]]
        order = sorted((cid for cid in fused if cid in rows), key=lambda c: -fused[c])
        reranking = cfg.rerank and self.reranker is not None
        n_rerank = 0
        if reranking:
            tops = [ranking[:cfg.rerank_keep_top] for ranking, _, keep in ranked_lists if keep] + [item_ranking,
                                                                                                   elsewhere_top]
            order, n_rerank = rerank_pool(order, tops, cfg.rerank_candidates)
        pool = max(k, n_rerank)

        def hydrate(cid: str) -> Hit:
            hit = hit_from_row(rows[cid], fused.get(cid, 0.0))
            # a page of a statement the question points at, named ("balance sheet")
            if statement := page_statement.get((hit.path, hit.page)):
                hit.metadata["statement_page"] = statement
            return hit

        hits = [hydrate(cid) for cid in order[:pool]]
        timings["fuse"] = time.perf_counter() - t

        def join_reranked(cids: list[str]) -> None:
            """Bring these chunks into the reranked head of `hits`."""
            nonlocal hits, n_rerank
            reranked = {h.chunk_id for h in hits[:n_rerank]}
            said = [cid for cid in dict.fromkeys(cids) if cid not in reranked]
            if said:
                rows.update(og.table.fetch([cid for cid in said if cid not in rows]))
                pooled = {h.chunk_id: h for h in hits}
                added = [pooled.get(cid) or hydrate(cid) for cid in said if cid in rows]
                moved = set(said)
                hits = hits[:n_rerank] + added + [h for h in hits[n_rerank:] if h.chunk_id not in moved]
                n_rerank += len(added)

        if reranking and hits and cfg.clue_candidates:
            t = time.perf_counter()
            # "the supercomputer built by the company budgeting $80 billion for data centers": the question's
            # other words find the supercomputer's passages, not the one stating the clue, which says who
            # the company is
            join_reranked(self._stating_clue(og, asked, where, where_sql, params))
            # "the company that built an Azure supercomputer for OpenAI": the passages stating the clue say
            # who that is, but not what the question asks of them, and nothing the question says finds the
            # passage that does ("Microsoft plans to spend $80 billion"): searched for by the party's name
            join_reranked(self._said_of_clue_party(og, asked, hits[:n_rerank], where, where_sql, params))
            timings["clue"] = time.perf_counter() - t

        if reranking and hits:
            t = time.perf_counter()
            hits = self.reranker.rerank(asked.question, hits, n_rerank, self.term_weights(og, asked.question),
                                        parties_for(intent.companies, files), asked.items)
            timings["rerank"] = time.perf_counter() - t
        top = hits[:k]
        if asked.metrics:
            # a metric's inputs are rows no similarity finds together: each input's row joins the
            # sources (after the k retrieved, so the ranking is what it was)
            shown = {h.chunk_id for h in top}
            pooled = {h.chunk_id: h for h in hits}
            for cid in item_ranking:
                if cid not in shown:
                    top.append(pooled.get(cid) or hydrate(cid))
            for h in top:
                h.metadata["rows_of"] = [name for name, cid in item_chunks.items() if cid == h.chunk_id]
        return Retrieval(top, intent, og.name, timings, asked)
