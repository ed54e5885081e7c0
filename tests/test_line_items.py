"""Which statement row is which line item, which line items a question needs, and how a statement's
page is told from a page that mentions it."""

from __future__ import annotations

from infrascope.lexical import _has_heading
from infrascope.line_items import LINE_ITEMS, find_row, items_asked, metrics_in, row_is
from infrascope.query_intent import parse_intent

BALANCE = ["balancesheet", "balancesheets", "statementoffinancialposition"]
INCOME = ["statementsofincome", "statementsofoperations"]


def test_metrics_name_their_inputs_numerator_first():
    assert metrics_in("What is the FY2017 return on assets (ROA) for Acme?") == ["return on assets"]
    assert [i.name for i in items_asked("What is Acme's ROA?")] == ["net income", "total assets"]
    # a cash conversion cycle's definition names DPO after it: the first-named metric leads
    q = "What is the FY2019 cash conversion cycle (CCC)? CCC is defined as: DIO + DSO - DPO."
    assert metrics_in(q)[0] == "cash conversion cycle"
    assert metrics_in("What is the 3 year average of capex as a % of revenue?") == ["capex to revenue"]
    assert metrics_in("Is Acme a capital-intensive business?") == ["capital intensity"]
    assert metrics_in("Who runs Acme?") == [] and items_asked("Who runs Acme?") == []


def test_rows_are_matched_by_their_label_not_by_a_word_inside():
    capex, ppe, ni = LINE_ITEMS["capital expenditure"], LINE_ITEMS["net PP&E"], LINE_ITEMS["net income"]
    assert row_is(capex, "Purchases of property, plant and equipment (PP&E) (1,577) (1,373) (1,420)")
    assert row_is(capex, "Purchases of land, buildings, and equipment (460.8) (537.6)")
    assert row_is(capex, "Additions to property and equipment (9,917) (6,283)")
    assert not row_is(capex, "Proceeds from sale of property and equipment 262 49")
    assert row_is(ppe, "Property, plant and equipment — net 8,738 8,866")
    assert row_is(ppe, "Property and equipment, net 1,402 1,181")
    assert not row_is(ppe, "Property, plant and equipment 24,873 24,914")  # gross
    assert row_is(ni, "Net income attributable to Acme $ 5,349 $ 4,858")
    assert not row_is(ni, "Net income attributable to noncontrolling interests 35 23")
    assert not row_is(ni, "Basic net income per share 9.09 8.13")
    assert not row_is(LINE_ITEMS["total assets"], "Other assets 1,345 1,395")


def test_find_row_joins_a_label_broken_over_two_lines_and_reads_long_rows():
    text = ("ACME INC. CONSOLIDATED STATEMENTS OF INCOME\n(In millions) 2017 2016\n"
            "Less: Net income attributable to noncontrolling interests 35 23\n"
            "NET INCOME ATTRIBUTABLE TO SHAREOWNERS OF\nACME INC. $ 1,248 $ 6,527\n")
    row, _ = find_row(LINE_ITEMS["net income"], text)
    assert row == "NET INCOME ATTRIBUTABLE TO SHAREOWNERS OF ACME INC. $ 1,248 $ 6,527"
    text = ("Consolidated Balance Sheets\n($ in millions) 2023 2022\nCash and cash equivalents $ 689 $ 775\n"
            "Trade receivables, net of allowance for credit losses of $21 and $25, respectively 1,875 1,935\n")
    row, _ = find_row(LINE_ITEMS["accounts receivable"], text)
    assert row.endswith("1,875 1,935")
    assert find_row(LINE_ITEMS["accounts payable"], text) is None


def test_statement_headings_survive_pdf_spacing_but_not_other_titles():
    assert _has_heading("Table of Contents\n3M Company and Subsidiaries\nConsolidated Balance Shee t\n", BALANCE, 14)
    assert _has_heading("MGM\nRESORTS\nINTERNATIONAL\nAND\nSUBSIDIARIES\nCONSOLIDATED\nBALANCE\nSHEETS\n", BALANCE, 14)
    assert _has_heading("47\nConsolidated Balance Sheets GENERAL MILLS, INC. AND SUBSIDIARIES (In Millions) May 29, "
                        "2022 May 30, 2021 ASSETS Current assets: Cash and cash equivalents $ 569.4", BALANCE, 14)
    assert _has_heading("THE ACME COMPANY AND SUBSIDIARIES\nCONSOLIDATED STATEMENTS OF INCOME\n", INCOME, 14)
    assert not _has_heading("Analysis of Consolidated Statements of Income\nNet operating revenues 35,410\n",
                            INCOME, 14)
    assert not _has_heading("Note 5. Cash flow details are shown in the Consolidated Balance Sheets on page 3.",
                            BALANCE, 14)


def _filing(company: str, year: int) -> dict:
    return {"company": company, "doc_type": "10-K", "fiscal_label": f"FY{year}", "period_end": f"{year}-12-31"}


def test_a_range_of_years_prefers_the_latest_filing_that_covers_it():
    files = {f"ACME_{y}_10K.pdf": _filing("Acme", y) for y in (2018, 2019, 2020)}
    assert parse_intent("What is Acme's FY2018 - FY2020 average EBITDA margin?", files).preferred == \
        {"ACME_2020_10K.pdf": 1.0}
    assert parse_intent("Did Acme grow its PPNE between FY2018 and FY2019?", files).preferred == \
        {"ACME_2019_10K.pdf": 1.0}
    # the latest year named is not indexed: the next one back is
    assert parse_intent("How did Acme's FY2020 10-K describe FY2023 targets?", files).preferred == \
        {"ACME_2020_10K.pdf": 1.0}


def test_spending_on_property_is_capex_not_the_balance_of_property():
    assert [i.name for i in items_asked("How much did Acme spend on property and equipment in 2024?")] == \
        ["capital expenditure"]
    assert [i.name for i in items_asked("Did Acme grow its property and equipment, net?")] == ["net PP&E"]
