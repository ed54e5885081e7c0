"""The financial statements' line items, and the metrics analysts compute from them.

A question asks for a line item in its own words ("capex", "net PPNE", "COGS"); the statement prints it
under another label ("Purchases of property, plant and equipment", "Property, plant and equipment —
net", "Cost of sales"). A metric ("return on assets", "days payable outstanding", "is it
capital-intensive?") is computed from several line items that no page states together. This table says
which label answers which words, and which statement a line item lives on: retrieval then looks on
that statement's pages, the reranker credits the row that *is* the line item, and the extractive
answerer, which does not compute, shows a metric's inputs as the filing reports them, each cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunking import page_units

CASH_FLOW, BALANCE_SHEET, INCOME = "cash flow statement", "balance sheet", "income statement"


@dataclass(frozen=True)
class LineItem:
    name: str
    asked: re.Pattern[str]  # how a question names it
    label: re.Pattern[str]  # how a statement row starts (matched on the lower-cased row)
    statement: str


def _item(name: str, asked: str, label: str, statement: str) -> LineItem:
    return LineItem(name, re.compile(asked, re.I), re.compile(label), statement)


LINE_ITEMS = {i.name: i for i in (
    _item("capital expenditure",
          r"\b(capex|capital (expenditures?|spending)|spen[dt]\w*\s+(\w+\s+){0,3}on\s+(property|pp&e|ppe)|"
          r"purchases? of property|additions to property)\b",
          r"^(purchases? of|additions to|payments for|expenditures? for|acquisitions? of) (property|premises|"
          r"fixed assets|pp&e|capital assets|land)|^capital expenditures?\b", CASH_FLOW),
    _item("net PP&E",
          r"\b(ppn?&?e|pp&e|ppne|property,? plant,? (and|&) equipment|property and equipment|fixed assets?)\b",
          r"^(total )?(net )?property(,)? (plant )?(and|&) equipment([ ,—–-]+net\b)|"
          r"^(net )?property and equipment\b.*\bnet\b|^net property\b", BALANCE_SHEET),
    _item("total assets", r"\btotal assets\b|\breturn on (average )?assets\b|\broa\b|\basset turnover\b",
          r"^total assets\b", BALANCE_SHEET),
    _item("total current assets", r"\bcurrent assets\b|\bworking capital\b|\bcurrent ratio\b",
          r"^total current assets\b", BALANCE_SHEET),
    _item("total current liabilities",
          r"\bcurrent liabilities\b|\bworking capital\b|\bcurrent ratio\b|\bquick ratio\b",
          r"^total current liabilities\b", BALANCE_SHEET),
    _item("cash and equivalents", r"\bquick ratio\b|\bcash and (cash )?equivalents\b",
          r"^cash and (cash )?equivalents\b", BALANCE_SHEET),
    _item("accounts receivable", r"\b(accounts |trade )?receivables?\b|\bdso\b|\bdays sales outstanding\b|\bquick ratio\b",
          r"^(accounts |trade |notes and accounts |trade and other )?receivables?\b|^receivables?,? net\b", BALANCE_SHEET),
    _item("inventory", r"\binventor(y|ies)\b|\bdio\b|\bcash conversion cycle\b|\bdpo\b|\bdays payable",
          r"^(total |merchandise |net )?inventor(y|ies)\b", BALANCE_SHEET),
    _item("accounts payable", r"\b(accounts |trade )?payables?\b|\bdpo\b|\bdays payable|\bcash conversion cycle\b",
          r"^(trade |accounts |trade accounts )?payables?\b|^accounts payable\b", BALANCE_SHEET),
    _item("revenue",
          r"\b(revenues?|net sales|top ?line|turnover ratio|asset turnover|margin|dso|days sales|"
          r"capital[- ]intensive)\b",
          r"^(total )?(net )?(operating )?(revenues?|sales)( and other income)?\b|^net sales\b", INCOME),
    _item("cost of goods sold",
          r"\b(cogs|cost of (goods sold|sales|revenues?|products sold)|gross (margin|profit)|inventory turnover|"
          r"dio|dpo|days (inventory|payable)|cash conversion cycle)\b",
          r"^(total )?cost of (goods sold|sales|revenues?|products sold|merchandise sold)\b|^cost of goods\b", INCOME),
    _item("gross profit", r"\bgross (margin|profit)\b", r"^gross (profit|margin)\b", INCOME),
    _item("operating income",
          r"\b(operating (income|profit|margin)|ebitda|ebit|interest coverage|income from operations)\b",
          r"^(total )?operating (income|profit)\b|^income from operations\b|^operating income \(loss\)", INCOME),
    _item("net income",
          r"\b(net (income|earnings|profit)|return on (average )?(assets|equity)|roa|roe|retention (rate|ratio)|"
          r"payout ratio|net (profit )?margin)\b",
          r"^net (income|earnings)\b(?!.*\b(per|noncontrolling|non-controlling|minority|continuing)\b)", INCOME),
    _item("depreciation and amortization", r"\b(d&a|depreciation|ebitda)\b",
          r"^depreciation(,)? (and|&) amortization\b|^depreciation, amortization\b|^depreciation\b", CASH_FLOW),
    _item("cash from operations",
          r"\b(cash (flows? )?(from|provided by) operati\w*|operating cash flows?|free cash flow|fcf)\b",
          r"^net cash (provided by|from|flows? from)\b.*\boperating\b|^cash (provided by|from) operati|"
          r"^net cash provided by \(used in\) operating", CASH_FLOW),
    _item("dividends paid", r"\bdividends?\b|\bretention (rate|ratio)\b|\bpayout ratio\b",
          r"^(cash )?dividends (paid|to)|^dividends paid\b|^payments? of (cash )?dividends|^dividends\b", CASH_FLOW),
    _item("interest expense", r"\binterest (expense|coverage)\b",
          r"^interest expense\b", INCOME),
    _item("income tax expense", r"\b(effective tax rate|income tax(es)?|tax (expense|provision))\b",
          r"^(provision for |benefit from |\(?provision\)? ?(for|from) )?income tax(es)?\b|^income tax (expense|provision)",
          INCOME),
)}

# Metrics computed from line items. Naming one makes the question point at its inputs' statements.
METRICS: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {name: (re.compile(p, re.I), inputs) for name, p, inputs in (
    ("return on assets", r"\breturn on (average )?assets\b|\broa\b", ("net income", "total assets")),
    ("fixed asset turnover", r"\bfixed asset turnover\b", ("revenue", "net PP&E")),
    ("inventory turnover", r"\binventory turnover\b|\btimes .{0,40}sold its inventory\b",
     ("cost of goods sold", "inventory")),
    ("days payable outstanding", r"\bdays payable outstanding\b|\bdpo\b",
     ("accounts payable", "cost of goods sold", "inventory")),
    ("cash conversion cycle", r"\bcash conversion cycle\b|\bccc\b",
     ("inventory", "accounts receivable", "accounts payable", "cost of goods sold", "revenue")),
    ("free cash flow", r"\bfree cash flows?\b|\bfcf\b", ("cash from operations", "capital expenditure")),
    ("EBITDA", r"\bebitda\b", ("operating income", "depreciation and amortization", "revenue")),
    ("working capital", r"\bworking capital\b|\bcurrent ratio\b",
     ("total current assets", "total current liabilities")),
    ("quick ratio", r"\bquick ratio\b",
     ("cash and equivalents", "accounts receivable", "total current liabilities")),
    ("gross margin", r"\bgross margins?\b", ("revenue", "cost of goods sold", "gross profit")),
    ("operating margin", r"\boperating margins?\b", ("operating income", "revenue")),
    ("capex to revenue", r"\b(capex|capital expenditures?) (as a )?(%|percent(age)?) of (revenue|sales)\b",
     ("capital expenditure", "revenue")),
    ("capital intensity", r"\bcapital[- ]intensive\b|\bcapital intensity\b",
     ("total assets", "revenue", "net PP&E", "capital expenditure")),  # the ratio: total assets / sales
    ("retention ratio", r"\bretention (rate|ratio)\b|\bpayout ratio\b", ("dividends paid", "net income")),
    ("effective tax rate", r"\beffective tax rate\b", ("income tax expense",)),
    ("interest coverage", r"\binterest coverage\b", ("operating income", "interest expense")),
    ("net margin", r"\bnet (profit )?margins?\b", ("net income", "revenue")),
)}


def metrics_in(question: str) -> list[str]:
    """The metrics a question names, the first named first (a cash conversion cycle's definition
    names DPO after it)."""
    found = [(m.start(), name) for name, (pattern, _) in METRICS.items() if (m := pattern.search(question))]
    return [name for _, name in sorted(found)]


def items_asked(question: str) -> list[LineItem]:
    """The line items a question asks for or needs: the inputs of the metrics it names (in the
    metric's order: the numerator first), then the items it names itself."""
    names = [i for m in metrics_in(question) for i in METRICS[m][1]]
    capex = LINE_ITEMS["capital expenditure"]
    if capex.asked.search(question):
        # "spend on property and equipment" asks for the spending, not the balance of PP&E
        names.append(capex.name)
        question = capex.asked.sub(" ", question)
    names += [i.name for i in LINE_ITEMS.values() if i.asked.search(question)]
    return [LINE_ITEMS[n] for n in dict.fromkeys(names)]


_LEAD = re.compile(r"^[\s$•·*–—-]+")


def row_label(row: str) -> str:
    """A statement row's label, lower-cased: the words before its first figure."""
    text = _LEAD.sub("", " ".join(row.split())).lower()
    m = re.search(r"\s[\s$(]*[-—–]?\(?\$?\d", text)
    return text[: m.start()] if m else text


def row_is(item: LineItem, row: str) -> bool:
    return bool(item.label.search(row_label(row)))


_FIGURE = re.compile(r"\d")
_RUN_TOGETHER = re.compile(r"(?<=[\d)%])\s+(?=[A-Z][a-z])")
_ENDS_IN_FIGURE = re.compile(r"\d[\d,.]*\)?\s*$")


def find_row(item: LineItem, text: str) -> tuple[str, str | None] | None:
    """`item`'s first row with figures in `text`, with its table header; a label the PDF broke over
    two lines ("NET INCOME ATTRIBUTABLE TO SHAREOWNERS OF" / "THE COCA-COLA COMPANY $ 1,248") is
    joined."""
    previous = None
    for unit in page_units(text):
        # a long row ("Trade receivables, net of allowance ... of $21 and $25, respectively 1,875 1,935")
        # reads as a sentence to the chunker: it is a row when it ends in figures
        row_like = unit.kind == "row" or (unit.kind == "sent" and _ENDS_IN_FIGURE.search(unit.text))
        if row_like and _FIGURE.search(unit.text):
            if row_is(item, unit.text):
                return unit.text, unit.header
            if previous is not None and not _FIGURE.search(previous) and row_is(item, f"{previous} {unit.text}"):
                return f"{previous} {unit.text}", unit.header
            # rows the PDF ran together on one line ("... (3.4) Dividends paid (1,244.5) (1,246.4)")
            for part in _RUN_TOGETHER.split(unit.text)[1:]:
                if _FIGURE.search(part) and row_is(item, part):
                    return part, None
        previous = unit.text
    return None
