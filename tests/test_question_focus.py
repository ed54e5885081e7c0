"""The question proper, apart from its instructions; the rerank pool; the statement pages a question
points at, found in a real PDF filing; the warm-up at launch."""

from __future__ import annotations

import pytest

from infrascope.assistant import Assistant
from infrascope.config import Settings
from infrascope.indexer import build_index
from infrascope.question_focus import focus
from infrascope.retrieval import rerank_pool


def test_instructions_are_dropped_and_the_question_kept():
    f = focus("What is the FY2018 capital expenditure amount (in USD millions) for Borealis? Give a response to "
              "the question by relying on the details shown in the cash flow statement.")
    assert f.question == "What is the FY2018 capital expenditure amount (in USD millions) for Borealis?"
    assert f.statements == ["cash flow statement"]
    assert f.dropped and f.dropped[0].startswith("Give a response")


def test_an_instruction_with_a_colon_is_still_an_instruction():
    assert focus("What is Borealis's capex? Answer in USD millions: round to two decimals.").question == \
        "What is Borealis's capex?"


def test_lead_ins_before_the_question_are_cut():
    f = focus("Assume that you are a public equities analyst. Answer the following question by primarily using "
              "information that is shown in the balance sheet: what is the year end FY2018 net PPNE for Borealis? "
              "Answer in USD billions.")
    assert f.question == "what is the year end FY2018 net PPNE for Borealis?"
    assert f.statements == ["balance sheet"]
    f = focus("Basing your judgments off of the statement of financial position, what is the FY2020 working "
              "capital ratio for Borealis?")
    assert f.question == "what is the FY2020 working capital ratio for Borealis?"
    assert f.statements == ["balance sheet"]


def test_definitions_feed_the_lexical_query_only():
    f = focus("What is the FY2019 inventory turnover ratio for Borealis? Inventory turnover ratio is defined as: "
              "(FY2019 COGS) / (average inventory between FY2018 and FY2019). Round your answer to two decimal "
              "places.")
    assert f.question == "What is the FY2019 inventory turnover ratio for Borealis?"
    assert "COGS" in f.lexical and "inventory" in f.lexical.split(f.question)[1]
    assert "Round" not in f.lexical and "2019" not in f.lexical.split(f.question)[1]


def test_plain_questions_are_left_alone():
    for q in ["How much did Orbital Grid invest in the Reno campus?", "Who runs Borealis?", "revenue 2024",
              "Please", "Borealis Q3. Please give me the freight revenue.", "Please tell me Borealis's revenue.",
              "Following the merger: what happened to Borealis's revenue?"]:
        assert focus(q).question == q
        assert focus(q).statements == []


def test_rerank_pool_adds_each_rankings_top_without_dropping_fused_candidates():
    order = [f"c{i}" for i in range(20)]
    new, n = rerank_pool(order, [["c15", "c0"], ["c1", "c12"]], 8)
    assert n == 10 and set(new[:n]) == {f"c{i}" for i in range(8)} | {"c12", "c15"}
    assert new[:n] == sorted(new[:n], key=order.index)  # fused order kept inside the head
    assert sorted(new) == sorted(order)
    assert rerank_pool(order, [["c0"], ["c3"]], 8) == (order, 8)


def _filing(path, pages: list[list[str]]) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(auto=False)
    pdf.set_font("Helvetica", size=10)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))


