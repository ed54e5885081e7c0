"""Which documents a question points at: years, ranges of years, dates, and the names analysts use."""

from __future__ import annotations

from infrascope.query_intent import initials, parse_intent


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


def test_initials_name_a_company_of_several_words():
    assert initials("Johnson Johnson") == {"j&j", "jnj", "jj"}
    assert initials("Advanced Micro Devices") == {"amd"}
    assert initials("Borealis") == set()
    files = {"JOHNSON_JOHNSON_2022_10K.pdf": _filing("Johnson Johnson", 2022), "ACME_2022_10K.pdf": _filing("Acme", 2022)}
    for q in ["Are JnJ's FY2022 financials those of a high growth company?", "What did J&J earn in FY2022?"]:
        assert parse_intent(q, files).preferred == {"JOHNSON_JOHNSON_2022_10K.pdf": 1.0}, q


def test_a_date_names_the_document_dated_that_day():
    files = {"ACME_2023_8K_dated-2023-08-30.pdf": {"company": "Acme", "doc_type": "8-K", "doc_date": "2023-08-30"},
             "ACME_2023Q2_10Q.pdf": {"company": "Acme", "doc_type": "10-Q", "period_end": "2023-06-30",
                                     "doc_date": "2023-08-02"}}
    assert parse_intent("What cash proceeds did Acme report as of August 30, 2023?", files).preferred == \
        {"ACME_2023_8K_dated-2023-08-30.pdf": 1.0}
    assert parse_intent("What was Acme's revenue for the quarter ended June 30, 2023?", files).preferred == \
        {"ACME_2023Q2_10Q.pdf": 1.0}


def test_an_event_day_names_the_report_filed_in_the_days_after():
    # an 8-K reports the annual meeting of May 3 two days later; a 10-Q filed that week reports a period
    files = {"ACME_2023_8K_dated-2023-05-05.pdf": {"company": "Acme", "doc_type": "8-K", "doc_date": "2023-05-05"},
             "ACME_2023_8K_dated-2023-06-20.pdf": {"company": "Acme", "doc_type": "8-K", "doc_date": "2023-06-20"},
             "ACME_2023Q1_10Q.pdf": {"company": "Acme", "doc_type": "10-Q", "period_end": "2023-03-31",
                                     "doc_date": "2023-05-04"}}
    assert parse_intent("At the Acme annual meeting held on May 3, 2023, how did the vote go?", files).preferred == \
        {"ACME_2023_8K_dated-2023-05-05.pdf": 1.0}


def test_a_ticker_that_begins_a_glued_company_name_names_the_company():
    from infrascope.query_intent import prefix_tickers

    # FinanceBench-style file names glue the words: JPMORGAN_2021Q1_10Q is "Jpmorgan", asked about as JPM
    files = {"BOREALISFIBER_2021Q1_10Q.pdf": {"company": "Borealisfiber", "doc_type": "10-Q", "fiscal_label": "2021 Q1"},
             "KESTREL_2021Q1_10Q.pdf": {"company": "Kestrel", "doc_type": "10-Q", "fiscal_label": "2021 Q1"}}
    assert parse_intent("Which of BOR's segments had the lowest net revenue in 2021 Q1?", files).preferred == \
        {"BOREALISFIBER_2021Q1_10Q.pdf": 1.0}
    # capitals only (a word is not a ticker), one company only, and never a finance code
    assert prefix_tickers("Which bor segments grew?", {"Borealisfiber"}) == {}
    assert prefix_tickers("What did KES report?", {"Kestrel", "Kestrelnet"}) == {}
    assert prefix_tickers("What is the EPS of Kestrel?", {"Epsilon"}) == {}
    # a word in capitals is no ticker when another company is named, nor in a question written in capitals
    files["NETWORKCO_2021Q1_10Q.pdf"] = {"company": "Networkco", "doc_type": "10-Q", "fiscal_label": "2021 Q1"}
    assert set(parse_intent("What was Kestrel's NET income in 2021 Q1?", files).preferred) == {"KESTREL_2021Q1_10Q.pdf"}
    assert parse_intent("WHAT WAS NET INCOME IN 2021 Q1?", files).preferred == {}


def test_a_company_is_named_as_the_question_writes_it_never_by_a_common_word():
    files = {"a.pdf": _filing("The Borealis Company", 2024), "b.pdf": _filing("Helion Compute Corporation", 2024)}
    intent = parse_intent("What did Helion Compute say about the outlook?", files)
    assert intent.companies == {"Helion Compute Corporation"}  # not "The Borealis Company" by "the"
    assert intent.written == {"Helion Compute Corporation": "helion"}  # the longest alias it used (first word)


def test_a_quarterly_report_of_another_quarter_of_the_year_asked_about_is_known():
    from infrascope.query_intent import asked_quarter, asks_fiscal_quarter, reports_other_quarter

    asked = asked_quarter("How much Kestrel Cloud revenue was reported for the third quarter of fiscal 2024?")
    assert asked == (3, 2024)
    assert asked_quarter("What was Borealis's revenue in 2024 Q2?") == (2, 2024)
    assert asked_quarter("What was Borealis's revenue in 2024?") is None
    q1 = {"doc_type": "10-Q", "fiscal_label": "Q1 FY2024"}
    assert reports_other_quarter(asked, q1)
    assert not reports_other_quarter(asked, {"doc_type": "10-Q", "fiscal_label": "Q3 FY2024"})
    assert not reports_other_quarter(asked, {"doc_type": "10-Q", "fiscal_label": "Q4 FY2023"})  # another year:
    # the year checks judge that, and a calendar "2024 Q3" label may be the same quarter
    assert not reports_other_quarter(asked, {"doc_type": "10-K", "fiscal_label": "FY2024"})
    assert not reports_other_quarter(None, q1)
    # asked for a fiscal quarter, the next year's report of another quarter cannot hold it either; the next
    # year's report of the same quarter can (its comparison column)
    asked = asked_quarter("Kestrel Cloud revenue in the third quarter of fiscal 2023?")
    assert asks_fiscal_quarter("Kestrel Cloud revenue in the third quarter of fiscal 2023?")
    assert not asks_fiscal_quarter("Kestrel revenue in Q3 2023?")
    assert reports_other_quarter(asked, q1, fiscal=True)
    assert not reports_other_quarter(asked, {"doc_type": "10-Q", "fiscal_label": "Q3 FY2024"}, fiscal=True)
    assert not reports_other_quarter(asked, q1, fiscal=False)  # "Q3 2023" may be the calendar quarter


def test_the_reranker_marks_down_a_report_of_another_quarter(model_embedder):
    from infrascope.rerank import SentenceReranker
    from infrascope.types import Hit

    text = "Kestrel Cloud revenue increased 24% to $31.8 billion."
    question = "How much Kestrel Cloud revenue did Kestrel report for the third quarter of fiscal 2024?"

    def best(label: str) -> float:
        hit = Hit("c1", "k.pdf", "Kestrel 10-Q", 3, "3", text, 0.0,
                  metadata={"company": "Kestrel", "doc_type": "10-Q", "fiscal_label": label})
        SentenceReranker(model_embedder).score_evidence(question, [hit])
        return hit.metadata["evidence"][0].score

    assert best("Q3 FY2024") > best("Q1 FY2024") + 0.4
