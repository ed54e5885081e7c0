"""Chunks fit the model, keep table headers with their rows, and have deterministic ids."""

from __future__ import annotations

from infrascope.chunking import chunk_id, chunk_page, is_table_row, page_units, split_sentences, word_count_tokens
from infrascope.types import DocMeta, Page

META = DocMeta(path="sec/2023_Q3_TEST.pdf", title="Test Corp 10-Q", file_type="pdf", company="Test Corp")
HEADER = ["Three Months Ended Nine Months Ended", "October 29, October 30, October 29, October 30,",
          "2023 2022 2023 2022", "(In millions)"]


def words(texts):
    return [len(t.split()) for t in texts]


def table_page(rows: int) -> Page:
    lines = ["The following table summarizes revenue by market:", *HEADER]
    lines += [f"Segment {i} $ {1000 + i:,} $ {900 + i:,} $ {3000 + i:,} $ {2000 + i:,}" for i in range(rows)]
    return Page(text="\n".join(lines), page=7, page_label="7")


def test_table_rows_are_detected_and_prose_is_not():
    assert is_table_row("Data Center $ 14,514 $ 3,833 $ 29,121 $ 11,389")
    assert is_table_row("Purchases of property and equipment (1,234) (2,345)")
    assert not is_table_row("June 30, 2024 June 30, 2023")
    assert not is_table_row("Revenue grew 64% in the second quarter of fiscal year 2025, driven by demand.")


def test_every_chunk_cut_from_a_table_repeats_the_header():
    chunks = chunk_page(META, table_page(60), max_tokens=60, overlap_tokens=10, count=words)
    table_chunks = [c for c in chunks if "Segment" in c.text]
    assert len(table_chunks) > 3
    for c in table_chunks:
        assert "Three Months Ended Nine Months Ended" in c.text
        assert "(In millions)" in c.text


def test_chunks_respect_the_token_budget_and_ids_are_deterministic():
    prose = " ".join(f"Sentence number {i} talks about capital expenditure on data centers." for i in range(80))
    page = Page(text=prose, page=3, page_label="iii")
    a = chunk_page(META, page, max_tokens=50, overlap_tokens=12, count=words)
    b = chunk_page(META, page, max_tokens=50, overlap_tokens=12, count=words)
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert [c.chunk_id for c in a] == [chunk_id(META.path, 3, i) for i in range(len(a))]
    assert all(len(c.text.split()) <= 50 for c in a)
    # sentence-level overlap: the last sentence of a chunk opens the next one
    assert a[0].text.split(". ")[-1].rstrip(".") in a[1].text
    assert all(c.embed_text.startswith("Test Corp 10-Q") for c in a)


def test_sentence_splitter_keeps_abbreviations():
    assert split_sentences("Intel Corp. agreed with the U.S. Commerce Department. It got $8.5 billion.") == [
        "Intel Corp. agreed with the U.S. Commerce Department.", "It got $8.5 billion."]


def test_markdown_table_rows_keep_their_header_row():
    units = page_units("## Grants\n| Area | Amount |\n| --- | --- |\n| Packaging | $3.2 billion |")
    rows = [u for u in units if u.kind == "row"]
    assert rows and rows[0].header == "| Area | Amount |"


# --- sections: in authored formats a heading starts a chunk ---

_MD = DocMeta(path="policy/2025-02-01-test-release.md", title="Test Release", file_type="markdown")


def _section(name: str, sentences: int, topic: str) -> str:
    body = " ".join(f"The {topic} programme reached milestone number {i} of its plan this year." for i in range(sentences))
    return f"{name}\n{body}\n"


def test_a_heading_starts_a_new_chunk_in_markdown_and_no_sentence_is_carried_across_it():
    text = _section("Grant Awards", 8, "grant") + "\n" + _section("Workforce Training", 8, "training")
    chunks = chunk_page(_MD, Page(text=text, page=None, page_label=None), 200, 40, word_count_tokens)
    second = next(c for c in chunks if "Workforce Training" in c.text)
    assert second.text.startswith("Workforce Training")
    assert "grant" not in second.text  # the overlap stops at the heading
    assert all("training" not in c.text for c in chunks if c is not second and "Workforce" not in c.text)


