"""`infrascope eval`: score the assistant on a question set and write report.md + results.json.

A thin edge over `evaluation.run_eval`. Only click is imported here at module level (the heavy
modules load when the command runs), and nothing from `cli` is imported at import time, because
`cli` registers this command at its own end.
"""

from __future__ import annotations

from pathlib import Path

import click


def _cutoffs(ctx, param, value: str) -> list[int]:
    try:
        at = sorted({int(x) for x in value.split(",") if x.strip()})
    except ValueError:
        raise click.BadParameter("a comma-separated list of positive integers, e.g. 5,10") from None
    if not at or at[0] < 1 or at[-1] > 100:
        raise click.BadParameter("cut-offs must be between 1 and 100")
    return at


@click.command("eval", help="Measure retrieval (page/document recall, MRR at each --at) and answers (correct, "
                            "citation precision, refusals) on QUESTIONS: our JSONL ({id, question, gold_answer, "
                            "evidence: [{file, page}], answerable}) or FinanceBench's. Updates the index of "
                            "--corpus first. Writes report.md and results.json to --out; exits 0 whatever "
                            "the score.")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "jsonl", "financebench"]), default="auto",
              show_default=True, help="Question format; auto recognises FinanceBench records.")
@click.option("--at", "at", default="5,10", show_default=True, callback=_cutoffs,
              help="Cut-offs for recall and MRR.")
@click.option("--corpus", "corpus", type=click.Path(path_type=Path), default=None,
              help="Corpus folder [env INFRASCOPE_CORPUS_DIR; default corpus/].")
@click.option("--index", "index", type=click.Path(path_type=Path), default=None,
              help="Index folder [env INFRASCOPE_INDEX_DIR; default index/].")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("eval-out"),
              show_default=True, help="Folder for report.md and results.json.")
@click.option("--k", type=click.IntRange(1, 100), default=None,
              help="Passages retrieved per question (default 10; at least the largest --at).")
@click.option("--no-build", is_flag=True, help="Use the index as it is (e.g. one built elsewhere); "
                                               "do not update it from --corpus first.")
@click.option("--quiet", is_flag=True, help="No progress output.")
def eval_command(questions, fmt, at, corpus, index, out, k, no_build, quiet):
    from .cli import _settings, friendly_errors

    @friendly_errors
    def run():
        from .evaluation import run_eval
        from .evaluation_report import write_report

        result = run_eval(_settings(corpus, index), questions, fmt=fmt, at=at, k=k, build=not no_build,
                          progress=not quiet)
        md, js = write_report(result, out)
        s = result.summary
        click.echo(" ".join(f"page_recall@{a}={s[f'page_recall@{a}']}" for a in at)
                   + f" doc_recall@{at[0]}={s[f'doc_recall@{at[0]}']} mrr@{at[-1]}={s[f'mrr@{at[-1]}']}"
                   f" correct={s['answer_correct']} first_citation_on_gold_page={s['first_citation_on_gold_page']}")
        click.echo(f"wrote {md} and {js}")

    run()
