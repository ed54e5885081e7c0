"""The load test, short: 8 concurrent clients through the Python API and through the app's HTTP API,
a few seconds each, while an incremental rebuild runs. No failed request, and every answer comes from
a published generation and cites only chunks that exist in it. The full run is `bench/load.py`."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from infrascope.assistant import Assistant
from infrascope.config import Settings
from infrascope.indexer import build_index

from .conftest import DATA

pytestmark = pytest.mark.model
BENCH = Path(__file__).resolve().parents[1] / "bench"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_load", BENCH / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_short_load_with_a_rebuild_fails_nothing_and_stays_consistent(tmp_path, model_embedder):
    shutil.copytree(DATA / "corpus", tmp_path / "corpus")
    s = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")
    first = build_index(s, model_embedder, progress=False)
    modes = ("api", "http") if (BENCH.parent / "src/infrascope/ui.py").exists() else ("api",)
    assistant = Assistant(s, embedder=model_embedder)
    summary = load_bench().run_load(
        s, seconds=5, clients=8, modes=modes, assistant=assistant, log=lambda m: None
    )
    assistant.close()
    for phase in summary["phases"]:
        assert phase["failed"] == 0, phase["errors"]
        assert phase["requests"] >= 8 and phase["rebuild"].generation and not phase["rebuild"].error
    assert len(summary["published"]) == 1 + len(modes) and first.generation in summary["published"]
    assert (
        set(summary["generations_seen"]) <= set(summary["published"])
        and len(summary["generations_seen"]) >= 2
    )
    assert summary["inconsistent"] == 0
