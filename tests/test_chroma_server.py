"""infrascope on a real Chroma server (`chroma run` from the venv, loopback, data in a temp folder):
the index + ask integration gives the same answers as the embedded store; two processes sharing the
server and the index folder answer identically and see each other's rebuilds; a machine without the
chunk table derives it from the server; generation GC (and a killed build) leave no stray collections;
a server that stops is a clear message, and answers resume when it is back."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from infrascope.assistant import Assistant
from infrascope.config import Settings
from infrascope.generations import IndexLayout
from infrascope.indexer import build_index
from infrascope.store import StoreError, collection_name

from .conftest import location_args
from .fakes import HashEmbedder

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "How much did Helion spend on capex in Q2 of fiscal 2025?",
    "How much dark fiber did Borealis Fiber light up in 2024?",
    "What is the total grant pot under the Quartz Chip Incentive Act?",
    "How much additional power will Orbital Grid bring online in Ohio, and by when?",
]


def chroma_binary() -> str:
    local = Path(sys.executable).parent / "chroma"
    found = str(local) if local.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("the `chroma` command is not installed (it ships with the chromadb package in the venv)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    """`chroma run` on a loopback port; started and stopped by the tests."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path, self.port, self.proc = path, port or free_port(), None
        self.log = path.with_suffix(".log")

    def start(self, timeout: float = 60) -> ChromaServer:
        self.proc = subprocess.Popen(
            [
                chroma_binary(),
                "run",
                "--path",
                str(self.path),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"chroma run exited: {self.log.read_text()[-2000:]}"
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"no heartbeat from chroma run after {timeout} s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def collections(self) -> set[str]:
        import chromadb

        client = chromadb.HttpClient(
            host="127.0.0.1", port=self.port, settings=chromadb.config.Settings(anonymized_telemetry=False)
        )
        return {c.name for c in client.list_collections()}


def server_collection_ef(server, name: str) -> int:
    """The HNSW search breadth the server's collection `name` is configured with."""
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=server.port,
                                 settings=chromadb.config.Settings(anonymized_telemetry=False))
    return client.get_collection(name).configuration["hnsw"]["ef_search"]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "data").start()
    yield server
    server.stop()


@pytest.fixture
def on_server(settings, chroma_server) -> Settings:
    return settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server.port})


def facts(answer) -> dict:
    return {
        "answer": answer.answer,
        "refused": answer.refused,
        "generation": answer.index_generation,
        "citations": [(c.path, c.page, c.quote) for c in answer.citations],
        "sources": [h.chunk_id for h in answer.sources],
    }


@pytest.mark.model
def test_index_and_ask_on_the_server_match_the_embedded_store(
    on_server, fixture_index, model_embedder, chroma_server
):
    report = build_index(on_server, model_embedder, progress=False)
    assert not report.failed and report.total_chunks > 0
    gen = IndexLayout(on_server.index_dir).require_current()
    assert (
        gen.manifest["store"] == "server" and not (gen.path / "chroma").exists()
    )  # vectors live on the server
    assert collection_name(gen.name) in chroma_server.collections()
    assert server_collection_ef(chroma_server, collection_name(gen.name)) == on_server.retrieval.hnsw_ef_search
    server_side, embedded = (
        Assistant(on_server, embedder=model_embedder),
        Assistant(fixture_index, embedder=model_embedder),
    )
    for q in QUESTIONS:
        a, b = facts(server_side.ask(q)), facts(embedded.ask(q))
        a.pop("generation"), b.pop("generation")
        assert a == b, q
        assert not a["refused"]
    server_side.close()
    embedded.close()


CHILD = r"""
import json, sys
from infrascope.assistant import Assistant
from infrascope.config import Settings
from tests.fakes import HashEmbedder
assistant = Assistant(Settings(), embedder=HashEmbedder())  # INFRASCOPE_* from the environment
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    cmd = json.loads(line)
    if cmd["op"] == "ask":
        a = assistant.ask(cmd["question"])
        out = {"answer": a.answer, "refused": a.refused, "generation": a.index_generation,
               "citations": [[c.path, c.page, c.quote] for c in a.citations],
               "sources": [h.chunk_id for h in a.sources]}
    else:
        r = assistant.index(progress=False)
        out = {"generation": r.generation, "added": r.added}
    print(json.dumps(out), flush=True)
"""


class Peer:
    """Another app process: its own Assistant on the shared server and index folder."""

    def __init__(self, s: Settings) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "INFRASCOPE_CORPUS_DIR": str(s.corpus_dir),
            "INFRASCOPE_INDEX_DIR": str(s.index_dir),
            "INFRASCOPE_CACHE_DIR": str(s.cache_dir),
            "INFRASCOPE_CHROMA_HOST": s.chroma_host,
            "INFRASCOPE_CHROMA_PORT": str(s.chroma_port),
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert json.loads(self.proc.stdout.readline())["ready"]

    def send(self, **cmd) -> dict:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "the peer process died"
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(30)


