"""The default corpus (../shared/corpus) end to end with the real model: all 43 documents of its
sources.tsv indexed (including the two Microsoft 10-Qs that trip pypdf's limits), a no-change run,
one changed file re-embedded alone, a deleted file's chunks removed, and a real question answered
from the right filing and page. Skipped with a reason where ../shared is not present."""

from __future__ import annotations

import csv
import shutil

import pytest

from infrascope.assistant import Assistant
from infrascope.config import Settings
from infrascope.evaluation import contains_figure, gold_figures
from infrascope.indexer import build_index

from .conftest import require_shared_corpus

pytestmark = [pytest.mark.shared, pytest.mark.model]


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory, model_embedder):
    src = require_shared_corpus()
    root = tmp_path_factory.mktemp("shared")
    corpus = root / "corpus"
    shutil.copytree(src, corpus)
    for path in [corpus, *corpus.rglob("*")]:  # ../shared is read-only; the copy must not be
        path.chmod(0o755 if path.is_dir() else 0o644)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache")
    report = build_index(settings, model_embedder, progress=False)
    with (src / "sources.tsv").open(encoding="utf-8") as fh:
        listed = sorted(row["path"] for row in csv.DictReader(fh, delimiter="\t"))
    return settings, report, listed


def test_every_listed_document_is_indexed(shared_index):
    settings, report, listed = shared_index
    assert report.failed == []
    assert sorted(report.added) == listed and len(listed) == 43
    # MANIFEST.md, sources.tsv and the licence are excluded by the corpus's .infrascopeignore
    assert all(not p.endswith(("MANIFEST.md", "sources.tsv")) for p in report.added)
    assert report.pages_parsed > 900 and report.total_chunks > 2000


def test_the_pdfs_that_trip_pypdf_are_indexed_page_by_page(shared_index):
    settings, _, _ = shared_index
    assistant = Assistant(settings)
    files = assistant.reader.current().files
    for name in ("sec-10q/2023_Q1_MSFT.pdf", "sec-10q/2023_Q2_MSFT.pdf"):
        assert files[name]["pages"] > 60 and len(files[name]["chunk_ids"]) > 100
        assert files[name]["company"] == "Microsoft" and files[name]["doc_type"] == "10-Q"
    assistant.close()


def test_quarterly_reports_carry_their_fiscal_quarter(shared_index):
    settings, _, _ = shared_index
    assistant = Assistant(settings)
    files = assistant.reader.current().files
    # fiscal years ending in January (NVIDIA), June (Microsoft), September (Apple), December (Intel); the
    # file names give calendar quarters
    assert files["sec-10q/2022_Q3_NVDA.pdf"]["fiscal_label"] == "Q3 FY2023"
    assert files["sec-10q/2023_Q2_NVDA.pdf"]["fiscal_label"] == "Q2 FY2024"
    assert files["sec-10q/2023_Q2_MSFT.pdf"]["fiscal_label"] == "Q3 FY2023"
    assert files["sec-10q/2023_Q1_AAPL.pdf"]["fiscal_label"] == "Q1 FY2023"
    assert files["sec-10q/2023_Q3_INTC.pdf"]["fiscal_label"] == "Q3 FY2023"
    assistant.close()


def test_a_real_question_is_answered_from_the_right_filing(shared_index, model_embedder):
    settings, _, _ = shared_index
    assistant = Assistant(settings, embedder=model_embedder)
    answer = assistant.ask("What was NVIDIA's Data Center revenue in the quarter ended October 29, 2023?")
    assert not answer.refused
    first = answer.citations[0]
    assert first.path == "sec-10q/2023_Q3_NVDA.pdf" and first.page is not None
    # the filing states it as "14,514" (table, $ millions) and "$14.51 billion" (MD&A): either is the answer
    figure = gold_figures("$14,514 million")[0]
    lead = answer.answer.split("[1]")[0]
    assert contains_figure(lead, figure) and contains_figure(first.quote, figure), lead
    assert not contains_figure(lead, gold_figures("$18,120 million")[0])  # total revenue is another question
    assistant.close()


def test_incremental_runs_on_the_real_corpus(shared_index, model_embedder):
    settings, first, _ = shared_index
    again = build_index(settings, model_embedder, progress=False)
    assert len(again.unchanged) == 43 and not again.changed_anything and again.seconds < 10
    article = settings.corpus_dir / "articles/ai-infrastructure-investment-guide.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nAddendum: a test paragraph about 7 racks.\n",
                       encoding="utf-8")
    changed = build_index(settings, model_embedder, progress=False)
    assert changed.changed == ["articles/ai-infrastructure-investment-guide.txt"] and len(changed.unchanged) == 42
    victim = settings.corpus_dir / "policy/2025-04-14-trump-effect-nvidia-leads-american-made-chips-boom.md"
    victim.unlink()
    removed = build_index(settings, model_embedder, progress=False)
    assert removed.removed == [victim.relative_to(settings.corpus_dir).as_posix()]
    assert removed.total_chunks == changed.total_chunks - removed.chunks_removed
