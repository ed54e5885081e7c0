"""The incremental build: added / changed / removed / unchanged, failures reported and retried when
fixed, settings changes forcing a rebuild, one build at a time, and readable errors for a broken index."""

from __future__ import annotations

import json
import shutil

import pytest

from infrascope.config import Settings
from infrascope.generations import IndexBusy, IndexError_, IndexLayout
from infrascope.index_reader import IndexReader
from infrascope.indexer import build_index

from .conftest import DATA
from .fakes import HashEmbedder

GOOD = ["notes/analyst-notes.txt", "policy/2025-03-14-quartz-chip-act.md", "reports/2024_Q2_HLCN.pdf",
        "web/orbital-grid.html"]


def build(settings, embedder, **kw):
    return build_index(settings, embedder, progress=False, **kw)


def chunk_paths(settings):
    reader = IndexReader(settings)
    og = reader.current()
    ids = og.table.all_ids()
    rows = og.table.fetch(ids)
    count = og.store.count()
    reader.close()
    return sorted(r["path"] for r in rows.values()), count


def test_first_build_indexes_every_format_and_reports_skips(settings, fake_embedder):
    r = build(settings, fake_embedder)
    assert sorted(r.added) == GOOD
    assert r.failed == []
    assert [s.path for s in r.skipped] == ["images/logo.png"]  # unknown extension: reported, not indexed
    paths, count = chunk_paths(settings)
    assert set(paths) == set(GOOD)
    assert count == len(paths) == r.total_chunks == r.chunks_added
    # ignored by .infrascopeignore: never indexed, not even reported
    assert not any("draft" in p or p.endswith(".tmp") for p in paths)


def test_second_run_changes_nothing(settings, fake_embedder):
    first = build(settings, fake_embedder)
    calls = fake_embedder.calls
    second = build(settings, fake_embedder)
    assert sorted(second.unchanged) == GOOD and not second.changed_anything
    assert second.generation == first.generation  # no new generation written
    assert second.total_chunks == first.total_chunks
    assert fake_embedder.calls == calls  # nothing embedded


def test_changed_file_is_re_embedded_alone_and_removed_file_loses_its_chunks(settings, fake_embedder):
    first = build(settings, fake_embedder)
    notes = settings.corpus_dir / "notes/analyst-notes.txt"
    notes.write_text(notes.read_text() + "\nBorealis Fiber also signed a new 12-year lease.\n")
    before = fake_embedder.texts_embedded
    r = build(settings, fake_embedder)
    assert r.changed == ["notes/analyst-notes.txt"] and not r.added and not r.removed
    assert len(r.unchanged) == 3
    embedded = fake_embedder.texts_embedded - before
    assert embedded == r.chunks_added  # only the changed file's chunks were embedded
    (settings.corpus_dir / "web/orbital-grid.html").unlink()
    r2 = build(settings, fake_embedder)
    assert r2.removed == ["web/orbital-grid.html"] and r2.chunks_removed > 0
    paths, count = chunk_paths(settings)
    assert "web/orbital-grid.html" not in paths and count == len(paths) == r2.total_chunks
    assert r2.total_chunks == first.total_chunks - r2.chunks_removed + (r.chunks_added - r.chunks_removed)


def test_bad_files_are_reported_and_the_rest_indexed(settings, fake_embedder, broken_dir):
    for f in broken_dir.iterdir():
        shutil.copy(f, settings.corpus_dir / f.name)
    r = build(settings, fake_embedder)
    failed = {f.path: f.reason for f in r.failed}
    assert "corrupt" in failed["corrupt.pdf"]
    assert "password" in failed["encrypted-password.pdf"]
    assert "no text" in failed["scanned-no-text.pdf"]
    assert failed["empty.txt"] == "empty file"
    assert "binary" in failed["binary-junk.txt"]
    assert "UTF-8" in failed["latin1.txt"]
    assert "no text" in failed["empty.md"]
    assert "encrypted-empty-password.pdf" in r.added  # opens with an empty password: read
    assert set(GOOD) <= set(r.added)
    # a failed file that becomes readable is picked up by the next incremental run
    (settings.corpus_dir / "latin1.txt").write_text("Café résumé: 47 edge sites.", encoding="utf-8")
    r2 = build(settings, fake_embedder)
    assert r2.added == ["latin1.txt"]
    assert "corrupt.pdf" in {f.path for f in r2.failed}  # still reported, not re-parsed


