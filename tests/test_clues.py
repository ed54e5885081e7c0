"""A party named by a clue ("the maker of the Z100") is read from the passages, and its name then stands for the
clue's names."""

import pytest

from infrascope.clues import party_behind_clue
from infrascope.evidence_checks import Evidence, named_terms
from infrascope.types import Hit

LEADER = "Borealis has positioned itself as the undisputed leader in AI chips, commanding over 80% market share."


def _party(question: str, *units: Evidence) -> str | None:
    # (a name opening a sentence counts where the passages use it mid-sentence, as the reranker finds)
    return party_behind_clue(question, named_terms(question), list(units), frozenset({"borealis"}))


def test_the_party_is_the_new_name_where_the_clue_is_stated():
    q = "What share of AI chips does the maker of the Z100 and Z200 accelerators hold?"
    # the sentence stating the clue refers back: the party is named in the one before it
    clue = Evidence("The company’s Z100 and Z200 accelerators are the backbone of AI training.", 0.0, "sent",
                    antecedent=LEADER)
    assert _party(q, Evidence("Nimbus sells Z100 servers.", 0.0, "sent"), clue) == "Borealis"
    # only the names from the clue on describe the party; before it, they are what is asked of it
    q = "How many GPUs ship in each Q7 instance of the cloud provider that announced new data centers in Georgia?"
    assert _party(q, Evidence("Nimbus recently announced billions for new infrastructure in Georgia.", 0.0,
                              "sent")) == "Nimbus"


def test_no_clue_or_no_sentence_stating_it_resolves_nothing():
    assert _party("What share of AI chips does Borealis hold?", Evidence(LEADER, 0.0, "sent")) is None
    q = "What share of AI chips does the maker of the Z100 and Z200 accelerators hold?"
    assert _party(q, Evidence("The Z100 is fast.", 0.0, "sent")) is None  # one of two clue names: not enough


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