def test_the_same_text_in_a_pdf_is_packed_across_its_guessed_headings():
    text = _section("Grant Awards", 8, "grant") + "\n" + _section("Workforce Training", 8, "training")
    chunks = chunk_page(META, Page(text=text, page=1, page_label="1"), 200, 40, word_count_tokens)
    assert any("grant" in c.text and "Workforce Training" in c.text for c in chunks)


def test_a_short_section_stays_with_its_neighbour():
    # a list of one-line "headings" (a roundtable's participants) is not cut into one chunk each
    text = "Participants\nJane Roe, CEO, Acme\nJohn Doe, CTO, Beta\n" + _section("Outcomes", 3, "grant")
    chunks = chunk_page(_MD, Page(text=text, page=None, page_label=None), 200, 40, word_count_tokens)
    assert len(chunks) == 1 and "Jane Roe" in chunks[0].text and "Outcomes" in chunks[0].text


def test_a_chunk_continuing_a_section_is_embedded_with_its_heading_and_quoted_without_it():
    text = _section("*Commerce Launches CHIPS.gov*", 30, "portal")
    chunks = chunk_page(_MD, Page(text=text, page=None, page_label=None), 200, 40, word_count_tokens)
    assert len(chunks) >= 2
    first, later = chunks[0], chunks[1]
    assert first.embed_text.split("\n")[0] == "Test Release"  # it opens with the heading itself
    assert later.embed_text.split("\n")[0] == "Test Release | Commerce Launches CHIPS.gov"
    assert "CHIPS.gov" not in later.text


def test_a_rule_line_ends_a_section_without_naming_one():
    text = _section("Outlook", 8, "grant") + "-\n" + "More figures followed. " * 30
    chunks = chunk_page(_MD, Page(text=text, page=None, page_label=None), 200, 40, word_count_tokens)
    after = [c for c in chunks if "More figures" in c.text and "grant" not in c.text]
    assert after and all(c.embed_text.split("\n")[0] == "Test Release" for c in after)


def test_a_transcript_line_or_a_run_on_list_item_does_not_open_a_section():
    text = (_section("Remarks", 8, "grant") + "THE PRESIDENT: Hello, hello. (Applause.)\n"
            "Thank you all for coming to this plant today.\n")
    chunks = chunk_page(_MD, Page(text=text, page=None, page_label=None), 200, 40, word_count_tokens)
    assert not any(c.text.startswith("THE PRESIDENT") for c in chunks)


_TXT = DocMeta(path="articles/test-guide.txt", title="Test Guide", file_type="text")
_LONG_TITLE = "b) Government & Policy Makers: Kestria, Vostok and Borealis AI Infrastructure Investments"


def test_a_long_title_in_text_written_a_paragraph_a_line_is_a_heading_not_part_of_the_next_sentence():
    paragraph = " ".join(f"Kestria spent {i} billion on compute parks in year {i} of its plan." for i in range(6))
    text = f"{paragraph}\n{_LONG_TITLE}\nNational governments see AI as a strategic priority.\n{paragraph}\n"
    units = page_units(text, unwrapped=True)
    assert any(u.kind == "heading" and u.text == _LONG_TITLE for u in units)
    assert any(u.kind == "sent" and u.text == "National governments see AI as a strategic priority." for u in units)
    # a text file's page is read that way: the heading opens the chunk of its section
    chunks = chunk_page(_TXT, Page(text=text * 3, page=None, page_label=None), 200, 40, word_count_tokens)
    assert any(c.text.startswith(_LONG_TITLE + "\nNational governments") for c in chunks)


def test_a_long_unpunctuated_line_of_wrapped_text_runs_on():
    # a PDF (or a Markdown file wrapped at 72) breaks sentences anywhere: the line is a wrap
    text = f"{_LONG_TITLE}\nNational governments see AI as a strategic priority.\n"
    assert not any(u.kind == "heading" for u in page_units(text))
    chunks = chunk_page(META, Page(text=text, page=1, page_label="1"), 200, 40, word_count_tokens)
    assert "Investments National governments" in chunks[0].text
