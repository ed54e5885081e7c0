"""What a filing names about itself: company and ticker, form type, period end, fiscal label.

Read from the file name (`2023_Q3_NVDA.pdf`, `3M_2018_10K.pdf`, `2022-08-09-fact-sheet-...md`) and the
first pages ("For the quarterly period ended July 30, 2023", "third quarter of fiscal year 2024").
Fiscal and calendar periods differ for NVIDIA, Microsoft and Apple, so both are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from ..types import LoadedDocument
from .text import title_from_filename

KNOWN_TICKERS = {
    "AAPL": "Apple", "AMZN": "Amazon", "INTC": "Intel", "MSFT": "Microsoft", "NVDA": "NVIDIA",
    "GOOGL": "Alphabet", "GOOG": "Alphabet", "META": "Meta", "AMD": "AMD", "TSM": "TSMC", "AVGO": "Broadcom",
    "ORCL": "Oracle", "MU": "Micron",
}
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_PERIOD = re.compile(r"for the (quarterly period|fiscal year|quarter|year) ended\s+([A-Z][a-z]+)\s+(\d{1,2}),\s*(\d{4})",
                     re.I)
_FISCAL_Q = re.compile(r"(first|second|third|fourth) quarter of fiscal (?:year )?(\d{4})", re.I)
_FISCAL_Q_SHORT = re.compile(r"\b(Q[1-4])\s+(?:of\s+)?fiscal\s+(?:year\s+)?(\d{4})", re.I)
_ORDINAL = {"first": "Q1", "second": "Q2", "third": "Q3", "fourth": "Q4"}
_FORM = re.compile(r"\bFORM\s+(10-Q|10-K|8-K)\b", re.I)
_REGISTRANT = re.compile(r"\n([^\n]{2,80})\n\(Exact name of registrant", re.I)
_FILE_QUARTER = re.compile(r"(?:^|[_\-\s])(\d{4})[_\-\s]?(Q[1-4])(?:[_\-\s]|$)", re.I)
_FILE_YEAR = re.compile(r"(?:^|_)((?:19|20)\d{2})(?:_|Q|$)")
_FILE_DATE = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")
_FILE_FORM = {"10K": "10-K", "10Q": "10-Q", "8K": "8-K", "EARNINGS": "earnings"}
# How a filing states when its fiscal year ends: "the fiscal year ended January 29, 2023", "Our fiscal
# year is the 52- or 53-week period that ends on the last Saturday of September"
_FISCAL_YEAR_END = re.compile(r"fiscal year[^.]{0,40}?\b(?:end|ended|ending|ends)\b[^.]{0,30}?\b(" +
                              "|".join(m.capitalize() for m in _MONTHS) + r")\b")
# Where the filing does not say: the month the fiscal years of the known companies end in.
KNOWN_FISCAL_YEAR_END = {"AAPL": 9, "MSFT": 6, "NVDA": 1, "AMZN": 12, "INTC": 12, "GOOGL": 12, "GOOG": 12,
                         "META": 12, "AMD": 12, "TSM": 12, "AVGO": 10, "ORCL": 5, "MU": 8}


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_file_name(stem: str) -> dict:
    """Facts a file name states: ticker, form, year/quarter label, a date."""
    out: dict = {}
    tokens = re.split(r"[_\-\s]+", stem)
    for tok in tokens:
        up = tok.upper()
        if up in KNOWN_TICKERS:
            out["ticker"] = up
            out["company"] = KNOWN_TICKERS[up]
        compact = up.replace("-", "")
        for key, form in _FILE_FORM.items():
            if compact.endswith(key) and ("doc_type" not in out):
                out["doc_type"] = form
    if m := _FILE_QUARTER.search(stem):
        out["file_label"] = f"{m.group(1)} {m.group(2).upper()}"
    elif m := _FILE_YEAR.search(stem):
        out["file_label"] = m.group(1)
    if m := _FILE_DATE.search(stem):
        out["date"] = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if "company" not in out and out.get("doc_type") and tokens:
        # FinanceBench style: COMPANY_2018_10K -> the leading tokens before the year are the company
        name = []
        for tok in tokens:
            if re.match(r"^(19|20)\d{2}", tok):
                break
            name.append(tok)
        if name:
            out["company"] = " ".join(name).title() if not name[0][0].isdigit() else " ".join(name)
    return out


def _fiscal_label(text: str) -> str | None:
    """The filing's own quarter: the latest fiscal year it names, and its most mentioned quarter."""
    found = [(_ORDINAL[m.group(1).lower()], int(m.group(2))) for m in _FISCAL_Q.finditer(text)]
    found += [(m.group(1).upper(), int(m.group(2))) for m in _FISCAL_Q_SHORT.finditer(text)]
    if not found:
        return None
    year = max(y for _, y in found)
    quarters = [q for q, y in found if y == year]
    return f"{max(set(quarters), key=quarters.count)} FY{year}"


