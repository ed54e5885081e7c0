"""The chunk table and its BM25 index (SQLite FTS5), one file per index generation.

It holds every chunk's text and metadata (so hits are hydrated from one place whatever found them) and
an FTS5 index over the text for lexical retrieval: numbers, tickers and line-item names ("purchases of
property and equipment") are found here even when the dense vectors miss them. Thousands separators
are folded ("14,514" -> "14514") on both sides so figures match however they are written.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .types import Hit

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.&'-]*")
STOPWORDS = frozenset("""a about above after again all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
only or other our ours out over own same she should so some such than that the their theirs them then there
these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours according much many did per give tell show company's""".split())

COLUMNS = ["chunk_id", "path", "dir", "page", "page_label", "position", "title", "file_type", "doc_date",
           "date_num", "company", "ticker", "doc_type", "period_end", "fiscal_label", "text"]


def fold_numbers(text: str) -> str:
    return _THOUSANDS.sub("", text)


# How filings word what investors ask for: BM25 also looks for the line item's own words.
QUERY_EXPANSIONS = {
    "capex": ["purchases", "property", "equipment", "capital", "expenditures"],
    "expenditure": ["purchases", "property", "equipment"],
    "expenditures": ["purchases", "property", "equipment"],
    "revenue": ["sales"],
    "revenues": ["sales"],
}
# Titles written out in a question and abbreviated in the text, or the other way round: "Meta's chief
# executive" must find "CEO Mark Zuckerberg", "the CFO" "Chief Financial Officer Amy Hood".
ROLE_ABBREVIATIONS = {"ceo": "chief executive", "cfo": "chief financial", "cto": "chief technology",
                      "coo": "chief operating"}

# Names a passage may use for what a question names: a company's better-known unit or former name ("AWS's
# P4d instances" are the Amazon a question names, "Google's TPU pods" Alphabet's), a government's capital
# ("Beijing aims to lead in AI" is China)
CAPITALS = {"beijing": ("China", "Chinese"), "washington": ("United States", "U.S.", "America"),
            "brussels": ("EU", "European Union", "European Commission"), "tokyo": ("Japan",),
            "seoul": ("Korea",), "taipei": ("Taiwan",), "london": ("Britain", "United Kingdom"),
            "paris": ("France",), "berlin": ("Germany",)}
NAME_ALIASES = {"amazon": ("AWS", "Amazon Web Services"), "alphabet": ("Google",), "google": ("Alphabet",),
                "meta": ("Facebook",), "facebook": ("Meta",), **CAPITALS}


# What may stand before a statement's title on its heading line: the company ("3M Company and
# Subsidiaries"), "Condensed", "Consolidated". Anything else ("Analysis of Consolidated Statements of
# Income", an MD&A section) is not the statement. Lines are compared without spaces.
_COMPANY_END = re.compile(r"subsidiaries|inc\.?|incorporated|corporation|corp\.?|company|ltd\.?|plc|llc")
_QUALIFIERS = re.compile(r"(condensed|consolidated|combined|unaudited|\(unaudited\))*")


def _is_title(joined: str, wanted: Sequence[str], company_within: int = 60) -> bool:
    starts = [0] + [m.end() for m in _COMPANY_END.finditer(joined) if m.end() <= company_within]
    for start in starts:
        rest = joined[_QUALIFIERS.match(joined, start).end():]
        if any(rest.startswith(w) for w in wanted):
            return True
    return False


def _has_heading(head: str, wanted: Sequence[str], head_lines: int, span: int = 5, longest: int = 80) -> bool:
    lines = [re.sub(r"\s+", "", line.lower()) for line in head.splitlines()[:head_lines]]
    for i in range(len(lines)):
        joined = ""
        for line in lines[i:i + span]:
            if len(joined) > longest:
                break
            joined += line  # the title starts the joined lines; what follows it may be long
            if _is_title(joined, wanted):
                return True
    return False


