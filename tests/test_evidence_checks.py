"""The near-miss checks the reranker adds to the model's score: another party's, a group's, another
year's figure; and how a table row is rendered in an answer."""

from __future__ import annotations

import pytest

from infrascope.evidence_checks import (
    Evidence,
    answer_type_fit,
    group_figure_for_one,
    missing_relation,
    named_terms,
    names_used_mid_sentence,
    other_year_only,
    parties_for,
    term_overlap,
)
from infrascope.lexical import query_terms


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


def test_in_a_list_of_parties_the_figure_belongs_to_its_own_item():
    from infrascope.evidence_checks import list_item_of

    sentence = ("Leading startups include Nimbus (raised $700M, competing with Borealis in chips), Kestrel Systems "
                "(funded with $720M), and Orbital Systems (valued at $5B).")
    assert list_item_of(sentence, named_terms("How much has Orbital Systems raised?")) == \
        "Orbital Systems (valued at $5B)."
    # one clause with asides is no list
    assert list_item_of("The EU, for example, is mobilizing €200 billion, leveraging €50 billion in public funds.",
                        named_terms("How much public money is the EU putting in?")) is None


def test_a_list_sentence_does_not_answer_for_the_wrong_item(model_embedder):
    from infrascope.rerank import SentenceReranker
    from infrascope.types import Hit

    text = ("Leading startups include Nimbus (raised $700M, competing with Borealis in chips), Kestrel Systems "
            "(funded with $720M), and Orbital Systems (valued at $5B).")
    def best(question: str, penalty: float) -> float:
        hit = Hit("c1", "a.txt", "Startups", None, None, text, 0.0)
        SentenceReranker(model_embedder, other_item_penalty=penalty).score_evidence(question, [hit])
        return hit.metadata["evidence"][0].score

    # asked what Orbital raised: the sentence's "raised" is Nimbus's, so the penalty applies ...
    q = "How much has Orbital Systems raised?"
    assert best(q, 0.5) == pytest.approx(best(q, 0.0) - 0.5)
    # ... but not when Orbital's own item answers, nor for the party whose item holds the words
    for q in ["What is Orbital Systems valued at?", "How much has Nimbus raised?"]:
        assert best(q, 0.5) == pytest.approx(best(q, 0.0)), q


def test_a_market_share_is_not_any_percentage():
    from infrascope.evidence_checks import missing_metric
    from infrascope.lexical import query_terms

    terms = query_terms("What market share does Borealis hold in AI chips?")
    assert missing_metric(terms, "At closing, we expect to own roughly 94% of their common stock.")
    assert missing_metric(terms, "Major acquisitions are shaping the market: Borealis bought Nimbus for $3 billion.")
    assert not missing_metric(terms, "Borealis commands over 80% market share in AI accelerators.")
    assert not missing_metric(terms, "Borealis holds 35% of the AI chip market.")


def test_backing_as_a_noun_asks_for_no_backer():
    from infrascope.evidence_checks import missing_metric
    from infrascope.lexical import query_terms

    q = "Companies innovating in which field will win regulatory backing and customer preference?"
    text = "Companies innovating in green computing will likely gain regulatory support and customer preference."
    assert not missing_metric(query_terms(q), text, q)
    q = "Which fund is backing Kestrel's new campus?"
    assert missing_metric(query_terms(q), "Kestrel's new campus opens in Vostok next year.", q)


def test_a_run_on_passage_naming_the_company_in_passing_is_no_list():
    from infrascope.evidence_checks import list_item_of

    text = ("• Company guides 2023 adjusted EPS of $10.50, reflecting growth of 3.5% New Brunswick, N.J. "
            "(January 24, 2023) – Borealis (NYSE: BRL) today announced results for full year 2022.")
    assert list_item_of(text, named_terms("Is growth in Borealis's adjusted EPS expected to accelerate?")) is None


def test_initials_in_a_passage_name_what_the_question_spells_out():
    from infrascope.evidence_checks import name_initials, with_spelled_names

    spelled = name_initials("How much does the European Union plan to marshal for AI investment?")
    assert spelled == {"EU": "European Union"}
    assert with_spelled_names("The EU is mobilizing €200 billion.", spelled).endswith("European Union")
    assert with_spelled_names("Europe's neutral stance.", spelled) == "Europe's neutral stance."
    assert name_initials("How much did Borealis spend?") == {}
    # with or without dots; never a word that merely holds the letters
    us = name_initials("What will Borealis invest in the United States?")
    assert with_spelled_names("a plant in the U.S. by 2027", us).endswith("United States")
    assert with_spelled_names("U.S.-based chips", us).endswith("United States")
    assert with_spelled_names("tell us about USB drives", us) == "tell us about USB drives"
    assert with_spelled_names("UPS delivered the parcels", us) == "UPS delivered the parcels"


def test_a_sentence_about_another_party_does_not_answer():
    from infrascope.evidence_checks import other_party_instead

    q = "How much did Borealis pay to acquire Nimbus?"
    assert other_party_instead(named_terms(q), q, "Deals are shaping the market: Kestrel acquired Nimbus for $35 billion.")
    assert other_party_instead(named_terms(q), q, "- KSTL acquired Nimbus for $35 billion.")  # written like a name
    assert not other_party_instead(named_terms(q), q, "Borealis bought Nimbus for $2 billion.")
    # no other party named: a sentence's capitalised first word is not one
    assert not other_party_instead(named_terms(q), q, "Investors are seeing huge growth in this arena.")


def test_how_many_asks_for_a_count_of_that_thing():
    from infrascope.evidence_checks import answer_type_bonus

    q = "How many GPUs does Borealis aim to run by the end of 2025?"
    assert answer_type_bonus(q, "Borealis aims to have over 1.3 million GPUs by end of 2025.") > 0
    assert answer_type_bonus(q, "Borealis plans to spend $80 billion on data centers in fiscal 2025.") < 0
    # the thing counted is the noun, not the first word after "how many"; a sentence not mentioning it
    # counts something else, worse than a sentence about it that gives no figure
    q = "How many AI gigafactories is Kestrel financing?"
    fund = answer_type_bonus(q, "Kestrel is launching a new AI fund of $138 billion.")
    no_figure = answer_type_bonus(q, "Kestrel is financing new AI gigafactories.")
    assert fund < no_figure < 0 < answer_type_bonus(q, "Kestrel is financing four AI gigafactories with 12 sites.")
    # a generic count ("people") is answered by any count ("12,000 employees")
    assert answer_type_bonus("How many people does Borealis employ?", "Borealis has 12,000 employees.") > 0


def test_a_question_asking_only_for_a_date_needs_a_date():
    from infrascope.evidence_checks import answer_type_bonus

    for q in ["When did Borealis buy Nimbus?", "By which year does Kestrel intend to lead in AI?"]:
        assert answer_type_bonus(q, "Borealis bought Nimbus for $2 billion.") == -1.0, q
        assert answer_type_bonus(q, "Borealis bought Nimbus in 2019; Kestrel aims to lead by 2030.") > 0, q
    assert answer_type_bonus("When will Borealis start building?", "Construction starts in the autumn.") > 0
    # a question opening with "When" that asks for something else is not a date question
    assert answer_type_bonus("When primarily using the balance sheet, what is Borealis's working capital?",
                             "Total current assets 1,204") == 0.0


def test_a_peoples_adjective_names_its_country():
    from infrascope.evidence_checks import with_spelled_names

    assert "China" in with_spelled_names("The Chinese government has built over 40 AI parks.", {})
    assert with_spelled_names("Borealis built 40 AI parks.", {}) == "Borealis built 40 AI parks."


def test_a_sentence_referring_back_carries_the_names_and_years_before_it(model_embedder):
    from infrascope.evidence_checks import year_unattested
    from infrascope.rerank import SentenceReranker, evidence_units
    from infrascope.types import Hit

    text = ("Borealis has committed over $65 billion to AI infrastructure. The company has deployed over "
            "1.3 million GPUs across its facilities. Kestrel builds chips.")
    units = evidence_units(text)
    assert units[1].antecedent.startswith("Borealis has committed")
    assert units[0].antecedent == units[2].antecedent == ""

    def best(question: str) -> float:
        hit = Hit("c1", "a.txt", "Guide", None, None, text, 0.0)
        SentenceReranker(model_embedder).score_evidence(question, [hit])
        return next(e.score for e in hit.metadata["evidence"] if e.text.startswith("The company"))

    # "The company" is Borealis: asked about Borealis the sentence answers, asked about Kestrel it does not
    assert best("How many GPUs has Borealis installed?") > best("How many GPUs has Kestrel installed?") + 0.2
    # an undated sentence in an undated document does not attest the year asked
    assert year_unattested(["borealis", "2022"], units[1], "")
    assert not year_unattested(["borealis", "2022"], units[1], "2022-12-31 FY2022")
    assert not year_unattested(["borealis"], units[1], "")


def test_people_in_roles_and_who_answers_are_not_other_parties():
    from infrascope.evidence_checks import other_party_instead

    q = "How much is Borealis investing in Ohio?"
    assert not other_party_instead(named_terms(q), q, "The company, led by chief executive Hélène Marchetti, "
                                                      "is investing $2.6 billion.")
    q = "Who runs Borealis Fiber?"
    assert not other_party_instead(named_terms(q), q, "The company is led by Hélène Marchetti.")


def test_an_inflected_question_word_has_its_stand_ins():
    from infrascope.evidence_checks import term_overlap

    # "acquiring" and "acquisition" share no 6-letter stem; "acquire"'s stand-ins bridge them
    assert term_overlap(["acquiring"], "Blackstone's $16 billion acquisition of AirTrunk") == 1.0
    assert term_overlap(["spending"], "Additions to property and equipment (9,917)") == 1.0


def test_a_first_word_the_passages_use_as_a_name_is_another_party():
    from infrascope.evidence_checks import names_used_mid_sentence, other_party_instead

    q = "What market share does Borealis hold in AI chips?"
    sentence = "Kestrel has positioned itself as the leader in AI chips, commanding 80% market share."
    assert not other_party_instead(named_terms(q), q, sentence)  # "Kestrel" could be any first word ...
    known = names_used_mid_sentence(["Startups compete with Kestrel in AI chips.", sentence])
    assert "kestrel" in known and "startups" not in known
    assert other_party_instead(named_terms(q), q, sentence, known)  # ... but the passages use it as a name
    assert not other_party_instead(named_terms(q), q, "Investors are seeing huge growth in AI chips.", known)


