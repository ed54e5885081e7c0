"""`infrascope eval`: the pure metrics (table-driven), the question formats, the report, and one run end
to end over the test corpus with the real model."""

from __future__ import annotations

import json

import pytest

from infrascope.evaluation import (
    EvalRun,
    Evidence,
    Passage,
    Question,
    Response,
    contains_figure,
    evaluate,
    figures,
    first_rank,
    gold_figures,
    in_gold_doc,
    is_correct,
    load_questions,
    numbers_match,
    reciprocal_rank,
    same_file,
    score,
    summarise,
)
from infrascope.evaluation_report import report_markdown

from .conftest import location_args

# ---- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, values", [
    ("$1577.00", [1577.0]),
    ("$1,577 million", [1577.0]),
    ("(1,577)", [1577.0]),
    ("grew 64% to $4.8 billion", [64.0, 4.8]),
    ("FY2018 capex", []),  # a year glued to a prefix is not a figure
    ("", []),
])
def test_figures_are_parsed_with_signs_commas_and_symbols_dropped(text, values):
    assert [f.value for f in figures(text)] == values


@pytest.mark.parametrize("gold, text, same", [
    ("$1577.00", "Purchases of PP&E (1,577) (1,373)", True),  # table in millions, outflow in parentheses
    ("$1.577 billion", "capex was $1,577 million", True),
    ("$1.6 billion", "capex was 1,577", False),  # 1.4% off: outside the 1% tolerance
    ("$4,812 million", "$4.81 billion", True),  # rounding within 1%
    ("0.66", "a ratio of 66%", True),
    ("65.4%", "margin of 65.4 percent", True),
    ("$8.70", "$8.07", False),
    ("71.3%", "58.9% in the prior year", False),
    ("$2.6 billion", "2,600 (in millions)", True),
    ("$999 million", "revenue [1] grew [2]", False),  # citation markers are not figures
    ("$999 million", "about 1 in 3", False),  # 0.999 billion is not "1": one-digit figures match exactly
    ("$1 billion", "$1,000 million", True),
])
def test_numbers_match_after_normalising(gold, text, same):
    assert contains_figure(text, gold_figures(gold)[0]) is same


def test_years_are_not_gold_figures_but_comma_numbers_are():
    assert [f.value for f in gold_figures("In FY 2019, $2,019 million")] == [2019.0]
    assert numbers_match(figures("5%")[0], figures("0.05")[0])


# ---- answer correctness ------------------------------------------------------------------------


@pytest.mark.parametrize("answer, gold, correct", [
    ("Capex was (1,577) [1].", "$1577.00", True),
    ("Capex was (1,373) [1].", "$1577.00", False),
    ("Margin improved from 40.0% to 42.5%.", "40% to 42.5%", True),
    ("Margin improved to 42.5%.", "40% to 42.5%", False),  # every figure of a short gold is needed
    ("Kestrel Turbines supplies the generation equipment.", "Kestrel Turbines", True),
    ("Orbital Grid supplies its own turbines.", "Kestrel Turbines", False),
    ("The company's strongest segment was consumer health, driven by pricing and volume growth.",
     "Consumer health segment, driven by pricing and volume", True),
    ("No, the company is not capital intensive.", "Yes, the company is capital intensive.", False),
    ("Yes. Its capital intensity is high because of large property investments.",
     "Yes, the company is capital intensive with large property investments.", True),
])
def test_is_correct(answer, gold, correct):
    assert is_correct(answer, gold) is correct


# ---- retrieval metrics -------------------------------------------------------------------------


@pytest.mark.parametrize("path, gold, same", [
    ("reports/2024_Q2_HLCN.pdf", "2024_Q2_HLCN.pdf", True),  # base name
    ("reports/2024_Q2_HLCN.pdf", "reports/2024_Q2_HLCN.pdf", True),
    ("reports/2024_Q2_HLCN.pdf", "other/2024_Q2_HLCN.pdf", False),
    ("3M_2018_10K.pdf", "3m_2018_10k.pdf", True),
    ("3M_2018_10K.pdf", "3M_2022_10K.pdf", False),
])
def test_same_file(path, gold, same):
    assert same_file(path, gold) is same


GOLD = (Evidence("a.pdf", 3), Evidence("a.pdf", 7))


