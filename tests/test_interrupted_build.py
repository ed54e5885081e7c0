"""A build killed with SIGKILL mid-embedding leaves the last complete index answering, and the next
run finishes the job with exactly the chunks a clean build has (no duplicates, no orphans)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infrascope.assistant import Assistant
from infrascope.config import Settings
from infrascope.index_reader import IndexReader
from infrascope.indexer import build_index

from .fakes import HashEmbedder

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = """
import sys
from pathlib import Path
from infrascope.config import Settings
from infrascope.indexer import build_index
from tests.fakes import SlowEmbedder
corpus, index, cache, marker = sys.argv[1:5]
s = Settings(corpus_dir=corpus, index_dir=index, cache_dir=cache)
build_index(s, SlowEmbedder(Path(marker), delay=0.4), progress=False)
"""


def start_slow_build(settings: Settings, marker: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(settings.corpus_dir), str(settings.index_dir),
                             str(settings.cache_dir), str(marker)], cwd=ROOT, env=env)


def kill_when_embedding(proc: subprocess.Popen, marker: Path) -> None:
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, "the build ended before it started embedding"
        assert time.monotonic() < deadline, "the build never started embedding"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def counts(settings: Settings) -> tuple[int, int, int, str]:
    reader = IndexReader(settings)
    og = reader.current()
    ids = og.table.all_ids()
    result = (og.store.count(), len(ids), len(set(ids)), og.name)
    reader.close()
    return result


def test_sigkill_during_embedding_keeps_the_old_index_and_the_next_run_completes(settings, tmp_path):
    embedder = HashEmbedder()
    first = build_index(settings, embedder, progress=False)
    before = counts(settings)
    # new material arrives, then the build that would add it is killed while embedding
    for i in range(30):
        (settings.corpus_dir / f"notes/extra-{i}.txt").write_text(
            f"Extra note {i}. Site {i} adds {i * 10} megawatts of capacity. " * 40)
    marker = tmp_path / "embedding-started"
    proc = start_slow_build(settings, marker)
    kill_when_embedding(proc, marker)
    assert proc.returncode == -signal.SIGKILL

    # queries still answer, from the last complete generation
    assert counts(settings) == before
    assistant = Assistant(settings, embedder=embedder)
    answer = assistant.ask("How much dark fiber did Borealis Fiber light in 2024?")
    assert answer.index_generation == first.generation and answer.sources
    assistant.close()

    # the next run finishes the job, exactly like a clean build of the same corpus
    resumed = build_index(settings, embedder, progress=False)
    assert len(resumed.added) == 30
    clean = Settings(corpus_dir=settings.corpus_dir, index_dir=tmp_path / "clean-index", cache_dir=tmp_path / "c2")
    reference = build_index(clean, HashEmbedder(), progress=False)
    vectors, rows, unique, _ = counts(settings)
    assert resumed.total_chunks == reference.total_chunks == vectors == rows == unique


def test_sigkill_during_the_very_first_build_leaves_no_index_and_a_clear_message(settings, tmp_path):
    from infrascope.generations import NoIndex

    marker = tmp_path / "embedding-started"
    proc = start_slow_build(settings, marker)
    kill_when_embedding(proc, marker)
    with pytest.raises(NoIndex, match="infrascope index"):
        IndexReader(settings).current()
    report = build_index(settings, HashEmbedder(), progress=False)
    assert report.total_chunks == counts(settings)[0] > 0