def fiscal_year_end_month(text: str, ticker: str | None) -> int | None:
    months = [_MONTHS[m.group(1).lower()] for m in _FISCAL_YEAR_END.finditer(text)]
    if months:
        return max(set(months), key=months.count)
    return KNOWN_FISCAL_YEAR_END.get(ticker or "")


def quarter_of_fiscal_year(period_end: str, fiscal_year_end_month: int) -> str | None:
    """"Q3 FY2023" for a quarter ended 2022-10-30 in a fiscal year ending in January. A fiscal year is
    named by the calendar year it ends in; 52/53-week quarters end a few days either side of a month's
    end ("April 1, 2023" closes the March quarter), hence the week back."""
    end = dt.date.fromisoformat(period_end) - dt.timedelta(days=7)
    months_left = (fiscal_year_end_month - end.month) % 12
    if months_left % 3:
        return None  # the period does not close a quarter of that fiscal year
    year = end.year + (end.month + months_left > 12)
    return f"Q{4 - months_left // 3} FY{year}"


def enrich_metadata(doc: LoadedDocument) -> None:
    meta = doc.meta
    stem = meta.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    from_name = parse_file_name(stem)
    first = doc.pages[0].text if doc.pages else ""

    # The file name's form wins: an 8-K exhibit's first page can mention "Form 10-Q".
    meta.doc_type = from_name.get("doc_type")
    if meta.doc_type is None and (m := _FORM.search(first[:3000])):
        meta.doc_type = m.group(1).upper()
    meta.ticker = meta.ticker or from_name.get("ticker")
    meta.company = meta.company or from_name.get("company")
    if meta.company is None and (m := _REGISTRANT.search(first[:4000])):
        meta.company = m.group(1).strip().title()
    meta.file_label = from_name.get("file_label")
    if not meta.period_end and (m := _PERIOD.search(first[:4000])):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            meta.period_end = _iso(int(m.group(4)), month, int(m.group(3)))
    opening = "\n".join(p.text for p in doc.pages[:15])
    # A quarterly report's quarter follows from its period's end and its fiscal year's; the quarters it
    # mentions may be others ("Q1 FY2023" in NVIDIA's third-quarter report, comparing)
    year_end = fiscal_year_end_month(opening, meta.ticker) if meta.doc_type == "10-Q" and meta.period_end else None
    if year_end and (fiscal := quarter_of_fiscal_year(meta.period_end, year_end)):
        meta.fiscal_label = fiscal
    elif fiscal := _fiscal_label(opening):
        meta.fiscal_label = fiscal
    elif meta.file_label:
        meta.fiscal_label = meta.file_label
    meta.doc_date = meta.doc_date or from_name.get("date") or meta.period_end
    if meta.doc_type is None:
        meta.doc_type = {"markdown": "policy" if "policy" in meta.path else "article",
                         "html": "article", "text": "article"}.get(meta.file_type)
    if meta.file_type == "pdf" and meta.company and meta.doc_type and meta.title == title_from_filename(PurePosixPath(meta.path)):
        period = f", period ended {meta.period_end}" if meta.period_end else ""
        meta.title = f"{meta.company} {meta.doc_type}{period}"
