"""A question naming a company also reaches what other documents say of it: its own filings outnumber
a release or an article mentioning it in every ranking, so those passages are searched on their own."""

from __future__ import annotations

import pytest

from infrascope.assistant import Assistant
from infrascope.indexer import build_index

PRESS = ("Chip packaging roundup\n\nSeveral suppliers announced new plants this spring. Helion Compute said it "
         "would invest $7.5 billion in a packaging plant in Arizona over five years, its chief executive told "
         "reporters.\n")  # invented, like the rest of tests/data


@pytest.fixture
def assistant(settings, model_embedder):
    (settings.corpus_dir / "notes" / "helion-press.txt").write_text(PRESS)
    assert not build_index(settings, model_embedder, progress=False).failed
    a = Assistant.from_settings(settings, embedder=model_embedder)
    yield a
    a.close()


def test_a_company_named_in_another_document_is_found_there(assistant):
    cfg = assistant.settings.retrieval
    # a pool so small that only the search outside the company's filings can bring the press note in
    cfg.rerank_candidates, cfg.rerank_keep_top = 1, 0
    question = "How much did Helion Compute say it would invest in Arizona?"
    answer = assistant.ask(question)
    assert not answer.refused
    assert "$7.5 billion" in answer.answer.split("]")[0]
    assert answer.citations[0].path == "notes/helion-press.txt"
    cfg.elsewhere_keep_top = 0  # without it, the filing's passages are all the reranker sees
    assert "notes/helion-press.txt" not in [c.path for c in assistant.ask(question).citations]


def test_lexical_search_can_require_words(fixture_index):
    from infrascope.index_reader import IndexReader

    reader = IndexReader(fixture_index)
    try:
        table = reader.current().table
        question = "How much revenue, power and investment did each company report?"
        texts = lambda found: [r["text"].lower() for r in table.fetch([cid for cid, _ in found]).values()]
        anywhere = texts(table.search(question, 20))
        required = texts(table.search(question, 20, required=["kestrel"]))
        assert any("kestrel" not in t for t in anywhere)  # the requirement has something to filter out
        assert required and all("kestrel" in t for t in required)
    finally:
        reader.close()


def test_lexical_search_reads_ceo_as_chief_executive(fixture_index):
    from infrascope.index_reader import IndexReader
    from infrascope.lexical import expanded_terms

    assert "ceo" in expanded_terms("Which year did Meta's chief executive call pivotal?")
    assert {"chief", "executive"} <= set(expanded_terms("Who is the CEO of Borealis Fiber?"))
    assert "eu" in expanded_terms("What is the Brussels law on AI called?")  # a capital for its government
    reader = IndexReader(fixture_index)
    try:
        table = reader.current().table
        found = table.fetch([cid for cid, _ in table.search("Who is the CEO?", 3)])
        # the notes say "chief executive Hélène Marchetti": no word of the question but "CEO" is in them
        assert any("chief executive Hélène Marchetti" in r["text"] for r in found.values())
    finally:
        reader.close()


def test_british_spellings_are_read_as_american():
    from infrascope.lexical import query_terms

    assert query_terms("Which programme funds AI data centres and organisations?") == [
        "program", "funds", "ai", "data", "centers", "organizations"]
    assert query_terms("The centre of the programme") == query_terms("The center of the program")