@pytest.fixture(scope="module")
def filing_index(tmp_path_factory, model_embedder):
    root = tmp_path_factory.mktemp("statement-filing")
    corpus = root / "corpus"
    corpus.mkdir()
    mdna = ["Borealis Freight Inc.", "Management's Discussion and Analysis",
            "Capital expenditures rose in fiscal 2024 as we invested in new cold-storage hubs and trucks.",
            "We expect capital spending to stay elevated next year while the Tacoma hub is built.",
            "Liquidity remains strong and we funded our investments from operating cash flow."]
    cash_flows = ["Borealis Freight Inc.", "Consolidated Statements of Cash Flows", "(In millions) 2024 2023",
                  "Net income 412 388", "Depreciation and amortization 97 90",
                  "Net cash provided by operating activities 655 601",
                  "Purchases of property and equipment (318) (244)", "Proceeds from sale of equipment 12 9",
                  "Net cash used in investing activities (306) (235)"]
    balance = ["Borealis Freight Inc.", "Consolidated Balance Sheets", "(In millions) 2024 2023",
               "Cash and cash equivalents 210 180", "Property and equipment, net 1,402 1,181",
               "Total assets 3,020 2,760", "Accounts payable 144 131"]
    other = [f"Risk factor {i}: freight demand and fuel prices may affect results." for i in range(6)] + [
        "Operating margin was 18.0% in fiscal 2024, the same as in fiscal 2023."]
    note = ["Borealis Freight Inc.", "Notes to Consolidated Financial Statements",
            "Note 5. Cash flow details are shown in the Consolidated Statements of Cash Flows on page 3.",
            "Purchases of property and equipment were committed for the Tacoma hub (318 of it in 2024)."]
    income = ["Borealis Freight Inc.", "Consolidated Statements of Operations", "(In millions) 2024 2023",
              "Revenue 2,950 2,610", "Cost of revenue 2,010 1,820", "Operating income 530 470",
              "Net income attributable to noncontrolling interests 3 2", "Net income 412 388"]
    index = ["Borealis Freight Inc.", "Index to Consolidated Financial Statements",
             "Consolidated Statements of Cash Flows 3", "Consolidated Balance Sheets 4",
             "Consolidated Statements of Operations 6"]
    _filing(corpus / "BOREALIS_2024_10K.pdf", [mdna, other, cash_flows, balance, note, income, index])
    s = Settings(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache")
    build_index(s, model_embedder, progress=False)
    return Assistant(s, embedder=model_embedder)


def test_a_question_pointing_at_the_cash_flow_statement_cites_the_statement(filing_index):
    answer = filing_index.ask("What was Borealis's FY2024 capital expenditure in USD millions? Give a response "
                              "to the question by relying on the details shown in the cash flow statement.")
    assert not answer.refused, answer.answer
    first = answer.citations[0]
    assert first.page == 3, (first.page, first.quote)
    assert "318" in answer.answer.split("[1]")[0]


def test_a_balance_sheet_question_reaches_the_balance_sheet(filing_index):
    answer = filing_index.ask("Using only the information within the balance sheet, how much total assets did "
                              "Borealis have at the end of FY2024? Answer in USD millions.")
    assert not answer.refused, answer.answer
    assert answer.citations[0].page == 4 and "3,020" in answer.citations[0].quote


def test_only_pages_headed_by_the_statement_count_as_the_statement(filing_index):
    question = ("What was Borealis's FY2024 capital expenditure? Relying on the cash flow statement, answer in "
                "USD millions.")
    hits = filing_index.retriever.retrieve(question).hits
    marked = {h.page for h in hits if h.metadata.get("statement_page")}
    assert marked == {3}, marked  # not the note on page 5 that mentions the statement in a sentence
    assert any(h.page == 5 for h in hits)  # which is still retrieved, as an ordinary passage


def test_warm_up_loads_the_model_without_an_index_and_caches_nothing(settings, tmp_path):
    import sqlite3

    from infrascope.embedding import CachedEmbedder

    from .fakes import HashEmbedder

    embedder = CachedEmbedder(HashEmbedder(), tmp_path / "cache")
    assistant = Assistant(settings, embedder=embedder)  # settings.index_dir does not exist yet
    timings = assistant.warm_up()
    assert set(timings) == {"model", "index"}
    assert embedder.inner.texts_embedded == 3
    files = list((tmp_path / "cache").glob("*.sqlite"))
    assert not files or sqlite3.connect(files[0]).execute("SELECT COUNT(*) FROM vec").fetchone()[0] == 0


def test_a_capex_question_points_at_the_cash_flow_statement_unasked():
    for q in ["How much did Borealis spend on property and equipment in 2024?", "What was Borealis's capex?",
              "What were Borealis's capital expenditures in Q2 2024?"]:
        assert focus(q).statements == ["cash flow statement"], q
    assert focus("How much did Borealis spend on marketing?").statements == []
    # the statement the question names comes first; capital spending still points at the cash flows
    assert focus("What is Borealis's capex per the balance sheet?").statements == ["balance sheet",
                                                                                   "cash flow statement"]


def test_a_spend_question_is_answered_from_the_statement_row(filing_index):
    answer = filing_index.ask("How much did Borealis spend on property and equipment in FY2024?")
    assert not answer.refused, answer.answer
    assert answer.citations[0].page == 3 and "(318)" in answer.citations[0].quote


def test_a_lead_in_that_names_the_company_is_kept():
    q = "According to Borealis's latest 10-Q, what was freight revenue?"
    assert focus(q).question == q
    assert focus("According to the 10-Q, what was Borealis's freight revenue?").question == \
        "what was Borealis's freight revenue?"
    assert focus("When primarily referencing the income statement and the statement of financial position, what "
                 "is the FY2021 inventory turnover ratio for Borealis?").question == \
        "what is the FY2021 inventory turnover ratio for Borealis?"


def test_a_metric_question_is_answered_with_its_inputs_from_the_statements(filing_index):
    answer = filing_index.ask("What was Borealis's return on assets (ROA) in FY2024? ROA is defined as net "
                              "income / total assets.")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("The sources don't state the return on assets as such")
    pages = [c.page for c in answer.citations]
    assert pages[:2] == [6, 4], [(c.page, c.quote) for c in answer.citations]
    assert answer.citations[0].quote.startswith("Net income 412")  # not the noncontrolling interests' row
    assert "Total assets 3,020" in answer.citations[1].quote


def test_a_metric_the_filing_states_is_quoted_not_rebuilt(filing_index):
    answer = filing_index.ask("What was Borealis's operating margin in FY2024?")
    assert not answer.refused, answer.answer
    assert "18.0%" in answer.answer.split("[1]")[0]


def test_the_index_of_statements_is_not_a_statement(filing_index):
    hits = filing_index.retriever.retrieve("What was Borealis's FY2024 return on assets?").hits
    marked = {h.page: h.metadata.get("statement_page") for h in hits if h.metadata.get("statement_page")}
    assert marked.get(6) == "income statement" and marked.get(4) == "balance sheet", marked
    assert 7 not in marked  # the page listing every statement's title


def test_a_balance_sheet_amount_is_found_on_the_balance_sheet_unasked(filing_index):
    answer = filing_index.ask("Did Borealis grow its net PP&E in FY2024?")
    assert not answer.refused, answer.answer
    assert answer.citations[0].page == 4 and "1,402" in answer.citations[0].quote


def test_a_company_defined_metric_is_not_rebuilt_from_statement_rows(filing_index):
    answer = filing_index.ask("What was Borealis's adjusted EBITDA in FY2024?")
    assert not answer.answer.startswith("The sources don't state the EBITDA"), answer.answer


@pytest.mark.parametrize("question, proper", [
    ("What is driving chip revenues to record highs, according to the guide's market-growth discussion?",
     "What is driving chip revenues to record highs?"),
    ("According to the guide's look ahead, which technology could give early backers an edge?",
     "Which technology could give early backers an edge?"),
    ("In the article's market-trends section, edge sites are growing at what rate?",
     "Edge sites are growing at what rate?"),
    ("How much did Quillon raise, as stated in the report?", "How much did Quillon raise?"),
    ("Which two regions does the guide say are leading the investment?", "Which two regions are leading the investment?"),
    ("In a nutshell, what two factors set AI sites apart from IT rooms?", "What two factors set AI sites apart from IT rooms?"),
    ("For an investor comparing data center segments, how fast do edge sites grow?", "How fast do edge sites grow?"),
    ("By what year does the article expect edge sites to overtake hyperscale ones?",
     "By what year edge sites to overtake hyperscale ones?"),
])
def test_a_pointer_at_a_part_of_the_document_is_no_part_of_the_question(question, proper):
    assert focus(question).question == proper


@pytest.mark.parametrize("question", [
    # a name in the pointer says what the question is about
    "What is the plant's capacity, according to the guide's case study on Borealis's data centers?",
    "According to NVIDIA's latest 10-Q, what was revenue?",
    "For an analyst estimating Quillon's chip demand, what GPU count does it aim to reach?",
    # nothing much left without it
    "According to the guide, why?",
])
def test_a_pointer_that_names_something_or_is_the_question_stays(question):
    assert focus(question).question == question