def test_files_over_the_size_limit_are_refused_until_the_limit_allows_them(settings, fake_embedder):
    big = settings.corpus_dir / "notes/big.txt"
    big.write_text("Racks and power. " * 80_000)  # ~1.4 MB
    settings.max_file_mb = 1
    r = build(settings, fake_embedder)
    assert "over the 1 MB limit" in {f.path: f.reason for f in r.failed}["notes/big.txt"]
    assert set(GOOD) <= set(r.added)
    settings.max_file_mb = 2
    assert build(settings, fake_embedder).added == ["notes/big.txt"]


def test_settings_change_forces_a_full_rebuild_with_a_message(settings, fake_embedder):
    build(settings, fake_embedder)
    settings.chunking.max_tokens = 120
    messages = []
    r = build_index(settings, fake_embedder, progress=False, log=messages.append)
    assert r.rebuilt_because and "rebuilding" in r.rebuilt_because and messages
    assert sorted(r.added) == GOOD


def test_reader_refuses_an_index_built_with_other_settings(settings, fake_embedder):
    build(settings, fake_embedder)
    other = Settings(corpus_dir=settings.corpus_dir, index_dir=settings.index_dir, cache_dir=settings.cache_dir)
    other.chunking.max_tokens = 100
    with pytest.raises(IndexError_, match="different settings"):
        IndexReader(other).current()


def test_one_build_at_a_time(settings, fake_embedder):
    layout = IndexLayout(settings.index_dir)
    with layout.build_lock():
        with pytest.raises(IndexBusy, match="another `infrascope index`"):
            build(settings, fake_embedder)


@pytest.mark.parametrize("damage", ["garbage", "old-version", "missing-generation"])
def test_corrupt_index_gives_a_clear_error_and_rebuild_recovers(settings, fake_embedder, damage):
    build(settings, fake_embedder)
    layout = IndexLayout(settings.index_dir)
    gen = layout.current()
    if damage == "garbage":
        (gen.path / "manifest.json").write_text("{not json")
    elif damage == "old-version":
        (gen.path / "manifest.json").write_text(json.dumps({"version": 0, "files": {}}))
    else:
        (settings.index_dir / "CURRENT").write_text("g-does-not-exist\n")
    with pytest.raises(IndexError_, match="--rebuild"):
        build(settings, fake_embedder)
    r = build(settings, fake_embedder, rebuild=True)
    assert sorted(r.added) == GOOD


def test_staging_leftovers_of_a_dead_build_are_removed(settings, fake_embedder):
    build(settings, fake_embedder)
    layout = IndexLayout(settings.index_dir)
    dead = layout.gens / "g-dead.staging"
    dead.mkdir()
    (settings.corpus_dir / "notes/new.txt").write_text("A brand new note about 3 racks.")
    build(settings, fake_embedder)
    assert not dead.exists()
    assert len([p for p in layout.gens.iterdir()]) <= 2  # current + previous


def test_cached_embeddings_make_a_rebuild_free(settings, tmp_path):
    from infrascope.embedding import CachedEmbedder

    from .fakes import HashEmbedder

    inner = HashEmbedder()
    emb = CachedEmbedder(inner, tmp_path / "embed-cache")
    build(settings, emb)
    first = inner.texts_embedded
    shutil.rmtree(settings.index_dir)  # a settings-neutral rebuild: the index folder deleted
    r = build(settings, emb)
    assert sorted(r.added) == GOOD and inner.texts_embedded == first


class _Recording(HashEmbedder):
    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def embed(self, texts):
        self.seen += list(texts)
        return super().embed(texts)


def test_the_rerankers_sentences_are_embedded_after_the_build_so_a_question_embeds_only_its_own_texts(
        settings, tmp_path):
    from infrascope.assistant import Assistant
    from infrascope.embedding import CachedEmbedder

    inner = _Recording()
    assistant = Assistant(settings, embedder=CachedEmbedder(inner, tmp_path / "embed-cache"))
    assistant.index()
    inner.seen.clear()
    question = "How much did Halcyon Networks spend on property and equipment in the second quarter of 2024?"
    answer = assistant.ask(question)
    assert answer.sources and answer.sources[0].metadata.get("evidence")  # the passages were reranked ...
    # ... from vectors prepared after the build: what was embedded afresh is the question and what it
    # brings (variants without one term each), never a passage's sentence
    assert question in inner.seen
    reranked_text = " ".join(h.text for h in answer.sources)
    assert not [t for t in inner.seen if t.split(": ", 1)[-1] in reranked_text]


