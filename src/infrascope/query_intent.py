"""What a question says about *which* documents it is about: a company or ticker, a fiscal or calendar
period ("Q3 2023", "FY2022", "the quarter ended July 30, 2023"), a document type, or a relative period
("the latest 10-Q", "the most recent quarter"), resolved against the indexed documents' metadata.

The result is a set of preferred documents with a strength; retrieval boosts them rather than
filtering on them, so a question whose guess is wrong still finds its answer elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .evidence_checks import FINANCE_CODES, MONTHS
from .lexical import STOPWORDS

_Q_WORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_QUARTER = re.compile(r"\b(?:Q([1-4])\s*(?:of\s+)?(?:FY|fiscal\s+(?:year\s+)?|CY|calendar\s+)?'?((?:19|20)?\d{2})\b|"
                      r"((?:19|20)\d{2})\s*Q([1-4])\b|"
                      r"(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:fiscal\s+)?quarter\s+(?:of\s+)?"
                      r"(?:fiscal\s+(?:year\s+)?|FY\s*)?((?:19|20)\d{2}))", re.I)
_FISCAL_YEAR = re.compile(r"\b(?:FY\s*'?|fiscal\s+(?:year\s+)?)((?:19|20)?\d{2})\b", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_MONTHS = "|".join(MONTHS)
_ENDED = re.compile(rf"\b({_MONTHS})\s+(\d{{1,2}}),?\s+((?:19|20)\d{{2}})", re.I)
_LATEST = re.compile(r"\b(latest|most recent|last|newest|current)\b", re.I)
_DOC_TYPES = [
    (re.compile(r"\b10-?Q\b|quarterly report", re.I), "10-Q"),
    (re.compile(r"\b10-?K\b|annual report", re.I), "10-K"),
    (re.compile(r"\b8-?K\b", re.I), "8-K"),
    (re.compile(r"\bearnings (release|report)\b", re.I), "earnings"),
    (re.compile(r"\b(executive order|fact sheet|white house|policy|act\b)", re.I), "policy"),
]


@dataclass
class Intent:
    companies: set[str] = field(default_factory=set)  # canonical company names as indexed
    # company -> the name as the question wrote it ("helion compute", "nvidia"), where it wrote one
    written: dict[str, str] = field(default_factory=dict)
    quarter: int | None = None
    year: int | None = None  # fiscal or calendar year named (the latest, when several are)
    years: list[int] = field(default_factory=list)  # every year named, latest first
    period_end: str | None = None  # an explicit "quarter ended <date>"
    doc_type: str | None = None
    latest: bool = False
    preferred: dict[str, float] = field(default_factory=dict)  # path -> strength in (0, 1]

    @property
    def any(self) -> bool:
        return bool(self.companies or self.quarter or self.year or self.period_end or self.doc_type or self.latest)


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def initials(company: str) -> set[str]:
    """How analysts shorten a name of several words: "Johnson & Johnson" -> j&j, jnj, jj."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", company) if w.lower() not in ("and", "of", "the")]
    if len(words) < 2:
        return set()
    letters = [w[0].lower() for w in words]
    return {"&".join(letters), "n".join(letters), "".join(letters)} if len(letters) == 2 else {"".join(letters)}


_CAPS = re.compile(r"(?<![\w-])([A-Z]{3,5})(?:'s|’s)?(?![\w-])")


def prefix_tickers(question: str, companies: set[str]) -> dict[str, str]:
    """All-capital words of the question that begin exactly one company's name, glued ("JPM" for
    JPMorgan, whose FinanceBench file is JPMORGAN_2021Q1_10Q): ticker -> company. Many tickers are
    such prefixes (JPM, MGM, PEP), and the question's capitals make them tickers, not words."""
    glued = {c: re.sub(r"[^a-z0-9]", "", c.lower()) for c in companies}
    out = {}
    for m in _CAPS.finditer(question):
        token = m.group(1).lower()
        if token in FINANCE_CODES:
            continue  # EPS, CAGR: never a ticker
        owners = [c for c, g in glued.items() if g.startswith(token) and g != token]
        if len(owners) == 1:
            out[token] = owners[0]
    return out


