"""Incremental rebuild: seconds to bring the index up to date after no change, one file changed, one
added and one removed, on a temporary copy of ../shared/corpus (never the shared folder itself).

The starting index is a copy of a full index of that corpus (bench/out/default-index, built once if
missing): an index folder is self-contained and keyed by paths relative to the corpus, so the copy is
current for the corpus copy. The steps run with an EMPTY embedding cache, so "changed" and "added"
pay for every chunk of the file (the worst case; with the usual warm cache unchanged text is free).

    .venv/bin/python bench/incremental.py --record
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import append_results, describe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def _pick(corpus: Path, suffixes: tuple[str, ...], skip: frozenset[Path] = frozenset()) -> Path:
    """A typical file (the middle one by name, not the first) of the first suffix the corpus has."""
    for suffix in suffixes:
        files = sorted(p for p in corpus.rglob(f"*{suffix}") if p.is_file() and p not in skip)
        if files:
            return files[len(files) // 2]
    raise SystemExit(f"no {'/'.join(suffixes)} file in {corpus}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--index", type=Path, default=OUT / "default-index", help="full index of --corpus to copy")
    ap.add_argument("--cache", type=Path, default=OUT / "cache", help="cache used if --index must be built")
    ap.add_argument("--record", action="store_true", help="append the results to bench/RESULTS.md")
    args = ap.parse_args(argv)
    print(describe(), flush=True)

    from infrascope.config import Settings
    from infrascope.embedding import make_embedder
    from infrascope.indexer import build_index

    base = build_index(Settings(corpus_dir=args.corpus, index_dir=args.index, cache_dir=args.cache))
    print(f"starting index: {base.total_chunks} chunks", flush=True)
    with tempfile.TemporaryDirectory(prefix="infrascope-incremental-") as tmp:
        tmp = Path(tmp)
        corpus, index = tmp / "corpus", tmp / "index"
        shutil.copytree(args.corpus, corpus)
        shutil.copytree(args.index, index, ignore=shutil.ignore_patterns(".build.lock"))
        settings = Settings(corpus_dir=corpus, index_dir=index, cache_dir=tmp / "cache")
        embedder = make_embedder(settings)  # loaded once, outside the timings: a serving process has it
        embedder.embed(["warm up"])

        changed = _pick(corpus, (".md", ".txt"))
        added_src = _pick(corpus, (".pdf",))
        removed = _pick(corpus, (".pdf", ".html", ".txt"), frozenset({added_src, changed}))
        rows = []

        def step(label: str, what: str) -> None:
            r = build_index(settings, embedder, progress=False)
            detail = (f"+{r.chunks_added} / -{r.chunks_removed} chunks; added {len(r.added)}, changed "
                      f"{len(r.changed)}, removed {len(r.removed)}, failed {len(r.failed)}")
            rows.append((label, what, r.seconds, detail))
            print(f"{label}: {r.seconds:.2f}s ({detail})", flush=True)

        step("no change", "-")
        with changed.open("a", encoding="utf-8") as fh:
            fh.write("\n\nAn added paragraph for the incremental benchmark: the operator raised its 2026 "
                     "capacity target to 1.2 gigawatts across three campuses.\n")
        step("one file changed", f"`{changed.relative_to(corpus)}` (a paragraph appended)")
        added = added_src.with_name("added-" + added_src.name)
        shutil.copy2(added_src, added)
        step("one file added", f"`{added.relative_to(corpus)}` ({added.stat().st_size / 1e6:.1f} MB PDF)")
        removed.unlink()
        step("one file removed", f"`{removed.relative_to(corpus)}`")

    body = (f"Temporary copy of `{args.corpus}` ({base.total_chunks} chunks), index copied from `{args.index}`; "
            "empty embedding cache (changed/added files pay for every chunk); the model is loaded before the "
            "timings.\n\n| step | file | seconds | what the build did |\n|---|---|---|---|\n"
            + "\n".join(f"| {a} | {b} | {s:.2f} | {d} |" for a, b, s, d in rows))
    print(body)
    if args.record:
        append_results("Incremental rebuild", body)


if __name__ == "__main__":
    main()