def expanded_terms(question: str) -> list[str]:
    terms = query_terms(question)
    extra = [w for t in terms for w in QUERY_EXPANSIONS.get(t, [])]
    lowered = question.lower()
    for short, spelled in ROLE_ABBREVIATIONS.items():
        if re.search(rf"\b{spelled}", lowered):
            extra.append(short)
        elif short in terms:
            extra += spelled.split()
    # "the Brussels law" must find "the EU AI Act": a capital stands for its government, and texts seldom use
    # it (a company is searched by its own name: its aliases would bring in all it is mentioned beside)
    extra += [alias.lower() for t in terms for alias in CAPITALS.get(t.removesuffix("'s"), ()) if " " not in alias]
    return list(dict.fromkeys(terms + extra))


# British spellings read as the American ones most sources here use ("data centres" are "data centers")
_AMERICAN = [(re.compile(r"centre(s?)$"), r"center\1"), (re.compile(r"programme(s?)$"), r"program\1"),
             (re.compile(r"isation(s?)$"), r"ization\1")]


def _american(word: str) -> str:
    for pattern, replacement in _AMERICAN:
        word = pattern.sub(replacement, word)
    return word


# an officer's title and its initials, either of which a passage may write ("CEO Mark Zuckerberg" is the chief
# executive asked about)
_TITLES = {"chief executive": "ceo", "chief financial": "cfo", "chief operating": "coo", "chief technology": "cto",
           "chief information": "cio"}
_TITLE = re.compile(rf"({'|'.join(_TITLES)})|\b({'|'.join(_TITLES.values())})s?\b")


def query_terms(question: str) -> list[str]:
    words = [_american(w.strip(".'-").lower()) for w in _WORD.findall(fold_numbers(question))]
    written = {m.group(1) or m.group(2) for m in _TITLE.finditer(question.lower())}  # (one pass: a hot path)
    words += [short for title, short in _TITLES.items() if title in written]
    words += [w for title, short in _TITLES.items() if short in written for w in title.split()]
    return list(dict.fromkeys(w for w in words if w and w not in STOPWORDS and len(w) > 1 or w.isdigit()))