def test_every_party_of_a_deal_question_must_be_in_the_sentence():
    from infrascope.evidence_checks import missing_party, question_parties

    assert question_parties("How much did Borealis pay to acquire Nimbus Labs in FY2024?") == [["borealis"],
                                                                                              ["nimbus", "labs"]]
    q = "How much did Borealis pay to acquire Nimbus?"
    assert missing_party(q, "- Borealis bought Kestrel Labs for $2 billion.")
    assert not missing_party(q, "Borealis's $3 billion acquisition of Nimbus closed in May.")
    # one party, or either of two, is not a deal between parties
    assert not missing_party("How much did Borealis raise?", "The company raised $2 billion.")
    assert not missing_party("How much power can a facility for Borealis or Nimbus draw?", "Borealis draws 1 GW.")
    # naming none of them may be a sentence referring back
    assert not missing_party("How much is Orbital Grid investing in Ohio?",
                             "The company said it will invest $2.6 billion in the build-out.")


def test_a_valuation_question_needs_a_valuation():
    from infrascope.evidence_checks import missing_metric
    from infrascope.lexical import query_terms

    terms = query_terms("What is Borealis valued at?")
    assert missing_metric(terms, "Borealis was funded with $720M.")
    assert not missing_metric(terms, "Borealis (valued at $5B) leads the field.")


def test_in_another_companys_filing_we_is_the_filer(model_embedder):
    from infrascope.rerank import SentenceReranker
    from infrascope.types import Hit

    files = {"BOREALIS_10Q.pdf": {"company": "Borealis"}, "KESTREL_10Q.pdf": {"company": "Kestrel"}}
    parties = parties_for({"Borealis"}, files)
    q = "How much did Borealis invest in Nimbus?"

    def best(path: str, company: str, text: str, with_parties) -> float:
        hit = Hit("c1", path, "10-Q", 3, "3", text, 0.0, metadata={"company": company})
        SentenceReranker(model_embedder).score_evidence(q, [hit], parties=with_parties)
        return hit.metadata["evidence"][0].score

    text = "In September 2023 we invested in a $1.25 billion note from Nimbus, convertible to equity."
    assert best("KESTREL_10Q.pdf", "Kestrel", text, parties) == \
        pytest.approx(best("KESTREL_10Q.pdf", "Kestrel", text, None) - 0.3)
    # in the asked company's own filing "we" is the company asked about
    assert best("BOREALIS_10Q.pdf", "Borealis", text, parties) == \
        pytest.approx(best("BOREALIS_10Q.pdf", "Borealis", text, None))
    # outside filings a sentence naming only another company is about that company: penalised as much
    # as another list item's figure (0.5), more than a filing's sentence that may still refer back
    other = "Kestrel plans to invest $80 billion in Nimbus in fiscal 2025."

    def in_article(penalty: float) -> float:
        hit = Hit("c1", "article.txt", "Guide", None, None, other, 0.0, metadata={})
        SentenceReranker(model_embedder, other_item_penalty=penalty).score_evidence(q, [hit], parties=parties)
        return hit.metadata["evidence"][0].score

    assert in_article(0.5) == pytest.approx(in_article(0.0) - 0.5)


def test_a_month_before_a_day_is_a_date_not_a_name_and_an_agm_is_an_annual_meeting():
    # "May" is in every filing ("may be called"): as a name it would credit any sentence with the modal
    assert named_terms("At the Acme AGM held on May 3, 2023, what was the outcome of the vote?") == ["acme", "2023"]
    assert "may" not in named_terms("What did Borealis report on May 3, 2023?")
    assert "mayfair" in named_terms("What did Mayfair report?")
    assert term_overlap(["agm"], "held its 2023 annual meeting of shareholders") == 1.0


def test_a_compound_of_a_finance_or_tech_code_is_no_other_party():
    from infrascope.evidence_checks import other_party_instead

    q = "How many GPUs has Borealis installed?"
    assert not other_party_instead(named_terms(q), q, "The company runs AI-driven services on GPU-based racks.")
    assert other_party_instead(named_terms(q), q, "The company runs services for Kestrel.")


def test_which_segment_had_the_highest_is_answered_by_a_comparison():
    from infrascope.evidence_checks import answer_type_bonus

    q = "Which of Borealis's segments had the lowest net revenue in 2021 Q1?"
    by_segment = "Total net revenue $ 12,517 $ 13,287 (6) % $ 14,605 $ 10,003 46 % $ 2,393 $ 2,165 11 %"
    assert answer_type_bonus(q, by_segment) > answer_type_bonus(q, "Net revenue was $4.1 billion, up 20%.")
    # this year, last year and the change are one segment's row; years are no figures
    assert answer_type_bonus(q, "Total net revenue $ 4,077 $ 3,389 20 %") == 0.0
    assert answer_type_bonus(q, "Revenue 2023 2022 2021 2020") == 0.0


def test_a_party_of_several_words_is_named_by_any_and_a_cited_source_is_not_a_party():
    from infrascope.evidence_checks import missing_named

    q = "How large is the investment Kestrel Turbines committed to, according to the White House?"
    assert "white" not in named_terms(q) and "kestrel" in named_terms(q)
    assert missing_named(q, named_terms(q), "Today the Office announced a $2 billion investment by Kestrel.") == 0
    assert missing_named(q, named_terms(q), "Today the Office announced a $2 billion investment.") == 1
    q = "As of Q2'2023, is Borealis spinning off any segments?"  # a quarter is no party; its year is
    assert missing_named(q, named_terms(q), "In 2023 Borealis announced the spin-off.") == 0
    assert missing_named(q, named_terms(q), "Borealis announced the spin-off.") == 1


def test_one_member_of_a_listed_group_does_not_own_the_groups_figure():
    from infrascope.evidence_checks import member_figure_for_one

    text = ("Kestrel announced a $500 billion data-center project, backed by companies like Nimbus, Orbital "
            "Grid, and Borealis, aiming to build campuses across the country.")
    for q in ["How much did Nimbus invest in the project?", "How much did Borealis alone put into it?"]:
        assert member_figure_for_one(q, named_terms(q), text), q
    for q in ["How much did Kestrel announce?",  # the project's owner, not a listed member
              "How much did Nimbus and Borealis invest together?",  # the group itself
              "How much is the Nimbus-backed project worth?"]:
        assert not member_figure_for_one(q, named_terms(q), text), q
    # members with figures of their own are a list of items, not one group's figure
    listed = "Startups such as Nimbus ($700M) and Borealis ($720M) raised record sums."
    assert not member_figure_for_one("How much did Nimbus raise?", ["nimbus"], listed)
    # asked the project's name, the group's project is each member's too
    q = "Name the data-center project backed by, among others, Nimbus."
    assert not member_figure_for_one(q, named_terms(q), text)


def test_how_much_is_not_answered_by_a_sentence_with_no_amount():
    from infrascope.evidence_checks import answer_type_bonus

    q = "How much did Borealis put into the project?"
    assert answer_type_bonus(q, "Borealis's cloud services provide scalable computing power.") == -0.4
    assert answer_type_bonus(q, "Borealis has invested billions into the project.") == -0.15
    assert answer_type_bonus(q, "Borealis put $2 billion into the project.") > 0
    # a small number word is no amount ("two compelling alternatives ... on price"); "two billion" is
    assert answer_type_bonus(q, "Borealis's two chips compete on performance and price.") == -0.4
    assert answer_type_bonus(q, "Borealis put two billion dollars into the project.") == -0.15
    # "what did X pay" asks for an amount as "how much" does
    assert answer_type_bonus("What did Borealis pay for Nimbus?", "Borealis announced an agreement with Nimbus.") < 0
    assert answer_type_bonus("What did Borealis pay for Nimbus?", "Borealis bought Nimbus for $2 billion.") > 0


def test_which_and_a_role_asks_for_a_person():
    from infrascope.evidence_checks import answer_type_bonus

    q = "Which National Economic Director co-chairs the Steering Council?"
    assert answer_type_bonus(q, "The council will be co-chaired by National Economic Director Jane Roe.") > 0
    assert answer_type_bonus(q, "The function of the council is to coordinate policy development.") == 0
    # a person named in the role counts for more than roles alone
    named = answer_type_bonus(q, "The council will be co-chaired by National Economic Director Jane Roe.")
    roles = answer_type_bonus(q, "Members: the Secretary of State; the Director of the Budget Office.")
    assert named > roles > 0
    assert answer_type_bonus(q, "Jane Roe, President and CEO, Acme, took part.") == named
    # "which council" asks for no person: no credit for a role (and it wants a name, which this lacks)
    assert answer_type_bonus("Which council leads the task force?", "The task force is led by the council.") <= 0


def test_a_clause_or_a_bullet_run_on_into_a_sentence_is_a_statement_of_its_own():
    from infrascope.rerank import evidence_units

    text = ("Steering Council. (a) There is established a Steering Council to coordinate policy. "
            "(b) The Assistant to the President for Economic Policy shall serve as Co-Chair. "
            "Our processors compete on both performance and price. ▪ We announced a $20 billion plant in Ohio.")
    units = [u.text for u in evidence_units(text)]
    # a run-in heading stays with its clause; the next clause and the bullet stand alone
    assert units == ["Steering Council. (a) There is established a Steering Council to coordinate policy.",
                     "(b) The Assistant to the President for Economic Policy shall serve as Co-Chair.",
                     "Our processors compete on both performance and price.",
                     "▪ We announced a $20 billion plant in Ohio."]


def test_a_question_in_a_passage_states_nothing():
    from infrascope.rerank import evidence_units

    text = ("How does AI infrastructure differ from traditional IT infrastructure? In other words, AI infrastructure "
            "is optimized for heavy parallel computation, setting it apart from conventional IT environments.")
    assert [u.text for u in evidence_units(text)] == [
        "In other words, AI infrastructure is optimized for heavy parallel computation, setting it apart from "
        "conventional IT environments."]


def test_a_count_is_a_number_written_before_the_thing_counted():
    from infrascope.evidence_checks import answer_type_bonus, counts

    assert counts("each identify a minimum of 3 sites on Federal land", "sites")
    assert counts("The order establishes six primary priorities:", "priorities")
    assert counts("over 1.3 million GPUs by the end of the year", "gpus")
    assert not counts("In 2025 sites were leased", "sites")  # a year is no count
    assert not counts("the priorities of the six agencies", "priorities")
    assert not counts("a $2 billion plant in Arizona", "plants")  # an amount, not a count
    assert not counts("40 percent of sites are leased", "sites")
    assert not counts("one of the sites is in Texas", "sites")
    assert not counts("On March 3 sites were named", "sites")  # a day of the month
    assert counts("Thirteen plants will be built", "plants")
    assert counts("a campus of 5 GW", "gigawatts")
    # a sentence with no number at all cannot say how many, however close its words; a section
    # reference or a year is no number of sites
    q0 = "How many sites must Borealis identify for clean power?"
    assert answer_type_bonus(q0, "Borealis shall ensure that any sites identified under section 4(k) by 2027 "
                                 "include acreage.") <= -0.25
    assert answer_type_bonus(q0, "Borealis will pick sites with at least one gigawatt of power.") > -0.25
    q = "How many federal sites must each Secretary identify?"
    # the sentence giving the count outranks one that only mentions the sites
    assert answer_type_bonus(q, "Each Secretary shall identify a minimum of 3 sites.") > \
        answer_type_bonus(q, "Sites shall be chosen on Federal land.") + 0.2


