"""The near-miss checks the reranker adds to the model's score: another party's, a group's, another
year's figure; and how a table row is rendered in an answer."""

from __future__ import annotations

from infrascope.evidence_checks import (
    Evidence,
    group_figure_for_one,
    named_terms,
    other_year_only,
    parties_for,
)


def test_a_group_figure_does_not_answer_a_one_party_question():
    one = "How much did Amazon alone plan to spend on data centers in 2025?"
    group = "What did Alphabet, Amazon, Meta and Microsoft plan to spend together in 2025?"
    text = "In 2025 the four firms together planned $315 billion of capital spending."
    assert group_figure_for_one(one, named_terms(one), text)
    assert not group_figure_for_one(group, named_terms(group), text)
    assert not group_figure_for_one(one, named_terms(one), "Amazon planned $100 billion in 2025.")
    wide = "Global spending on AI data centers alone is projected to exceed $1.4 trillion by 2027."
    assert group_figure_for_one(one, named_terms(one), wide)
    assert not group_figure_for_one(one, named_terms(one), "Amazon's global capital spending reached $100 billion.")
    worldwide_q = "How much will worldwide AI data center spending reach by 2027?"
    assert not group_figure_for_one(worldwide_q, named_terms(worldwide_q), wide)


def test_a_sentence_dated_only_with_other_years_is_flagged():
    named = named_terms("How many GPUs did Meta operate at the end of 2022?")
    assert other_year_only(named, Evidence("Meta aims to have 1.3 million GPUs by end of 2025.", 0, "sent"))
    assert not other_year_only(named, Evidence("Meta ran 600,000 GPUs at the end of 2022.", 0, "sent"))
    assert not other_year_only(named, Evidence("Meta runs many GPUs.", 0, "sent"))
    assert not other_year_only(named, Evidence("GPUs 600,000 350,000", 0, "row", header="2022 2021"))
    assert not other_year_only(named_terms("How many GPUs does Meta run?"),
                               Evidence("Meta ran 1.3 million GPUs in 2025.", 0, "sent"))


def test_a_sentence_naming_only_another_corpus_company_is_about_that_company():
    files = {"a.pdf": {"company": "Amazon", "ticker": "AMZN"}, "m.pdf": {"company": "Microsoft", "ticker": "MSFT"},
             "n.pdf": {"company": "NVIDIA", "ticker": "NVDA"}, "article.txt": {}}
    p = parties_for({"Amazon"}, files)
    assert p.other_only("Microsoft plans to spend $80 billion on data centers in fiscal 2025.")
    assert p.other_only("NVDA shipped more GPUs.")
    assert not p.other_only("Amazon and Microsoft both plan to spend more.")
    assert not p.other_only("AMZN's capital spending rose.")
    assert not p.other_only("The company plans to spend $100 billion.")  # no name: may refer back
    assert parties_for({"Amazon", "Microsoft"}, files) is None  # a comparison names both on purpose
    assert parties_for(set(), files) is None
    assert parties_for({"Amazon"}, {"a.pdf": {"company": "Amazon"}}) is None  # no other company to confuse


def test_a_period_named_by_its_end_date_matches_the_filings_fiscal_year():
    named = named_terms("What was Borealis's revenue in the quarter ended October 29, 2023?")
    fiscal_2024 = Evidence("Revenue for the third quarter of fiscal year 2024 was $18.1 billion.", 0, "sent")
    assert not other_year_only(named, fiscal_2024, "2023-10-29 Q3 FY2024")
    assert other_year_only(named, fiscal_2024, "2022-10-30 Q3 FY2023")  # another filing's period
    assert other_year_only(named, fiscal_2024)


def test_a_table_row_is_rendered_with_its_header_lines_once():
    from infrascope.answer.extractive import render_evidence

    header = ("Borealis Freight Inc. Consolidated Statements of Cash Flows\nConsolidated Statements of Cash Flows\n"
              "(In millions) 2024 2023\n(In millions) 2024 2023")
    assert render_evidence(Evidence("Purchases of property and equipment (318) (244)", 0, "row", header)) == (
        "Purchases of property and equipment (318) (244) "
        "(Borealis Freight Inc. Consolidated Statements of Cash Flows; (In millions) 2024 2023).")


def test_a_share_question_needs_a_proportion_not_any_figure():
    from infrascope.evidence_checks import answer_type_bonus, missing_metric
    from infrascope.lexical import query_terms

    q = "What market share does Borealis hold in freight GPUs?"
    assert answer_type_bonus(q, "Borealis holds a 35% share of the freight GPU market.") > 0
    assert answer_type_bonus(q, "Borealis acquired Nimbus for $3 billion to grow its GPU business.") < 0
    assert answer_type_bonus("What portion of freight GPUs does Borealis control?",
                             "Borealis controls about half of all freight GPUs.") > 0
    # a percentage states the share even when the word is not there
    assert not missing_metric(query_terms("What share of venture funding went to freight AI?"),
                              "Over 40% of venture funding went to freight AI startups.")
