"""HTML and Markdown for the browser app: the chat message of an answer (with [n] markers linking to
their source cards), the sources panel (one card per citation, the quoted span highlighted inside its
passage; the other retrieved passages collapsed), notices, the library and the Markdown export.

Pure functions from our types to strings, so they are tested without a browser and without gradio.
Every piece of document text is escaped here: documents are untrusted input shown in a web page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence

from .render import report_text
from .types import Answer, Citation, Hit, IndexReport

# "[1]" and "[1, 3]" as the answerer writes them
MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+|~>!$])")
_INLINE_MARKUP = re.compile(r"</?(?:u|b|i|em|strong|span|sup|sub)\b[^>]{0,80}>|\*\*|__(?=\w)|(?<=\w)__")
CONTEXT_CHARS = 240  # passage text kept either side of the quote in a card


def esc(text: str) -> str:
    """HTML-escape, also neutralising the template syntax gr.HTML evaluates (`${}` and `{{}}`)."""
    return (html.escape(text or "", quote=True)
            .replace("{", "&#123;").replace("}", "&#125;").replace("$", "&#36;"))


def plain(text: str) -> str:
    """Inline emphasis markup that Markdown and HTML sources carry into quotes (**, <u>): shown as the
    words it decorates, so a card reads like the document and not like its source code."""
    return _INLINE_MARKUP.sub("", text or "")


def _md(text: str) -> str:
    """Document text shown inside a Markdown message: HTML-escaped and Markdown-inert."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(plain(text), quote=False))


def card_id(answer_id: str, n: int) -> str:
    return f"src-{answer_id}-{n}"


def page_text(page: int | None, label: str | None) -> str:
    if page is None:
        return ""
    extra = f" (printed “{label}”)" if label and label != str(page) else ""
    return f"page {page}{extra}"


# -- the chat message -------------------------------------------------------------------------------
def link_markers(text: str, answer_id: str, known: set[int] | None = None) -> str:
    """The answer text for a Markdown message, each [n] a link to its card in the sources panel."""
    out, last = [], 0
    for m in MARKER.finditer(text):
        out.append(_md(text[last:m.start()]))
        links = []
        for raw in m.group(1).split(","):
            n = int(raw)
            if known is not None and n not in known:
                links.append(f"[{n}]")
                continue
            target = card_id(answer_id, n)
            links.append(f'<a class="cite" href="#{target}" data-card="{target}">[{n}]</a>')
        out.append("".join(links))
        last = m.end()
    out.append(_md(text[last:]))
    return "".join(out)


def answer_message(answer: Answer) -> str:
    """Everything the chat shows for an answer; sources stay in their own panel."""
    parts = []
    if answer.standalone_question:
        # the blank line ends the HTML block, so the answer below is parsed as Markdown again
        parts.append(f'<div class="understood">Understood as: “{esc(answer.standalone_question)}”</div>\n\n')
    if answer.refused:
        parts.append('<div class="refused">No answer found in the documents.</div>\n\n')
    parts.append(link_markers(answer.answer, answer.id, {c.n for c in answer.citations}))
    for note in answer.notes:
        parts.append(f'\n\n<div class="note">⚠ {esc(note)}</div>')
    return "".join(parts)


def pending_message(text: str = "") -> str:
    return _md(text) if text else '<span class="pending">Searching the documents…</span>'


def error_message(text: str) -> str:
    return f'<div class="note error">⚠ {_code_spans(esc(text))}</div>'