def test_a_document_dated_before_the_year_asked_does_not_answer_for_it():
    from infrascope.evidence_checks import predates_year

    named = named_terms("Who co-chaired the Steering Council in 2025?")
    plain = Evidence("The Steering Council is co-chaired by Brian Deese.", 0.0, "sent")
    assert predates_year(named, plain, "2022-08-25")  # a 2022 release
    assert not predates_year(named, plain, "2025-03-01")
    assert not predates_year(named, Evidence("By 2025 the Council will be chaired by Deese.", 0.0, "sent"),
                             "2022-08-25")  # a forecast names the year
    assert not predates_year(named, plain, "")  # undated: another check's business
    # a fiscal year ending in the next calendar year is not "before" it
    assert not predates_year(["2024"], plain, "2023-10-29 Q3 FY2024")
    # what a company will do by then, an older document may well say
    plan = Evidence("Borealis will invest $10 billion in Arizona over the next six years.", 0.0, "sent")
    assert not predates_year(["borealis", "2030"], plan, "2024-05-01")


def test_an_acronym_the_question_uses_is_named_by_its_spelled_out_form():
    from infrascope.evidence_checks import acronyms_in, with_spelled_names

    q = "Within how many days must the EPA issue guidance on brownfield sites?"
    assert acronyms_in(q) == {"EPA"}
    text = "Within 180 days the Administrator of the Environmental Protection Agency shall develop guidance."
    assert with_spelled_names(text, {}, acronyms_in(q)).endswith(" EPA")
    # other initials are no match
    assert with_spelled_names("The Export Promotion Board shall meet.", {}, acronyms_in(q)) == \
        "The Export Promotion Board shall meet."


def test_a_which_agency_question_is_answered_by_a_name_it_does_not_know():
    from infrascope.evidence_checks import other_party_instead

    text = "- The Order directs the Department of Energy to build an experimentation platform."
    q = "Which department is told to build an experimentation platform under the Orion Mission?"
    assert not other_party_instead(named_terms(q), q, text)
    q = "How much must the Orion Mission spend on an experimentation platform?"
    assert other_party_instead(named_terms(q), q, text)  # asked a figure: another party's sentence


def test_a_document_titled_with_the_name_asked_about_needs_no_name_in_each_sentence(model_embedder):
    from infrascope.rerank import SentenceReranker
    from infrascope.types import Hit

    q = "How much will the Orion Mission spend on supercomputers?"
    text = "The Order directs the Department of Energy to spend $2 billion on supercomputers."

    def cost(title: str) -> float:
        """What leaving the name out costs the sentence in a document of this title."""
        scores = []
        for penalties in ({}, {"unnamed_penalty": 0.0, "unnamed_penalty_filing": 0.0}):
            hit = Hit("c1", "policy/x.md", title, None, None, text, 0.0, metadata={})
            SentenceReranker(model_embedder, other_item_penalty=0.0, **penalties).score_evidence(q, [hit])
            scores.append(hit.metadata["evidence"][0].score)
        return scores[1] - scores[0]

    # a sentence not naming the mission costs as little in the mission's own release as in a filing
    # (0.1 a missing name), more in a document about something else (0.25)
    titled = cost("Fact Sheet: The President Unveils the Orion Mission")
    untitled = cost("Fact Sheet: The President Unveils New Science Programs")
    assert 0 < titled < untitled and untitled / titled == pytest.approx(2.5)


def test_a_heading_run_into_the_text_is_no_evidence_but_a_titled_figure_is():
    from infrascope.rerank import evidence_units

    text = ("*EO Establishes the Steering Council and Implementation Priorities;* Implementation Priorities. "
            "The order establishes six primary priorities for all agencies. Total Revenue Was $12.9 Billion.")
    assert [u.text for u in evidence_units(text)] == [
        "The order establishes six primary priorities for all agencies.", "Total Revenue Was $12.9 Billion."]


def test_how_fast_asks_for_a_speed_or_a_rate_not_a_size():
    from infrascope.evidence_checks import answer_type_bonus

    q = "How fast must networking link a cluster to fall under the reporting rules?"
    assert answer_type_bonus(q, "machines connected by networking of over 100 Gbit/s") > 0
    assert answer_type_bonus("How fast is the edge market growing?", "It is growing ~10% annually.") > 0
    assert answer_type_bonus("How fast is the edge market growing?", "It will reach $1.44 trillion by 2029.") < 0


def test_the_number_of_an_order_a_section_or_a_note_is_no_amount():
    from infrascope.evidence_checks import answer_type_bonus, has_figure

    assert not has_figure("Executive Order 14141 of January 14, 2025, is hereby revoked.")
    assert not has_figure("See Note 12 and Section 232; 42 U.S.C. 4336 and 4336c apply.")
    assert has_figure("Sections 3 and 4 apply to 25 plants.")
    q = "What minimum capital commitment makes a project qualify?"
    assert answer_type_bonus(q, "Executive Order 14141 is hereby revoked.") < 0
    assert answer_type_bonus(q, "A sponsor must commit at least $500 million in capital expenditures.") > 0


def test_a_month_names_when_not_who_and_a_release_is_named_by_its_date():
    from infrascope.evidence_checks import other_party_instead
    from infrascope.rerank import _release_date
    from infrascope.types import Hit

    q = "What minimum capital commitment makes a project qualify under the July 2025 permitting order?"
    text = "(i) a Data Center Project or Covered Component Project with at least $500 million of capital;"
    assert not other_party_instead(named_terms(q), q, text)  # "July" is no party the text leaves out
    release = Hit("c1", "policy/x.md", "Order", None, None, text, 0.0, metadata={"doc_date": "2025-07-23"})
    assert "July 23, 2025" in _release_date(release)
    # a filing is named by the period it covers, not the day it was filed
    filing = Hit("c1", "x.pdf", "10-K", 3, "3", text, 0.0, metadata={"doc_date": "2023-03-20", "company": "Acme"})
    assert _release_date(filing) == ""


def test_the_items_of_a_legal_enumeration_are_statements_of_their_own():
    from infrascope.rerank import evidence_units

    text = ("Covered Components are defined above. (d) “Qualifying Project” means: (i) a project for which the "
            "sponsor has committed at least $500 million; (ii) a project adding greater than 100 MW of load; or "
            "(iii) a project that protects national security.")
    assert [u.text for u in evidence_units(text)] == [
        "Covered Components are defined above.",
        "(d) “Qualifying Project” means: (i) a project for which the sponsor has committed at least $500 million;",
        "(ii) a project adding greater than 100 MW of load;",
        "(iii) a project that protects national security."]


def test_a_revenue_question_is_not_answered_by_a_sentence_about_another_metric():
    from infrascope.evidence_checks import missing_metric
    from infrascope.lexical import query_terms

    terms = query_terms("What was Borealis's total revenue in the second quarter of 2023?")
    assert missing_metric(terms, "This change added $570 million to gross margin in the second quarter of 2023.")
    assert not missing_metric(terms, "Total net revenue $ 12,949 $ 15,321")
    assert not missing_metric(terms, "Net sales were $81.8 billion in the quarter.")


def test_a_list_item_run_on_after_its_lead_in_is_a_statement_of_its_own():
    from infrascope.rerank import evidence_units

    text = ("Big Tech keeps spending. For instance: - Borealis (a fiber carrier) declared 2025 a defining year "
            "and plans to invest $6 billion.")
    units = [u.text for u in evidence_units(text)]
    assert "- Borealis (a fiber carrier) declared 2025 a defining year and plans to invest $6 billion." in units
    assert not any(u.startswith("For instance") and "Borealis" in u for u in units)
    # a lead-in that says what the list is about stays with its first item
    led = "Spurred by the new law, companies announced more plans: - Borealis will invest $6 billion."
    assert [u.text for u in evidence_units(led)] == [led]


def test_an_owner_and_what_it_owns_are_two_parties():
    from infrascope.evidence_checks import missing_named, question_parties

    q = "Who runs Borealis's Nimbus satellite unit?"
    assert question_parties(q) == [["borealis"], ["nimbus"]]
    # a passage on Borealis's fiber business names the owner, not the unit asked about
    assert missing_named(q, named_terms(q), "Borealis Fiber chief executive Hélène Marchetti said ...") == 1
    assert question_parties("How many actions does America's AI Action Plan set?") == [["america", "action", "plan"]]
    assert question_parties("How did Kestrel's US sales grow?") == [["kestrel"]]  # "US" is no party


def test_a_name_question_wants_a_name_the_question_does_not_know():
    from infrascope.evidence_checks import answer_type_bonus

    q = "What is the name of the custom chip Borealis built to train its AI models?"
    assert answer_type_bonus(q, "Borealis has developed custom AI chips like Frostline (for training).") > 0
    # no name but the question's own, a code or an AI-compound: no answer (and no figure is wanted either)
    assert answer_type_bonus(q, "Borealis has deployed over 1.3 million GPUs for AI-driven services.") < -0.2
    assert answer_type_bonus(q, "- Borealis’s $65 Billion AI Infrastructure Plan") < -0.2


def test_a_sentence_surveying_several_companies_is_a_statement_for_each():
    from infrascope.rerank import evidence_units

    text = ("All the big providers are racing: Borealis has developed custom chips like Frostline, Kestrel has its "
            "Tern pods and compilers, Nimbus has partnered with Orbital. In 2024, Kestrel raised $2 billion.")
    assert [u.text for u in evidence_units(text)] == [
        "All the big providers are racing: Borealis has developed custom chips like Frostline,",
        "Kestrel has its Tern pods and compilers,", "Nimbus has partnered with Orbital.",
        "In 2024, Kestrel raised $2 billion."]  # a short opening ("In 2024,") stays with its statement


def test_a_company_is_named_by_its_better_known_unit():
    from infrascope.evidence_checks import missing_named, name_aliases, with_spelled_names

    q = "How many GPUs does one of Amazon's P4d instances carry?"
    spelled = name_aliases(named_terms(q))
    text = with_spelled_names("Cloud providers offer instances (e.g., AWS’s P4d instances with 8 GPUs).", spelled)
    assert missing_named(q, named_terms(q), text) == 0
    assert name_aliases(["borealis"]) == {}