class ChunkTable:
    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        self.db = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
        if not readonly:
            self.db.execute("PRAGMA journal_mode=DELETE")
            self.db.executescript(f"""
                CREATE TABLE IF NOT EXISTS chunks (
                    rowid INTEGER PRIMARY KEY, {", ".join(c + (" TEXT UNIQUE" if c == "chunk_id" else "")
                                                          for c in COLUMNS)});
                CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(body, tokenize='porter unicode61');
                CREATE INDEX IF NOT EXISTS chunks_path ON chunks(path);
            """)

    def close(self) -> None:
        self.db.close()

    def add(self, rows: Sequence[dict[str, Any]]) -> None:
        with self.db:
            for row in rows:
                cur = self.db.execute(
                    f"INSERT INTO chunks ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    [row.get(c) for c in COLUMNS])
                body = fold_numbers(f"{row.get('title') or ''} {row.get('company') or ''} {row['text']}")
                self.db.execute("INSERT INTO fts (rowid, body) VALUES (?, ?)", (cur.lastrowid, body))

    def delete(self, chunk_ids: Iterable[str]) -> int:
        ids = list(chunk_ids)
        removed = 0
        with self.db:
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                marks = ",".join("?" * len(part))
                rowids = [r[0] for r in self.db.execute(f"SELECT rowid FROM chunks WHERE chunk_id IN ({marks})", part)]
                if rowids:
                    rmarks = ",".join("?" * len(rowids))
                    self.db.execute(f"DELETE FROM fts WHERE rowid IN ({rmarks})", rowids)
                    self.db.execute(f"DELETE FROM chunks WHERE rowid IN ({rmarks})", rowids)
                    removed += len(rowids)
        return removed

    def doc_freq(self, term: str) -> int:
        """Chunks containing `term` (FTS applies the same stemming as at index time)."""
        try:
            return self.db.execute("SELECT COUNT(*) FROM fts WHERE fts MATCH ?", [f'"{term}"']).fetchone()[0]
        except sqlite3.OperationalError:
            return 0

    def heading_pages(self, phrases: Sequence[str], paths: Sequence[str], head_lines: int = 14,
                      per_file: int = 4) -> list[tuple[str, int]]:
        """(path, page) of the pages of `paths` headed by one of `phrases` (a statement's heading:
        "Consolidated Statements of Cash Flows"), in page order, at most `per_file` each. The phrase
        must be a short heading among a page's first `head_lines`: a note saying "see the Consolidated
        Statements of Cash Flows" is not the statement. PDFs break headings apart ("Balance Shee t",
        one word per line), so lines are compared without spaces, up to five lines joined."""
        if not phrases or not paths:
            return []
        wanted = [re.sub(r"\s+", "", p.lower()) for p in phrases]
        rows = self.db.execute(
            f"SELECT path, page, substr(text, 1, 800) FROM chunks WHERE position = 0 AND page IS NOT NULL "
            f"AND path IN ({','.join('?' * len(paths))}) ORDER BY path, page", list(paths)).fetchall()
        out: list[tuple[str, int]] = []
        taken: dict[str, int] = {}
        for path, page, head in rows:
            if taken.get(path, 0) < per_file and _has_heading(head, wanted, head_lines):
                out.append((path, page))
                taken[path] = taken.get(path, 0) + 1
        return out

    def page_chunks(self, pages: Sequence[tuple[str, int]], question: str, limit: int) -> list[str]:
        """The chunks of `pages`, the ones BM25 matches to `question` first (by score), then the rest
        in page order."""
        if not pages:
            return []
        values = ",".join("(?,?)" for _ in pages)
        flat = [x for pair in pages for x in pair]
        ranked = [cid for cid, _ in self.search(question, limit, f"(c.path, c.page) IN (VALUES {values})", flat)]
        rest = [r[0] for r in self.db.execute(
            f"SELECT chunk_id FROM chunks WHERE (path, page) IN (VALUES {values}) ORDER BY path, page, position",
            flat)]
        return list(dict.fromkeys(ranked + rest))[:limit]

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def all_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT chunk_id FROM chunks")]

    def fetch(self, chunk_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[i:i + 500])
            cur = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM chunks WHERE chunk_id IN "
                                  f"({','.join('?' * len(part))})", part)
            for row in cur:
                out[row[0]] = dict(zip(COLUMNS, row, strict=True))
        return out

    def search(self, question: str, limit: int, where_sql: str = "", params: Sequence[Any] = (),
               required: Sequence[str] = ()) -> list[tuple[str, float]]:
        """Chunks matching any of the question's terms, best BM25 first; with `required`, only chunks
        holding each of those phrases too ("helion compute": those words, in that order)."""
        terms = expanded_terms(question)
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        if required:
            match = " AND ".join('"' + w.replace('"', '""') + '"' for w in required) + f" AND ({match})"
        sql = (f"SELECT c.chunk_id, bm25(fts) AS s FROM fts JOIN chunks c ON c.rowid = fts.rowid "
               f"WHERE fts MATCH ? {('AND ' + where_sql) if where_sql else ''} ORDER BY s LIMIT ?")
        try:
            rows = self.db.execute(sql, [match, *params, limit]).fetchall()
        except sqlite3.OperationalError:
            return []  # a question FTS cannot parse finds nothing lexically; dense retrieval still runs
        return [(cid, -float(score)) for cid, score in rows]


def hit_from_row(row: dict[str, Any], score: float) -> Hit:
    page = row.get("page")
    return Hit(chunk_id=row["chunk_id"], path=row["path"], title=row.get("title") or row["path"],
               page=page if page is not None and page >= 0 else None,
               page_label=row.get("page_label") or None, text=row["text"], score=score, metadata=row)


def rebuild_table_from_store(store, path: Path) -> None:
    """Derive the chunk table and BM25 index from a (server) collection's stored metadata and text."""
    # Per-process name: several app processes sharing one index folder may derive it at the same moment.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.building")
    tmp.unlink(missing_ok=True)
    table = ChunkTable(tmp)
    offset = 0
    while True:
        res = store.col.get(include=["metadatas", "documents"], limit=2000, offset=offset)
        if not res["ids"]:
            break
        table.add([{**(m or {}), "chunk_id": cid, "text": (m or {}).get("text") or doc or ""}
                   for cid, m, doc in zip(res["ids"], res["metadatas"], res["documents"] or [None] * len(res["ids"]),
                                          strict=True)])
        offset += len(res["ids"])
    table.close()
    tmp.replace(path)
