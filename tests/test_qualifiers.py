"""A sentence about another kind of the thing asked for: "the hyperscale data center market" does not
answer for the edge one, though a paraphrased qualifier ("global" for "worldwide") still does."""

from __future__ import annotations

import pytest

from infrascope.qualifiers import kind_swaps, opposed_scope, other_market, place_unmet, purpose_swaps


def test_a_compound_repeated_with_another_qualifier_is_a_swap():
    q = "How big is the edge data center market?"
    assert kind_swaps(q, "The global hyperscale data center market grew to $320 billion.") == [("edge", "hyperscale")]
    assert kind_swaps(q, "The edge data center market is growing ~10% annually.") == []  # the kind asked
    assert kind_swaps("What tax credit does the Act give for electric vehicle plants?",
                      "It funds companies to build fabrication plants.") == [("vehicle", "fabrication")]
    # what the sentence compares it with is no swap
    assert kind_swaps("Which applications benefit from processing at edge sites?",
                      "They have fewer servers than a hyperscale site but process data locally.") == []
    # an acronym between the qualifier and what it qualifies
    assert kind_swaps("How much power does a typical edge AI data center consume?",
                      "A hyperscale AI data center might consume over 1 GW.") == [("edge", "hyperscale")]


def test_names_adjectives_verbs_and_dropped_qualifiers_are_no_swaps():
    # an adjective ("worldwide", "top-tier") is paraphrased too freely to name a kind
    assert kind_swaps("What is worldwide spending on AI data centers?", "Global spending on AI data centers ...") == []
    assert kind_swaps("Which programme builds top-tier supercomputers?", "EuroHPC builds world-class supercomputers.") \
        == []
    # nor one of size or manner ("bold bets" may be the infrastructure bets asked about)
    assert kind_swaps("How much cash lets the giants make large AI infrastructure bets?",
                      "Their cash flow allows them to make bold bets that smaller players cannot.") == []
    # a verb is no qualifier ("to buy AirTrunk", "shall develop guidance")
    assert kind_swaps("What price did Kestrel pay to buy AirTrunk?", "Kestrel agreed to acquire operator AirTrunk.") \
        == []
    assert kind_swaps("Within how many days must the EPA issue guidance on sites?",
                      "Within 180 days the Administrator shall develop guidance to ...") == []
    # a qualifier left out is no swap: "global production" in a passage on chips is chip production
    assert kind_swaps("What share of global chip production comes from East Asia?",
                      "We rely on East Asia for 75 percent of global production.") == []


def test_the_reranker_penalises_a_swap_only_when_the_words_mean_different_things(model_embedder):
    from infrascope.rerank import SentenceReranker
    from infrascope.types import Hit

    def best(question: str, text: str, penalty: float) -> float:
        hit = Hit("c1", "a.txt", "Markets", None, None, text, 0.0)
        SentenceReranker(model_embedder, other_kind_penalty=penalty).score_evidence(question, [hit])
        return hit.metadata["evidence"][0].score

    other = ("How big is the edge data center market?", "The hyperscale data center market is worth $320 billion.")
    assert best(*other, 0.5) == pytest.approx(best(*other, 0.0) - 0.5)
    # "VC" is venture's initials, "share" a stand-in for "stock": the same kind
    for q, text in [("How much did the venture funding grow?", "VC funding grew 52% in 2024."),
                    ("How much was spent on stock repurchases?", "The share repurchase program used $1.1 billion.")]:
        assert kind_swaps(q, text)  # a candidate ...
        assert best(q, text, 0.5) == pytest.approx(best(q, text, 0.0)), q  # ... that is no swap


def test_another_class_of_investor_is_another_party():
    from infrascope.qualifiers import other_investor_class

    q = "How much did sovereign wealth funds invest in AI infrastructure in 2024?"
    assert other_investor_class(q, "In 2024, over 50% of all global VC funding went to AI startups.")
    assert other_investor_class(q, "Private equity firms are making big moves in data centers.")
    assert not other_investor_class(q, "Sovereign wealth funds and VCs poured $40 billion into AI.")
    assert not other_investor_class(q, "AI startups raised $131.5 billion in 2024.")  # no class named: may be implied
    assert not other_investor_class("How much did AI startups raise in 2024?", "Global VC funding hit $131.5 billion.")
    # a joint venture is no venture investor
    assert not other_investor_class("How much did private equity firms put in?", "The joint venture invested $2 billion.")
    # acquisitions are a kind of deal of their own: their value is not what venture funds put in, nor the reverse
    mna = "What was the total value of AI infrastructure mergers and acquisitions in 2024?"
    assert other_investor_class(mna, "In 2024, over 50% of all global VC funding went to AI startups.")
    assert not other_investor_class(mna, "AMD acquired Xilinx for $35 billion to enhance AI and 5G computing.")
    assert not other_investor_class(mna, "Private equity firms made big moves, such as Blackstone's $16 billion "
                                         "acquisition of AirTrunk.")
    assert other_investor_class("How much VC funding did AI startups get?", "Intel bought Habana Labs for $2 billion.")


