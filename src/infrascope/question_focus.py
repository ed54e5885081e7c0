"""What a question asks, apart from how it is asked.

Analysts' questions (and FinanceBench's) wrap the question in instructions ("Answer in USD millions.",
"Give a response to the question by relying on the details shown in the cash flow statement.") and
definitions ("ROA is defined as: FY2017 net income / ..."). Embedded whole, that wrapping outweighs the
question itself: the dense search and the sentence scores then match other questions' boilerplate.
`focus` keeps the question for the dense search and the reranker, keeps the definitions' line items for
the lexical search (they name the rows to find), and turns "the cash flow statement" into a pointer at
the filing's statement pages, which no similarity search finds reliably (statement pages are tables of
numbers whose rows use other words than the question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .line_items import BALANCE_SHEET, LineItem, items_asked, metrics_in

# The financial statements a question can point at, with the headings filings print on them.
STATEMENTS: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    "cash flow statement": (
        re.compile(r"\bcash[- ]flows? statements?\b|\bstatements? of cash[- ]flows?\b", re.I),
        ("statement of cash flows", "statements of cash flows", "cash flow statement", "cash flows statement")),
    "balance sheet": (
        re.compile(r"\bbalance sheets?\b|\bstatements? of financial (position|condition)\b", re.I),
        ("balance sheet", "balance sheets", "statement of financial position",
         "statements of financial position", "statement of financial condition")),
    "income statement": (
        re.compile(r"\bincome statements?\b|\bstatements? of (income|operations|earnings)\b|\bp&l\b|"
                   r"\bprofit and loss\b", re.I),
        ("statement of income", "statements of income", "income statement", "statement of operations",
         "statements of operations", "statement of earnings", "statements of earnings",
         "statements of consolidated income", "statement of consolidated operations")),
}

_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"'(])")
# Whole sentences that tell the answerer how to answer rather than what to find.
_INSTRUCTION = re.compile(
    r"^\s*(answer in|answer the following|round (your |the )?(answer|result|figure|to)|give (a|your) response|respond to|"
    r"please (base|use|utili[sz]e|refer|answer|respond|round|provide|state|help us|calculate|compute|rely)|"
    r"assume (that )?you|"
    r"calculate what|compute or extract|compute it|we (want|need) to|here'?s the question|address the question|"
    r"utili[sz]e|base your|provide (a|the|your) (response|answer)|reply|express (your|the) answer|"
    r"if .{0,120}\b(not|isn'?t|aren'?t)\b.{0,80}\b(useful|relevant|meaningful|outlined|explicitly|applicable)\b|"
    r"then (please )?state\b)", re.I)
_DEFINITION = re.compile(r"\b(is|are) defined as\b|^\s*define\b|\bhere is defined\b|\bdefined here as\b", re.I)
# A lead-in naming the source before the question proper: "Basing your judgments off of the balance
# sheet, what is ..." / "Answer the following question ...: what is ...".
_LEAD_IN = re.compile(
    r"^\s*(according to|using only|using the|bas(ing|e) your (judg\w*|answers?) (off of|on|by)|by drawing conclusions from|"
    r"when primarily referencing|relying on|by (primarily )?(using|referencing)|considering|looking at (the|only))"
    r"\b[^,:?]{0,200}[,:]\s*", re.I)
_COLON_LEAD = re.compile(r"^[^:?]{0,250}\bquestions?\b[^:?]{0,120}:\s*", re.I)
_DEFINITION_WORDS = re.compile(r"\b(is|are) defined as\b|\bdefined\b|\bdefine\b|\bhere\b|\bFY\b", re.I)
_FORMULA = re.compile(r"[\d*/+=×÷()\[\]%]+|\bdivided by\b|\bbetween\b|\baverage\b", re.I)


_WHY = re.compile(r"\b(why|what (drove|caused|explains)|drivers?|reasons?)\b", re.I)
_SOURCE_WORDS = re.compile(r"\b(statements?|sheets?|information|details|data|figures|p&l|position|filing|report|"
                           r"10-?[kq]|line items)\b", re.I)
_NOT_A_NAME = {"according", "using", "basing", "by", "when", "relying", "considering", "looking", "consolidated",
               "statement", "statements", "balance", "sheet", "cash", "flow", "flows", "income", "operations",
               "financial", "position", "p&l", "the", "only"}


# The question pointing at a part of the document ("..., according to the guide's market-growth discussion?",
# "In the guide's market-trends section, ..."): where to look, in words no sentence of that part uses.
_DOCUMENT = r"(?:the |this )(?:guide|article|report|author|text|document|piece|paper|write-up|overview)"
_PART_OF_DOCUMENT = (r"(?:section|discussion|part|chapter|outlook|overview|introduction|intro|conclusion|summary|"
                     r"list|rundown|round-?up|takeaways|look ahead|preamble|closing|opening)")
_TRAILING_POINTER = re.compile(rf",?\s*(?:according to|as (?:described|stated|reported|noted|explained) in|per) "
                               rf"{_DOCUMENT}(?:['’]s?(?:\s+[\w-]+){{1,4}})?\s*(?=[?.!]?\s*$)", re.I)
_LEADING_POINTER = re.compile(rf"^\s*(?:according to|in|within|from) {_DOCUMENT}(?:['’]s?(?:\s+[\w-]+){{0,3}}?"
                              rf"\s+{_PART_OF_DOCUMENT})?\s*,\s*", re.I)


# "Which regions does the guide say are leading ...": what the regions are doing is asked, the guide's saying so
# is every sentence's (not "suggest": "suggest a business begin with" means nothing without it)
_DOCUMENT_SAYS = re.compile(rf"\s+(?:does|do|did) {_DOCUMENT} (?:say|state|claim|note|argue|believe|think|expect|"
                            r"warn|report|write|assert)(?:\s+that)?(?=\s)", re.I)


# a conversational opening: "In a nutshell, what two factors ..."
_OPENING = re.compile(r"^\s*(?:in a nutshell|in short|in brief|briefly|in summary|to sum up|put simply|simply put|"
                      r"broadly speaking|at a high level|quickly|so|"
                      # who asks, and why: "For an investor comparing data center segments, ..."
                      r"(?:for|as) (?:an?|the) (?:analyst|investor|portfolio manager|fund manager|reader|buyer)"
                      r"(?:\s+[a-z][\w’'-]*){1,6})\s*,\s*", re.I)


def _strip_document_pointer(sentence: str) -> str:
    """"What is driving semiconductor revenues to record highs, according to the guide's market-growth
    discussion?" asks what is driving them: the pointer at the guide's section is no part of what to find
    (and weighs as much in the question's embedding as its subject). A pointer naming something ("the
    guide's case study on Meta's data centers") is kept: the name says what the question is about."""
    sentence = _DOCUMENT_SAYS.sub("", sentence)
    for pointer in (_OPENING, _TRAILING_POINTER, _LEADING_POINTER):
        m = pointer.search(sentence)
        if m and not re.search(r"(?<![\w-])[A-Z][a-z]", m.group(0)[1:]) and len(sentence) - len(m.group(0)) > 15:
            sentence = sentence[:m.start()] + sentence[m.end():]
            if m.start() == 0:
                sentence = sentence[:1].upper() + sentence[1:]
    return sentence


def _strip_lead_in(sentence: str) -> str:
    """Cut "Using only the balance sheet, " from the front of a question, but not a lead-in that names
    something the question is about ("According to NVIDIA's latest 10-Q, ...")."""
    m = _LEAD_IN.match(sentence)
    if not m or not _SOURCE_WORDS.search(m.group(0)):
        return sentence
    names = [w for w in re.findall(r"(?<![\w-])[A-Z][\w&'.-]*", m.group(0)) if w.lower().rstrip(",:") not in _NOT_A_NAME]
    return sentence if names else sentence[m.end():]


@dataclass
class Focus:
    question: str  # the question proper: for the dense search and the sentence scores
    lexical: str  # plus the line items its definitions name: for BM25
    statements: list[str] = field(default_factory=list)  # statements it points at ("balance sheet")
    dropped: list[str] = field(default_factory=list)  # instruction sentences removed (for debugging)
    metrics: list[str] = field(default_factory=list)  # computed metrics it asks for ("return on assets")
    items: list[LineItem] = field(default_factory=list)  # the line items it asks for or needs


def headings(statement: str) -> tuple[str, ...]:
    return STATEMENTS[statement][1]


def focus(question: str) -> Focus:
    statements = [name for name, (pattern, _) in STATEMENTS.items() if pattern.search(question)]
    metrics, items = metrics_in(question), items_asked(question)
    # A computed metric's inputs, capital spending (a cash-flow line however it is worded) and balance
    # sheet amounts ("net PPNE") are on statement pages even when the question does not say so; what
    # drove a change is told in prose.
    implied = [i.statement for i in items
               if metrics or i.name == "capital expenditure" or (i.statement == BALANCE_SHEET and not _WHY.search(question))]
    statements = list(dict.fromkeys(statements + implied))
    kept: list[str] = []
    definitions: list[str] = []
    dropped: list[str] = []
    for sentence in _SENTENCE.split(question.strip()):
        core = _COLON_LEAD.sub("", sentence, count=1) if ":" in sentence else sentence
        core = _strip_document_pointer(_strip_lead_in(core))
        if _DEFINITION.search(core):
            definitions.append(core)
        elif core == sentence and _INSTRUCTION.search(sentence):
            dropped.append(sentence)
        elif core.strip():
            kept.append(core.strip())
    proper = " ".join(kept).strip()
    if len(proper) < 8:  # nothing recognisable as the question left: use it as asked
        proper = question.strip()
        dropped = []
    line_items = " ".join(_DEFINITION_WORDS.sub(" ", _FORMULA.sub(" ", d)) for d in definitions)
    return Focus(question=proper, lexical=f"{proper} {line_items}".strip(), statements=statements, dropped=dropped,
                 metrics=metrics, items=items)
