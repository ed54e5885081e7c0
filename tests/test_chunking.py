"""Chunks fit the model, keep table headers with their rows, and have deterministic ids."""

from __future__ import annotations

from infrascope.chunking import chunk_id, chunk_page, is_table_row, page_units, split_sentences
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