def test_a_factor_in_words_is_a_figure():
    from infrascope.evidence_checks import answer_type_bonus, has_figure

    assert has_figure("cheaper compute lowers the cost of AI services by an order of magnitude each year")
    assert has_figure("a tenfold rise") and has_figure("3x the capacity") and has_figure("a 5-fold increase")
    assert not has_figure("the fold of the map; Xbox consoles run x86 code")
    q = "By how much does the cost of AI services drop each year?"
    assert answer_type_bonus(q, "Compute lowers the cost of AI services by an order of magnitude each year.") > 0


def test_which_company_did_x_buy_wants_a_purchase():
    from infrascope.evidence_checks import missing_metric
    from infrascope.lexical import query_terms

    terms = query_terms("Which AI startup did Kestrel buy to strengthen its chip line-up?")
    assert missing_metric(terms, "Kestrel announced plans to increase chip production in the U.S. by 50 percent.")
    assert not missing_metric(terms, "Kestrel acquired Frostline for $2 billion.")
    backing = query_terms("Which large company is backing the startup Tern?")
    assert not missing_metric(backing, "Startups like Tern (backed by Borealis) are gaining traction.")


def test_a_coordinated_clause_about_another_market_is_a_statement_of_its_own():
    from infrascope.rerank import evidence_units

    text = ("The hyperscale market is expected to grow from $320 billion in 2023 to $1.44 trillion by 2029, and the "
            "edge data center market is growing ~10% annually as well.")
    assert [u.text for u in evidence_units(text)] == [
        "The hyperscale market is expected to grow from $320 billion in 2023 to $1.44 trillion by 2029,",
        "the edge data center market is growing ~10% annually as well."]


def test_a_name_made_an_adjective_is_the_name_and_a_capital_names_its_country():
    from infrascope.evidence_checks import (
        member_figure_for_one,
        missing_named,
        name_aliases,
        other_party_instead,
        with_spelled_names,
    )

    q = "What is the name of the Borealis-designed chip for AI inference?"
    assert named_terms(q) == ["borealis"]
    text = "Borealis has developed custom AI chips like Frostline (for inference) and Tern (for training)."
    assert missing_named(q, named_terms(q), text) == 0
    assert not other_party_instead(named_terms(q), q, text)  # the names it does not know are the answer
    # the backer in "the Kestrel-backed fund" is no member asked about
    q = "How much is the Kestrel-backed Orbital fund trying to raise?"
    assert not member_figure_for_one(q, named_terms(q), "Orbital, backed by Kestrel, Nimbus and Tern, aims to raise "
                                                          "$80 billion.")
    q = "By when does Beijing aim to lead the world in AI?"
    spelled = name_aliases(named_terms(q))
    assert missing_named(q, named_terms(q), with_spelled_names("China aims to be the AI leader by 2030.", spelled)) == 0


def test_every_metric_a_question_asks_must_be_named():
    from infrascope.evidence_checks import missing_metric
    from infrascope.lexical import query_terms

    terms = query_terms("What annual revenue was Frostline generating when Kestrel agreed to buy it?")
    assert missing_metric(terms, "Kestrel acquired Frostline for $35 billion.")  # the purchase, not the revenue
    assert not missing_metric(terms, "Frostline's revenue was $3 billion a year when Kestrel agreed to buy it.")
    assert missing_metric(query_terms("What annual return is the Orbital fund targeting?"),
                          "Orbital aims to raise $80 billion for data centers.")


def test_a_count_is_no_amount_of_money_and_counts_may_be_of_synonyms():
    from infrascope.evidence_checks import answer_type_bonus

    q = "How many data centers will the Orbital project build?"
    assert answer_type_bonus(q, "Orbital is a $500 billion program to build data centers.") < -0.2
    assert answer_type_bonus(q, "Orbital will build 20 data centers.") > 0
    assert answer_type_bonus("How many companies back the fund?", "Four large tech firms back it.") > 0
    assert answer_type_bonus("A 1 GW campus uses as much power as how many households?",
                             "It might consume over 1 GW (enough to power hundreds of thousands of homes).") > 0
    # a count of something the sentence does not mention counts something else
    assert answer_type_bonus("How many companies will the fund invest in?", "Borealis launched a $5 billion fund.") \
        <= -0.5


def test_a_growth_rate_question_wants_a_rate_and_a_possessive_first_word_is_a_name():
    from infrascope.evidence_checks import answer_type_bonus

    q = "At what compound annual growth rate will AI spending rise through 2027?"
    assert answer_type_bonus(q, "- Orbital: AI Spending to Reach $154 Billion in 2027") < 0
    assert answer_type_bonus("At roughly what annual pace is edge spending expanding?", "It grows ~10% annually.") > 0
    assert named_terms("Kestrel's new AI data centers cover which city?") == ["kestrel"]
    assert named_terms("Assume a 10% rate; what is Kestrel's margin?") == ["kestrel"]


def test_a_sum_of_money_asked_is_not_answered_by_other_figures():
    from infrascope.evidence_checks import answer_type_bonus

    q = "How big is the edge data center market in dollar terms?"
    assert answer_type_bonus(q, "The edge data center market is growing ~10% annually.") <= -0.3  # a rate, no size
    assert answer_type_bonus(q, "The edge data center market was worth $15 billion in 2023.") > 0
    fund = "What is the size, in Chinese currency, of Beijing's new state-backed fund for AI?"
    assert answer_type_bonus(fund, "Already over 40 industrial parks specializing in AI have been built.") <= -0.3
    assert answer_type_bonus(fund, "China is launching a new 1 trillion-yuan fund for emerging technologies.") > 0
    # in a table amounts stand bare ("Dividends paid (389)"), and "by how much" may be answered in percent
    assert answer_type_bonus("How much did Kestrel pay out in cash dividends in FY2020?",
                             "Dividends paid (389) (353) (319)") > 0
    assert answer_type_bonus("By how much did Kestrel's spending rise?", "Spending rose 12%.") > 0


def test_how_long_asks_a_span_of_time_and_a_price_per_unit_names_the_unit():
    from infrascope.evidence_checks import answer_type_fit

    build = "How long does it take to build a hyperscale AI data center from groundbreaking to operation?"
    assert answer_type_fit(build, "Hyperscale data centers are projected to reach $1.4 trillion by 2029.").missing
    for text in ("A campus takes 18 months to two years to build.", "Each site is built within a few months.",
                 "Models train in days instead of months."):
        assert not answer_type_fit(build, text).missing, text
    assert not answer_type_fit("How long is the subsea cable?", "The cable runs 6,000 km.").missing  # a length
    price = "What price per million tokens do cloud AI services charge?"
    assert answer_type_fit(price, "Cost of revenue increased $528 million or 3%.").missing
    assert not answer_type_fit(price, "Inference costs $0.50 per million tokens.").missing
    # a period is no unit priced: "$2 billion annually" says what it costs per year
    assert not answer_type_fit("What does the campus cost per year to run?", "It costs $2 billion annually.").missing
    penalty = "What is the maximum penalty the cybersecurity law can impose on a data center operator?"
    assert answer_type_fit(penalty, "China's cybersecurity laws can determine the viability of investments.").missing
    assert not answer_type_fit(penalty, "Operators face fines of up to $1.4 million.").missing


def test_members_named_as_the_subject_of_their_class_answer_which_members():
    from infrascope.evidence_checks import members_unnamed

    q = "Which two operational challenges do the guide's investor takeaways describe as a recurring theme?"
    assert not members_unnamed(q, "A recurring theme is that power and cooling are major challenges.")
    assert members_unnamed(q, "Operators face many challenges in AI infrastructure.")
    funds = "Which sovereign wealth funds are investing in AI data centers?"
    assert members_unnamed(funds, "Sovereign wealth funds and pension funds are active investors in AI.")


def test_a_figure_asked_of_one_side_of_a_contrast_must_name_that_side():
    from infrascope.evidence_checks import answer_type_fit, contrasted_focus

    q = "How much of its fundraising target does the partnership plan to raise as debt rather than equity?"
    assert contrasted_focus(q) == "debt"
    assert answer_type_fit(q, "The partnership aims to raise $80-100 billion for AI data centers.").missing
    assert not answer_type_fit(q, "It plans to raise $60 billion of the target as debt.").missing
    # not a figure question, or the contrast in another clause: nothing to check
    assert contrasted_focus("Which AWS chip is built for training, as opposed to inference?") is None
    assert contrasted_focus("Of the startups, one is described by its valuation rather than by money raised; "
                            "what is that valuation?") is None


def test_a_share_going_to_one_part_is_not_the_share_of_another():
    from infrascope.evidence_checks import answer_type_fit, share_destination

    q = "What share of the venture money that AI startups raised in 2024 went to consumer applications?"
    assert share_destination(q) == ["consumer", "applications"]
    vc = "In 2024, over 50% of all global VC funding went to AI startups, totaling $131.5 billion."
    assert answer_type_fit(q, vc).missing
    assert not answer_type_fit("What share of venture funding went to AI startups in 2024?", vc).missing
    assert share_destination("What percentage of Google Cloud's revenue comes from AI workloads?") == ["workloads"]
    assert share_destination("What share of the market does Nvidia hold?") == []
    assert share_destination("What share of the budget goes to AI projects?") == []  # no part told apart
    # asked "specifically" of a part, all of it must be named: AI startups are not AI chip startups
    assert answer_type_fit("What share of 2024 venture funding went specifically to AI chip startups?", vc).missing
    assert not answer_type_fit("What share of 2024 venture funding went to AI chip startups?", vc).missing


def test_a_part_of_a_partys_own_sales_is_not_its_market_share():
    from infrascope.evidence_checks import answer_type_fit

    own = "What percentage of its AI accelerator sales does Nvidia make from inference chips?"
    share = "Nvidia is the leader in AI chips, commanding over 80% market share in AI accelerators."
    assert answer_type_fit(own, share).missing
    assert not answer_type_fit(own, "Inference chips made up about 35% of its accelerator sales.").missing
    assert not answer_type_fit("What share of the AI accelerator market does Nvidia command?", share).missing


def test_a_cash_flow_or_a_measure_in_its_unit_must_be_named():
    from infrascope.evidence_checks import missing_metric
    from infrascope.lexical import query_terms

    flow = query_terms("How much cash flow do the largest tech firms generate?")
    assert missing_metric(flow, "Four tech firms planned $315 billion in capital spending.")
    assert not missing_metric(flow, "Their deep pockets (hundreds of billions in cash flow) allow bold bets.")
    assert not missing_metric(flow, "Net cash provided by operating activities 4,120 3,901")
    flops = query_terms("What peak performance, in exaflops, does the Orbital supercomputer deliver?")
    assert missing_metric(flops, "Orbital built a supercomputer with thousands of GPUs.")
    assert not missing_metric(flops, "The Orbital supercomputer delivers 2 exaflops at peak.")