def company_names(files: dict[str, Any]) -> dict[str, str]:
    """Lower-case alias (name, ticker, first word of the name, initials) -> canonical company name."""
    aliases: dict[str, str] = {}
    for meta in files.values():
        company = meta.get("company")
        if not company:
            continue
        aliases[company.lower()] = company
        if meta.get("ticker"):
            aliases[meta["ticker"].lower()] = company
        first = company.split()[0].lower()
        if len(first) > 2 and first not in STOPWORDS:  # "The Boeing Company" is not named by "the"
            aliases.setdefault(first, company)
        for short in initials(company):
            aliases.setdefault(short, company)
    return aliases


def asked_quarter(question: str) -> tuple[int, int] | None:
    """(quarter, year) a question names: "Q3 FY2023", "2023 Q3", "the third quarter of fiscal 2024"."""
    if not (m := _QUARTER.search(question)):
        return None
    if m.group(1):
        return int(m.group(1)), _year(m.group(2))
    if m.group(3):
        return int(m.group(4)), int(m.group(3))
    return _Q_WORD[m.group(5).lower()], int(m.group(6))


_FISCAL_LABEL = re.compile(r"\bQ([1-4]) FY(\d{4})\b")
_LABEL = re.compile(rf"{_FISCAL_LABEL.pattern}|\b(\d{{4}}) Q([1-4])\b")  # fiscal or, from a file name, calendar


def reports_other_quarter(asked: tuple[int, int] | None, meta: dict[str, Any], fiscal: bool = False) -> bool:
    """A quarterly report labelled with another quarter of the year asked about (fiscal or calendar):
    Microsoft's report for Q1 FY2024 cannot hold the third quarter of fiscal 2024. Asked explicitly for a
    fiscal quarter ("Q3 FY2023"), neither can the next year's report of another quarter (Q1 FY2024 compares
    with Q1 FY2023); the next year's same quarter can (its comparison column)."""
    if not asked or meta.get("doc_type") != "10-Q":
        return False
    quarter, year = asked
    if fiscal and (m := _FISCAL_LABEL.search(str(meta.get("fiscal_label") or ""))):
        reported, of_year = int(m.group(1)), int(m.group(2))
        return of_year in (year, year + 1) and reported != quarter
    labels = [(int(m.group(1) or m.group(4)), int(m.group(2) or m.group(3)))
              for m in _LABEL.finditer(f"{meta.get('fiscal_label') or ''} {meta.get('file_label') or ''}")]
    return any(y == year for _, y in labels) and (quarter, year) not in labels


_FISCAL_ASKED = re.compile(r"\bfiscal\b|\bFY", re.I)


def asks_fiscal_quarter(question: str) -> bool:
    """The quarter asked is named as a fiscal one ("Q3 FY2023", "the third quarter of fiscal 2024")."""
    return bool((m := _QUARTER.search(question)) and _FISCAL_ASKED.search(m.group(0)))


