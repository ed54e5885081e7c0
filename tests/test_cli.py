"""The CLI end to end on our tiny corpus with the real packaged model: index --json, ask (text and
JSON), batch in every format with resume and malformed lines, readable errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from infrascope.cli import main

pytestmark = pytest.mark.model

REPORT_KEYS = {"added", "changed", "removed", "unchanged", "failed", "skipped", "chunks_added", "chunks_removed",
               "total_chunks", "seconds"}
ANSWER_KEYS = {"id", "question", "answer", "refused", "mode", "citations", "sources", "timings", "index_generation"}


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("INFRASCOPE_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("INFRASCOPE_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("INFRASCOPE_CACHE_DIR", str(settings.cache_dir))
    return settings


def test_index_json_report_then_no_change(env):
    runner = CliRunner()
    first = runner.invoke(main, ["index", "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.output.strip().splitlines()[-1])
    assert REPORT_KEYS <= set(report)
    assert len(report["added"]) == 4 and report["failed"] == [] and report["total_chunks"] > 0
    assert report["skipped"] == [{"path": "images/logo.png", "reason": "unsupported file type '.png'"}]
    # the reranker's sentences were embedded after the build (real model, real cache)
    assert report["sentence_vectors"]["embedded"] == report["sentence_vectors"]["sentences"] > 0
    second = json.loads(runner.invoke(main, ["index", "--json"]).output.strip().splitlines()[-1])
    assert len(second["unchanged"]) == 4 and second["added"] == [] and second["chunks_added"] == 0
    assert second["sentence_vectors"]["embedded"] == 0 and second["sentence_vectors"]["skipped"]


def test_ask_text_and_json(env):
    runner = CliRunner()
    runner.invoke(main, ["index", "--quiet"])
    out = runner.invoke(main, ["ask", "How much did Helion spend on capex in Q2 of fiscal 2025?"])
    assert out.exit_code == 0, out.output
    assert "$1,150 million" in out.output and "reports/2024_Q2_HLCN.pdf, page 2" in out.output
    js = json.loads(runner.invoke(main, ["ask", "How much dark fiber did Borealis Fiber light in 2024?",
                                         "--json", "--k", "5"]).output)
    assert ANSWER_KEYS <= set(js) and not js["refused"] and len(js["sources"]) <= 5
    c = js["citations"][0]
    assert c["path"] == "notes/analyst-notes.txt" and c["page"] is None and "2,300 route-miles" in c["quote"]
    assert c["quote"] in js["sources"][0]["text"] or any(c["quote"] in s["text"] for s in js["sources"])


def test_ask_filters(env):
    runner = CliRunner()
    runner.invoke(main, ["index", "--quiet"])
    js = json.loads(runner.invoke(main, ["ask", "capacity investment", "--json", "--source", "web"]).output)
    assert js["sources"] and all(s["path"].startswith("web/") for s in js["sources"])
    js = json.loads(runner.invoke(main, ["ask", "grants", "--json", "--since", "2025-01-01",
                                         "--until", "2025-12-31"]).output)
    assert {s["path"] for s in js["sources"]} <= {"policy/2025-03-14-quartz-chip-act.md", "web/orbital-grid.html"}


def test_readable_errors_without_traceback(env):
    runner = CliRunner()
    out = runner.invoke(main, ["ask", "anything?"])
    assert out.exit_code == 1 and "infrascope index" in out.output and "Traceback" not in out.output
    runner.invoke(main, ["index", "--quiet"])
    out = runner.invoke(main, ["ask", "   ?!  "])
    assert out.exit_code == 1 and "empty" in out.output


def test_batch_formats_resume_and_malformed_lines(env, tmp_path):
    runner = CliRunner()
    runner.invoke(main, ["index", "--quiet"])
    qs = tmp_path / "qs.jsonl"
    qs.write_text('{"id": "a", "question": "Who runs Borealis Fiber?", "analyst": "kim"}\n'
                  '{not json}\n'
                  '{"question": "How much is Orbital Grid investing in Ohio?"}\n'
                  '{"id": "z", "text": "no question field"}\n')
    out = tmp_path / "answers.jsonl"
    res = runner.invoke(main, ["batch", str(qs), "--out", str(out)])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    by_id = {r["id"]: r for r in recs}
    assert set(by_id) == {"a", "2", "3", "z"}
    assert by_id["a"]["input"] == {"analyst": "kim"} and "Marchetti" in by_id["a"]["answer"]
    assert "not valid JSON" in by_id["2"]["error"] and "question" in by_id["z"]["error"]
    assert "2.6 billion" in by_id["3"]["answer"]
    # resume: answered ids are skipped, only error lines are retried
    again = runner.invoke(main, ["batch", str(qs), "--out", str(out)])
    assert "2 already done" in again.output
    # CSV in, Markdown and CSV out
    csv_in = tmp_path / "qs.csv"
    csv_in.write_text("id,question\nq1,What tax break does the Quartz Act give for fab equipment?\n")
    md = tmp_path / "answers.md"
    assert runner.invoke(main, ["batch", str(csv_in), "--out", str(md)]).exit_code == 0
    text = md.read_text()
    assert "## q1." in text and "30% investment tax credit" in text and "policy/2025-03-14-quartz-chip-act.md" in text
    csv_out = tmp_path / "answers.csv"
    txt_in = tmp_path / "qs.txt"
    txt_in.write_text("Who runs Borealis Fiber?\n\nHow much did Helion spend on capex in Q2 of fiscal 2025?\n")
    assert runner.invoke(main, ["batch", str(txt_in), "--out", str(csv_out)]).exit_code == 0
    lines = csv_out.read_text().splitlines()
    assert lines[0].startswith("id,question,answer") and len(lines) == 3


def test_help_explains_every_command():
    runner = CliRunner()
    for cmd in (["--help"], ["index", "--help"], ["ask", "--help"], ["batch", "--help"], ["corpus", "fetch", "--help"]):
        out = runner.invoke(main, cmd)
        assert out.exit_code == 0 and "Usage" in out.output