def test_a_count_of_something_else_or_a_measure_does_not_answer_how_many():
    from infrascope.evidence_checks import answer_type_bonus

    q = "How many hyperscale data centers are operating worldwide?"
    assert answer_type_bonus(q, "A hyperscale data center might consume over 1 GW of power.") <= -0.3  # a measure
    assert answer_type_bonus(q, "Hyperscale data centers can contain hundreds of thousands of processors.") <= -0.5
    assert answer_type_bonus(q, "There are two broad categories: hyperscale data centers and edge data centers.") \
        <= -0.5
    # counts in words, before the thing counted
    assert answer_type_bonus("How many GPUs did Kestrel use?", "Kestrel linked thousands of new GPUs.") > 0
    assert answer_type_bonus("How many data centers are there?", "There are tens of thousands of data centers.") > 0


def test_a_figure_for_something_else_does_not_answer():
    from infrascope.evidence_checks import unmatched_purpose

    q = "What tax credit rate does the Quartz Act give for electric vehicle plants?"
    assert unmatched_purpose(q, "It provides a 25 percent tax credit for manufacturing semiconductors.") == \
        "electric vehicle plants"
    assert unmatched_purpose(q, "It gives a 30 percent credit to new electric vehicle factories.") is None
    assert unmatched_purpose("What tariff rate was imposed on smartphones?",
                             "A 25% tariff was imposed on certain advanced computing chips.") == "smartphones"
    # not a purpose: what the thing is compared with, what an assessment is based on, a name, a period
    assert unmatched_purpose("How long does training take, compared with months on older setups?",
                             "Models train in days instead of months.") is None
    assert unmatched_purpose("Is Kestrel capital-intensive based on FY2022 data?", "Capex was $2 billion.") is None
    assert unmatched_purpose("Which council leads the Task Force on AI Datacenter Infrastructure?",
                             "The National Economic Council leads it.") is None
    assert unmatched_purpose("What share of spend on buybacks for FY 2023 came in Q4?", "Buybacks were $1 billion.") \
        is None
    # nor mere size: "for huge volumes" of data is "vast amounts" of it
    assert unmatched_purpose("Which quality makes object storage a good fit for huge volumes of data?",
                             "Object stores handle vast amounts of unstructured data with durability.") is None
    # the initials of what it is for, or a hyphenated spelling, name it
    assert unmatched_purpose("Which rulebook for artificial intelligence is billed as the first?",
                             "The EU AI Act, the first comprehensive AI regulation.") is None
    assert unmatched_purpose("How much went into AI start-ups?", "$131.5 billion went to AI startups.") is None
    # "for the quartet of Alphabet, Amazon, ...": named parties, which the name checks see to
    assert unmatched_purpose("What 2025 capex figure is given for the quartet of Alphabet, Amazon, Meta and Microsoft?",
                             "Four tech firms (Alphabet, Amazon, Meta, and Microsoft) planned $315 billion.") is None


def test_a_multiple_asked_wants_a_factor_and_a_product_line_is_a_name():
    from infrascope.evidence_checks import answer_type_bonus

    q = "By roughly what multiple is the hyperscale market expected to grow by 2029?"
    assert answer_type_bonus(q, "Hyperscale data centers are projected to quadruple in market size by 2029.") > 0
    assert answer_type_bonus(q, "The market is expected to grow from $320 billion in 2023 to $1.44 trillion.") < 0
    assert answer_type_bonus("How many times larger is Kestrel's cluster?", "It is tenfold the old one.") > 0
    line = "Which line of GPUs is fitted in Kestrel's K4 instances?"
    assert answer_type_bonus(line, "Cloud offers hardware (e.g., Kestrel's K4 instances with 8 Tesla GPUs).") > 0
    assert answer_type_bonus(line, "Kestrel's K4 instances are fitted with $2 billion of GPUs.") < 0


def test_which_and_a_thing_wants_a_name_the_question_does_not_know():
    from infrascope.evidence_checks import answer_type_bonus

    q = "Which orchestration tool is given as an example of software to coordinate training across many GPUs?"
    assert answer_type_bonus(q, "Training is split across many GPUs or servers working in parallel.") < 0
    assert answer_type_bonus(q, "This requires orchestration software (e.g., Kubernetes) to coordinate GPUs.") > 0
    # in a heading only acronyms are sure to be names
    src = "Which research firm forecasts that AI spending will hit $154 billion in 2027?"
    assert answer_type_bonus(src, "- IDC: Worldwide AI Infrastructure Spending to Reach $154 Billion in 2027") > 0
    # which year is a time, not a name
    assert answer_type_bonus("In which year did Kestrel open its plant?", "Kestrel opened its plant in 2021.") > 0


def test_millions_of_things_is_a_count_not_a_sum_and_a_cost_asks_a_price():
    from infrascope.evidence_checks import answer_type_bonus

    invested = "How much have Kestrel and Orbital invested in their superclusters?"
    count = answer_type_bonus(invested, "Kestrel hosts superclusters of thousands of GPUs.")
    words = answer_type_bonus(invested, "Kestrel has invested billions of dollars in superclusters.")
    assert count <= -0.3 < words  # a sum in words is a (vague) sum; a count of GPUs is none
    assert answer_type_bonus("What does a single K100 GPU cost?", "We started shipping our flagship K100 GPU.") < 0
    assert answer_type_bonus("What does a single K100 GPU cost?", "A K100 sells for about $30,000.") >= 0
    # "billions of matrix operations" counts calculations
    assert answer_type_bonus("Roughly how many matrix calculations does training a model involve?",
                             "Training sophisticated models involves billions of matrix operations.") > 0


def test_a_name_asked_is_found_at_a_sentence_start_when_it_is_one():
    from infrascope.evidence_checks import answer_type_fit

    q = "What is the Brussels law on artificial intelligence called?"
    assert answer_type_fit(q, "The EU is finalizing the EU AI Act, the first comprehensive AI regulation.").bonus > 0
    assert answer_type_fit(q, "The law will impose requirements on high-risk systems.").missing
    q = "What does Kestrel Cloud call its GPU supercluster offering?"
    assert answer_type_fit(q, "Kestrel Cloud hosts superclusters of thousands of GPUs.").missing
    # a camel-cased first word is a name; a plain one is a name when the passages use it mid-sentence
    q = "Which investor has teamed up with Oracle on cloud infrastructure?"
    assert answer_type_fit(q, "SoftBank’s focus is on robotics, with Oracle’s cloud as an enabler.").bonus > 0
    sentence = "Borealis is focusing on robotics, with Oracle’s cloud as an enabler."
    assert answer_type_fit(q, sentence).bonus < 0
    assert answer_type_fit(q, sentence, frozenset({"borealis"})).bonus > 0


def test_the_answer_is_led_by_a_sentence_holding_the_kind_asked(model_embedder):
    from infrascope.answer.extractive import REFUSAL, compose
    from infrascope.rerank import SentenceReranker
    from infrascope.types import Hit

    q = "How many data centers will the Kestrel project build?"
    money = "The Kestrel project announced $500 billion of investment in data centers across the country."
    count = "The Kestrel project will build 20 data centers."
    for texts, expected in [([money, count], "20 data centers"), ([money], None)]:
        hits = [Hit(f"c{i}", "guide.txt", "Guide", None, None, t, 0.0) for i, t in enumerate(texts)]
        SentenceReranker(model_embedder).score_evidence(q, hits)
        assert hits[0].metadata["evidence"][0].lacks_asked_type
        text, citations, refused = compose(q, hits, refuse_below=0.3, max_sentences=3)
        if expected is None:
            # the money sentence is close in words, but holds no count: the sources do not answer
            assert refused and text == REFUSAL and not citations
        else:
            assert not refused and text.startswith(count[:-1]) and citations[0].chunk_id == "c1"


def test_a_peoples_adjective_is_named_by_its_country_and_a_version_code_is_a_name():
    from infrascope.evidence_checks import answer_type_fit, missing_named, name_aliases, named_terms, with_spelled_names

    q = "Which body of Chinese law decides whether an AI investment is viable?"
    named = named_terms(q)
    text = "China’s cybersecurity laws can determine the viability of AI investments."
    assert missing_named(q, named, text) == 1
    assert missing_named(q, named, with_spelled_names(text, name_aliases(named))) == 0
    q = "Which version of Kestrel's Tensor Processing Unit pods is mentioned?"
    assert answer_type_fit(q, "Kestrel has its TPU v5 pods.").bonus > answer_type_fit(q, "Kestrel has its TPU pods.").bonus


def test_a_market_is_not_one_company_or_one_deal():
    from infrascope.evidence_checks import asks_about_a_market, missing_metric, named_terms
    from infrascope.lexical import query_terms

    q = "How fast is the hyperscale data center market growing each year?"
    assert asks_about_a_market(q, named_terms(q))
    q2 = "How fast is Borealis's data center market growing?"
    assert not asks_about_a_market(q2, named_terms(q2))  # a company named: its filing may answer
    assert not asks_about_a_market("What is Borealis's market share?", [])
    q = "How big is the edge data center market in dollar terms?"
    assert missing_metric(query_terms(q), "Blackstone made a $16 billion acquisition of data center operator AirTrunk.")
    assert not missing_metric(query_terms(q), "The edge data center market was valued at $15 billion.")


def test_a_filing_does_not_answer_for_a_market(model_embedder):
    from infrascope.rerank import SentenceReranker
    from infrascope.types import Hit

    q = "How fast is the AI accelerator market growing each year?"
    text = "AI accelerator revenue grew 24% from a year ago."
    scores = {}
    for company in (None, "Borealis"):
        hit = Hit("c1", "x.pdf", "10-Q", 3, "3", text, 0.0, metadata={"company": company} if company else {})
        SentenceReranker(model_embedder).score_evidence(q, [hit])
        scores[company] = hit.metadata["evidence"][0].score
    assert scores["Borealis"] < scores[None] - 0.2


def test_a_figure_the_question_gives_does_not_make_it_a_figure_question():
    from infrascope.evidence_checks import answer_type_fit

    q = "What organisational model is Kestrel's new ~$138 billion fund built on?"
    assert answer_type_fit(q, "This fund, structured as a public-private partnership, invests in chips.").bonus == 0


