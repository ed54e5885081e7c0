"""A sentence silent on a term of the question, and a lead sharing few of its words: both weaken an answer."""

import numpy as np
import pytest

from infrascope.evidence_checks import Evidence
from infrascope.lexical import query_terms
from infrascope.term_support import ablated_terms, unsupported_shift, without_term
from infrascope.types import Hit


def test_the_answer_slot_the_period_and_the_source_verbs_are_not_asked_of_a_sentence():
    q = "What was the value of Kestrel's Borealis takeover that regulators blocked?"
    terms = ablated_terms(q, query_terms(q))
    assert "value" not in terms  # the answer fills it ("$40 billion")
    assert {"takeover", "regulators", "blocked"} <= set(terms)
    q = "How much cloud revenue did Kestrel report for the third quarter of fiscal 2023?"
    assert ablated_terms(q, query_terms(q)) == ["cloud", "revenue", "kestrel"]


def test_a_term_is_taken_out_of_the_question_once_and_whole():
    q = "How much did the AI-chip startup put into AI research?"
    assert without_term(q, "ai") == "How much did the AI-chip startup put into research?"
    assert without_term(q, "research") == "How much did the AI-chip startup put into AI ?"
    assert without_term(q, "absent") == q


def test_only_a_rise_for_a_term_the_unit_does_not_contain_counts():
    terms = ["quantum", "research", "marshal"]
    text = "The Act provides $52.7 billion for semiconductor research."
    # "research" is in the sentence (its rise is the model's noise), "marshal" lowers the similarity
    assert unsupported_shift(terms, np.array([0.06, 0.09, -0.02]), text) == pytest.approx(0.06)
    assert unsupported_shift(terms, np.array([-0.01, 0.09, -0.02]), text) == 0.0


@pytest.mark.model
def test_a_sentence_silent_on_a_term_of_the_question_scores_lower(model_embedder):
    from infrascope.rerank import SentenceReranker

    text = "The Kestrel Act provides $52.7 billion for semiconductor research and workforce training."

    def unit(question: str, weight: float) -> Evidence:
        hit = Hit("c1", "a.txt", "Kestrel Act", None, None, text, 0.0)
        SentenceReranker(model_embedder, unsupported_term_weight=weight).score_evidence(question, [hit])
        return hit.metadata["evidence"][0]

    # the near miss: the sentence's figure is for semiconductor research, not quantum computing
    q = "How much does the Kestrel Act provide for quantum computing research?"
    silent = unit(q, 3.0)
    assert silent.unsupported_shift > 0.03
    assert silent.score == pytest.approx(unit(q, 0.0).score - min(0.3, 3.0 * (silent.unsupported_shift - 0.01)),
                                         abs=1e-4)
    # asked what it says, in its words or others ("set aside" for "provides"): nothing is charged
    for q in ["How much does the Kestrel Act provide for semiconductor research?",
              "How much does the Kestrel Act set aside for semiconductor research?"]:
        assert unit(q, 3.0).unsupported_shift <= 0.01
        assert unit(q, 3.0).score == pytest.approx(unit(q, 0.0).score, abs=1e-4)


def test_a_lead_sharing_few_of_the_questions_words_must_score_higher():
    from infrascope.answer.extractive import REFUSAL, compose, lead_bar

    sentence = "Borealis plans to spend $80 billion on data centers in fiscal 2025."

    def answer(question: str, score: float) -> tuple[str, bool]:
        hit = Hit("c1", "guide.txt", "Guide", None, None, sentence, score)
        hit.metadata["evidence"] = [Evidence(sentence, score, "sent")]
        text, _, refused = compose(question, [hit], 0.45, 3, lexical_floor=0.35, lexical_margin=0.8)
        return text, refused

    close = "How much does Borealis plan to spend on data centers in fiscal 2025?"
    loose = "What is the outlay of the Nordic cloud titan for compute campuses next year?"
    lead = Evidence(sentence, 0.6, "sent")
    assert lead_bar(close, lead, 0.45, 0.35, 0.8) == 0.45  # most of its words are in the sentence
    assert lead_bar(loose, lead, 0.45, 0.35, 0.8) == pytest.approx(0.45 + 0.8 * 0.35)  # none are
    assert answer(close, 0.6) == (f"{sentence[:-1]} [1].", False)
    # the same score on meaning alone is not enough; a higher one is
    assert answer(loose, 0.6) == (REFUSAL, True)
    assert not answer(loose, 0.8)[1]
    # switched off (the default of `compose`), the bar is the threshold
    hit = Hit("c1", "guide.txt", "Guide", None, None, sentence, 0.6)
    hit.metadata["evidence"] = [Evidence(sentence, 0.6, "sent")]
    assert not compose(loose, [hit], 0.45, 3)[2]