def _code_spans(escaped: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


# -- the sources panel ------------------------------------------------------------------------------
def _locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where the quote sits in the passage: exactly, else ignoring whitespace and case differences."""
    quote = (quote or "").strip()
    if not quote:
        return None
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    words = quote.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text, re.I)
    return (m.start(), m.end()) if m else None


def highlight(text: str, quote: str, context: int = CONTEXT_CHARS) -> str:
    """The passage around the quote, with the quote in <mark>; the quote alone if it is not found."""
    text, quote = plain(text), plain(quote)
    span = _locate(text, quote)
    if span is None:
        return f"<mark>{esc(quote)}</mark>" if quote else esc(_clip(text, 2 * context))
    s, e = span
    a = max(0, s - context)
    b = min(len(text), e + context)
    # cut at word boundaries so a card never starts mid-word
    if a > 0:
        a = text.find(" ", a, s) + 1 or a
    if b < len(text):
        b = text.rfind(" ", e, b) if text.rfind(" ", e, b) > e else b
    pre = ("…" if a > 0 else "") + esc(text[a:s])
    post = esc(text[e:b]) + ("…" if b < len(text) else "")
    return f"{pre}<mark>{esc(text[s:e])}</mark>{post}"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + "…"


def _meta_line(path: str, page: int | None, label: str | None, date: str | None, score: float) -> str:
    bits = [f'<span class="src-file">{esc(path)}</span>']
    if page is not None:
        bits.append(esc(page_text(page, label)))
    if date:
        bits.append(esc(date))
    bits.append(f"score {score:.2f}")
    return " · ".join(bits)


def _hit_for(citation: Citation, sources: Sequence[Hit]) -> Hit | None:
    return next((h for h in sources if h.chunk_id == citation.chunk_id), None)


def citation_card(answer_id: str, c: Citation, hit: Hit | None) -> str:
    date = (hit.metadata.get("doc_date") if hit else None) or None
    body = highlight(hit.text, c.quote) if hit else f"<mark>{esc(c.quote)}</mark>"
    return (f'<div class="src-card" id="{card_id(answer_id, c.n)}">'
            f'<div class="src-head"><span class="src-n">{c.n}</span>'
            f'<span class="src-title">{esc(c.title or c.path)}</span></div>'
            f'<div class="src-meta">{_meta_line(c.path, c.page, c.page_label, date, c.score)}</div>'
            f'<div class="src-passage">{body}</div></div>')


def passage_card(h: Hit) -> str:
    meta = _meta_line(h.path, h.page, h.page_label, h.metadata.get("doc_date"), h.score)
    return (f'<div class="src-card minor"><div class="src-head"><span class="src-title">'
            f'{esc(h.title or h.path)}</span></div>'
            f'<div class="src-meta">{meta}</div>'
            f'<div class="src-passage">{esc(_clip(plain(h.text), 2 * CONTEXT_CHARS))}</div></div>')


def sources_html(answer: Answer | None) -> str:
    if answer is None:
        return ('<div class="sources-empty">Sources appear here: each cited passage with its file, page and '
                "the quoted words highlighted.</div>")
    cited = {c.chunk_id for c in answer.citations}
    others = [h for h in answer.sources if h.chunk_id not in cited]
    asked = esc(answer.standalone_question or answer.question)
    head = f'<div class="sources-for">Sources for: <b>{asked}</b></div>'
    cards = [citation_card(answer.id, c, _hit_for(c, answer.sources)) for c in answer.citations]
    if not cards:
        cards.append('<div class="sources-empty">No passage supports an answer; '
                     "the closest ones are below.</div>")
    more = ""
    if others:
        more = (f'<details class="more-passages"{" open" if not answer.citations else ""}>'
                f"<summary>Other retrieved passages ({len(others)})</summary>"
                + "".join(passage_card(h) for h in others) + "</details>")
    return f'<div class="sources">{head}{"".join(cards)}{more}</div>'


def notice_html(text: str, kind: str = "info") -> str:
    """A banner (no index yet, a failed action); `text` may contain `code` spans in backticks."""
    return f'<div class="notice {esc(kind)}">{_code_spans(esc(text))}</div>'


# -- the library ------------------------------------------------------------------------------------
LIBRARY_HEADERS = ["File", "Title", "Type", "Company", "Date", "Pages", "Chunks"]
FAILURE_HEADERS = ["File", "Reason"]


def library_rows(summary: dict) -> list[list]:
    return [[f["path"], f.get("title") or "", f.get("doc_type") or "", f.get("company") or "",
             f.get("doc_date") or "", f.get("pages") or 0, f.get("chunks") or 0] for f in summary["files"]]


def failure_rows(summary: dict) -> list[list]:
    rows = [[f["path"], f["reason"]] for f in summary.get("failed", [])]
    for s in summary.get("skipped", []):
        if isinstance(s, dict):
            rows.append([s.get("path", ""), f"skipped: {s.get('reason', '')}"])
    return rows


def library_stats(summary: dict) -> str:
    failed = len(summary.get("failed", []))
    return (f"**{summary['documents']}** documents · **{summary['pages']}** pages · **{summary['chunks']}** "
            f"chunks · index generation `{summary['generation']}`"
            + (f" · **{failed}** failed (see below)" if failed else ""))


def report_markdown(report: IndexReport) -> str:
    verdict = "Index updated" if report.changed_anything else "Index already up to date"
    return f"**{verdict}** ({report.seconds:.1f} s)\n\n```\n{report_text(report)}\n```"


def upload_markdown(saved: list[str], unchanged: list[str], refused: list[tuple[str, str]]) -> str:
    lines = [f"- added `{p}`" for p in saved]
    lines += [f"- `{p}` is already in the corpus (same content)" for p in unchanged]
    lines += [f"- **refused** {_md(name)}: {_md(reason)}" for name, reason in refused]
    return "\n".join(lines) or "No files."


# -- export -----------------------------------------------------------------------------------------
def _plain_cite(c: Citation, hit: Hit | None) -> str:
    where = ", ".join(x for x in (c.path, page_text(c.page, c.page_label),
                                  (hit.metadata.get("doc_date") if hit else None) or "") if x)
    quote = " ".join(c.quote.split())
    return f"[{c.n}] {c.title} — {where} (score {c.score:.2f})\n\n> {quote}"


def conversation_markdown(exchanges: Sequence[tuple[str, Answer | None, str | None]],
                          now: dt.datetime | None = None) -> str:
    """The conversation as a Markdown document: each question, its answer and its citations."""
    now = now or dt.datetime.now()
    out = [f"# infrascope conversation\n\nExported {now:%Y-%m-%d %H:%M}.\n"]
    for i, (question, answer, error) in enumerate(exchanges, start=1):
        out.append(f"## {i}. {question}\n")
        if error or answer is None:
            out.append(f"_Not answered: {error or 'interrupted'}_\n")
            continue
        if answer.standalone_question:
            out.append(f"_Understood as: {answer.standalone_question}_\n")
        out.append(answer.answer + "\n")
        for note in answer.notes:
            out.append(f"> note: {note}\n")
        if answer.citations:
            out.append("**Sources**\n")
            out.extend(_plain_cite(c, _hit_for(c, answer.sources)) + "\n" for c in answer.citations)
        out.append(f"<sub>mode {answer.mode} · index {answer.index_generation} · "
                   f"answer id {answer.id}</sub>\n")
    return "\n".join(out)
