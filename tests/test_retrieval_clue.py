"""A question naming a party by a clue ("the company behind the Strand interconnect") reaches what the
passages say of that party by name: no passage says the clue and the answer together, and nothing the
question says finds the answer's passage, so once the clue's passage says who it is, the party is searched
for (retrieval.py), and its sentences are scored as answers to the question asked of it by name."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from infrascope.assistant import Assistant
from infrascope.indexer import build_index

# invented, like the rest of tests/data
# (the profile shares more of the question's words: it, not the roundup, is what the question finds)
PROFILE = ("Interconnect profile\n\nMost GPU clusters are wired with proprietary links. Vantorix designed the "
           "Strand and Weave interconnects, which take a growing share of the investment planned in GPU "
           "clusters.\n")
ROUNDUP = ("Spending roundup\n\nSeveral operators updated their budgets this quarter. Vantorix guided its "
           "capital budget at $41 billion, most of it for new campuses.\n")
QUESTION = "How much does the company behind the Strand and Weave interconnects plan to invest?"


@contextmanager
def _indexed(settings, model_embedder, notes: dict[str, str]):
    """An assistant over the test corpus plus these notes (file name -> text)."""
    for name, text in notes.items():
        (settings.corpus_dir / "notes" / name).write_text(text)
    assert not build_index(settings, model_embedder, progress=False).failed
    a = Assistant.from_settings(settings, embedder=model_embedder)
    try:
        yield a
    finally:
        a.close()


@pytest.fixture
def assistant(settings, model_embedder):
    with _indexed(settings, model_embedder, {"interconnect-profile.txt": PROFILE,
                                             "spending-roundup.txt": ROUNDUP}) as a:
        yield a


@pytest.mark.model
def test_the_party_a_clue_names_is_searched_for_by_name(assistant):
    cfg = assistant.settings.retrieval
    # a pool so small that only the search for the party can bring the roundup in
    cfg.rerank_candidates, cfg.rerank_keep_top, cfg.elsewhere_keep_top = 1, 0, 0
    cfg.clue_candidates = 0
    # the question's words find the clue's passage, and the roundup stays out of the reranked pool
    assert assistant.retriever.retrieve(QUESTION).hits[0].path == "notes/interconnect-profile.txt"
    assert "notes/spending-roundup.txt" not in [c.path for c in assistant.ask(QUESTION).citations]
    cfg.clue_candidates = 3
    answer = assistant.ask(QUESTION)
    assert not answer.refused
    assert "$41 billion" in answer.answer.split("[")[0]
    assert answer.citations[0].path == "notes/spending-roundup.txt"


DEAL = ("Deals roundup\n\nPrivate equity firms are also making big moves, such as Pemberly’s $16 billion acquisition "
        "of data center operator Ardent, betting on demand for computing power.\n")
FUND = ("Partnerships\n\nThe Nordic Compute Partnership, backed by Quillon, Pemberly and Osgood, aims to raise "
        "$90–110 billion for data centers and power plants.\n")


@pytest.mark.model
def test_the_clue_s_own_words_are_not_asked_of_the_party(settings, model_embedder):
    # "bought" describes the party (Pemberly bought Ardent); the partnership's sentence says nothing of buying,
    # and need not: it is asked what the partnership Pemberly backs aims to raise
    with _indexed(settings, model_embedder, {"deals.txt": DEAL, "partnerships.txt": FUND}) as a:
        answer = a.ask("What fundraising range is targeted by the partnership co-backed by the private equity firm "
                       "that bought Ardent?")
    assert not answer.refused, answer.answer
    assert "$90–110 billion" in answer.answer.split("[")[0]


SPEND = ("Capex notes\n\nSeveral operators updated their budgets this quarter. Vantorix plans to spend $41 billion on "
         "data centers in fiscal 2026 alone, most of it for new campuses.\n")
MACHINE = ("Supercomputers\n\nFor example, Vantorix built a Strand-linked supercomputer for Quillon with thousands "
           "of GPUs, enabling Orca models to be trained in a reasonable time.\n")
TWO_HOPS = ("Which family of models could be trained in a reasonable time thanks to the Strand-linked supercomputer "
            "built by the company budgeting $41 billion for data centers in fiscal 2026?")


@pytest.mark.model
def test_the_passage_stating_a_clue_is_searched_for_by_the_clue_alone(settings, model_embedder):
    # the question's other words (models, trained, supercomputer) find the machine's passage; only the clue's
    # own words find the one saying who budgets $41 billion, and so who built the machine (the clue's year is not
    # asked of the machine's passage)
    with _indexed(settings, model_embedder, {"capex.txt": SPEND, "machines.txt": MACHINE}) as a:
        cfg = a.settings.retrieval
        cfg.rerank_candidates, cfg.rerank_keep_top, cfg.elsewhere_keep_top = 1, 0, 0
        cfg.clue_candidates = 0
        assert [h.path for h in a.retriever.retrieve(TWO_HOPS).hits[:1]] == ["notes/machines.txt"]
        pooled = lambda: [h.path for h in a.retriever.retrieve(TWO_HOPS).hits if h.metadata.get("evidence")]  # noqa: E731
        assert "notes/capex.txt" not in pooled()
        cfg.clue_candidates = 3
        assert "notes/capex.txt" in pooled()
        assert a.reranker.clue_party(TWO_HOPS, a.retriever.retrieve(TWO_HOPS).hits) == ["Vantorix"]
        answer = a.ask(TWO_HOPS)
    assert not answer.refused, answer.answer
    assert "Orca models" in answer.answer.split("[")[0]


STARTUPS = ("Startups\n\nBig tech keeps buying chip companies. Meanwhile, startups like Quarrel (backed by Samsung) and "
            "Lumen’s Orca are gaining traction by developing alternative AI hardware and open AI platforms.\n")


@pytest.mark.model
def test_a_sentence_stating_the_clue_may_also_answer(settings, model_embedder):
    # the sentence saying who Samsung backs also says what that startup develops: what the question knows and
    # what it asks, in one sentence, which is not charged as the clue's statement alone
    with _indexed(settings, model_embedder, {"startups.txt": STARTUPS}) as a:
        answer = a.ask("What is the startup that the guide says is backed by Samsung gaining traction by developing?")
    assert not answer.refused, answer.answer
    assert "alternative AI hardware" in answer.answer.split("[")[0]
