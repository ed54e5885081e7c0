"""`infrascope corpus fetch`: fill corpus/ with the default corpus listed in a `sources.tsv`
(path, bytes, sha256, origin_url), copying from a mirror folder or downloading from each entry's
origin where that URL serves the file itself. Every file is checked against its sha256 and written
atomically; a file that fails its check is refused and nothing of it is left behind."""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .corpus_scan import sha256_file

EXTRA_FILES = (".infrascopeignore",)  # copied when present so the corpus keeps its own ignore rules


@dataclass
class FetchReport:
    copied: list[str] = field(default_factory=list)
    downloaded: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def _safe_rel(rel: str) -> PurePosixPath:
    p = PurePosixPath(rel)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise ValueError(f"unsafe path in sources.tsv: {rel!r}")
    return p


def read_sources(tsv: Path) -> list[dict[str, str]]:
    with tsv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for i, row in enumerate(rows, start=2):
        if not row.get("path") or not row.get("sha256"):
            raise ValueError(f"{tsv}:{i}: every row needs a path and a sha256")
    return rows


def _install(tmp: Path, dest: Path, expected: str) -> str | None:
    got = sha256_file(tmp)
    if got != expected:
        tmp.unlink(missing_ok=True)
        return f"sha256 mismatch (expected {expected[:12]}…, got {got[:12]}…)"
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, dest)
    return None


def _download(url: str, tmp: Path, timeout: float) -> None:
    import httpx

    with httpx.stream("GET", url, follow_redirects=True, timeout=timeout) as r:
        r.raise_for_status()
        with tmp.open("wb") as fh:
            for chunk in r.iter_bytes():
                fh.write(chunk)


def serves_file(url: str) -> bool:
    """Only origins that are the file itself (the 10-Q PDFs); policy URLs are web pages, not the Markdown."""
    return url.lower().split("?")[0].endswith((".pdf", ".txt", ".md", ".html"))


def fetch_corpus(dest: Path, mirror: Path | None, sources: Path | None = None, download: bool = False,
                 timeout: float = 60.0, on_file: Callable[[str], None] | None = None) -> FetchReport:
    tsv = sources or (mirror / "sources.tsv" if mirror else None)
    if tsv is None or not tsv.is_file():
        raise FileNotFoundError(f"no sources.tsv at {tsv}; pass --mirror DIR (a copy of the default corpus) "
                                "or --sources FILE")
    rows = read_sources(tsv)
    dest.mkdir(parents=True, exist_ok=True)
    report = FetchReport()
    for row in rows:
        rel = _safe_rel(row["path"])
        target = dest / rel
        if on_file:
            on_file(str(rel))
        if target.is_file() and sha256_file(target) == row["sha256"]:
            report.present.append(str(rel))
            continue
        fd, name = tempfile.mkstemp(prefix=".fetch-", dir=dest)
        os.close(fd)
        tmp = Path(name)
        try:
            source = mirror / rel if mirror else None
            if source is not None and source.is_file() and not download:
                shutil.copyfile(source, tmp)
                how = report.copied
            elif row.get("origin_url") and serves_file(row["origin_url"]):
                try:
                    _download(row["origin_url"], tmp, timeout)
                except Exception as exc:  # noqa: BLE001 - network errors come in many types
                    report.refused.append((str(rel), f"download failed ({type(exc).__name__}: {exc})"))
                    continue
                how = report.downloaded
            else:
                report.refused.append((str(rel), "not in the mirror and its origin is not a direct file URL"))
                continue
            problem = _install(tmp, target, row["sha256"])
            if problem:
                report.refused.append((str(rel), problem))
            else:
                how.append(str(rel))
        finally:
            tmp.unlink(missing_ok=True)
    if mirror:
        for extra in EXTRA_FILES:
            if (mirror / extra).is_file() and not (dest / extra).exists():
                shutil.copyfile(mirror / extra, dest / extra)
        for lic in mirror.rglob("LICENSE*"):
            target = dest / lic.relative_to(mirror)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(lic, target)
    return report