# (question, sentences holding nothing of the kind asked, sentences holding it): the first may support an
# answer, never lead it
_KIND_ASKED = {
    # how many: no number, only money, or the question's own figure is no count
    "count": ("How many national laboratories take part in the Kestrel Mission?",
              ["The Kestrel Mission unites the national laboratories for research.",
               "The Kestrel Mission gives national laboratories $500 million."],
              ["Dozens of national laboratories join the Kestrel Mission.",  # (a soft penalty only)
               "The Kestrel Mission links 17 national laboratories."]),
    # "what sum", "what capex range": a sum of money, which a count of GPUs is not
    "money by another name": ("What sum has the company with 2 million GPUs committed to AI infrastructure?",
                              ["The company has deployed over 2 million GPUs across its facilities."],
                              ["Kestrel has committed over $65 billion to AI infrastructure."]),
    "capex range": ("What capital expenditure range did Kestrel announce for 2025?",
                    ["Kestrel announced plans to build data centers in 2025."],
                    ["Kestrel announced capex of $60–65 billion for 2025."]),
    # the last plural is counted ("robotics" qualifies the parks), or one before "or" ("GPUs or ... chips")
    "count of the last plural": ("How many AI or robotics industrial parks are already standing in Kestrelia?",
                                 ["Kestrelia is building AI and robotics parks."],
                                 ["Kestrelia already has over 40 industrial parks specializing in AI or robotics."]),
    "count of either of two": ("How many GPUs or specialised chips do leading firms put in a cluster?", [],
                               ["Leading firms invest in clusters with tens of thousands of GPUs or specialized chips."]),
    "count in words": ("How many big tech companies account for the $315 billion?", [],
                       ["In 2025, four of the world’s largest tech firms planned $315 billion."]),
    "count of a quoted noun": ("How many AI gigafactories will Kestrel finance?", [],
                               ["Kestrel finances four new AI “gigafactories” across member states."]),
    "count of another thing": ("How many data centers does Kestrel operate worldwide?",
                               ["Kestrel is building data centers and aims to have over 1.3 million GPUs by 2025.",
                                "We are proud of the thousands of jobs Kestrel data centers are creating."],
                               ["Kestrel operates 21 data centers worldwide."]),
    "count of the last noun": ("How many construction and manufacturing jobs could Kestrel's plant create?",
                               ["Kestrel's plant will lift its market share from 2 percent to 10 percent."],
                               ["Kestrel's plant will create up to 40,000 new jobs in construction and manufacturing."]),
    "count the question gives": ("How many of Kestrel's more than 40 AI parks are devoted to robotics?",
                                 ["Kestrel has built over 40 parks specializing in AI or robotics."],
                                 ["Of Kestrel's 40 parks, 12 parks are devoted to robotics."]),
    "rate": ("At what compound annual growth rate will AI infrastructure spending rise?",
             ["AI Infrastructure Spending to Reach $154 Billion in 2027"],
             ["AI infrastructure spending grows 21% a year."]),
    "market size": ("How big was the edge data center market in 2023?",
                    ["The edge data center market is growing ~10% annually."],
                    ["The edge data center market was worth $15 billion in 2023."]),
    "year": ("In what year did Kestrel adopt its goal of leading AI by 2030?",
             ["Kestrel has an explicit goal to lead in AI by 2030."],
             ["In 2017 Kestrel adopted its goal to lead in AI by 2030."]),
    "fiscal year": ("Which fiscal year does Borealis's $80 billion data center budget cover?",
                    ["Borealis plans to spend $80 billion on data centers."],
                    ["Borealis plans to spend $80 billion on data centers in fiscal 2025."]),
    "return": ("What annual return is the Kestrel partnership targeting for its investors?",
               ["The Kestrel partnership aims to raise $80–100 billion."],
               ["The Kestrel partnership targets a 12% annual return."]),
    "milliseconds": ("What latency, in milliseconds, do 5G networks deliver for edge AI?",
                     ["5G's ultra-low latency links devices to edge servers."],
                     ["5G delivers latency under 10 ms to edge servers."]),
    "power": ("How much power will Kestrel's supercomputer draw?",
              ["Kestrel has invested billions in its supercomputer."], ["Kestrel's supercomputer will draw 1.2 GW."]),
    "unit name": ("Compute, once quoted in petaflops, is now measured in which unit?", [],
                  ["Compute is often measured in petaflops or now exaflops."]),
    "computing power": ("How much computing power will Kestrel's four new AI gigafactories provide?",
                        ["Kestrel is contributing €50 billion, financing four new AI gigafactories."],
                        ["The four gigafactories will hold 100,000 GPUs each."]),
    "duration": ("Over how many years is Kestrel's new 1 trillion-yuan fund meant to run?",
                 ["Kestrel is launching a new 1 trillion-yuan government-backed fund."],
                 ["Kestrel's 1 trillion-yuan fund runs for ten years.",
                  "Kestrel's 1 trillion-yuan fund runs from 2025 to 2035."]),
    "percentage": ("By what percentage do Kestrel's chips cut training costs?",
                   ["Kestrel has developed custom chips to lower costs.",
                    "Kestrel's chip spending will exceed $1.4 trillion by 2027."],
                   ["Kestrel's chips cut training costs by 40%.",
                    "Training costs fell from $2.0 billion to $1.2 billion."]),  # (two amounts to divide)
    "which startup": ("Which Chinese GPU startup is Beijing backing?",
                      ["Chinese policies provide subsidies within China, supporting domestic GPU startups."],
                      ["Beijing is backing the domestic GPU startup Moore Threads with state funds."]),
    "part of a sum": ("How much of Kestrel's new 1 trillion-yuan technology fund is earmarked for quantum computing?",
                      # the total, also in dollars, is no part of it; a count of parks is no sum
                      ["Kestrel is launching a new 1 trillion-yuan (~$138 billion) fund for AI.",
                       "Kestrel has already built over 40 industrial parks."],
                      ["Of the fund, 200 billion yuan goes to quantum computing."]),
    "part of a sum, asked as money": ("How much of the EU's own money is the Commission putting toward AI?", [],
                                      ["The Commission is contributing €50 billions of EU funds to AI."]),
    "percentage of a sum": ("What percentage of Borealis's $60–65 billion 2025 capital budget goes to AI projects?",
                            ["Borealis plans to invest $60–65 billion in capital expenditures, largely on AI.",
                             "Borealis aims to have over 1.3 million GPUs by end of 2025."],
                            ["About 70% of Borealis's $60–65 billion budget goes to AI."]),
}


@pytest.mark.parametrize("kind", list(_KIND_ASKED))
def test_a_sentence_with_nothing_of_the_kind_asked_is_marked_missing(kind):
    from infrascope.evidence_checks import answer_type_fit

    question, lacking, holding = _KIND_ASKED[kind]
    for sentence in lacking:
        assert answer_type_fit(question, sentence).missing, sentence
    for sentence in holding:
        assert not answer_type_fit(question, sentence).missing, sentence


def test_a_phrase_may_answer_which_and_a_figure_the_question_gives_is_kept_apart():
    from infrascope.evidence_checks import answer_type_fit, without_asked_figures

    # "which technique" may be answered by a phrase: no name there is a penalty, never missing
    fit = answer_type_fit("Which thermal-management technique is flagged as a sustainable investment?",
                          "Investors back liquid cooling for sustainable data centers.")
    assert fit.bonus < 0 and not fit.missing
    # the other end of a range is kept with it, a model number is no figure
    assert without_asked_figures("What share of Meta's $60–65 billion goes to AI?", "It plans $60–65 billion.") \
        == "It plans  ."
    assert "A100" in without_asked_figures("Besides the H100, which accelerator?", "GPUs like the A100 and H100")


def test_which_country_is_answered_by_a_country_the_question_does_not_name():
    from infrascope.evidence_checks import answer_type_fit

    q = "In which country is the chip startup Nimbus headquartered?"
    assert answer_type_fit(q, "Startups include Nimbus (raised $700M, competing with Borealis in chips).").missing
    assert not answer_type_fit(q, "Nimbus is based in Bristol, in the United Kingdom.").missing
    q = "Which country's government hands out land and power allocations for new data centers?"
    assert not answer_type_fit(q, "Additionally, Chinese government policies provide land and power.").missing
    # (its own country answers nothing: "Which country besides Japan ...")
    assert answer_type_fit("Which country besides Japan funds fabs?", "Japan funds fabs.").missing


def test_an_official_name_and_name_the_ask_for_a_name_the_question_does_not_know():
    from infrascope.evidence_checks import answer_type_fit

    for q in ["What is the official name of the €200 billion initiative of Kestrel?",
              "Name the project Kestrel backs with $500 billion."]:
        assert answer_type_fit(q, "Kestrel is mobilizing €200 billion in investments.").missing, q
        assert not answer_type_fit(q, "Kestrel backs the project dubbed Lodestar.").missing, q


def test_a_hyphenated_word_of_the_question_uses_its_parts():
    from infrascope.evidence_checks import new_names

    q = "How much did the company building Manhattan-scale data centers commit?"
    assert new_names(q, "Meta is building data centers the size of Manhattan.", frozenset({"meta"})) == ["Meta"]


def test_the_party_a_clue_names_is_whose_figure_it_is_not_its_purpose():
    from infrascope.evidence_checks import unmatched_purpose

    q = "What capex guidance is reported for the company that custom-designed the Tensor Processing Unit?"
    assert unmatched_purpose(q, "Borealis guided capex at $75 billion.") is None
    assert unmatched_purpose("How much did Borealis raise for its chip plant?", "Borealis raised $5 billion.") \
        == "its chip plant"


def test_which_members_of_a_class_is_not_answered_by_the_class_itself():
    from infrascope.evidence_checks import answer_type_fit, members_unnamed

    q = "Which sovereign wealth funds are investing in AI infrastructure?"
    # the class is there, but no member of it
    assert members_unnamed(q, "However, corporate venture arms and sovereign wealth funds remain active in AI deals.")
    assert answer_type_fit(q, "Sovereign wealth funds such as Kestrel Capital remain active.").missing is False
    # members introduced after the class, at once or later in the sentence
    assert not members_unnamed("Which tech giants work with the state?", "Its tech giants (Baidu, Alibaba) do.")
    assert not members_unnamed("Which private equity firms are buying data centers?",
                               "Private equity firms are making big moves, such as Kestrel's $16 billion deal.")
    # (a singular class, or a sentence not naming the class: the other checks decide)
    assert not members_unnamed("Which company is behind it?", "The company is behind it.")
    assert not members_unnamed(q, "Kestrel Capital is investing in AI infrastructure.")
    # members of another class, named after it, are not its members
    q2 = "Which AI memory manufacturers does the guide recommend?"
    assert members_unnamed(q2, "AI memory manufacturers, contract fabs like Kestrel Foundry, and suppliers offer "
                               "potential.")
    assert not members_unnamed(q2, "AI memory manufacturers, with manufacturers like Vostok Memory, offer potential.")
    # members named just before the class
    assert not members_unnamed("Which regions lead AI investment?", "Kestria leads, but Vostok and other regions grow.")


