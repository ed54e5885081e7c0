"""The app's HTML and Markdown: markers link to cards, quotes are highlighted in their passage, every
piece of document text is escaped, and the export carries the citations."""

from __future__ import annotations

import datetime as dt

import pytest

from infrascope import ui_render as R
from infrascope.types import Answer, Citation, Hit, IndexReport

PASSAGE = ("Capital expenditures for the quarter were $1,150 million, mainly for new data-center "
           "capacity. The board declared a dividend of $0.17 per share.")


def _hit(cid="c1", path="reports/2024_Q2_HLCN.pdf", text=PASSAGE, page=2, label="1", score=0.8):
    return Hit(cid, path, "Helion 10-Q", page, label, text, score, {"doc_date": "2024-07-30"})


def _answer(**kw) -> Answer:
    cite = Citation(1, "c1", "reports/2024_Q2_HLCN.pdf", "Helion 10-Q", 2, "1",
                    "Capital expenditures for the quarter were $1,150 million", 0.81)
    base = dict(id="a1", question="How much capex?", answer="Capex was $1,150 million [1].", refused=False,
                mode="extractive", citations=[cite], sources=[_hit(), _hit("c2", "notes/x.txt", "Other text.",
                                                                            None, None, 0.3)],
                timings={}, index_generation="g1")
    base.update(kw)
    return Answer(**base)


@pytest.mark.parametrize("text, expect, absent", [
    ("Capex was $5 [1].", ['href="#src-a1-1"', ">[1]</a>"], []),
    ("Both [1, 2].", ['href="#src-a1-1"', 'href="#src-a1-2"'], ["[1, 2]"]),
    ("Unknown [9].", ["[9]"], ['href="#src-a1-9"']),
    ("No markers at all.", ["No markers at all."], ["<a"]),
    ("<script>alert(1)</script> [1]", ["&lt;script&gt;"], ["<script>"]),
    ("a *b* _c_ `d` # e", [r"\*b\*", r"\_c\_", r"\`d\`"], []),
])
def test_markers_link_to_cards_and_text_is_inert(text, expect, absent):
    out = R.link_markers(text, "a1", known={1, 2})
    for e in expect:
        assert e in out
    for a in absent:
        assert a not in out


def test_answer_message_shows_rewrite_refusal_and_notes_but_no_sources():
    msg = R.answer_message(_answer(standalone_question="Capex in Q3?", notes=["LLM server unreachable"]))
    assert "Understood as" in msg and "Capex in Q3?" in msg
    assert "</div>\n\n" in msg  # the HTML block is closed so the answer is still Markdown
    assert "LLM server unreachable" in msg
    assert "reports/2024_Q2_HLCN.pdf" not in msg  # sources live in their own panel
    refused = R.answer_message(_answer(refused=True, citations=[], answer="The sources don't contain it."))
    assert "No answer found" in refused


@pytest.mark.parametrize("text, quote, marked", [
    (PASSAGE, "dividend of $0.17 per share", "dividend of &#36;0.17 per share"),
    ("Capex   was\n$1,150 million", "Capex was $1,150 million", "Capex   was\n&#36;1,150 million"),
    ("CAPEX WAS HIGH", "capex was high", "CAPEX WAS HIGH"),
    ("**Bold** claim here", "Bold claim here", "Bold claim here"),
])
def test_quote_is_highlighted_inside_its_passage(text, quote, marked):
    assert f"<mark>{marked}</mark>" in R.highlight(text, quote)


def test_quote_not_in_passage_is_still_shown():
    out = R.highlight("Something else entirely.", "the quote")
    assert out == "<mark>the quote</mark>"


def test_long_passage_is_clipped_around_the_quote():
    text = "word " * 300 + "THE QUOTE" + " tail" * 300
    out = R.highlight(text, "THE QUOTE", context=50)
    assert out.startswith("…") and out.endswith("…") and "<mark>THE QUOTE</mark>" in out
    assert len(out) < 200


def test_document_text_cannot_inject_markup_or_template_syntax():
    evil = _hit(text='<img src=x onerror=alert(1)> ${window.x} {{value}} "quoted"')
    ans = _answer(sources=[evil], citations=[Citation(1, "c1", evil.path, "<b>T</b>", 2, "1", "quoted", .5)])
    html = R.sources_html(ans)
    assert "<img" not in html and "<b>T</b>" not in html
    assert "${" not in html and "{{" not in html


def test_sources_panel_cards():
    html = R.sources_html(_answer())
    assert 'id="src-a1-1"' in html
    assert "Helion 10-Q" in html and "reports/2024_Q2_HLCN.pdf" in html
    assert "page 2 (printed “1”)" in html and "2024-07-30" in html and "score 0.81" in html
    assert "<mark>Capital expenditures for the quarter were &#36;1,150 million</mark>" in html
    more = html.split("<details", 1)[1]
    assert "Other retrieved passages (1)" in more and "notes/x.txt" in more
    assert "<details class=\"more-passages\">" in html  # collapsed when there are citations


def test_refused_answer_opens_the_closest_passages():
    html = R.sources_html(_answer(refused=True, citations=[]))
    assert "No passage supports an answer" in html and "<details class=\"more-passages\" open>" in html
    assert "Sources appear here" in R.sources_html(None)


def test_library_rows_and_failures():
    summary = {"generation": "g1", "documents": 1, "pages": 2, "chunks": 5,
               "files": [{"path": "r.pdf", "title": "R", "doc_type": "10-Q", "company": "Helion",
                          "doc_date": "2024-07-30", "pages": 2, "chunks": 5}],
               "failed": [{"path": "bad.pdf", "reason": "encrypted"}],
               "skipped": [{"path": "logo.png", "reason": "unsupported file type '.png'"}]}
    assert R.library_rows(summary) == [["r.pdf", "R", "10-Q", "Helion", "2024-07-30", 2, 5]]
    assert R.failure_rows(summary) == [["bad.pdf", "encrypted"],
                                       ["logo.png", "skipped: unsupported file type '.png'"]]
    assert "**1** failed" in R.library_stats(summary)


def test_report_and_upload_markdown():
    md = R.report_markdown(IndexReport(added=["uploads/a.md"], chunks_added=3, total_chunks=9, seconds=1.2))
    assert md.startswith("**Index updated**") and "added: uploads/a.md" in md
    assert R.report_markdown(IndexReport(unchanged=["x"])).startswith("**Index already up to date**")
    up = R.upload_markdown(["uploads/a.md"], ["uploads/b.md"], [("../x.md", "names with folders")])
    assert "added `uploads/a.md`" in up and "already in the corpus" in up and "**refused**" in up


def test_export_markdown_carries_answers_and_citations():
    md = R.conversation_markdown([("How much capex?", _answer(), None),
                                  ("and next quarter?", _answer(standalone_question="Capex in Q3?"), None),
                                  ("?", None, "the question is empty")], now=dt.datetime(2025, 1, 2, 3, 4))
    assert md.startswith("# infrascope conversation") and "2025-01-02 03:04" in md
    assert "## 1. How much capex?" in md and "Capex was $1,150 million [1]." in md
    assert "[1] Helion 10-Q — reports/2024_Q2_HLCN.pdf, page 2 (printed “1”), 2024-07-30" in md
    assert "> Capital expenditures for the quarter were $1,150 million" in md
    assert "_Understood as: Capex in Q3?_" in md
    assert "_Not answered: the question is empty_" in md