@pytest.mark.parametrize("question, text, opposed", [
    ("How much private money follows every dollar of state investment?",
     "For every $1 of federal investment, $5 of private investment follows.", True),
    ("How much private money follows every dollar of federal investment?",
     "For every $1 of federal investment, $5 of private investment follows.", False),
    # the asked scope is named too: the sentence speaks of both
    ("How much public funding did the plan draw?", "The plan drew public funding and private funding alike.", False),
    ("How much public funding did the plan draw?", "The plan drew $4 billion of private funding.", True),
    # a scope of another noun is no answer's scope
    ("How much did state grants total?", "Federal loans totalled $2 billion.", False),
])
def test_a_scope_that_excludes_the_one_asked_is_another_kind(question, text, opposed):
    assert opposed_scope(question, text) is opposed


@pytest.mark.parametrize("question, text, other", [
    ("How large is the market for data center liquid cooling expected to become?",
     "The global hyperscale data center market is expected to grow to $1.44 trillion by 2029.", True),
    ("How large is the global market for synthetic data generation expected to become?",
     "The global hyperscale data center market is expected to grow to $1.44 trillion by 2029.", True),
    # the market's own word, in other words around it
    ("How big is the market for hyperscale facilities?",
     "The global hyperscale data center market is expected to grow to $1.44 trillion by 2029.", False),
    ("How big is the market for edge data centers?", "The edge data center market is growing ~10% annually.", False),
    ("How large is the liquid cooling market expected to become?",
     "The global hyperscale data center market is expected to grow to $1.44 trillion by 2029.", True),
    ("What is the edge data center market worth?", "The edge data center market is growing ~10% annually.", False),
    ("What is Quillon's share of the market?", "Quillon holds an 80% market share in AI chips.", False),
    # no market spoken of: another check's business
    ("How large is the market for liquid cooling?", "Liquid cooling cuts energy use by a third.", False),
])
def test_a_market_asked_for_something_is_not_a_market_that_never_names_it(question, text, other):
    assert other_market(question, text) is other


@pytest.mark.parametrize("question, text, unmet", [
    # the partnership's backers are named, none from the Middle East
    ("Which Middle Eastern investor has joined the Nordic Compute Partnership?",
     "The Nordic Compute Partnership, backed by Quillon, Pemberly and Osgood, aims to raise $90 billion.", True),
    ("Which Middle Eastern investor has joined the Nordic Compute Partnership?",
     "Abu Dhabi's Zarafa fund joined the Nordic Compute Partnership in March.", False),
    ("Which Chinese tech giant runs the largest AI cloud?", "Kestria runs the largest AI cloud.", True),
    ("Which Chinese tech giant runs the largest AI cloud?",
     "China's tech giants (Kestria, Tamsin) work closely with the state; Kestria runs the largest AI cloud.", False),
    ("Which EU institution pays for the gigafactories?", "The European Commission pays for four gigafactories.", False),
    ("Which EU institution pays for the gigafactories?", "The EU pays for four gigafactories.", False),
    # a short name only in capitals: "us" is no United States, "eu" inside a word no EU
    ("Which EU institution pays for the gigafactories?", "Ceuta's council pays for them.", True),
    ("Which company runs the largest AI cloud?", "Kestria runs the largest AI cloud.", False),  # (no place asked)
])
def test_a_party_asked_from_a_place_is_named_with_that_place(question, text, unmet):
    assert place_unmet(question, text) is unmet


@pytest.mark.parametrize("question, text, swaps", [
    ("How much did the Act provide for quantum computing research?",
     "The Act provides $52.7 billion for American semiconductor research and workforce development.",
     [("quantum computing", "semiconductor")]),
    ("How much did the Act provide for quantum computing research?",
     "The Act provides $2 billion for research in quantum computing.", []),  # (its words, in another order)
    ("How much did the Act provide for semiconductor research?",
     "The Act provides $52.7 billion for American semiconductor research.", []),
    ("How much did the Act allocate to AI startups?", "The Act gives $5 billion to chip startups.", [("AI", "chip")]),
    # the thing itself not spoken of: another check's business
    ("How much did the Act allocate to AI startups?", "The Act set aside $50 billion for manufacturing.", []),
    # an adjective before it is a paraphrase too often to tell ("global research" for "worldwide research")
    ("How much went to worldwide research?", "Some $5 billion went to global research.", []),
])
def test_a_sum_for_another_kind_of_the_thing_asked_swaps_its_qualifier(question, text, swaps):
    # (the reranker then compares the words, as for `kind_swaps`: "share" may stand for "stock")
    assert purpose_swaps(question, text) == swaps


def test_a_list_asked_for_is_no_qualified_thing():
    assert purpose_swaps("How much did Halcyon spend on property and equipment?", "Halcyon bought fab equipment.") == []