def parse_intent(question: str, files: dict[str, Any]) -> Intent:
    intent = Intent()
    lowered = question.lower()
    squashed = re.sub(r"[^a-z0-9]", "", lowered)
    for alias, company in company_names(files).items():
        if re.search(rf"(?<![\w-]){re.escape(alias)}(?:'s|s)?(?![\w-])", lowered):
            intent.companies.add(company)
            if len(alias) > len(intent.written.get(company, "")):
                intent.written[company] = alias
        elif len(key := re.sub(r"[^a-z0-9]", "", alias)) >= 6 and key in squashed:
            # names glued in file names ("AMERICANEXPRESS_2022_10K") still match "American Express"
            intent.companies.add(company)
    letters = [c for c in question if c.isalpha()]
    if not intent.companies and sum(c.isupper() for c in letters) < len(letters) / 2:
        # only when no company is named otherwise, and not in a question written in capitals: "NET", "COST"
        # or "BEST" is a word there, not the ticker of Netflix, Costco or Best Buy
        intent.companies.update(prefix_tickers(question, {m["company"] for m in files.values() if m.get("company")}
                                               ).values())
    if asked := asked_quarter(question):
        intent.quarter, intent.year = asked
    elif years := [_year(y) for y in _FISCAL_YEAR.findall(question)] or [int(y) for y in _YEAR.findall(question)]:
        # several years ("FY2018 - FY2020", "between FY2021 and FY2022"): the latest filing among them
        # reports the earlier years too; `resolve_documents` falls back to the earlier ones
        intent.years = sorted(set(years), reverse=True)
        intent.year = intent.years[0]
    if m := _ENDED.search(question):
        try:
            month = MONTHS.index(m.group(1).lower()) + 1
            intent.period_end = dt.date(int(m.group(3)), month, int(m.group(2))).isoformat()
        except ValueError:
            pass
    for pattern, doc_type in _DOC_TYPES:
        if pattern.search(question):
            intent.doc_type = doc_type
            break
    intent.latest = bool(_LATEST.search(question)) and bool(
        re.search(r"\b(quarter|10-?q|10-?k|report|filing|period|year)\b", lowered))
    intent.preferred = resolve_documents(intent, files)
    return intent


def _period_matches(intent: Intent, meta: dict[str, Any]) -> bool:
    labels = " ".join(str(meta.get(k) or "") for k in ("fiscal_label", "file_label"))
    if intent.period_end:  # the period ended that day, or the document (an 8-K, a release) reports that day
        return intent.period_end == meta.get("period_end") or _reports_day(intent.period_end, meta)
    if intent.quarter and intent.year:
        fy = f"Q{intent.quarter} FY{intent.year}"
        cal = f"{intent.year} Q{intent.quarter}"
        return fy in labels or cal in labels
    if intent.year:
        return str(intent.year) in labels or str(meta.get("period_end") or "").startswith(str(intent.year)) or \
            str(meta.get("doc_date") or "").startswith(str(intent.year))
    return True


def _reports_day(day: str, meta: dict[str, Any], within_days: int = 7) -> bool:
    """The document is dated on the day a question names or, when it reports events rather than a
    period (an 8-K, a release), within a week after: an 8-K reports an event (the annual meeting of
    May 3) within four business days, so it is dated May 5."""
    try:
        lag = (dt.date.fromisoformat(str(meta.get("doc_date"))) - dt.date.fromisoformat(day)).days
    except ValueError:
        return False
    return lag == 0 or (not meta.get("period_end") and 0 < lag <= within_days)


def resolve_documents(intent: Intent, files: dict[str, Any]) -> dict[str, float]:
    """Documents the question points at, strongest first; empty when it names nothing specific."""
    if not intent.any:
        return {}
    candidates = {p: m for p, m in files.items()
                  if (not intent.companies or m.get("company") in intent.companies)
                  and (not intent.doc_type or m.get("doc_type") == intent.doc_type
                       or (intent.doc_type == "policy" and m.get("file_type") == "markdown"))}
    if not (intent.companies or intent.doc_type):
        return {}  # a period alone ("Q2 of FY2022") would prefer every company's filing of that period
    has_period = bool(intent.quarter or intent.year or intent.period_end)
    if has_period:
        matched = {p: 1.0 for p, m in candidates.items() if _period_matches(intent, m)}
        for year in intent.years[1:]:
            if matched or intent.quarter or intent.period_end:
                break
            earlier = dataclasses.replace(intent, year=year)
            matched = {p: 1.0 for p, m in candidates.items() if _period_matches(earlier, m)}
        if matched or not intent.latest:
            return matched if matched else {p: 0.3 for p in candidates} if intent.companies else {}
    if intent.latest and candidates:
        def when(m: dict[str, Any]) -> str:
            return str(m.get("period_end") or m.get("doc_date") or "")

        newest = max(when(m) for m in candidates.values())
        return {p: 1.0 for p, m in candidates.items() if when(m) == newest}
    return {p: 0.5 for p in candidates} if intent.companies else {}
