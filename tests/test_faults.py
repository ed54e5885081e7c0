"""Faults during a build, each in a real `infrascope index` process: SIGKILL while parsing, while writing
vectors, while writing the chunk table, after the manifest, and between the generation's rename and the
pointer switch; a full disk (injected at each writer, and a real small tmpfs where mounting is allowed);
two builds at once; a corrupt or missing store. Afterwards the last complete index answers, the next
build finishes the job, and vectors, chunk rows and manifest ids agree one to one (counted).

SIGKILL during embedding is in test_interrupted_build.py; corrupt manifests in test_indexer.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infrascope.assistant import Assistant
from infrascope.config import Settings
from infrascope.generations import IndexError_, IndexLayout
from infrascope.index_reader import IndexReader
from infrascope.indexer import build_index

from .conftest import location_args
from .fakes import HashEmbedder

ROOT = Path(__file__).resolve().parents[1]

# The real CLI in a child process, with the embedder replaced by the hashing fake and one fault hook
# installed: `stall()` signals the parent (a marker file) and waits to be killed.
CHILD = r"""
import os, sqlite3, sys, time, errno
from contextlib import contextmanager
from pathlib import Path

hook, marker, log = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
import infrascope.embedding
from tests.fakes import HashEmbedder

class Embedder(HashEmbedder):
    def embed(self, texts):
        if hook == "slow":
            marker.touch()
            time.sleep(0.25)
        return super().embed(texts)

infrascope.embedding.make_embedder = lambda settings: Embedder()
from infrascope import generations, indexer, lexical, store

def stall():
    marker.touch()
    time.sleep(120)
    os._exit(3)  # never reached in a passing test: the parent kills us first

def after(owner, name, nth=1):
    orig, calls = getattr(owner, name), [0]
    def wrapper(*a, **k):
        out = orig(*a, **k)
        calls[0] += 1
        if calls[0] == nth:
            stall()
        return out
    setattr(owner, name, wrapper)

def before(owner, name, nth=1):
    orig, calls = getattr(owner, name), [0]
    def wrapper(*a, **k):
        calls[0] += 1
        if calls[0] == nth:
            stall()
        return orig(*a, **k)
    setattr(owner, name, wrapper)

def fail(owner, name, exc):
    def wrapper(*a, **k):
        raise exc
    setattr(owner, name, wrapper)

indexer.EMBED_BATCH = 4  # several write steps per build, so a kill lands between two of them
if hook == "parse":
    before(indexer, "load_document", nth=3)
elif hook == "vectors":
    after(store.VectorStore, "add", nth=2)
elif hook == "table":
    after(lexical.ChunkTable, "add", nth=2)
elif hook == "manifest":
    after(indexer, "write_manifest")
elif hook == "publish":  # the generation renamed into place, the CURRENT pointer not yet switched
    def publish(self, name, staging):
        os.replace(staging, self.gens / name)
        stall()
    generations.IndexLayout.publish = publish
elif hook == "full-table":  # SQLite's own words for ENOSPC
    fail(lexical.ChunkTable, "add", sqlite3.OperationalError("database or disk is full"))
elif hook == "full-vectors":
    fail(store.VectorStore, "add", OSError(errno.ENOSPC, "No space left on device"))
elif hook == "full-chroma":
    from chromadb.errors import InternalError
    fail(store.VectorStore, "add", InternalError("Database error: (code: 13) database or disk is full"))

orig_lock = generations.IndexLayout.build_lock
@contextmanager
def logged_lock(self, wait=False):
    with orig_lock(self, wait):
        with log.open("a") as fh:
            fh.write(f"{os.getpid()} acquired\n")
        try:
            yield
        finally:
            with log.open("a") as fh:
                fh.write(f"{os.getpid()} released\n")
generations.IndexLayout.build_lock = logged_lock

