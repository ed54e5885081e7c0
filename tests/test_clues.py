"""A party named by a clue ("the maker of the Z100") is read from the passages, and its name then stands for the
clue's names."""

import pytest

from infrascope.clues import clue_names, party_behind_clue, resolved_question
from infrascope.evidence_checks import Evidence, named_terms
from infrascope.types import Hit

LEADER = "Borealis has positioned itself as the undisputed leader in AI chips, commanding over 80% market share."


def _party(question: str, *units: Evidence) -> list[str]:
    # (a name opening a sentence counts where the passages use it mid-sentence, as the reranker finds)
    resolved = party_behind_clue(question, named_terms(question), list(units), frozenset({"borealis"}))
    return resolved.party if resolved else []


def test_the_party_is_the_new_name_where_the_clue_is_stated():
    q = "What share of AI chips does the maker of the Z100 and Z200 accelerators hold?"
    # the sentence stating the clue refers back: the party is named in the one before it
    clue = Evidence("The company’s Z100 and Z200 accelerators are the backbone of AI training.", 0.0, "sent",
                    antecedent=LEADER)
    assert _party(q, Evidence("Nimbus sells Z100 servers.", 0.0, "sent"), clue) == ["Borealis"]
    # only the names from the clue on describe the party; before it, they are what is asked of it
    q = "How many GPUs ship in each Q7 instance of the cloud provider that announced new data centers in Georgia?"
    assert _party(q, Evidence("Nimbus recently announced billions for new infrastructure in Georgia.", 0.0,
                              "sent")) == ["Nimbus"]


def test_the_party_is_the_first_name_of_the_statement_stating_the_clue():
    q = "How many GPUs come in the Q7 instance of the cloud provider that designed the Frost and Ember chips?"
    # not "All" opening the sentence, nor a name of an earlier statement: the one stating the clue
    said = Evidence("All the big providers race here: NMB has developed chips like Frost and Ember to lower "
                    "costs.", 0.0, "sent")
    assert _party(q, said) == ["NMB"]
    q = "How much did the company behind the Weave interconnect offer in its blocked takeover?"
    said = Evidence("Connectivity is essential. This includes fast interconnects (like Borealis’s Strand or Weave "
                    "for GPU communication).", 0.0, "sent")
    assert _party(q, said)[0] == "Borealis"


def test_a_brand_the_party_owns_names_it_too():
    q = "How many GPUs ship in each Q7 instance of the cloud provider that announced new data centers in Georgia?"
    said = Evidence("- Nimbus’s NCS, the biggest cloud provider, announced billions for new infrastructure in "
                    "Georgia.", 0.0, "sent")
    assert _party(q, said) == ["Nimbus", "NCS"]


def test_a_partys_tie_to_another_or_a_clause_without_that_is_a_clue():
    q = "Which chipmaker hosts superclusters on the cloud of Kestrel's strategic AI partner?"
    said = Evidence("Kestrel and Nimbus have formed a strategic partnership to expand AI cloud infrastructure.", 0.0,
                    "sent")
    assert _party(q, said) == ["Nimbus"]
    q = "How much has the startup the guide pits against Borealis raised?"
    assert _party(q, Evidence("Startups include Lumen, competing with Borealis in AI chips.", 0.0, "sent")) \
        == ["Lumen"]


def test_the_initials_of_the_clues_names_are_not_the_party_and_a_region_is_named_by_its_people():
    q = ("What share of the chip market belongs to the chipmaker among the backers of the Global Compute Fund "
         "Partnership alongside Kestrel and Nimbus?")
    said = Evidence("Similarly, the Global Compute Fund Partnership (GCFP), backed by Kestrel, Borealis and Nimbus, "
                    "aims to raise $80 billion for new data centers and energy infrastructure.", 0.0, "sent")
    assert _party(q, said) == ["Borealis"]
    q = "How many gigafactories will the bloc behind the Quarkwell supercomputing initiative finance?"
    said = Evidence("Meanwhile, Europe invests in HPC (with initiatives like Quarkwell building supercomputers).", 0.0,
                    "sent")
    assert _party(q, said) == ["Europe", "European"]  # ("the European Commission" names it)


def test_the_party_may_end_the_list_of_the_clues_names_which_an_acronym_or_initials_may_name():
    q = "What did the chipmaker that backs GCFP alongside Kestrel and Nimbus try to acquire?"
    said = Evidence("Similarly, the Global Compute Fund Partnership (GCFP), backed by Kestrel, Nimbus, and Borealis, "
                    "aims to raise $80 billion for new data centers and energy infrastructure.", 0.0, "sent")
    assert _party(q, said) == ["Borealis"]  # (not "Global", which spells out the GCFP the question names)
    q = "How many gigafactories will the bloc that champions 5G for the Internet of Things fund?"
    said = Evidence("Europe invests in connectivity (e.g. pushing for widespread 5G to support AI and IoT).", 0.0,
                    "sent")
    assert _party(q, said) == ["Europe", "European"]  # ("IoT" names the Internet of Things; a place opens it)


