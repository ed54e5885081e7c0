"""The `infrascope` command: thin click commands over the library (index, ask, batch, eval, corpus).

Settings come from INFRASCOPE_* environment variables, then these options; every command takes
--corpus and --index. Known failures print one readable line (exit code 1), never a bare traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

HELP = """infrascope: answers about AI-infrastructure documents, with citations, offline.

\b
Typical use:
  infrascope corpus fetch          # fill corpus/ with the default corpus
  infrascope index                 # build or update the index (incremental)
  infrascope ask "What was NVIDIA's data-center revenue in Q3 FY2024?"
  infrascope batch questions.jsonl --out answers.md
"""


def _settings(corpus: Path | None, index: Path | None, **overrides):
    from .config import Settings

    s = Settings()
    if corpus is not None:
        s.corpus_dir = corpus
    if index is not None:
        s.index_dir = index
    for key, value in overrides.items():
        if value is not None:
            section, _, field = key.partition(".")
            setattr(getattr(s, section), field, value) if field else setattr(s, key, value)
    return s


def paths_options(f):
    f = click.option("--index", "index", type=click.Path(path_type=Path), default=None,
                     help="Index folder [env INFRASCOPE_INDEX_DIR; default index/].")(f)
    f = click.option("--corpus", "corpus", type=click.Path(path_type=Path), default=None,
                     help="Corpus folder [env INFRASCOPE_CORPUS_DIR; default corpus/].")(f)
    return f


def filter_options(f):
    for opt in reversed([
        click.option("--k", type=click.IntRange(1, 100), default=None, help="Passages retrieved (default 10)."),
        click.option("--source", multiple=True, help="Only this file or folder (relative to the corpus); repeatable."),
        click.option("--company", default=None, help="Only this company (name or ticker)."),
        click.option("--type", "doc_type", default=None, help="Only this document type (10-Q, 10-K, policy, article)."),
        click.option("--since", default=None, help="Only documents dated on or after YYYY-MM-DD."),
        click.option("--until", default=None, help="Only documents dated on or before YYYY-MM-DD."),
        click.option("--mode", type=click.Choice(["extractive", "openai"]), default=None,
                     help="extractive (default; no LLM writes it, and with INFRASCOPE_LLM_BASE_URL/MODEL set "
                     "the LLM checks its lead sentence, yes or no, unless INFRASCOPE_ANSWER__LLM_CHECK=false) "
                     "or openai (the LLM writes the answer from the passages)."),
    ]):
        f = opt(f)
    return f


def friendly_errors(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from .assistant import QuestionError
        from .generations import IndexError_
        from .store import StoreError

        try:
            return f(*args, **kwargs)
        except (IndexError_, StoreError, QuestionError, FileNotFoundError, ValueError) as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("interrupted; the index is unchanged where the build had not finished", err=True)
            sys.exit(130)
        except OSError as exc:
            raise click.ClickException(f"{exc.strerror or exc} ({exc.filename or ''}); "
                                       "nothing already stored was changed") from None
    return wrapper


def _filters(source, company, doc_type, since, until):
    from .retrieval import Filters

    return Filters(source=list(source), company=company, doc_type=doc_type, since=since, until=until)


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    pass


@main.command(help="Build or update the index: only new, changed and deleted files are processed.")
@paths_options
@click.option("--rebuild", is_flag=True, help="Ignore the current index and build from scratch.")
@click.option("--json", "as_json", is_flag=True, help="Print the change report as one JSON object.")
@click.option("--wait", is_flag=True, help="If another build holds the index, wait for it instead of refusing.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--no-sentence-vectors", "skip_sentences", is_flag=True,
              help="Do not embed the reranker's sentences after the build (each is then embedded the first time a "
                   "question needs it: slower first answers, a faster build).")
@friendly_errors
def index(corpus, index, rebuild, as_json, wait, quiet, skip_sentences):
    from .embedding import make_embedder
    from .indexer import build_index
    from .render import report_text, sentence_vectors_text
    from .sentence_vectors import SentenceVectorReport, prepare_sentence_vectors

    settings = _settings(corpus, index)
    embedder = make_embedder(settings)
    progress = not quiet and not as_json
    report = build_index(settings, embedder, rebuild=rebuild, wait=wait, progress=progress)
    if not as_json:
        click.echo(report_text(report))  # the index answers from here on
    try:
        sentences = SentenceVectorReport(skipped="--no-sentence-vectors") if skip_sentences else \
            prepare_sentence_vectors(settings, embedder, progress=progress)
    except KeyboardInterrupt:
        # (the build is published: only the head start for questions stops here)
        click.echo("interrupted while embedding the reranker's sentences: the index is up to date; the sentences "
                   "not yet embedded are embedded when a question first needs them", err=True)
        raise SystemExit(130) from None
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "sentence_vectors": sentences.to_dict()}))
    elif sentences.embedded:
        click.echo(sentence_vectors_text(sentences))


@main.command(help="Answer one question with citations (file, page, quote), or say the sources don't.")
@click.argument("question")
@paths_options
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print the Answer as one JSON object.")
@friendly_errors
def ask(question, corpus, index, k, source, company, doc_type, since, until, mode, as_json):
    from .assistant import Assistant
    from .render import answer_text

    assistant = Assistant.from_settings(_settings(corpus, index))
    answer = assistant.ask(question, k=k, filters=_filters(source, company, doc_type, since, until), mode=mode)
    click.echo(answer.to_json() if as_json else answer_text(answer))


@main.command(help="Answer many questions: QUESTIONS is .jsonl ({id, question}), .csv (a question column) or "
                   ".txt (one per line); --out is .jsonl, .csv or .md. Re-running with the same --out resumes.")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Answers file (.jsonl, .csv or .md).")
@paths_options
@filter_options
@friendly_errors
def batch(questions, out, corpus, index, k, source, company, doc_type, since, until, mode):
    from .batch_runner import run_batch

    summary = run_batch(_settings(corpus, index), questions, out, k=k,
                        filters=_filters(source, company, doc_type, since, until), mode=mode)
    click.echo(summary)


@main.group(help="Manage the corpus folder.")
def corpus() -> None:
    pass


@corpus.command("fetch", help="Copy the default corpus into corpus/ from a mirror folder (default "
                              "../shared/corpus), checking every sha256; --download fetches files whose "
                              "origin URL serves them directly.")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None)
@click.option("--mirror", type=click.Path(path_type=Path), default=Path("../shared/corpus"), show_default=True)
@click.option("--sources", type=click.Path(path_type=Path), default=None,
              help="sources.tsv to follow (default: the mirror's).")
@click.option("--download", is_flag=True, help="Download from origin URLs instead of copying from the mirror.")
@friendly_errors
def corpus_fetch(corpus_dir, mirror, sources, download):
    from .corpus_fetch import fetch_corpus

    settings = _settings(corpus_dir, None)
    mirror = mirror if mirror and mirror.is_dir() else None
    report = fetch_corpus(settings.corpus_dir, mirror, sources, download=download)
    click.echo(f"{len(report.copied)} copied, {len(report.downloaded)} downloaded, {len(report.present)} already "
               f"present, {len(report.refused)} refused -> {settings.corpus_dir}")
    for rel, why in report.refused:
        click.echo(f"  REFUSED {rel}: {why}", err=True)
    if report.refused:
        sys.exit(1)


@main.command(help="Show what is indexed: documents, pages, chunks, dates, failures.")
@paths_options
@click.option("--json", "as_json", is_flag=True)
@friendly_errors
def status(corpus, index, as_json):
    from .library import library_summary

    summary = library_summary(_settings(corpus, index))
    if as_json:
        click.echo(json.dumps(summary))
        return
    click.echo(f"generation {summary['generation']}: {summary['documents']} documents, {summary['pages']} pages, "
               f"{summary['chunks']} chunks")
    for d in summary["files"]:
        click.echo(f"  {d['path']}  {d['doc_type'] or ''} {d['company'] or ''} {d['doc_date'] or ''} "
                   f"({d['pages']} p, {d['chunks']} chunks)")
    for f in summary["failed"]:
        click.echo(f"  FAILED {f['path']}: {f['reason']}")


from .cli_eval import eval_command; main.add_command(eval_command)  # noqa: E402, E702
if __name__ == "__main__":
    main()