from infrascope.cli import main
main(sys.argv[4:], prog_name="infrascope")
"""


def cli(
    hook: str, settings: Settings, tmp_path: Path, *extra: str, marker: Path | None = None
) -> subprocess.Popen:
    marker = marker or tmp_path / f"marker-{hook}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "INFRASCOPE_CACHE_DIR": str(settings.cache_dir)}
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            hook,
            str(marker),
            str(tmp_path / "lock.log"),
            "index",
            "--quiet",
            *location_args(settings),
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the build ended (rc {proc.returncode}) before the fault point:\n{out}\n{err}")
        assert time.monotonic() < deadline, "the build never reached the fault point"
        time.sleep(0.02)


def audit(settings: Settings) -> dict:
    """Counts of the current generation; fails on any duplicate or orphan between the three records."""
    layout = IndexLayout(settings.index_dir)
    gen = layout.require_current()
    reader = IndexReader(settings)
    og = reader.current()
    table_ids = og.table.all_ids()
    store_ids = og.store.col.get(include=[])["ids"]
    vectors = og.store.count()
    reader.close()
    manifest_ids = [cid for f in gen.manifest["files"].values() for cid in f["chunk_ids"]]
    assert len(table_ids) == len(set(table_ids)), "duplicated chunk rows"
    assert len(store_ids) == len(set(store_ids)) == vectors, "duplicated vectors"
    assert len(manifest_ids) == len(set(manifest_ids)), "a chunk id listed twice in the manifest"
    assert set(table_ids) == set(store_ids) == set(manifest_ids), "orphaned chunks"
    assert gen.manifest["total_chunks"] == vectors
    return {"generation": gen.name, "chunks": vectors, "ids": frozenset(table_ids)}


def change_corpus(corpus: Path) -> None:
    """New files (enough for several write steps), one changed, one removed."""
    for i in range(12):
        (corpus / f"notes/site-{i}.txt").write_text(
            f"Site note {i}. The Kestrel-{i} campus adds {100 + i} megawatts of capacity in 2026. " * 12
        )
    notes = corpus / "notes/analyst-notes.txt"
    notes.write_text(notes.read_text() + "\nBorealis Fiber also signed a 12-year lease in Duluth.\n")
    (corpus / "web/orbital-grid.html").unlink()


def asks_from(settings: Settings, generation: str) -> None:
    a = Assistant(settings, embedder=HashEmbedder())
    answer = a.ask("How much dark fiber did Borealis Fiber light in 2024?")
    a.close()
    assert answer.index_generation == generation and "2,300 route-miles" in answer.answer


@pytest.mark.parametrize("point", ["parse", "vectors", "table", "manifest", "publish"])
def test_sigkill_at_each_build_stage_keeps_the_last_index_and_the_next_build_completes(
    settings, tmp_path, point
):
    first = build_index(settings, HashEmbedder(), progress=False)
    before = audit(settings)
    change_corpus(settings.corpus_dir)

    proc = cli(point, settings, tmp_path)
    wait_for(tmp_path / f"marker-{point}", proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert audit(settings) == before  # the last complete generation, untouched
    asks_from(settings, first.generation)

    resumed = build_index(settings, HashEmbedder(), progress=False)
    assert len(resumed.added) == 12 and resumed.changed == ["notes/analyst-notes.txt"]
    assert resumed.removed == ["web/orbital-grid.html"]
    after = audit(settings)
    clean = Settings(corpus_dir=settings.corpus_dir, index_dir=tmp_path / "clean", cache_dir=tmp_path / "c2")
    build_index(clean, HashEmbedder(), progress=False)
    assert after["ids"] == audit(clean)["ids"]  # exactly what a clean build of this corpus holds
    assert not [p for p in (settings.index_dir / "gen").iterdir() if p.name.endswith(".staging")]
    a = Assistant(settings, embedder=HashEmbedder())
    answer = a.ask("How many megawatts does the Kestrel-7 campus add?")
    assert answer.index_generation == resumed.generation and "107 megawatts" in answer.answer
    a.close()


@pytest.mark.parametrize("hook", ["full-table", "full-vectors", "full-chroma"])
def test_disk_full_during_a_build_is_one_clear_line_and_the_old_index_answers(settings, tmp_path, hook):
    first = build_index(settings, HashEmbedder(), progress=False)
    before = audit(settings)
    change_corpus(settings.corpus_dir)
    out, err = cli(hook, settings, tmp_path).communicate(timeout=120)
    assert "Traceback" not in err + out
    assert "disk holding" in err and "is full" in err and "previous index is untouched" in err, err
    assert audit(settings) == before
    asks_from(settings, first.generation)
    assert sorted(p.name for p in (settings.index_dir / "gen").iterdir()) == [first.generation]


@pytest.fixture
def small_disk(tmp_path):
    """A real 16 MB tmpfs (tests run as root here); skipped where mounting is not allowed."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root and mount(8); the injected disk-full tests cover this")
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], capture_output=True, text=True
    )
    if r.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here ({r.stderr.strip()}); the injected disk-full tests cover this"
        )
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_a_really_full_disk_fails_cleanly_and_the_build_completes_once_space_is_freed(
    settings, tmp_path, small_disk
):
    settings.index_dir = small_disk / "index"
    first = build_index(settings, HashEmbedder(), progress=False)
    before = audit(settings)
    used = shutil.disk_usage(small_disk).used
    # room for less than a second copy of the generation: the next build cannot fit
    subprocess.run(["mount", "-o", f"remount,size={int(used * 1.5) // 1024}k", str(small_disk)], check=True)
    change_corpus(settings.corpus_dir)
    proc = cli("none", settings, tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "Traceback" not in err + out
    assert "is full" in err and "previous index is untouched" in err, err
    assert audit(settings) == before
    asks_from(settings, first.generation)

    subprocess.run(["mount", "-o", "remount,size=16m", str(small_disk)], check=True)
    proc = cli("none", settings, tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert audit(settings)["chunks"] > before["chunks"]


def test_two_builds_at_once_the_second_refuses_or_waits_and_they_never_interleave(settings, tmp_path):
    change_corpus(settings.corpus_dir)  # enough work to hold the lock for a few seconds
    first = cli("slow", settings, tmp_path)
    wait_for(tmp_path / "marker-slow", first)

    refused = cli("none", settings, tmp_path)
    out, err = refused.communicate(timeout=60)
    assert refused.returncode == 1 and "Traceback" not in err
    assert "another `infrascope index`" in err and "--wait" in err, err
    assert first.poll() is None  # the refusal did not wait for the first build

    waiter = cli("none", settings, tmp_path, "--wait")
    out_first, err_first = first.communicate(timeout=120)
    out_wait, err_wait = waiter.communicate(timeout=120)
    assert first.returncode == 0, err_first
    assert waiter.returncode == 0, err_wait
    assert "added 0, changed 0, removed 0" in out_wait  # it found the first build's work done
    events = (tmp_path / "lock.log").read_text().split("\n")[:-1]
    pid_a, pid_c = str(first.pid), str(waiter.pid)
    assert events == [f"{pid_a} acquired", f"{pid_a} released", f"{pid_c} acquired", f"{pid_c} released"]
    audit(settings)


@pytest.mark.parametrize("damage", ["chroma-garbage", "chroma-missing", "chunks-garbage"])
def test_a_corrupt_store_is_a_clear_message_and_rebuild_recovers(settings, tmp_path, damage):
    from click.testing import CliRunner

    from infrascope import embedding
    from infrascope.cli import main

    build_index(settings, HashEmbedder(), progress=False)
    gen = IndexLayout(settings.index_dir).require_current()
    if damage == "chroma-garbage":
        (gen.path / "chroma" / "chroma.sqlite3").write_bytes(b"not a database " * 500)
    elif damage == "chroma-missing":
        shutil.rmtree(gen.path / "chroma")
    else:
        (gen.path / "chunks.sqlite").write_bytes(b"not a database " * 500)

    with pytest.raises(IndexError_, match="--rebuild"):
        Assistant(settings, embedder=HashEmbedder()).ask("How much dark fiber did Borealis Fiber light?")

    args = location_args(settings)
    mp = pytest.MonkeyPatch()
    mp.setattr(embedding, "make_embedder", lambda s: HashEmbedder())
    try:
        r = CliRunner().invoke(main, ["ask", "How much dark fiber did Borealis Fiber light?", *args])
        assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
        assert "cannot be read" in r.output and "infrascope index --rebuild" in r.output
        r = CliRunner().invoke(main, ["index", "--rebuild", "--quiet", *args])
        assert r.exit_code == 0, r.output
    finally:
        mp.undo()
    audit(settings)
    asks_from(settings, IndexLayout(settings.index_dir).current_name())