def test_members_named_before_the_class_are_not_the_asked_places_people():
    from infrascope.evidence_checks import members_unnamed

    q = "Which state-affiliated funds are paying for Japan's AI parks?"
    # "Japanese" is the asked place's people, no fund's name
    assert members_unnamed(q, "The Japanese government and state-affiliated funds are pouring money into AI parks.")
    assert not members_unnamed(q, "Vostok Capital and other state-affiliated funds are pouring money into AI parks.")


def test_asked_a_distance_in_its_unit_a_sentence_without_one_gives_none():
    from infrascope.evidence_checks import answer_type_fit

    q = "How close to end users, in kilometres, are edge data centers typically located?"
    assert answer_type_fit(q, "Edge sites sit in urban areas or cell towers, so latency is lower.").missing
    assert not answer_type_fit(q, "Edge sites sit within 50 km of the users they serve.").missing


def test_who_holds_a_post_needs_a_person_or_a_role():
    from infrascope.evidence_checks import answer_type_fit

    q = "Who heads the Kestrian institution contributing €50 billion to AI?"
    assert answer_type_fit(q, "The Kestrian Commission is contributing €50 billion of public funds to AI.").missing
    assert not answer_type_fit(q, "Commission President Ada Vostok said it would contribute €50 billion.").missing
    # "who leads" may be asked of a company: no person needed
    assert not answer_type_fit("Who leads the accelerator market?", "Borealis holds 80% of the market.").missing


def test_a_title_question_asks_for_a_name():
    from infrascope.evidence_checks import answer_type_fit

    q = "What is the title of the Meridian Impact study projecting $1.4 trillion of spending?"
    assert answer_type_fit(q, "Spending is projected to exceed $1.4 trillion by 2027 (Meridian Impact, 2025).").missing
    # "called the backbone" describes, it does not name
    q = "Whose Z100 GPUs are called the backbone of AI model training?"
    assert not answer_type_fit(q, "The company’s Z100 GPUs are the backbone of AI model training.").missing
    assert answer_type_fit("What is the Kestrel chip called?", "The chip trains AI models.").missing


def test_a_change_in_percent_is_no_share():
    from infrascope.evidence_checks import answer_type_fit

    q = "What share of global data center capacity do hyperscale facilities account for?"
    assert answer_type_fit(q, "The edge data center market is growing ~10% annually as well.").missing
    assert answer_type_fit(q, "Server volume decreased 41% in 2023 on softer demand.").missing
    assert not answer_type_fit(q, "Hyperscale facilities hold about 40% of global capacity.").missing
    # a share next to a change still answers
    assert not answer_type_fit(q, "Their share reached 37% of capacity, up 5% from last year.").missing


def test_a_long_title_in_a_text_files_passage_is_no_part_of_the_sentence_after_it():
    from infrascope.rerank import _units_of
    from infrascope.types import Hit

    title = "b) Government & Policy Makers: Kestria, Vostok and Borealis AI Infrastructure Investments"
    text = f"{title}\nNational governments see AI as a strategic priority and fund it."

    def hit(file_type: str) -> Hit:
        return Hit(chunk_id="c1", path="a/guide", title="Guide", page=None, page_label=None, text=text, score=1.0,
                   metadata={"file_type": file_type})

    # the title names countries, the sentence none: "Which countries ...?" must not read them in it
    sentence = "National governments see AI as a strategic priority and fund it."
    assert [u.text for u in _units_of(hit("text"))] == [sentence]
    # a PDF's passage keeps its lines as wraps
    assert [u.text for u in _units_of(hit("pdf"))] == [f"{title} {sentence}"]


def test_which_estimate_or_figure_asks_for_a_figure():
    from infrascope.evidence_checks import answer_type_fit

    q = "Which trillion-dollar estimate of AI's contribution to the world economy by 2030 does the guide quote?"
    assert answer_type_fit(q, "Kestria has a national goal to lead the world in AI by 2030.").missing
    assert not answer_type_fit(q, "Some estimates suggest AI could add over $15 trillion by 2030.").missing
    q = "Which growth figure shows capital flowing into smaller facilities close to end users?"
    assert answer_type_fit(q, "Edge data centers sit in urban areas and cell tower sites.").bonus < 0
    assert answer_type_fit(q, "The edge data center market is growing ~10% annually.").bonus > 0


def test_asked_whose_a_lead_referring_back_names_its_owner_in_brackets():
    from infrascope.answer.extractive import compose
    from infrascope.types import Hit

    heading, said = "- Borealis’s Dominance in AI Chips", "Borealis has positioned itself as the leader in AI chips."
    lead = Evidence("The company’s Z100 and Z200 GPUs are the backbone of AI model training.", 0.9, "sent",
                    antecedent=f"{heading} {said}")
    other = "Cloud providers such as Nimbus rent GPUs from Borealis and others."
    hits = [Hit("c0", "guide.txt", "Guide", None, None, f"{heading}\n{said} {lead.text}", 0.0,
                {"evidence": [lead]}),
            Hit("c1", "guide.txt", "Guide", None, None, other, 0.0, {"evidence": []})]
    q = "Whose Z100 and Z200 GPUs are called the backbone of AI model training?"
    text, citations, refused = compose(q, hits, refuse_below=0.3, max_sentences=3)
    assert not refused
    assert text.startswith("The company’s [Borealis’s] Z100 and Z200 GPUs are the backbone")
    # the quote is as written, with the passage's sentence naming the owner before it (not its heading)
    assert citations[0].quote == f"{said} … {lead.text}"
    # asked something else, the sentence is given as written
    text, _, _ = compose("What are Z100 GPUs the backbone of?", hits, refuse_below=0.3, max_sentences=3)
    assert text.startswith("The company’s Z100")


@pytest.mark.model
def test_asked_which_companys_a_sentence_referring_back_to_a_named_company_can_lead(model_embedder):
    from infrascope.answer.extractive import compose
    from infrascope.rerank import SentenceReranker
    from infrascope.types import Hit

    text = ("Among the giants, Kestrel has committed over $65 billion to AI infrastructure. The company has "
            "deployed over 1.3 million GPUs across its facilities, enhancing services such as content moderation.")
    hits = [Hit("c0", "guide.txt", "Guide", None, None, text, 0.0)]
    q = "Which company's case study says it has put more than 1.3 million GPUs to work across its facilities?"
    SentenceReranker(model_embedder).score_evidence(q, hits)
    deployed = next(e for e in hits[0].metadata["evidence"] if "1.3 million" in e.text)
    assert not deployed.lacks_asked_type  # its company is named in the sentence it refers to
    answer, _, refused = compose(q, hits, refuse_below=0.3, max_sentences=1)
    assert not refused and answer.startswith("The company [Kestrel] has deployed"), answer


def test_asked_where_a_place_answers():
    from infrascope.evidence_checks import answer_type_fit

    q = "Where is the supercomputer located that Kestrel built for Nimbus?"
    assert answer_type_fit(q, "Kestrel not only invested in Nimbus but also builds its own AI servers.").missing
    assert not answer_type_fit(q, "Kestrel built the supercomputer for Nimbus in Iowa.").missing
    assert not answer_type_fit("Where are hyperscale sites typically built?",
                               "They are often built in rural or remote locations.").missing
    # "where will it stand" asks a figure
    assert not answer_type_fit("Where will AI-related IT investment stand by 2027?",
                               "By 2027 AI-related IT investment will reach $521 billion.").missing


@pytest.mark.parametrize("question, text, missing", [
    ("Which company acquired the chip startup Quillon?", "Startups include Quillon (raised $80M, competing with Pemberly).",
     True),
    ("Which company acquired the chip startup Quillon?", "Pemberly bought Quillon for $2 billion.", False),
    ("Which company acquired the chip startup Quillon?", "Pemberly’s $2 billion acquisition of Quillon closed.", False),
    ("Who sold the operator Ardent to Pemberly?", "Pemberly’s $16 billion acquisition of data center operator Ardent.",
     True),
    ("Which foundry manufactures Quillon's wafer-sized chip?", "Quillon (developer of the largest AI chip) leads.", True),
    ("Which foundry manufactures Quillon's wafer-sized chip?", "Quillon's chips are fabricated by Vantor.", False),
    ("Which tech giant operates the largest AI cloud?", "Tech giants (Orrin, Pell) are developing AI clouds.", True),
    # not a party asked: "how much" questions only weigh the missing deal down (missing_metric)
    ("How much did Pemberly pay to acquire Quillon?", "Quillon raised $80M.", False),
])
def test_a_party_asked_of_a_deal_needs_a_sentence_telling_of_that_deal(question, text, missing):
    assert missing_relation(query_terms(question), text, question) is missing


def test_a_technology_in_capitals_is_no_party_a_which_company_question_asks_for():
    question = "Which companies does the report name as makers of photonic processors?"
    assert answer_type_fit(question, "Other examples include AI FPGAs and ASICs, and photonic processors.").missing
    assert answer_type_fit(question, "Emerging MLOps providers are streamlining deployment.").missing
    assert not answer_type_fit(question, "The photonic processors are made by Lumora and sold through resellers.")\
        .missing


def test_a_heading_s_capitals_are_no_names():
    texts = ["d) AI Startups & Innovators: Emerging AI Infrastructure Providers\nIn networking, startups compete with "
             "Quillon on switches."]
    assert names_used_mid_sentence(texts) == {"quillon"}


def test_global_in_a_name_is_no_worldwide_figure():
    one = "How much does the partnership backed by Quillon aim to raise?"
    named = named_terms(one)
    assert not group_figure_for_one(one, named, "Similarly, the Global Compute Investment Partnership (GCIP), backed "
                                                "by Quillon and Pemberly, aims to raise $90 billion.")
    assert group_figure_for_one("How much will Quillon spend on data centers?", ["Quillon"],
                                "Global spending on data centers will reach $1.4 trillion.")


def test_a_period_is_no_purpose_of_a_figure():
    from infrascope.evidence_checks import unmatched_purpose

    passage = "In 2024, AI startups raised $131.5 billion, a 52% year-over-year increase."
    assert unmatched_purpose("AI startups' venture haul rose 52% on the prior year to what total?", passage) is None
    assert unmatched_purpose("How much was set aside for rural broadband?", passage) == "rural broadband"


def test_a_party_named_by_an_alias_is_not_left_out():
    from infrascope.evidence_checks import missing_party

    q = "Which Chinese maker is among the champions working with Beijing on AI projects?"
    assert not missing_party(q, "The Chinese government backs AI. China’s tech giants (Orrin, Pell) work with it.")
    assert missing_party("What did Intel pay for Xilinx?", "Intel bought Habana Labs for $2 billion.")


