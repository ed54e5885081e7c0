"""Shared fixtures: isolated settings and state under tmp_path, our tiny corpus, fake and real embedders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from infrascope.config import Settings

from .fakes import HashEmbedder

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_CORPUS = SHARED / "corpus"


def location_args(settings) -> list[str]:
    """The `--corpus X --index Y` every infrascope command (and app.py) takes, for `settings`."""
    return ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path, monkeypatch):
    """No test reads the developer's settings, caches or network-facing defaults."""
    for key in list(os.environ):
        if key.startswith("INFRASCOPE_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A fresh, writable copy of tests/data/corpus (the good documents, with the ignore file)."""
    dest = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", dest)
    return dest


@pytest.fixture
def broken_dir() -> Path:
    return DATA / "broken"


@pytest.fixture
def settings(tmp_path, corpus_dir) -> Settings:
    return Settings(corpus_dir=corpus_dir, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def model_embedder(tmp_path_factory):
    """The real packaged all-MiniLM-L6-v2 (loaded once per test session), with a session cache."""
    from infrascope.embedding import CachedEmbedder, MiniLMEmbedder

    return CachedEmbedder(MiniLMEmbedder(), tmp_path_factory.mktemp("embed-cache"))


@pytest.fixture(scope="session")
def fixture_index(tmp_path_factory, model_embedder):
    """tests/data/corpus indexed once with the real model; tests must not modify it."""
    from infrascope.indexer import build_index

    root = tmp_path_factory.mktemp("fixture-index")
    corpus = root / "corpus"
    shutil.copytree(DATA / "corpus", corpus)
    s = Settings(corpus_dir=corpus, index_dir=root / "index", cache_dir=root / "cache")
    report = build_index(s, model_embedder, progress=False)
    assert not report.failed, report.failed
    return s


def require_shared_corpus() -> Path:
    if not (SHARED_CORPUS / "sources.tsv").is_file():
        pytest.skip(f"the default corpus is not present at {SHARED_CORPUS} (../shared is only on project machines)")
    return SHARED_CORPUS
