"""Pages -> chunks sized for all-MiniLM-L6-v2 (which truncates at 256 word pieces).

Prose is split into sentences and packed up to `max_tokens` with a sentence-level overlap. In authored
documents (Markdown, HTML, text: their headings are written, not guessed from a PDF's line shapes) a
heading starts a new chunk once the current one holds a section's worth of text, and a chunk that
continues a section carries its heading in the text it is embedded by. Table rows
(lines with several figures, or Markdown `|` rows) stay whole, and a chunk that starts inside a table
repeats the table's header lines, so "14,514 3,833" is never separated from "Three Months Ended
October 29, 2023". Chunk ids are deterministic: file, page, position.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .types import Chunk, DocMeta, Page

TokenCounter = Callable[[Sequence[str]], list[int]]

_NUM = re.compile(r"^\(?-?\$?\(?\d[\d,]*(\.\d+)?\)?%?$|^—$|^-$|^\$$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_HEADERISH = re.compile(r"(months|weeks|year|quarter) ended|in millions|in thousands|in billions|"
                        r"january|february|march|april|may|june|july|august|september|october|"
                        r"november|december|fiscal|%\s*change|\$\s*change", re.I)
_ABBREV = re.compile(r"(\b(?:Inc|Corp|Co|Ltd|No|Nos|Mr|Mrs|Ms|Dr|St|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
                     r"Sep|Sept|Oct|Nov|Dec|U\.S|e\.g|i\.e|Fig|Sec|Art)\.|\b[A-Z]\.)$")
_SENT_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$]|[-•–]\s)")  # "…computing. - Intel …" too


@dataclass
class _Unit:
    text: str
    kind: str  # "sent" | "row" | "header" | "heading"
    header: str | None = None  # for rows: the table's header lines
    tokens: int = 0


_DAY_OF_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},", re.I)


def _figures(tokens: list[str]) -> list[str]:
    """Numeric tokens that are not years ("2,934", "(370)", "12%", "$"); years are column labels."""
    return [t for t in tokens if _NUM.match(t) and not _YEAR.match(t.strip("()$,.;:"))]


def is_table_row(line: str) -> bool:
    if line.startswith("|") and line.count("|") >= 2:
        return True
    tokens = _DAY_OF_MONTH.sub(" ", line).split()  # "June 30, 2024" is a column heading, not figures
    if len([t for t in _figures(tokens) if t != "$"]) < 2:
        return False
    words = [t for t in tokens if not _NUM.match(t)]
    return len(words) <= 10 and len(" ".join(words)) <= 80  # a sentence with two numbers is prose


def is_heading(line: str, next_line: str | None, unwrapped: bool = False) -> bool:
    """A title-like line: Markdown '#', or short, unpunctuated and followed by a capitalised line
    (PDF text wraps long lines, so a short unpunctuated line there is a heading, not a wrap). In
    `unwrapped` text, which holds a paragraph a line, a title may run longer ("b) Government & Policy
    Makers: US, EU, and China’s AI Infrastructure Investments")."""
    if line.startswith("#"):
        return True
    if len(line) >= (_UNWRAPPED_TITLE if unwrapped else _WRAPPED_TITLE) or line[-1:] in ".,;:!?" or not next_line:
        return False
    return next_line[:1].isupper() or next_line[:1].isdigit()


_WRAPPED_TITLE, _UNWRAPPED_TITLE = 60, 120


def is_unwrapped(text: str) -> bool:
    """Text written a paragraph a line (a text file, a web page): several lines longer than any wrap."""
    return sum(len(line) > 200 for line in text.split("\n")) >= 2


def _is_md_separator(line: str) -> bool:
    return bool(re.match(r"^\|?\s*:?-{2,}", line)) and set(line) <= set("|-: ")


def _header_before(lines: list[str], start: int) -> str | None:
    """Up to four short non-sentence lines right above the first row of a table."""
    picked: list[str] = []
    i = start - 1
    while i >= 0 and len(picked) < 4:
        line = lines[i].strip()
        if not line or len(line) > 100 or (line.endswith(".") and not _HEADERISH.search(line)):
            break
        if is_table_row(line) and not all(_YEAR.match(t) or not _NUM.match(t) for t in line.split()):
            break
        picked.insert(0, line)
        i -= 1
    if not any(_HEADERISH.search(p) or all(_YEAR.match(t) for t in p.split()) for p in picked):
        # keep only a short caption-like header when nothing looks like column headings
        picked = picked[-1:] if picked and len(picked[-1]) <= 60 else []
    return "\n".join(picked) or None


def split_sentences(text: str) -> list[str]:
    parts = _SENT_END.split(text)
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def page_units(text: str, unwrapped: bool = False) -> list[_Unit]:
    """The page's sentences, table rows (with their header) and headings, in order. `unwrapped`: the
    text holds a paragraph a line (see `is_heading`)."""
    lines = text.split("\n")
    units: list[_Unit] = []
    prose: list[str] = []
    header: str | None = None
    in_table = False
    md_header: str | None = None

    def flush_prose() -> None:
        if prose:
            for sent in split_sentences(" ".join(prose)):
                units.append(_Unit(sent, "sent"))
            prose.clear()

    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush_prose()
            in_table = False
            md_header = None
            continue
        if line.startswith("|") and line.count("|") >= 2:
            flush_prose()
            if md_header is None:
                md_header = line
                units.append(_Unit(line, "header"))
                continue
            if _is_md_separator(line):
                continue
            units.append(_Unit(line, "row", header=md_header))
            continue
        if is_table_row(line):
            if not in_table:
                header = _header_before(lines, i)
                if header:
                    # header lines already gathered as prose or headings belong to the table instead
                    header_lines = set(header.split("\n"))
                    while prose and prose[-1] in header_lines:
                        prose.pop()
                    flush_prose()
                    while units and units[-1].kind in ("heading", "sent") and units[-1].text in header_lines:
                        units.pop()
                    units.append(_Unit(header, "header"))
                flush_prose()
                in_table = True
            units.append(_Unit(line, "row", header=header))
            continue
        nxt = next((x.strip() for x in lines[i + 1:] if x.strip()), None)
        if in_table and len(line) <= 60 and not line.endswith(".") and nxt and is_table_row(nxt):
            units.append(_Unit(line, "row", header=header))  # a label row inside a table ("Revenue:")
            continue
        in_table = False
        if re.match(r"^([-*•]|\d{1,2}[.)])\s", line):
            flush_prose()  # a list item is its own paragraph
        if is_heading(line, nxt, unwrapped):
            flush_prose()
            units.append(_Unit(line, "heading"))
            continue
        prose.append(line)
    flush_prose()
    return units


def _split_long(unit: _Unit, max_tokens: int, count: TokenCounter) -> list[_Unit]:
    words = unit.text.split()
    if len(words) <= 1:
        return [unit]
    pieces, current = [], []
    for word in words:
        current.append(word)
        if len(current) >= max(8, int(max_tokens * 0.6)):
            pieces.append(" ".join(current))
            current = []
    if current:
        pieces.append(" ".join(current))
    out = [_Unit(p, unit.kind, unit.header) for p in pieces]
    for u, n in zip(out, count([u.text for u in out]), strict=True):
        u.tokens = n
    return out


_LETTER = re.compile(r"[^\W\d_]")
# what the line-shape test takes for a heading but is not one: a speaker's line in a transcript
# ("THE PRESIDENT: Hello, hello. (Applause.)"), an item of a list running on ("13. the Director ...; and")
_NOT_A_SECTION = re.compile(r"[.!?]\)?\s|\b(and|or)$|^\d{1,2}[.)]\s")


def _opens_section(heading: str) -> bool:
    return not _NOT_A_SECTION.search(heading)


def _content_tokens(units: list[_Unit]) -> int:
    return sum(u.tokens for u in units if u.kind != "heading")


def chunk_id(path: str, page: int | None, position: int) -> str:
    digest = hashlib.sha1(path.encode()).hexdigest()[:12]
    return f"{digest}:p{page if page is not None else 0}:c{position}"


def embed_prefix(meta: DocMeta) -> str:
    bits = [meta.title]
    if meta.company and meta.company.lower() not in meta.title.lower():
        bits.append(meta.company)
    if meta.fiscal_label and meta.fiscal_label not in meta.title:
        bits.append(meta.fiscal_label)
    return " | ".join(bits)[:160]


# Headings are written by the author in these formats; in a PDF they are guessed from short lines
# (page furniture, table labels), too unreliable to cut chunks at.
SECTIONED_TYPES = frozenset({"markdown", "html", "text"})


def chunk_page(meta: DocMeta, page: Page, max_tokens: int, overlap_tokens: int,
               count: TokenCounter) -> list[Chunk]:
    sectioned = meta.file_type in SECTIONED_TYPES
    units = page_units(page.text, unwrapped=sectioned and is_unwrapped(page.text))
    if not units:
        return []
    for u, n in zip(units, count([u.text for u in units]), strict=True):
        u.tokens = n
    expanded: list[_Unit] = []
    for u in units:
        expanded.extend(_split_long(u, max_tokens, count) if u.tokens > max_tokens else [u])
    header_tokens = dict(zip({u.header for u in expanded if u.header},
                             count([h for h in {u.header for u in expanded if u.header}]), strict=True)) \
        if any(u.header for u in expanded) else {}

    # a section this short stays with its neighbour (a list of one-line "headings", a dateline): a
    # chunk of a heading and one sentence is too little for the embedder to place
    min_section = max_tokens // 4
    chunks_units: list[list[_Unit]] = []
    sections: list[str | None] = []  # the heading each chunk's text falls under
    section: str | None = None
    current: list[_Unit] = []
    current_section: str | None = None
    size = 0
    for u in expanded:
        if sectioned and u.kind == "heading" and _opens_section(u.text):
            if _content_tokens(current) >= min_section:
                # a new section: no overlap carried across it
                chunks_units.append(current)
                sections.append(current_section)
                current, size = [], 0
            # a "-" or "***" line ends a section and names none; "*CHIPS.gov*" names "CHIPS.gov"
            section = u.text.strip("*_ ") if _LETTER.search(u.text) else None
            if not _content_tokens(current):
                current_section = section  # the heading opens this chunk
        extra = u.tokens
        needs_header = u.kind == "row" and u.header and not any(
            c.kind == "header" and c.text == u.header for c in current)
        if needs_header:
            extra += header_tokens.get(u.header, 0)
        if current and size + extra > max_tokens:
            chunks_units.append(current)
            sections.append(current_section)
            current_section = section
            # overlap: carry trailing prose sentences (rows re-get their header instead), never across
            # a heading
            carry: list[_Unit] = []
            carried = 0
            for prev in reversed(current if not (sectioned and u.kind == "heading") else []):
                if prev.kind != "sent" or carried + prev.tokens > overlap_tokens:
                    break
                carry.insert(0, prev)
                carried += prev.tokens
            current, size = carry, carried
            needs_header = u.kind == "row" and bool(u.header)
        if needs_header:
            current.append(_Unit(u.header, "header", tokens=header_tokens.get(u.header, 0)))
            size += header_tokens.get(u.header, 0)
        current.append(u)
        size += u.tokens
    if current:
        chunks_units.append(current)
        sections.append(current_section)

    prefix = embed_prefix(meta)
    out: list[Chunk] = []
    for position, (group, heading) in enumerate(zip(chunks_units, sections, strict=True)):
        if all(u.kind in ("header", "heading") for u in group):
            continue
        text = _join(group)
        # a chunk in the middle of a section is embedded with its heading ("CHIPS.gov" names what the
        # paragraph below it is about); the text shown and quoted stays as written
        continues = heading and not any(u.kind == "heading" and u.text.strip("*_ ") == heading for u in group)
        lead = f"{prefix} | {heading}" if sectioned and continues else prefix
        out.append(Chunk(
            chunk_id=chunk_id(meta.path, page.page, position),
            path=meta.path, page=page.page, page_label=page.page_label, position=position,
            text=text, embed_text=f"{lead}\n{text}"))
    return out


def _join(units: list[_Unit]) -> str:
    out = ""
    for u in units:
        if u.kind == "sent" and out and not out.endswith("\n"):
            out += " " + u.text
        else:
            if out and not out.endswith("\n"):
                out += "\n"
            out += u.text + ("\n" if u.kind != "sent" else "")
    return out.strip()


def word_count_tokens(texts: Sequence[str]) -> list[int]:
    """A tokenizer-free estimate (~1.3 word pieces a word) for fakes and unit tests."""
    return [int(len(t.split()) * 1.3) + 1 for t in texts]