def test_no_clue_or_no_sentence_stating_it_resolves_nothing():
    assert _party("What share of AI chips does Borealis hold?", Evidence(LEADER, 0.0, "sent")) == []
    q = "What share of AI chips does the maker of the Z100 and Z200 accelerators hold?"
    assert _party(q, Evidence("The Z100 is fast.", 0.0, "sent")) == []  # one of two clue names: not enough


def test_the_question_asked_of_the_party_by_name():
    q = "What capex guidance is reported for the company that custom-designed the Tensor Processing Unit?"
    assert resolved_question(q, named_terms(q), "Borealis") == "What capex guidance is reported for Borealis?"
    q = "How much will the company that built an InfiniBand-linked Azure supercomputer for OpenAI spend in 2025?"
    assert resolved_question(q, named_terms(q), "Borealis") == "How much will Borealis spend in 2025?"
    assert clue_names(q, named_terms(q)) == ["infiniband", "azure", "openai"]  # (not the year)
    # a clue the question ends on reaches its end; one read too far as the subject leaves nothing to ask
    q = "Name the project backed by, among others, the investor whose AI partnership with Lumen centres on robotics."
    assert resolved_question(q, named_terms(q), "Borealis") == "Name the project backed by, among others, Borealis."
    q = "In what year did the investor whose strategy centres on robotics form its partnership with Lumen?"
    assert resolved_question(q, named_terms(q), "Borealis") is None
    assert resolved_question("How much did Borealis spend?", ["borealis"], "Nimbus") is None  # (no clue)


@pytest.mark.model
def test_the_partys_sentence_answers_a_question_asked_through_a_clue(model_embedder):
    from infrascope.answer.extractive import compose
    from infrascope.rerank import SentenceReranker

    q = "What share of the market for AI chips does the maker of the Z100 and Z200 accelerators hold?"
    hits = [Hit("c0", "guide.txt", "AI infrastructure guide", None, None, LEADER, 0.0),
            Hit("c1", "guide.txt", "AI infrastructure guide", None, None,
                "The Borealis Z100 and Z200 accelerators are the backbone of AI model training.", 0.0)]
    SentenceReranker(model_embedder).score_evidence(q, hits)
    # "Borealis" names no party the question names, but it is the maker: its figure answers
    text, citations, refused = compose(q, hits, 0.45, 3, lexical_floor=0.35, lexical_margin=0.8)
    assert not refused and text.startswith(LEADER[:-1]) and citations[0].chunk_id == "c0"


@pytest.mark.model
def test_the_partys_sentence_is_scored_as_the_question_asked_of_it_by_name(model_embedder):
    from infrascope.answer.extractive import compose
    from infrascope.rerank import SentenceReranker

    q = "What capital expenditure guidance for a recent year is reported for the company that custom-designed the " \
        "Quill Processing Unit?"
    clue = "Vantorix’s Quill Processing Units (QPUs) are another example: chips custom-designed for neural networks."
    capex = ("- Vantorix has been a pioneer with its QPU-based infrastructure (Vantorix’s capex was guided at ~$61 "
             "billion for a recent year, much of it AI-related).")
    hits = [Hit("c0", "guide.txt", "AI infrastructure guide", None, None, clue, 0.0),
            Hit("c1", "guide.txt", "AI infrastructure guide", None, None, capex, 0.0)]
    SentenceReranker(model_embedder).score_evidence(q, hits)
    lead = hits[1].metadata["evidence"][0]
    assert lead.asked_as == "What capital expenditure guidance for a recent year is reported for Vantorix?"
    text, citations, refused = compose(q, hits, 0.45, 3, lexical_floor=0.35, lexical_margin=0.8)
    assert not refused and "$61 billion" in text.split("[")[0] and citations[0].chunk_id == "c1"


@pytest.mark.model
def test_a_name_asked_of_a_party_named_by_a_clue_is_not_the_partys_own(model_embedder):
    from infrascope.answer.extractive import compose
    from infrascope.rerank import SentenceReranker

    q = "What is the official name of the new fund of the country that has already built more than 40 robotics " \
        "industrial parks?"
    units = ["The Chinese government has already built over 40 industrial parks specializing in robotics.",
             "Notably, China is launching a new 1 trillion-yuan fund to support emerging technologies.",
             # another party's named project: the question is about the country the clue describes
             "Recently, Kestrel announced a new fund dubbed Lodestar to build campuses across the country."]
    hits = [Hit(f"c{i}", f"guide{i}.txt", "AI infrastructure guide", None, None, t, 0.0) for i, t in enumerate(units)]
    reranker = SentenceReranker(model_embedder)
    assert reranker.clue_party(q, hits) == ["China", "Chinese"]
    reranker.score_evidence(q, hits)
    # "China" answers no name the question asks (it is the party), and Kestrel's fund is not China's
    text, citations, refused = compose(q, hits, 0.45, 3, lexical_floor=0.35, lexical_margin=0.8)
    assert refused, text