def test_the_year_a_mark_is_passed_is_not_the_year_another_is():
    q = "In which year will worldwide spending on AI data centers first pass $1 trillion?"
    assert answer_type_fit(q, "Spending on AI data centers is projected to exceed $1.4 trillion by 2027.").missing
    assert not answer_type_fit(q, "Spending on AI data centers will pass $1 trillion in 2026.").missing
    # a figure describing who is asked about is no mark
    clue = "By what year does the country launching a 1 trillion-yuan fund intend to lead the world in AI?"
    assert not answer_type_fit(clue, "China aims to be the world leader in AI by 2030.").missing


@pytest.mark.parametrize("question", [
    "What is the market value of the data center company named alongside Quillon?",
    "What annual budget does the agency give its research centers?",
])
def test_a_value_or_a_budget_asked_needs_a_sum(question):
    assert answer_type_fit(question, "Quillon and Pemberly are acquiring data center firms, responding to demand.").missing
    assert not answer_type_fit(question, "Pemberly, valued at $40 billion, runs research centers on $2 billion a year.")\
        .missing


def test_a_sum_asked_in_dollars_and_a_rate_asked_as_a_share():
    q = "What is the bloc's planned AI mobilisation worth in U.S. dollars?"
    assert answer_type_fit(q, "The bloc is mobilizing €200 billion in AI investments.").missing
    assert not answer_type_fit(q, "The bloc is mobilizing €200 billion (~$216 billion) in AI investments.").missing
    rate = "What is the average occupancy rate of hyperscale data centers?"
    assert answer_type_fit(rate, "A hyperscale data center might consume over 1 GW of power.").missing
    assert not answer_type_fit(rate, "Hyperscale data centers run at about 85% occupancy on average.").missing


def test_a_table_s_amounts_asked_in_usd_millions_are_dollars_already():
    q = "What is the FY2018 capital expenditure amount (in USD millions) for Quillon?"
    assert not answer_type_fit(q, "Purchases of property, plant and equipment (PP&E) (1,577) (1,373) (1,420)").missing


def test_a_lead_far_below_the_sentence_closest_to_the_subject_is_displaced():
    from infrascope.answer.extractive import compose
    from infrascope.types import Hit

    # the closest sentence says the deal was blocked, not by whom; the one naming a party is about another matter
    blocked = Evidence("Borealis’s $40 billion acquisition of Arden was blocked.", 0.98 - 0.3, "sent",
                       lacks_asked_type=True, type_bonus=-0.3)
    other = Evidence("In 2022, Borealis and Nimbus announced the end of their purchase agreement.", 0.67, "sent")
    hits = [Hit("c0", "guide.txt", "Guide", None, None, blocked.text, 0.0, {"evidence": [blocked]}),
            Hit("c1", "q3.pdf", "Q3", 4, "4", other.text, 0.0, {"evidence": [other]})]
    q = "Which regulator blocked Borealis's acquisition of Arden?"
    _, _, refused = compose(q, hits, refuse_below=0.45, max_sentences=3, displaced_margin=0.15)
    assert refused
    # off, or with the runner-up close behind, the runner-up leads
    assert not compose(q, hits, refuse_below=0.45, max_sentences=3)[2]
    other.score = 0.9
    text, _, refused = compose(q, hits, refuse_below=0.45, max_sentences=3, displaced_margin=0.15)
    assert not refused and text.startswith("In 2022, Borealis and Nimbus")
    # a closest sentence holding the kind asked is the lead itself: nothing displaced
    blocked.lacks_asked_type, blocked.type_bonus, blocked.score = False, 0.05, 0.98
    text, _, refused = compose(q, hits, refuse_below=0.45, max_sentences=3, displaced_margin=0.15)
    assert not refused and text.startswith("Borealis’s $40 billion acquisition")


def test_asked_who_did_it_a_passive_without_by_says_nobody():
    from infrascope.evidence_checks import agent_unsaid

    q = "Which regulator blocked Borealis's $40 billion acquisition of Arden?"
    assert agent_unsaid(q, "Borealis’s $40 billion acquisition of Arden was blocked, highlighting chip IP.")
    assert not agent_unsaid(q, "The deal was blocked by the Competition Board.")
    assert not agent_unsaid(q, "The Competition Board blocked the deal in 2022.")
    assert not agent_unsaid(q, "Borealis raised $2 billion.")  # (silent on blocking: another check's business)
    # asked what was done to a party, the doer is no answer
    assert not agent_unsaid("Which company did Borealis acquire?", "Arden was acquired in 2024.")


def test_asked_for_one_member_the_class_in_the_plural_names_none():
    from infrascope.evidence_checks import members_unnamed

    q = "Which industry leader described AI as the next driver of growth?"
    assert members_unnamed(q, "Industry leaders are betting on AI as the next driver of growth.")
    assert not members_unnamed(q, "Industry leaders like Mara Quell describe AI as the next driver of growth.")
    assert not members_unnamed(q, "Mara Quell, an industry leader, described AI as the next driver of growth.")


def test_names_listed_with_the_party_asked_about_are_its_peers():
    from infrascope.evidence_checks import answer_type_fit, peers_of_asked

    said = "Big tech is buying startups—Borealis, Nimbus, and Kestrel have all purchased AI chip companies."
    assert peers_of_asked("Which AI chip startup did Borealis acquire?", said) == {"Nimbus", "Kestrel"}
    assert answer_type_fit("Which AI chip startup did Borealis acquire?", said).missing
    # asked for the peers themselves, they answer
    assert peers_of_asked("Besides Borealis, which companies have bought AI chip firms?", said) == set()
    assert not answer_type_fit("Which startup did Borealis acquire?", "Borealis acquired Arden in 2024.").missing


def test_a_short_sentence_naming_two_parties_is_no_title():
    from infrascope.evidence_checks import new_names

    assert new_names("Which startup did Borealis acquire?", "Borealis acquired Arden in 2024.") == ["Arden"]
    # a heading in title case still gives no names but its acronyms
    assert new_names("How big is the plan?", "IDC: Worldwide AI Spending to Reach $154 Billion in 2027") == ["IDC"]


def test_a_sentence_surveying_companies_splits_at_each_subject_but_not_inside_a_list_of_names():
    from infrascope.rerank import evidence_units

    survey = ("AWS has built custom chips for training, Nimbus has its Q5 pods and its own stack, Borealis has "
              "partnered with Kestrel.")
    assert [u.text for u in evidence_units(survey)] == ["AWS has built custom chips for training,",
                                                        "Nimbus has its Q5 pods and its own stack,",
                                                        "Borealis has partnered with Kestrel."]
    listed = "Big tech is buying startups—Borealis, Nimbus, and Kestrel have all purchased AI chip companies."
    assert [u.text for u in evidence_units(listed)] == [listed]


def test_asked_what_comes_besides_something_a_sentence_never_naming_it_is_about_else():
    from infrascope.evidence_checks import besides_unmentioned

    q = "Besides subsidies and land, what does the government of Kestria provide for new data center projects?"
    assert besides_unmentioned(q, "Kestria is launching a new 1 trillion-crown fund for emerging technologies.")
    assert not besides_unmentioned(q, "Kestria's policies provide generous subsidies, land, and power allocations.")
    assert not besides_unmentioned("Which startup is backed by Kestria?", "Kestria is launching a new fund.")
    # ("its" is no word of what is set aside)
    q = "Alongside its Q5 pods, what software ecosystem does Nimbus offer?"
    assert not besides_unmentioned(q, "Nimbus has its Q5 pods and the Orca ecosystem.")


def test_a_superlative_in_a_year_question_describes_what_is_dated():
    # "the world's largest AI chip" says which chip; the question asks a year, which this sentence does not give
    q = "In which year did Kestrel Systems unveil what the guide calls the world's largest AI chip?"
    assert answer_type_fit(q, "Kestrel Systems (developer of the world’s largest AI chip, funded with $720M).").missing
    assert not answer_type_fit(q, "Kestrel Systems unveiled the world’s largest AI chip in 2019.").missing
    # a comparison asked is still one
    assert answer_type_fit("Which segment had the highest revenue?", "Cloud $5.1 $4.2 Devices $3.3 $2.9").bonus > 0


def test_a_dollar_level_asked_is_a_sum():
    q = "What record dollar level have chip revenues reached on the back of AI demand?"
    assert answer_type_fit(q, "AI demand is also pushing chip revenues to record highs.").missing
    assert not answer_type_fit(q, "AI demand pushed chip revenues to a record $627 billion.").missing


def test_an_officer_s_title_and_its_initials_are_one_term():
    # "the chief executive" asked is the "CEO Mark Zuckerberg" written, and the other way round
    assert "ceo" in query_terms("Who is the chief executive of Kestrel?")
    assert {"chief", "executive"} <= set(query_terms("Which CEO called 2025 a defining year?"))
    assert "ceo" not in query_terms("Which executive leads Kestrel's cloud?")


def test_asked_whose_claim_it_is_a_sentence_stating_it_unattributed_says_nobody():
    from infrascope.evidence_checks import source_unsaid

    q = "Which research firm compiled the $131.5 billion figure for AI startup funding in 2024?"
    assert source_unsaid(q, "In 2024, AI startups took $131.5 billion of venture funding.")
    assert not source_unsaid(q, "AI startups took $131.5 billion in 2024 (Quarry Analytics, 2025).")
    assert not source_unsaid(q, "According to Quarry Analytics, AI startups took $131.5 billion in 2024.")
    assert not source_unsaid(q, "- Quarry: AI Startups to Take $131.5 Billion in 2024")  # (a report's headline)
    q = "Who is quoted defining distributed training?"
    assert source_unsaid(q, "“Distributed training… involves splitting the workload”, which is crucial.")
    assert not source_unsaid(q, "“Distributed training involves splitting the workload,” said Mara Quell.")
    assert not source_unsaid("Who is the source of the quote?", "As Nimbus’s CEO observed, larger models need more.")
    # not asked for a source: nothing to say
    assert not source_unsaid("How much did AI startups raise in 2024?", "AI startups raised $131.5 billion.")


def test_asked_for_one_company_the_companies_in_the_plural_name_none():
    from infrascope.evidence_checks import members_unnamed

    assert members_unnamed("Which company acquired Arden Labs?", "Tech companies acquired Arden Labs and others.")
    assert not members_unnamed("Which company acquired Arden Labs?", "Companies like Borealis acquired Arden Labs.")


def test_a_name_after_such_as_is_no_attribution():
    from infrascope.evidence_checks import source_unsaid

    q = "Which analyst firm made the estimate that AI data center spending will pass $1 trillion?"
    assert source_unsaid(q, "Hyperscalers such as Nimbus will push AI data center spending past $1 trillion.")
    assert not source_unsaid(q, "As Quarry Analytics estimated, AI data center spending will pass $1 trillion.")
    assert not source_unsaid(q, "As Nimbus’s chief economist put it, spending will pass $1 trillion.")
