"""What the browser app's callbacks do, without gradio: one conversation per browser session (its
exchanges, the follow-up history, which answer the sources panel shows, the Markdown export), the
filter and mode choices, example questions, the cited-page viewer, library refresh and rebuild.

ui.py only wires these to components, so this logic is tested with fakes and no browser. The one
Assistant (and its models) is shared by every session; a Session holds only that tab's conversation.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ui_render as R
from .assistant import QuestionError
from .conversation import Turn
from .generations import IndexError_, NoIndex
from .retrieval import Filters
from .types import Answer

FOLLOWUP_TURNS = 6  # enough context for "and the quarter after that?" without dragging old topics in
NO_INDEX_HELP = ("No index yet. Build it with the **Build / update index** button in the Library tab, or run "
                 "`infrascope index` in a terminal (`make run` does both).")

# Questions about the default corpus (../shared/corpus); each shows only when its document is indexed.
DEFAULT_EXAMPLES = [
    ("What was NVIDIA's data center revenue for the quarter ended October 29, 2023?", "2023_Q3_NVDA"),
    ("How much did Microsoft spend on additions to property and equipment in the quarter ended "
     "September 30, 2023?", "2023_Q3_MSFT"),
    ("How much funding does the CHIPS and Science Act provide for semiconductor manufacturing?",
     "fact-sheet-chips-and-science-act"),
    ("What does the July 2025 executive order do to speed up permitting of data center projects?",
     "accelerating-federal-permitting-of-data-center"),
    ("What did the White House AI infrastructure roundtable agree on?", "roundtable-on-u-s-leadership-in-ai"),
]


# -- one browser session's conversation -------------------------------------------------------------
@dataclass
class Exchange:
    question: str
    answer: Answer | None = None
    partial: str = ""  # streamed text so far
    error: str | None = None


@dataclass
class Session:
    exchanges: list[Exchange] = field(default_factory=list)
    selected: int | None = None  # index of the exchange whose sources the panel shows

    def history(self) -> list[Turn]:
        """What a follow-up is resolved against: the standalone questions answered and what they cited."""
        turns = [Turn(question=e.answer.standalone_question or e.answer.question,
                      cited_paths=[c.path for c in e.answer.citations])
                 for e in self.exchanges if e.answer is not None]
        return turns[-FOLLOWUP_TURNS:]

    def messages(self) -> list[dict[str, str]]:
        out = []
        for e in self.exchanges:
            out.append({"role": "user", "content": R._md(e.question)})
            if e.error:
                text = R.error_message(e.error)
            elif e.answer is not None:
                text = R.answer_message(e.answer)
            else:
                text = R.pending_message(e.partial)
            out.append({"role": "assistant", "content": text})
        return out

    def selected_answer(self) -> Answer | None:
        if self.selected is None or not (0 <= self.selected < len(self.exchanges)):
            return None
        return self.exchanges[self.selected].answer

    def select_message(self, message_index: int) -> bool:
        """A click on chat message `message_index` shows that exchange's sources; True if it changed."""
        i = message_index // 2
        if 0 <= i < len(self.exchanges) and self.exchanges[i].answer is not None and i != self.selected:
            self.selected = i
            return True
        return False

    def export_markdown(self, now: dt.datetime | None = None) -> str:
        return R.conversation_markdown([(e.question, e.answer, e.error) for e in self.exchanges], now)


def ask_steps(assistant, session: Session, question: str, *, k: int | None = None, mode: str | None = None,
              filters: Filters | None = None) -> Iterator[Session]:
    """Asks `question` in this session, yielding the session after every visible change (the pending
    message, each streamed piece of text, the final answer). Failures become an error message in the
    chat rather than an exception, so the conversation stays usable."""
    ex = Exchange(question=question)
    session.exchanges.append(ex)
    yield session
    try:
        history = session.history()  # the new exchange has no answer yet, so it is not in it
        for item in assistant.ask_stream(question, k=k, filters=filters, mode=mode, history=history):
            if isinstance(item, Answer):
                ex.answer = item
                session.selected = len(session.exchanges) - 1
            else:
                ex.partial += item
            yield session
    except QuestionError as exc:
        ex.error = str(exc)
    except NoIndex:
        ex.error = NO_INDEX_HELP.replace("**", "")
    except IndexError_ as exc:
        ex.error = str(exc)
    if ex.error:
        yield session


def ask_json(assistant, question: str, k: int | None = None, mode: str | None = None) -> dict[str, Any]:
    """The HTTP API's `ask`: one standalone question, the Answer as JSON (errors raise ValueError)."""
    if mode not in (None, "", "extractive", "openai"):
        raise ValueError(f"unknown mode '{mode}'; use extractive or openai")
    try:
        return assistant.ask(question, k=int(k) if k else None, mode=mode or None).to_dict()
    except (QuestionError, IndexError_) as exc:
        raise ValueError(str(exc)) from None


# -- choices for the controls -----------------------------------------------------------------------
def mode_choices(settings) -> list[tuple[str, str]]:
    choices = [("Extractive (quotes only, no LLM)", "extractive")]
    if settings.llm_configured:
        choices.append((f"LLM: {settings.llm_model}", "openai"))
    return choices


def indexed_files(assistant) -> dict[str, Any]:
    try:
        return assistant.reader.current().files
    except IndexError_:
        return {}


