"""Every format in, with its metadata; every kind of bad file reported with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from infrascope.loaders import LoadError, load_document
from infrascope.loaders.filing_meta import fiscal_year_end_month, parse_file_name, quarter_of_fiscal_year

from .conftest import DATA

CORPUS = DATA / "corpus"


def load(rel: str, root: Path = CORPUS):
    return load_document(root / rel, rel)


def test_pdf_has_one_record_per_page_with_number_and_label():
    doc = load("reports/2024_Q2_HLCN.pdf")
    assert [(p.page, p.page_label) for p in doc.pages] == [(1, "i"), (2, "1")]
    assert "Gross margin was 71.3%" in doc.pages[0].text
    assert "Purchases of property and equipment were $1,150 million" in doc.pages[1].text
    assert "71.3%" not in doc.pages[1].text


def test_pdf_filing_metadata_from_name_and_first_page():
    meta = load("reports/2024_Q2_HLCN.pdf").meta
    assert meta.file_type == "pdf"
    assert meta.title == "Helion Compute Q2 2024 Report"
    assert meta.doc_type == "10-Q"
    assert meta.period_end == "2024-06-30"  # "For the quarterly period ended June 30, 2024"
    assert meta.fiscal_label == "Q2 FY2025"  # fiscal and calendar periods differ: both kept
    assert meta.file_label == "2024 Q2"
    assert meta.company and "helion" in meta.company.lower()
    assert meta.doc_date == "2024-08-07"  # PDF CreationDate


def test_table_rows_come_out_one_per_line():
    text = load("reports/2024_Q2_HLCN.pdf").pages[1].text
    assert "Data Center $ 4,812 $ 2,934" in text.splitlines()


def test_html_keeps_the_article_and_drops_scripts_styles_and_navigation():
    doc = load("web/orbital-grid.html")
    text = doc.pages[0].text
    assert doc.meta.title == "Orbital Grid raises power capacity"
    assert doc.meta.file_type == "html" and doc.pages[0].page is None
    assert "740 megawatts" in text
    for sentinel in ("XYZ-SCRIPT-SENTINEL", "STYLE-SENTINEL", "NAV-SENTINEL", "FOOTER-SENTINEL"):
        assert sentinel not in text


def test_markdown_front_matter_becomes_metadata():
    doc = load("policy/2025-03-14-quartz-chip-act.md")
    assert doc.meta.title == "Quartz Chip Incentive Act fact sheet"
    assert doc.meta.doc_date == "2025-03-14"
    assert doc.meta.source_url == "https://example.gov/quartz"
    assert "title:" not in doc.pages[0].text  # the front matter is not body text
    assert "$18.5 billion in manufacturing grants" in doc.pages[0].text


def test_text_keeps_non_ascii():
    text = load("notes/analyst-notes.txt").pages[0].text
    assert "2,300 route-miles" in text and "Hélène Marchetti" in text


def test_encrypted_pdf_with_empty_password_is_read():
    doc = load("encrypted-empty-password.pdf", DATA / "broken")
    assert "912 accelerators" in doc.pages[0].text


@pytest.mark.parametrize("name, reason", [
    ("corrupt.pdf", "corrupt or unreadable PDF"),
    ("encrypted-password.pdf", "encrypted PDF that needs a password"),
    ("scanned-no-text.pdf", "no text"),
    ("empty.txt", "empty file"),
    ("binary-junk.txt", "binary data"),
    ("latin1.txt", "not UTF-8"),
    ("empty.md", "no text"),
])
def test_bad_files_raise_a_readable_reason(name, reason):
    with pytest.raises(LoadError, match=reason):
        load(name, DATA / "broken")


def test_file_whose_extension_lies_is_refused(tmp_path):
    fake = tmp_path / "report.pdf"
    fake.write_text("this is not a PDF at all")
    with pytest.raises(LoadError, match="not a PDF"):
        load_document(fake, "report.pdf")


@pytest.mark.parametrize("stem, expected", [
    ("2023_Q3_NVDA", {"ticker": "NVDA", "company": "NVIDIA", "file_label": "2023 Q3"}),
    ("3M_2018_10K", {"company": "3M", "doc_type": "10-K", "file_label": "2018"}),
    ("AMCOR_2023Q2_10Q", {"company": "Amcor", "doc_type": "10-Q", "file_label": "2023 Q2"}),
    ("2022-08-09-fact-sheet-chips-act", {"date": "2022-08-09"}),
])
def test_file_name_facts(stem, expected):
    got = parse_file_name(stem)
    for key, value in expected.items():
        assert got.get(key) == value, (key, got)


def test_markdown_paragraphs_wrapped_around_links_read_as_whole_sentences():
    from infrascope.chunking import page_units
    from infrascope.loaders.markdown import markdown_to_text

    body = ("Today, the Quartz Office\n[announced](https://example.gov/a)\na $2 billion grant to Borealis Fiber,"
            " creating\n[1,200](https://example.gov/b)\njobs.\n\n"
            "**Participants included:**  \nKestrel Turbines\n\n"
            "-   **The Office is launching a task force on\n    datacenter permits.**\n-   A second item.\n\n"
            "| Area | Grant |\n| --- | --- |\n| Logic | $1.0 billion |\n")
    text = markdown_to_text(body)
    units = [u.text for u in page_units(text)]
    assert "Today, the Quartz Office announced a $2 billion grant to Borealis Fiber, creating 1,200 jobs." in units
    assert "The Office is launching a task force on datacenter permits." in text  # a wrapped list item
    assert "Participants included:\nKestrel Turbines" in text  # a hard line break stays a break
    assert "| Logic | $1.0 billion |" in text.splitlines()  # table rows stay rows


def test_inline_html_in_markdown_keeps_its_text_and_drops_images():
    from infrascope.loaders.markdown import markdown_to_text

    body = ('<figure>\n<img\nsrc="data:image/svg+xml;base64,PHN2ZyBmaWxsPSJub25l" />\n'
            "<figcaption><strong>Example Gazette</strong>: “Quartz grants\nreach Ohio”</figcaption>\n</figure>\n\n"
            "The <u>Act</u> provides $18.5 billion.\n")
    text = markdown_to_text(body)
    assert "base64" not in text and "<" not in text
    assert "Example Gazette: “Quartz grants reach Ohio”" in text and "The Act provides $18.5 billion." in text


def test_markdown_with_windows_line_endings_keeps_its_front_matter_and_paragraphs(tmp_path):
    from infrascope.loaders import load_document

    path = tmp_path / "release.md"
    path.write_bytes(b"---\r\ntitle: Quartz grants\r\ndate: 2025-01-02\r\n---\r\nThe Office announced\r\n"
                     b"a $2 billion grant.\r\n")
    doc = load_document(path, "release.md")
    assert doc.meta.title == "Quartz grants" and doc.meta.doc_date == "2025-01-02"
    assert doc.pages[0].text == "The Office announced a $2 billion grant."


def test_markdown_reflow_keeps_tables_code_rules_and_breaks_and_stays_linear():
    from infrascope.loaders.markdown import markdown_to_text

    assert markdown_to_text("a | b\n--|--\n1 | 2\n3 | 4") == "a | b\n--|--\n1 | 2\n3 | 4"  # pipes, no leading |
    assert markdown_to_text("Year Revenue\n------ -------\n2023 5.0\n2024 6.0").splitlines()[2:] == \
        ["2023 5.0", "2024 6.0"]  # a whitespace-aligned table
    assert markdown_to_text("Sub\n---\ntext").splitlines() == ["Sub", "---", "text"]
    assert markdown_to_text("***\nNext").splitlines() == ["***", "Next"]
    assert markdown_to_text("line one  \r\nline two").splitlines() == ["line one", "line two"]  # CRLF break
    assert markdown_to_text("a\nb  \nc").splitlines() == ["a b", "c"]  # a break on a continuation line
    assert markdown_to_text("para\n\n    code 1\n    code 2").splitlines()[-2:] == ["code 1", "code 2"]
    # HTML: cells and breaks keep words apart, formatting does not, "x<y" and autolinks are no tags
    assert markdown_to_text("| Compute<br/>and Networking | 47,405 |") == "| Compute and Networking | 47,405 |"
    assert markdown_to_text("<tr><td>Revenue</td><td>5.0</td></tr>") == "Revenue 5.0"
    assert markdown_to_text("where x<y and\n\nmore\n\nwith growth>5") == "where x<y and\n\nmore\n\nwith growth>5"
    assert markdown_to_text("see <https://example.gov/q>") == "see <https://example.gov/q>"
    assert markdown_to_text("kept <!-- a note --> text <!-- unclosed") == "kept text"
    # one paragraph of 80,000 wrapped lines (joining it line by line was quadratic: minutes at this size)
    assert markdown_to_text(("word " * 12 + "\n") * 80_000).count("\n") == 0


def test_markdown_backslash_escapes_read_as_the_characters_they_escape():
    from infrascope.loaders.markdown import markdown_to_text

    # pandoc escapes a clause letter at a line start; the text is "(d) ... $500 million", not "\(d\)"
    text = markdown_to_text("\\(d\\)  “Qualifying Project” means a project of at least \\$500 million.\n\n"
                            "A \\*literal\\* star stays a star, **bold** loses its stars, C:\\path keeps its backslash.")
    assert text.startswith("(d) “Qualifying Project” means a project of at least $500 million.")
    assert "A *literal* star stays a star, bold loses its stars, C:\\path keeps its backslash." in text


@pytest.mark.parametrize(("period_end", "year_end_month", "label"), [
    ("2022-10-30", 1, "Q3 FY2023"),  # a fiscal year ending in January: October closes its third quarter
    ("2023-04-30", 1, "Q1 FY2024"),
    ("2023-04-01", 9, "Q2 FY2023"),  # a 52/53-week quarter ending on April 1 is the March quarter
    ("2022-12-31", 6, "Q2 FY2023"),  # a fiscal year ending in June
    ("2023-09-30", 12, "Q3 FY2023"),  # fiscal = calendar
    ("2023-08-31", 12, None),  # no quarter of that fiscal year ends in August
])
def test_quarter_of_fiscal_year_from_period_end(period_end, year_end_month, label):
    assert quarter_of_fiscal_year(period_end, year_end_month) == label


def test_fiscal_year_end_as_the_filing_states_it_or_as_known():
    nvidia = "included in our Annual Report on Form 10-K for the fiscal year ended January 29, 2023, as filed"
    apple = "The Company's fiscal year is the 52- or 53-week period that ends on the last Saturday of September."
    assert fiscal_year_end_month(nvidia, None) == 1
    assert fiscal_year_end_month(apple, "MSFT") == 9  # the filing's own words first
    assert fiscal_year_end_month("Three Months Ended March 31,", "MSFT") == 6
    assert fiscal_year_end_month("Three Months Ended March 31,", None) is None