@pytest.mark.parametrize("passages, page_rank, doc_rank", [
    ([Passage("a.pdf", 3)], 1, 1),
    ([Passage("b.pdf", 3), Passage("a.pdf", 4), Passage("a.pdf", 7)], 3, 2),
    ([Passage("b.pdf", 3), Passage("a.pdf", 4)], None, 2),
    ([], None, None),
])
def test_first_rank_by_page_and_by_document(passages, page_rank, doc_rank):
    assert first_rank(passages, GOLD) == page_rank
    assert first_rank(passages, GOLD, in_gold_doc) == doc_rank


def test_evidence_without_a_page_matches_any_page_of_the_file():
    assert first_rank([Passage("x.md", None)], (Evidence("x.md"),)) == 1


@pytest.mark.parametrize("rank, k, rr", [(1, 5, 1.0), (4, 5, 0.25), (6, 5, 0.0), (None, 5, 0.0)])
def test_reciprocal_rank(rank, k, rr):
    assert reciprocal_rank(rank, k) == rr


# ---- scoring one reply and summarising ---------------------------------------------------------


def _q(**kw) -> Question:
    base = dict(id="q1", question="What was capex?", gold_answer="$1577.00", evidence=(Evidence("a.pdf", 3),))
    return Question(**{**base, **kw})


GOOD = Passage("a.pdf", 3, "Purchases of property, plant and equipment (1,577)")
NEAR = Passage("a.pdf", 4, "Depreciation 1,488")


@pytest.mark.parametrize("q, r, verdict, first_on_gold, precision", [
    (_q(), Response("Capex was (1,577) [1].", False, [NEAR, GOOD], [GOOD]), "correct", True, 1.0),
    (_q(), Response("Depreciation 1,488 [1] (1,577) [2].", False, [NEAR, GOOD], [NEAR, GOOD]), "correct", False, 0.5),
    (_q(), Response("Depreciation 1,488 [1].", False, [NEAR], [NEAR]), "wrong", False, 0.0),
    (_q(), Response("The sources don't contain an answer.", True, [NEAR], []), "refused", False, None),
    (_q(answerable=False, gold_answer=None, evidence=()), Response("No.", True, [NEAR], []),
     "correct refusal", None, None),
    (_q(answerable=False, gold_answer=None, evidence=()), Response("It was 5 [1].", False, [NEAR], [NEAR]),
     "answered unanswerable", None, None),
    (_q(gold_answer=None), Response("Something [1].", False, [GOOD], [GOOD]), "answered", True, None),
    (_q(), Response("", False, [GOOD], [GOOD], composed=False), "retrieval only", True, 1.0),
])
def test_score(q, r, verdict, first_on_gold, precision):
    res = score(q, r)
    assert (res.verdict, res.first_citation_on_gold_page, res.citation_precision) == (verdict, first_on_gold,
                                                                                       precision)


def _approx(x):
    return pytest.approx(x, abs=1e-4)  # summaries are rounded to 4 places


def test_summarise_counts_each_metric_over_the_questions_it_applies_to():
    qs = [_q(id="hit1"), _q(id="hit4"), _q(id="miss"), _q(id="unans", answerable=False, gold_answer=None, evidence=())]
    replies = {
        "hit1": Response("(1,577) [1]", False, [GOOD], [GOOD]),
        "hit4": Response("1,488 [1]", False, [NEAR, NEAR, NEAR, GOOD], [NEAR]),
        "miss": Response("nothing", True, [NEAR], []),
        "unans": Response("nothing", True, [NEAR], []),
    }
    results = evaluate(qs, lambda q: replies[q.id], at=[1, 5], progress=False)
    s = summarise(results, [1, 5])
    assert s["with_page_evidence"] == 3 and s["unanswerable"] == 1
    assert s["page_recall@1"] == _approx(1 / 3) and s["page_recall@5"] == _approx(2 / 3)
    assert s["mrr@5"] == _approx((1 + 0.25) / 3)
    assert s["answer_correct"] == _approx(1 / 3) and s["answer_judged"] == 3  # a refusal is not a correct answer
    assert s["answer_correct_when_answered"] == 0.5
    assert s["first_citation_on_gold_page"] == _approx(1 / 3)
    assert s["refusal_rate"] == 0.5 and s["correct_refusals"] == 1.0 and s["refusal_rate_answerable"] == _approx(1 / 3)


