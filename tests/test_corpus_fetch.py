"""`infrascope corpus fetch`: copies from a mirror or downloads from origin URLs (a loopback HTTP
server here), checking each sha256; a file that fails its check is refused and not left behind."""

from __future__ import annotations

import hashlib
import http.server
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from infrascope.cli import main
from infrascope.corpus_fetch import fetch_corpus


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def mirror(tmp_path) -> Path:
    root = tmp_path / "mirror"
    (root / "sec").mkdir(parents=True)
    (root / "notes").mkdir()
    files = {"sec/a.pdf": b"%PDF-1.4 fake a", "notes/b.txt": b"Borealis lit 2,300 route-miles."}
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    (root / ".infrascopeignore").write_text("sources.tsv\n")
    rows = ["path\tbytes\tsha256\torigin_url"] + [f"{rel}\t{len(d)}\t{sha(d)}\t" for rel, d in files.items()]
    (root / "sources.tsv").write_text("\n".join(rows) + "\n")
    return root


@pytest.fixture
def http_origin(tmp_path):
    """A loopback HTTP server serving files from a folder (the 'origin' of the 10-Q PDFs)."""
    root = tmp_path / "origin"
    root.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_copies_from_a_mirror_checking_sha256(tmp_path, mirror):
    dest = tmp_path / "corpus"
    r = fetch_corpus(dest, mirror)
    assert sorted(r.copied) == ["notes/b.txt", "sec/a.pdf"] and not r.refused
    assert (dest / "sec/a.pdf").read_bytes() == b"%PDF-1.4 fake a"
    assert (dest / ".infrascopeignore").is_file()
    again = fetch_corpus(dest, mirror)
    assert sorted(again.present) == ["notes/b.txt", "sec/a.pdf"] and not again.copied


def test_a_file_that_fails_its_check_is_refused_and_not_written(tmp_path, mirror):
    (mirror / "notes/b.txt").write_bytes(b"tampered")
    dest = tmp_path / "corpus"
    r = fetch_corpus(dest, mirror)
    assert [rel for rel, _ in r.refused] == ["notes/b.txt"]
    assert "sha256 mismatch" in r.refused[0][1]
    assert not (dest / "notes/b.txt").exists()
    assert not list(dest.glob(".fetch-*"))  # no partial files left


def test_downloads_from_origin_urls_over_loopback(tmp_path, http_origin):
    origin, base = http_origin
    good, bad = b"%PDF-1.7 quarterly report", b"%PDF-1.7 something else"
    (origin / "q3.pdf").write_bytes(good)
    (origin / "q4.pdf").write_bytes(bad)
    tsv = tmp_path / "sources.tsv"
    tsv.write_text("path\tbytes\tsha256\torigin_url\n"
                   f"sec/q3.pdf\t{len(good)}\t{sha(good)}\t{base}/q3.pdf\n"
                   f"sec/q4.pdf\t{len(good)}\t{sha(good)}\t{base}/q4.pdf\n"
                   f"sec/gone.pdf\t1\t{sha(b'x')}\t{base}/missing.pdf\n")
    dest = tmp_path / "corpus"
    r = fetch_corpus(dest, None, sources=tsv, download=True)
    assert r.downloaded == ["sec/q3.pdf"]
    refused = dict(r.refused)
    assert "sha256 mismatch" in refused["sec/q4.pdf"] and "download failed" in refused["sec/gone.pdf"]
    assert (dest / "sec/q3.pdf").read_bytes() == good and not (dest / "sec/q4.pdf").exists()


def test_unsafe_paths_in_sources_are_refused(tmp_path):
    tsv = tmp_path / "sources.tsv"
    tsv.write_text("path\tbytes\tsha256\torigin_url\n../escape.txt\t1\tabc\t\n")
    with pytest.raises(ValueError, match="unsafe path"):
        fetch_corpus(tmp_path / "corpus", None, sources=tsv)


def test_cli_fetch_reports_and_fails_on_refusal(tmp_path, mirror):
    runner = CliRunner()
    ok = runner.invoke(main, ["corpus", "fetch", "--mirror", str(mirror), "--corpus", str(tmp_path / "c")])
    assert ok.exit_code == 0 and "2 copied" in ok.output
    (mirror / "sec/a.pdf").write_bytes(b"changed")
    bad = runner.invoke(main, ["corpus", "fetch", "--mirror", str(mirror), "--corpus", str(tmp_path / "d")])
    assert bad.exit_code == 1 and "REFUSED sec/a.pdf" in bad.output