def test_sentence_vectors_are_prepared_once_per_generation_and_only_for_new_text(settings, tmp_path):
    from infrascope.embedding import CachedEmbedder
    from infrascope.sentence_vectors import prepare_sentence_vectors

    emb = CachedEmbedder(_Recording(), tmp_path / "embed-cache")
    build(settings, emb)
    first = prepare_sentence_vectors(settings, emb)
    assert first.sentences > 20 and first.embedded == first.sentences and not first.skipped
    assert prepare_sentence_vectors(settings, emb).skipped  # the same generation: nothing to look at
    # a new file: a new generation, of whose sentences only the new file's are embedded
    (settings.corpus_dir / "notes" / "late-note.txt").write_text(
        "Late note\n\nQuartz Fabrication expects its Ohio plant to draw 310 megawatts by 2027. "
        "The plant's cooling uses recycled water.\n", encoding="utf-8")
    build(settings, emb)
    second = prepare_sentence_vectors(settings, emb)
    assert second.sentences > first.sentences and 1 <= second.embedded <= 3


def test_test_corpus_data_exists():
    assert (DATA / "corpus" / ".infrascopeignore").is_file()


def test_a_newer_reader_re_reads_its_files_alone(settings, fake_embedder, monkeypatch):
    from infrascope import loaders

    build(settings, fake_embedder)
    # the Markdown reader changes how it reads (a new version): only the Markdown file is read again
    monkeypatch.setitem(loaders.READER_VERSIONS, "markdown", loaders.READER_VERSIONS["markdown"] + 1)
    r = build(settings, fake_embedder)
    assert r.changed == ["policy/2025-03-14-quartz-chip-act.md"] and not r.added and not r.removed
    assert len(r.unchanged) == len(GOOD) - 1
    assert not build(settings, fake_embedder).changed_anything  # and then it is up to date


def test_the_vector_index_is_searched_as_broadly_as_the_settings_ask(settings, fake_embedder):
    build(settings, fake_embedder)
    reader = IndexReader(settings)
    col = reader.current().store.col
    assert col.configuration["hnsw"]["ef_search"] == settings.retrieval.hnsw_ef_search == 400
    # an index built with Chroma's narrower default (100) is widened when it is opened
    col.modify(configuration={"hnsw": {"ef_search": 100}})
    reader.close()
    narrow = settings.model_copy(update={"retrieval": settings.retrieval.model_copy(update={"hnsw_ef_search": 250})})
    reader = IndexReader(narrow)
    assert reader.current().store.col.configuration["hnsw"]["ef_search"] == 250
    reader.close()


def test_an_index_whose_search_breadth_cannot_be_set_still_opens(caplog):
    from infrascope.store import _set_search_breadth

    class ReadOnlyCollection:
        configuration = {"hnsw": {"ef_search": 100}}

        def modify(self, **kw):
            raise PermissionError("attempt to write a readonly database")

    _set_search_breadth(ReadOnlyCollection(), 400)  # no exception: it answers at the stored breadth
    assert "searching at 100" in caplog.text and "readonly" in caplog.text


def test_the_vector_search_can_be_held_to_chunks_naming_a_party(settings, fake_embedder):
    # (the search for what the passages say of a party a question names by a clue: retrieval.py)
    build(settings, fake_embedder)
    reader = IndexReader(settings)
    store = reader.current().store
    vec = fake_embedder.embed(["capital spending on data centers"])[0]
    texts = lambda hits: store.col.get(ids=[cid for cid, _ in hits], include=["documents"])["documents"]  # noqa: E731
    assert any("Borealis" not in t for t in texts(store.query(vec, 10)))
    held = texts(store.query(vec, 10, containing=["Borealis", "BOREALIS"]))
    assert held and all("Borealis" in t or "BOREALIS" in t for t in held)
    assert store.query(vec, 10, containing=["Qzxwv"]) == []
    reader.close()
