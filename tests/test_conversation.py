"""Follow-up questions resolved without an LLM, from the conversation's companies and periods."""

from __future__ import annotations

from infrascope.conversation import Turn, condense

FILES = {
    "sec/2023_Q1_NVDA.pdf": {"company": "NVIDIA", "ticker": "NVDA", "doc_type": "10-Q", "period_end": "2023-04-30",
                             "fiscal_label": "Q1 FY2024"},
    "sec/2023_Q2_NVDA.pdf": {"company": "NVIDIA", "ticker": "NVDA", "doc_type": "10-Q", "period_end": "2023-07-30",
                             "fiscal_label": "Q2 FY2024"},
    "sec/2023_Q3_NVDA.pdf": {"company": "NVIDIA", "ticker": "NVDA", "doc_type": "10-Q", "period_end": "2023-10-29",
                             "fiscal_label": "Q3 FY2024"},
    "sec/2023_Q2_MSFT.pdf": {"company": "Microsoft", "ticker": "MSFT", "doc_type": "10-Q", "period_end": "2023-03-31"},
    "policy/chips.md": {"doc_type": "policy", "doc_date": "2022-08-09"},
}
FIRST = "What was NVIDIA's Data Center revenue in the quarter ended April 30, 2023?"


def test_next_quarter_moves_to_the_next_filing_of_the_same_company():
    c = condense("And in the next quarter?", [Turn(FIRST, ["sec/2023_Q1_NVDA.pdf"])], FILES)
    assert c.rewritten
    assert c.question == "What was NVIDIA's Data Center revenue in the quarter ended July 30, 2023?"
    assert c.prefer == {"sec/2023_Q2_NVDA.pdf": 1.0}


def test_previous_quarter_and_missing_quarter():
    c = condense("and the previous quarter?", [Turn(FIRST, ["sec/2023_Q3_NVDA.pdf"])], FILES)
    assert c.prefer == {"sec/2023_Q2_NVDA.pdf": 1.0}
    gone = condense("and the next quarter?", [Turn(FIRST, ["sec/2023_Q3_NVDA.pdf"])], FILES)
    assert gone.rewritten and "not in the indexed documents" in gone.question and gone.prefer == {}


def test_other_company_follow_up_keeps_the_metric():
    c = condense("What about Microsoft?", [Turn(FIRST, ["sec/2023_Q1_NVDA.pdf"])], FILES)
    assert c.rewritten and "Microsoft" in c.question and "Data Center revenue" in c.question


def test_a_standalone_question_is_left_alone():
    q = "What did the CHIPS Act provide for semiconductor manufacturing?"
    c = condense(q, [Turn(FIRST, ["sec/2023_Q1_NVDA.pdf"])], FILES)
    assert not c.rewritten and c.question == q
    assert not condense("And in the next quarter?", [], FILES).rewritten


def test_a_follow_up_with_its_own_metric_names_the_company_instead_of_repeating_the_old_question():
    history = [Turn("How much did Helion spend on capex in Q2 of fiscal 2025?", ["r/2024_Q2_HLCN.pdf"])]
    files = {"r/2024_Q2_HLCN.pdf": {"company": "Helion Compute Corporation", "doc_type": "10-Q"}}
    c = condense("and how much cash and marketable securities did it hold?", history, files)
    assert c.question == "How much cash and marketable securities did Helion Compute Corporation hold?"
