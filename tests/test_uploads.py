"""Uploads from the browser: only plain, supported, honest files land, and only inside corpus/uploads/."""

from __future__ import annotations

import os

import pytest

from infrascope.uploads import UploadError, UploadPolicy, check_content, safe_name, save_uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(tmp_path, name: str, data: bytes):
    src = tmp_path / "incoming" / name
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_bytes(data)
    return src


@pytest.mark.parametrize("given, stored", [
    ("report.pdf", "report.pdf"),
    ("Q3 résumé (final).PDF", "Q3_resume_final.pdf"),
    ("notes.TXT", "notes.txt"),
    ("a..b.md", "a..b.md"),
    ("émoji 🚀.html", "emoji.html"),
    ("x" * 300 + ".md", "x" * 117 + ".md"),
])
def test_safe_names(given, stored):
    assert safe_name(given) == stored


@pytest.mark.parametrize("given, reason", [
    ("../evil.md", "folders"),
    ("..", "hidden"),
    ("/etc/passwd.txt", "absolute"),
    ("\\\\server\\share.txt", "absolute"),
    ("C:\\Users\\x.txt", "absolute"),
    ("sub/dir/file.md", "folders"),
    ("..\\..\\x.md", "folders"),
    (".bashrc.txt", "hidden"),
    ("docs.zip", "archives"),
    ("docs.tar.gz", "archives"),
    ("run.exe", "unsupported"),
    ("noext", "no extension"),
    ("", "no name"),
    ("a\x00.md", "NUL"),
])
def test_unsafe_names_are_refused(given, reason):
    with pytest.raises(UploadError, match=reason):
        safe_name(given)


@pytest.mark.parametrize("head, ext, ok", [
    (PDF, ".pdf", True),
    (b"<html>not a pdf", ".pdf", False),
    (b"# Title\nplain markdown", ".md", True),
    (b"\x89PNG\r\n\x1a\n....", ".txt", False),
    (b"PK\x03\x04zip inside", ".md", False),
    (PDF, ".txt", False),
    (b"text with a \x00 byte", ".txt", False),
    ("caf\u00e9 latin".encode("latin-1"), ".txt", True),
])
def test_content_must_match_extension(head, ext, ok):
    if ok:
        check_content(head, ext)
    else:
        with pytest.raises(UploadError):
            check_content(head, ext)


def test_saves_into_the_upload_folder_only(tmp_path, corpus_dir):
    batch = [("new note.md", _file(tmp_path, "a.md", b"# Fact\nZephyr Labs has 12 sites.\n")),
             ("report.pdf", _file(tmp_path, "b.pdf", PDF)),
             ("../../escape.md", _file(tmp_path, "c.md", b"x")),
             ("fake.pdf", _file(tmp_path, "d.pdf", b"hello"))]
    before = {p: sorted(os.listdir(tmp_path / p)) for p in os.listdir(tmp_path) if p != "corpus"}
    res = save_uploads(batch, corpus_dir)
    assert res.saved == ["uploads/new_note.md", "uploads/report.pdf"]
    assert [name for name, _ in res.refused] == ["../../escape.md", "fake.pdf"]
    assert (corpus_dir / "uploads" / "new_note.md").read_bytes().startswith(b"# Fact")
    # nothing written beside the corpus
    assert {p: sorted(os.listdir(tmp_path / p)) for p in os.listdir(tmp_path) if p != "corpus"} == before
    assert not list((corpus_dir / "uploads").glob(".upload-*"))  # no temp files left behind


def test_same_content_is_not_duplicated_and_a_new_one_gets_a_suffix(tmp_path, corpus_dir):
    src = _file(tmp_path, "n.txt", b"first version")
    assert save_uploads([("n.txt", src)], corpus_dir).saved == ["uploads/n.txt"]
    again = save_uploads([("n.txt", src)], corpus_dir)
    assert again.saved == [] and again.unchanged == ["uploads/n.txt"]
    other = save_uploads([("n.txt", _file(tmp_path, "m.txt", b"second version"))], corpus_dir)
    assert other.saved == ["uploads/n-2.txt"]
    assert (corpus_dir / "uploads" / "n.txt").read_bytes() == b"first version"


def test_limits_on_size_emptiness_and_count(tmp_path, corpus_dir):
    policy = UploadPolicy(max_bytes=10, max_files=2)
    res = save_uploads([("big.txt", _file(tmp_path, "big.txt", b"x" * 11)),
                        ("empty.txt", _file(tmp_path, "e.txt", b""))], corpus_dir, policy)
    assert res.saved == []
    assert "limit" in res.refused[0][1] and "empty" in res.refused[1][1]
    many = [(f"f{i}.txt", _file(tmp_path, f"f{i}.txt", b"hi")) for i in range(3)]
    with pytest.raises(UploadError, match="at most 2"):
        save_uploads(many, corpus_dir, policy)
    assert not (corpus_dir / "uploads").exists()


def test_a_symlinked_upload_folder_cannot_redirect_writes(tmp_path, corpus_dir):
    outside = tmp_path / "outside"
    outside.mkdir()
    (corpus_dir / "uploads").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UploadError, match="outside the corpus"):
        save_uploads([("a.txt", _file(tmp_path, "a.txt", b"hello"))], corpus_dir)
    assert list(outside.iterdir()) == []


def test_an_uploaded_file_is_indexed(tmp_path, settings, fake_embedder):
    from infrascope.indexer import build_index
    from infrascope.library import library_summary

    build_index(settings, fake_embedder, progress=False)
    res = save_uploads([("zephyr.md", _file(tmp_path, "z.md", b"# Zephyr\n\nZephyr Labs runs 12 sites.\n"))],
                       settings.corpus_dir, UploadPolicy.from_settings(settings))
    report = build_index(settings, fake_embedder, progress=False)
    assert report.added == res.saved == ["uploads/zephyr.md"]
    assert "uploads/zephyr.md" in {f["path"] for f in library_summary(settings)["files"]}