def filter_choices(files: dict[str, Any]) -> dict[str, list[str]]:
    """Folders (ending in /) then documents, companies and document types present in the index."""
    folders = sorted({p.rsplit("/", 1)[0] + "/" for p in files if "/" in p})
    return {
        "sources": folders + sorted(files),
        "companies": sorted({m.get("company") for m in files.values() if m.get("company")}),
        "doc_types": sorted({m.get("doc_type") for m in files.values() if m.get("doc_type")}),
    }


def _iso(value: Any, what: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):  # a date picker may send a timestamp
        return dt.datetime.fromtimestamp(value).date().isoformat()
    text = str(value).strip()[:10]
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"the {what} date '{value}' is not a date; use YYYY-MM-DD") from None


def make_filters(sources: list[str] | None, company: str | None, doc_type: str | None,
                 since: Any = None, until: Any = None) -> Filters | None:
    f = Filters(source=[s.rstrip("/") for s in (sources or []) if s], company=company or None,
                doc_type=doc_type or None, since=_iso(since, "from"), until=_iso(until, "to"))
    if f.since and f.until and f.since > f.until:
        raise ValueError(f"the date range is empty: from {f.since} is after to {f.until}")
    return None if f.empty else f


def example_questions(files: dict[str, Any], n: int = 4) -> list[str]:
    """Default-corpus questions whose document is indexed; else one per indexed document."""
    found = [q for q, needle in DEFAULT_EXAMPLES if any(needle in p for p in files)]
    if found:
        return found[:n]
    return [f"What are the key facts in “{m.get('title') or p}”?" for p, m in sorted(files.items())][:n]


# -- the cited-page viewer --------------------------------------------------------------------------
def page_choices(answer: Answer | None) -> list[tuple[str, str]]:
    """(label, value) for each cited PDF page, in citation order, without repeats."""
    out: list[tuple[str, str]] = []
    for c in (answer.citations if answer else []):
        if c.page is None or not c.path.lower().endswith(".pdf"):
            continue
        value = f"{c.page}|{c.path}"
        if value not in (v for _, v in out):
            out.append((f"[{c.n}] {c.path}, {R.page_text(c.page, c.page_label)}", value))
    return out


def render_page(corpus_dir: Path, files: dict[str, Any], value: str | None, scale: float = 1.4):
    """The PDF page named by a page_choices value, as a PIL image; None when it is not an indexed PDF.
    The value comes back from the browser, so it is checked against the index and the corpus root."""
    if not value or "|" not in value:
        return None
    page_s, path = value.split("|", 1)
    root = Path(corpus_dir).resolve()
    target = (root / path).resolve()
    if path not in files or not target.is_relative_to(root) or target.suffix.lower() != ".pdf":
        return None
    import pypdfium2 as pdfium  # imported here: only a viewer click pays for it

    pdf = pdfium.PdfDocument(str(target))
    try:
        page = int(page_s)
        if not 1 <= page <= len(pdf):
            return None
        return pdf[page - 1].render(scale=scale).to_pil()
    finally:
        pdf.close()


# -- export, library, rebuild -----------------------------------------------------------------------
def export_file(session: Session, folder: Path | None = None) -> Path:
    folder = Path(folder or tempfile.mkdtemp(prefix="infrascope-export-"))
    path = folder / f"infrascope-conversation-{dt.datetime.now():%Y%m%d-%H%M%S}.md"
    path.write_text(session.export_markdown(), encoding="utf-8")
    return path


@dataclass
class LibraryView:
    stats: str
    rows: list[list]
    failures: list[list]
    notice: str = ""  # HTML banner, e.g. no index yet


def library_view(settings) -> LibraryView:
    from .library import library_summary

    try:
        summary = library_summary(settings)
    except NoIndex:
        return LibraryView("No index yet.", [], [], R.notice_html(NO_INDEX_HELP.replace("**", ""), "warn"))
    except IndexError_ as exc:
        return LibraryView("The index cannot be read.", [], [], R.notice_html(str(exc), "error"))
    return LibraryView(R.library_stats(summary), R.library_rows(summary), R.failure_rows(summary))


def rebuild(assistant, on_progress: Callable[[int, int, str], None] | None = None) -> str:
    """Incremental rebuild with the app's own embedder; the change report as Markdown. Queries keep
    answering from the previous generation until the new one is published."""
    try:
        report = assistant.index(progress=False, on_progress=on_progress)
    except (IndexError_, FileNotFoundError) as exc:
        return R.notice_html(str(exc), "error")
    return R.report_markdown(report)


# -- who may connect ---------------------------------------------------------------------------------
def is_loopback(host: str) -> bool:
    import ipaddress

    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_auth(raw: str | None) -> tuple[str, str] | None:
    if not raw:
        return None
    user, sep, password = raw.partition(":")
    if not sep or not user or not password:
        raise ValueError("--auth must be USER:PASS (both non-empty)")
    return user, password


def exposure_problem(host: str, auth: tuple[str, str] | None, no_auth: bool) -> str | None:
    """Why the app must not start as asked (None = fine): beyond loopback it needs a password, or
    an explicit --no-auth saying the network is trusted."""
    if auth and no_auth:
        return "--auth and --no-auth contradict each other; pass one"
    if is_loopback(host) or auth or no_auth:
        return None
    return (f"refusing to listen on {host} without a password: anyone who can reach this machine could "
            "read the documents. Pass --auth USER:PASS (or INFRASCOPE_AUTH), or --no-auth if the network "
            "is trusted.")