def test_two_processes_share_the_server_answer_identically_and_see_each_others_rebuild(on_server):
    first = build_index(on_server, HashEmbedder(), progress=False)
    a, b = Peer(on_server), Peer(on_server)
    try:
        for q in QUESTIONS:
            ra, rb = a.send(op="ask", question=q), b.send(op="ask", question=q)
            assert ra == rb and ra["generation"] == first.generation and ra["sources"]
        (on_server.corpus_dir / "notes/kestrel.txt").write_text(
            "Kestrel Turbines delivered 31 gas turbines to data-center campuses in 2025."
        )
        rebuilt = a.send(op="index")
        assert rebuilt["added"] == ["notes/kestrel.txt"] and rebuilt["generation"] != first.generation
        q = "How many gas turbines did Kestrel Turbines deliver in 2025?"
        rb, ra = b.send(op="ask", question=q), a.send(op="ask", question=q)
        assert rb == ra and rb["generation"] == rebuilt["generation"]  # B sees A's rebuild, no restart
        assert (
            rb["citations"]
            and rb["citations"][0][0] == "notes/kestrel.txt"
            and "31 gas turbines" in rb["answer"]
        )
    finally:
        a.close()
        b.close()


def test_a_machine_without_the_chunk_table_derives_it_from_the_server(on_server, tmp_path):
    build_index(on_server, HashEmbedder(), progress=False)
    other = on_server.model_copy(update={"index_dir": tmp_path / "other-machine-index"})
    shutil.copytree(on_server.index_dir, other.index_dir)
    for table in other.index_dir.glob("gen/*/chunks.sqlite"):
        table.unlink()  # only the manifest travels; the text and metadata come from the collection
    here, there = Assistant(on_server, embedder=HashEmbedder()), Assistant(other, embedder=HashEmbedder())
    for q in QUESTIONS:
        assert facts(here.ask(q)) == facts(there.ask(q))
    here.close()
    there.close()


def test_gc_keeps_two_collections_and_a_killed_build_leaves_none_behind(on_server, chroma_server, tmp_path):
    from .test_faults import CHILD as FAULT_CHILD
    from .test_faults import audit

    before = chroma_server.collections()
    generations = []
    for i in range(4):
        (on_server.corpus_dir / f"notes/round-{i}.txt").write_text(f"Round {i}: {i * 11} new racks in Utah.")
        generations.append(build_index(on_server, HashEmbedder(), progress=False).generation)
    ours = chroma_server.collections() - before
    kept = sorted(p.name for p in (on_server.index_dir / "gen").iterdir())
    assert kept == generations[-2:] and ours == {collection_name(g) for g in kept}

    for i in range(8):  # a build killed while writing vectors leaves a half-filled collection
        (on_server.corpus_dir / f"notes/more-{i}.txt").write_text(f"Note {i}: {i} megawatts in Iowa. " * 30)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "INFRASCOPE_CHROMA_HOST": "127.0.0.1",
        "INFRASCOPE_CHROMA_PORT": str(on_server.chroma_port),
        "INFRASCOPE_CACHE_DIR": str(on_server.cache_dir),
    }
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            FAULT_CHILD,
            "vectors",
            str(marker),
            str(tmp_path / "lock.log"),
            "index",
            "--quiet",
            *location_args(on_server),
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 90
    while not marker.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "the build never reached the vector write"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    orphans = chroma_server.collections() - before - ours
    assert len(orphans) == 1  # the dead build's collection, until the next build
    assert audit(on_server)["generation"] == generations[-1]  # the last complete state still answers

    done = build_index(on_server, HashEmbedder(), progress=False)
    assert len(done.added) == 8
    assert chroma_server.collections() - before == {
        collection_name(generations[-1]),
        collection_name(done.generation),
    }
    audit(on_server)


def test_a_server_that_stops_is_a_clear_message_and_answers_resume_when_it_is_back(settings, tmp_path):
    from click.testing import CliRunner

    from infrascope import embedding
    from infrascope.cli import main

    server = ChromaServer(tmp_path / "own-server").start()
    s = settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": server.port})
    try:
        build_index(s, HashEmbedder(), progress=False)
        assistant = Assistant(s, embedder=HashEmbedder())
        expected = facts(assistant.ask(QUESTIONS[1]))
        server.stop()
        with pytest.raises(StoreError, match="stopped answering"):
            assistant.ask(QUESTIONS[1])
        mp = pytest.MonkeyPatch()
        mp.setattr(embedding, "make_embedder", lambda _: HashEmbedder())
        mp.setenv("INFRASCOPE_CHROMA_HOST", "127.0.0.1")
        mp.setenv("INFRASCOPE_CHROMA_PORT", str(server.port))
        try:
            args = location_args(s)
            (s.corpus_dir / "notes/new.txt").write_text("A change, so the build needs the server.")
            for cmd in (["ask", QUESTIONS[1]], ["index", "--quiet"]):
                r = CliRunner().invoke(main, [*cmd, *args])
                assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output
                assert "cannot reach the Chroma server" in r.output and "chroma run" in r.output
        finally:
            mp.undo()
        server.start()  # same port, same data folder
        assert facts(assistant.ask(QUESTIONS[1])) == expected
        assistant.close()
    finally:
        server.stop()


def test_the_vector_search_held_to_chunks_naming_a_party_works_on_the_server(on_server):
    # (the clue party's passages are searched by meaning this way: retrieval.py; embedded: test_indexer.py)
    from infrascope.index_reader import IndexReader

    embedder = HashEmbedder()
    build_index(on_server, embedder, progress=False)
    reader = IndexReader(on_server)
    store = reader.current().store
    assert store.server
    vec = embedder.embed(["capital spending on data centers"])[0]
    held = store.query(vec, 10, containing=["Borealis", "BOREALIS"])
    docs = store.col.get(ids=[cid for cid, _ in held], include=["documents"])["documents"]
    assert docs and all("Borealis" in d or "BOREALIS" in d for d in docs)
    assert store.query(vec, 10, containing=["Qzxwv"]) == []
    reader.close()