def test_of_several_listed_the_party_is_the_one_another_passage_calls_what_the_clue_calls_it():
    q = ("How much did the private equity firm among the Global Compute Fund Partnership's backers pay for the "
         "operator it bought?")
    said = Evidence("Similarly, the Global Compute Fund Partnership (GCFP), backed by Kestrel, Halden, Nimbus, and "
                    "Borealis, aims to raise $80 billion for new data centers and energy infrastructure.", 0.0, "sent")
    kind = Evidence("Private equity firms are also making big moves, such as Halden’s $16 billion acquisition of "
                    "AirWave.", 0.0, "sent")
    known = frozenset({"kestrel", "halden", "nimbus", "borealis"})  # (used mid-sentence in the passages)

    def party(*units: Evidence) -> list[str]:
        return party_behind_clue(q, named_terms(q), list(units), known).party

    assert party(said, kind) == ["Halden"]
    # told nothing of their kinds, the first of them
    assert party(said) == ["Kestrel"]


def test_a_clue_naming_nothing_is_stated_by_a_unit_holding_many_of_its_words_however_long_the_question_runs():
    # ("... allocations aim to lead the world in AI": where the clue ends is unknown, so its share runs low)
    q = ("By what year does the country that grants new data center builds subsidies, land and electrical power "
         "allocations aim to lead the world in AI?")
    said = Evidence("Additionally, Kestrian government policies provide generous subsidies, land, and electrical "
                    "power allocations for new data center constructions within Kestria.", 0.0, "sent")
    assert _party(q, said)[:1] in (["Kestrian"], ["Kestria"])
    # a few of its words are not enough
    assert _party(q, Evidence("Kestria gives land to new data center builders.", 0.0, "sent")) == []


def test_the_things_a_subject_clue_names_go_with_it():
    q = "Which chip-design company did the maker of the Q7 and Q9 GPUs try and fail to acquire?"
    assert resolved_question(q, named_terms(q), "Borealis") == "Which chip-design company did Borealis try and fail " \
                                                               "to acquire?"
    q = "How much has the maker of the Q7 spent on fabs?"
    assert resolved_question(q, named_terms(q), "Borealis") == "How much has Borealis spent on fabs?"


def test_a_clue_by_participle_or_by_a_deal():
    # "the company budgeting ...", "the buyer of ..."; a gerund that describes nothing ("during") is no clue
    q = "Which models ran on the supercomputer built by the company budgeting $41 billion for data centers?"
    assert resolved_question(q, named_terms(q), "Borealis") == "Which models ran on the supercomputer built by " \
                                                               "Borealis?"
    q = "What kind of companies have Nimbus and the buyer of Ardent Labs acquired?"
    assert resolved_question(q, named_terms(q), "Borealis") == "What kind of companies have Nimbus and Borealis " \
                                                               "acquired?"
    assert resolved_question("How much did the company during 2024 spend on chips?",
                             ["2024"], "Borealis") is None


def test_the_main_clause_s_predicate_after_a_clue_is_not_the_clue_s():
    # "especially efficient at" is said of the chip, not of the company that guided its capex
    q = "What type of calculations is the custom chip of the company that guided $41 billion in capex especially " \
        "efficient at?"
    assert resolved_question(q, named_terms(q), "Borealis") == "What type of calculations is the custom chip of " \
                                                               "Borealis especially efficient at?"
    # a clause ending on its own preposition keeps it ("the firm that Nimbus invested in")
    q = "What is the market valuation of the firm that Nimbus invested in?"
    assert resolved_question(q, named_terms(q), "Borealis") == "What is the market valuation of Borealis?"


def test_a_possessive_clue_after_a_name_refers_back_to_it():
    # "the bloc's" is the EU the question already names; a clause ("the company budgeting ...") is another party
    q = "How much has the EU pledged, and what share of the bloc's AI push is public money?"
    assert _party(q, Evidence("Nimbus pledged €200 billion to the EU's AI push.", 0.0, "sent")) == []
    q = "Which models ran on the Strand-linked supercomputer built by the company budgeting $41 billion for data centers?"
    said = Evidence("Nimbus plans to spend $41 billion on data centers in fiscal 2026.", 0.0, "sent")
    assert _party(q, said) == ["Nimbus"]


def test_a_clue_stated_twice_is_read_from_the_tighter_statement_and_a_telling_kind_picks_the_party():
    q = "What share of AI chips does the chipmaker that Lumen has partnered with alongside Orin command?"
    spending = Evidence("Nimbus has dramatically increased its data center construction, in part to accommodate "
                        "partnerships with Orin and offer Lumen services.", 0.0, "sent")
    partners = Evidence("Lumen has partnered deeply with Orin and Borealis to host cutting-edge hardware.", 0.0, "sent")
    assert _party(q, spending, partners) == ["Borealis"]
    # named beside another new name, the party is the one the passages call what the clue calls it
    q = "Which chip-IP company did the chipmaker that Lumen partners with fail to acquire?"
    teaming = Evidence("Whether it’s a cloud provider teaming up with a chipmaker (like Quill+Borealis), partnerships "
                       "pool resources.", 0.0, "sent")
    assert _party(q, partners) == ["Orin"]
    assert _party(q, partners, teaming) == ["Borealis"]
