"""Which statement row is which line item, which line items a question needs, and how a statement's
page is told from a page that mentions it."""

from __future__ import annotations

from infrascope.lexical import _has_heading
from infrascope.line_items import LINE_ITEMS, find_row, items_asked, metrics_in, row_is

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


def test_spending_on_property_is_capex_not_the_balance_of_property():
    assert [i.name for i in items_asked("How much did Acme spend on property and equipment in 2024?")] == \
        ["capital expenditure"]
    assert [i.name for i in items_asked("Did Acme grow its property and equipment, net?")] == ["net PP&E"]


def test_rows_run_together_on_one_line_are_told_apart():
    text = ("Consolidated Statements of Cash Flows\n"
            "Purchases of common stock for treasury (876.8) (301.4) (3.4) Dividends paid (1,244.5) (1,246.4) "
            "Distributions to noncontrolling interests (2.1) (3.3)\n")
    row, _ = find_row(LINE_ITEMS["dividends paid"], text)
    assert row == "Dividends paid (1,244.5) (1,246.4)"
