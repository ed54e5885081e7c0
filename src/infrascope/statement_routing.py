"""Routing a question to the financial statements it points at, and to the rows of the line items
it asks for.

"Relying on the cash flow statement", "ROA", "net PPNE": the answer is on a statement page, which
no similarity search finds reliably (statement pages are tables of numbers whose rows use other
words than the question). The pages are found by their titles; the line items' rows by their labels
(line_items.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from .index_reader import OpenGeneration
from .line_items import LineItem, find_row
from .question_focus import STATEMENTS, Focus, headings
from .types import date_num


@dataclass
class StatementRoute:
    pages: dict[tuple[str, int], str]  # (path, page) -> the statement it is
    chunks: list[str]  # those pages' chunks, the ones matching the question first
    item_chunks: dict[str, str]  # line item -> the chunk holding its row on its statement's page


def route_to_statements(og: OpenGeneration, asked: Focus, paths: list[str], preferred: dict[str, float],
                        annual: bool, limit: int) -> StatementRoute:
    if not paths:
        return StatementRoute({}, [], {})
    pages = statement_pages(og, asked.statements, paths)
    chunks = og.table.page_chunks(list(pages), asked.lexical, limit)
    every_chunk = og.table.page_chunks(list(pages), "", len(pages) * 8)
    return StatementRoute(pages, chunks, item_row_chunks(og, asked.items, pages, every_chunk, preferred, annual))


def item_row_chunks(og: OpenGeneration, items: list[LineItem], page_statement: dict[tuple[str, int], str],
                    statement_chunks: list[str], preferred: dict[str, float], annual: bool) -> dict[str, str]:
    """For each line item, the first chunk of its statement's pages holding its row ("Accounts
    payable 302,578" on the balance sheet): what a question naming the item must see. Filings the
    question points at most strongly first (the FY2021 10-K for "FY2021"), then the latest (it also
    reports the years before; for a question naming no quarter, the annual report before an
    earnings release of the same year), then page order. Returns {item name: chunk id}."""
    rows = og.table.fetch(statement_chunks)
    on_pages = [r for r in rows.values() if (r["path"], r["page"]) in page_statement]
    # the statement itself carries all of a metric's rows on one page; a segment's or a guarantor
    # group's statement, or a summary, fewer
    # which asked items' rows each chunk holds (on its own statement's page), read once
    holds = {r["chunk_id"]: {i.name for i in items if i.statement == page_statement[(r["path"], r["page"])]
                             and find_row(i, r["text"])} for r in on_pages}
    rows_on_page: dict[tuple[str, int], int] = {}
    for r in on_pages:
        key = (r["path"], r["page"])
        rows_on_page[key] = rows_on_page.get(key, 0) + len(holds[r["chunk_id"]])
    chunks = sorted(on_pages, key=lambda r: (-preferred.get(r["path"], 0.0), annual and r.get("doc_type") != "10-K",
                                             -date_num(r.get("period_end") or r.get("doc_date")), r["path"],
                                             -rows_on_page[(r["path"], r["page"])], r["page"], r["position"]))
    found: dict[str, str] = {}
    for item in items:
        row = next((r for r in chunks if item.name in holds[r["chunk_id"]]), None)
        if row is not None:
            found[item.name] = row["chunk_id"]
    return found


def statement_pages(og: OpenGeneration, statements: list[str], paths: list[str], per_file: int = 4
                    ) -> dict[tuple[str, int], str]:
    """{(path, page): statement} for the pages headed by the statements asked for. A page headed by
    several statements' titles is the filing's index of statements ("Consolidated Statements of
    Income ... 93, Consolidated Balance Sheets ... 96"), not a statement: dropped."""
    titled: dict[tuple[str, int], list[str]] = {}
    for name in STATEMENTS:
        for page in og.table.heading_pages(headings(name), paths, per_file=per_file + 4):
            titled.setdefault(page, []).append(name)
    out: dict[tuple[str, int], str] = {}
    taken: dict[tuple[str, str], int] = {}
    for page, names in sorted(titled.items()):
        name = names[0]
        if len(names) > 1 or name not in statements or taken.get((page[0], name), 0) >= per_file:
            continue
        out[page] = name
        taken[(page[0], name)] = taken.get((page[0], name), 0) + 1
    return out


def likely_documents(og: OpenGeneration, rankings: list[list[str]], top: int = 5, most: int = 1) -> list[str]:
    """The documents holding most of the first-stage rankings' top passages."""
    heads = [cid for ranking in rankings for cid in ranking[:top]]
    counts: dict[str, int] = {}
    for row in og.table.fetch(heads).values():
        counts[row["path"]] = counts.get(row["path"], 0) + 1
    return sorted(counts, key=lambda p: -counts[p])[:most]