def test_a_failing_question_is_reported_not_fatal():
    def boom(q):
        raise ValueError("the question is empty")
    results = evaluate([_q()], boom, at=[5], progress=False)
    assert results[0].verdict == "error" and "empty" in results[0].error
    assert summarise(results, [5])["errors"] == 1
    md = report_markdown(EvalRun("x", "q.jsonl", [5], 10, summarise(results, [5]), results))
    assert "error: ValueError" in md


# ---- question formats --------------------------------------------------------------------------


def test_financebench_pages_count_from_zero_and_names_lack_the_extension(tmp_path):
    rec = {"financebench_id": "fb1", "question": "Capex?", "answer": "$1577.00", "question_type": "metrics-generated",
           "evidence": [{"doc_name": "3M_2018_10K", "evidence_page_num": 59, "evidence_text": "..."}]}
    p = tmp_path / "fb.jsonl"
    p.write_text(json.dumps(rec) + "\n")
    for fmt in ("financebench", "auto"):
        (q,) = load_questions(p, fmt)
        assert q.evidence == (Evidence("3M_2018_10K.pdf", 60),) and q.gold_answer == "$1577.00"
        assert q.tags["question_type"] == "metrics-generated"


def test_our_jsonl_with_optional_fields(tmp_path):
    p = tmp_path / "q.jsonl"
    p.write_text('{"id": 7, "question": "Who runs it?"}\n\n'
                 '{"id": "u", "question": "Bill number?", "answerable": false}\n'
                 '{"id": "e", "question": "Grants?", "gold_answer": "$18.5 billion", '
                 '"evidence": [{"file": "policy/x.md"}, {"file": "r.pdf", "page": 2}]}\n')
    a, u, e = load_questions(p, "jsonl")
    assert (a.id, a.gold_answer, a.evidence, a.answerable) == ("7", None, (), True)
    assert u.answerable is False
    assert e.evidence == (Evidence("policy/x.md", None), Evidence("r.pdf", 2))


@pytest.mark.parametrize("content", ['{"id": 1}\n', "not json\n", ""])
def test_bad_question_files_name_the_line(tmp_path, content):
    p = tmp_path / "bad.jsonl"
    p.write_text(content)
    with pytest.raises(ValueError, match="bad.jsonl"):
        load_questions(p)


# ---- end to end (real model, tests/data corpus) ------------------------------------------------

FACT_QUESTIONS = [
    {"id": "F02", "question": "What gross margin did HLCN report for its fiscal Q2 2025?", "gold_answer": "71.3%",
     "evidence": [{"file": "2024_Q2_HLCN.pdf", "page": 1}]},
    {"id": "F04", "question": "How much did Helion Compute take in from its Data Center segment in the three months "
     "to June 30, 2024?", "gold_answer": "$4,812 million", "evidence": [{"file": "reports/2024_Q2_HLCN.pdf", "page": 2}]},
    {"id": "F10", "question": "How much money is Orbital Grid putting into the Ohio expansion?",
     "gold_answer": "$2.6 billion", "evidence": [{"file": "web/orbital-grid.html"}]},
    {"id": "F16", "question": "How much dark fiber did Borealis Fiber light up in 2024?",
     "gold_answer": "2,300 route-miles", "evidence": [{"file": "analyst-notes.txt"}]},
    {"id": "U1", "question": "How many employees does Orbital Grid have?", "answerable": False},
]


@pytest.mark.model
def test_eval_command_end_to_end(fixture_index, tmp_path):
    from click.testing import CliRunner

    from infrascope.cli import main

    qfile = tmp_path / "facts.jsonl"
    qfile.write_text("".join(json.dumps(q) + "\n" for q in FACT_QUESTIONS))
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["eval", str(qfile), *location_args(fixture_index), "--out", str(out),
                                    "--at", "1,5", "--quiet", "--no-build"], env={"INFRASCOPE_CACHE_DIR": str(fixture_index.cache_dir)})
    assert res.exit_code == 0, res.output
    data = json.loads((out / "results.json").read_text())
    s = data["summary"]
    assert s["questions"] == 5 and s["errors"] == 0 and s["with_page_evidence"] == 2
    assert s["doc_recall@5"] == 1.0 and s["page_recall@5"] == 1.0
    assert s["answer_correct"] >= 0.75, [(r["id"], r["verdict"], r["answer"]) for r in data["results"]]
    assert {r["id"]: r for r in data["results"]}["F04"]["page_rank"] is not None
    report = (out / "report.md").read_text()
    assert "| page recall (n=2) |" in report and "| F04 |" in report
