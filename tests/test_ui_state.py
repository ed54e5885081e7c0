"""The app's callback logic with fakes (no browser, no gradio): a conversation per session, streaming,
follow-ups, the clear error states, filters, the page viewer, export, library, rebuild, the API and
the rule about who may connect."""

from __future__ import annotations

import pytest

from infrascope import ui_state as S
from infrascope.answer.llm import LLMError
from infrascope.assistant import Assistant
from infrascope.indexer import build_index

from .fakes import ScriptedLLM

CAPEX = "How much did Helion spend on capex in Q2 of fiscal 2025?"


@pytest.fixture
def settings(settings):
    # hashed-word cosines run lower than the real model's; the refusal threshold is tuned for the latter
    settings.answer.refuse_below = 0.1
    return settings


@pytest.fixture
def assistant(settings, fake_embedder):
    build_index(settings, fake_embedder, progress=False)
    a = Assistant.from_settings(settings, embedder=fake_embedder)
    yield a
    a.close()


def _run(assistant, session, question, **kw):
    steps = [[m["content"] for m in s.messages()] for s in S.ask_steps(assistant, session, question, **kw)]
    return steps


def test_a_question_is_answered_with_sources_selected(assistant):
    session = S.Session()
    steps = _run(assistant, session, CAPEX)
    assert "Searching" in steps[0][-1]  # the pending message shows at once
    ex = session.exchanges[-1]
    assert ex.answer is not None and not ex.answer.refused
    assert session.selected == 0 and session.selected_answer() is ex.answer
    assert "1,150" in ex.answer.answer
    assert any(c.path == "reports/2024_Q2_HLCN.pdf" and c.page == 2 for c in ex.answer.citations)
    user, bot = session.messages()
    assert user["role"] == "user" and bot["role"] == "assistant" and 'href="#src-' in bot["content"]


def test_llm_answers_stream_in(settings, fake_embedder):
    build_index(settings, fake_embedder, progress=False)
    llm = ScriptedLLM("Helion spent $1,150 million on capital expenditures [1].")
    a = Assistant.from_settings(settings, embedder=fake_embedder, llm=llm)
    session = S.Session()
    steps = _run(a, session, CAPEX, mode="openai")
    partials = [s[-1] for s in steps[1:-1]]
    assert len(partials) >= 3 and partials[0] != partials[-2]  # several growing pieces before the end
    assert llm.history, "the LLM was asked"
    assert session.exchanges[-1].answer.mode == "openai"


class DownLLM:
    def stream(self, messages, max_tokens=400):
        raise LLMError("LLM server at http://127.0.0.1:9 is unreachable")
        yield  # pragma: no cover

    chat = stream


def test_unreachable_llm_falls_back_with_a_visible_note(settings, fake_embedder):
    build_index(settings, fake_embedder, progress=False)
    a = Assistant.from_settings(settings, embedder=fake_embedder, llm=DownLLM())
    session = S.Session()
    _run(a, session, CAPEX, mode="openai")
    last = session.messages()[-1]["content"]
    assert "unreachable" in last and 'class="note"' in last


def test_follow_up_uses_the_conversation(assistant, monkeypatch):
    seen = []
    real = assistant.ask_stream

    def spy(question, **kw):
        seen.append(kw["history"])
        return real(question, **kw)

    monkeypatch.setattr(assistant, "ask_stream", spy)
    session = S.Session()
    _run(assistant, session, CAPEX)
    _run(assistant, session, "and what about its gross margin?")
    assert seen[0] == []
    assert seen[1][0].question == CAPEX and "reports/2024_Q2_HLCN.pdf" in seen[1][0].cited_paths
    second = session.exchanges[1].answer
    if second.standalone_question:
        assert "Understood as" in session.messages()[-1]["content"]


def test_empty_question_and_missing_index_are_messages_not_crashes(settings, fake_embedder, assistant):
    session = S.Session()
    _run(assistant, session, "  ?! ")
    assert "empty" in session.messages()[-1]["content"]
    elsewhere = settings.model_copy(update={"index_dir": settings.index_dir.parent / "none"})
    fresh = Assistant.from_settings(elsewhere, embedder=fake_embedder)
    _run(fresh, session, CAPEX)
    assert "infrascope index" in session.messages()[-1]["content"]
    notice = S.library_view(fresh.settings).notice
    assert notice and "Build / update index" in notice
    assert session.history() == []  # failed turns give follow-ups nothing to resolve against


def test_no_answer_found_is_shown_as_such(assistant):
    session = S.Session()
    _run(assistant, session, "What is the Quartz Chip Incentive Act's bill number?")
    ans = session.exchanges[-1].answer
    if ans.refused:  # the fake embedder may still find a sentence; the real model refuses (browser test)
        assert "No answer found" in session.messages()[-1]["content"]


def test_filters_restrict_the_sources(assistant):
    session = S.Session()
    f = S.make_filters(["web/"], None, None, None, None)
    _run(assistant, session, CAPEX, filters=f)
    assert all(h.path.startswith("web/") for h in session.exchanges[-1].answer.sources)


@pytest.mark.parametrize("args, expect", [
    (([], None, None, None, None), None),
    ((["reports/"], "Helion", "10-Q", "2024-01-01", "2024-12-31"),
     dict(source=["reports"], company="Helion", doc_type="10-Q", since="2024-01-01", until="2024-12-31")),
    (([], None, None, "2024-07-30T00:00", ""), dict(since="2024-07-30")),
])
def test_make_filters(args, expect):
    f = S.make_filters(*args)
    if expect is None:
        assert f is None
    else:
        for key, value in expect.items():
            assert getattr(f, key) == value


@pytest.mark.parametrize("since, until, msg", [("yesterday", None, "not a date"),
                                               ("2024-05-01", "2024-01-01", "empty")])
def test_bad_dates_are_explained(since, until, msg):
    with pytest.raises(ValueError, match=msg):
        S.make_filters([], None, None, since, until)


def test_choices_and_examples(assistant, settings):
    files = S.indexed_files(assistant)
    c = S.filter_choices(files)
    assert "reports/" in c["sources"] and "reports/2024_Q2_HLCN.pdf" in c["sources"]
    assert c["companies"] and c["doc_types"]
    assert [v for _, v in S.mode_choices(settings)] == ["extractive"]
    llm = settings.model_copy(update={"llm_base_url": "http://127.0.0.1:1/v1", "llm_model": "m"})
    assert [v for _, v in S.mode_choices(llm)] == ["extractive", "openai"]
    fallback = S.example_questions(files)
    assert fallback and all("?" in q for q in fallback)
    default = S.example_questions({"sec-10q/2023_Q3_NVDA.pdf": {}, "policy/2025-07-23-accelerating-federal-"
                                   "permitting-of-data-center-infrastructure.md": {}})
    assert any("NVIDIA" in q for q in default) and any("permitting" in q for q in default)


def test_cited_page_viewer(assistant, settings):
    session = S.Session()
    _run(assistant, session, CAPEX)
    choices = S.page_choices(session.selected_answer())
    assert any(v == "2|reports/2024_Q2_HLCN.pdf" for _, v in choices)
    files = S.indexed_files(assistant)
    img = S.render_page(settings.corpus_dir, files, "2|reports/2024_Q2_HLCN.pdf")
    assert img is not None and img.width > 300
    for bad in ("2|../../etc/passwd", "9|reports/2024_Q2_HLCN.pdf", "1|web/orbital-grid.html", "x", None):
        assert S.render_page(settings.corpus_dir, files, bad) is None


def test_selecting_an_earlier_message_switches_the_sources(assistant):
    session = S.Session()
    _run(assistant, session, CAPEX)
    _run(assistant, session, "How much additional power will Orbital Grid bring online in Ohio?")
    assert session.selected == 1
    assert session.select_message(1) is True and session.selected == 0  # message 1 = first answer
    assert session.select_message(1) is False  # already shown
    assert session.select_message(99) is False


def test_export_file(assistant, tmp_path):
    session = S.Session()
    _run(assistant, session, CAPEX)
    path = S.export_file(session, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert path.suffix == ".md" and CAPEX in text and "reports/2024_Q2_HLCN.pdf" in text


def test_library_and_incremental_rebuild_with_progress(assistant, settings):
    view = S.library_view(settings)
    assert view.notice == "" and any(r[0] == "reports/2024_Q2_HLCN.pdf" for r in view.rows)
    (settings.corpus_dir / "uploads").mkdir()
    (settings.corpus_dir / "uploads" / "zephyr.md").write_text("# Zephyr\n\nZephyr Labs runs 12 sites.\n")
    calls = []
    md = S.rebuild(assistant, lambda done, total, path: calls.append((done, total, path)))
    assert "added: uploads/zephyr.md" in md and calls
    assert any(r[0] == "uploads/zephyr.md" for r in S.library_view(settings).rows)
    assert "uploads/zephyr.md" in S.indexed_files(assistant)  # the running reader sees the new generation


def test_api_answer_json(assistant):
    d = S.ask_json(assistant, CAPEX, k=3)
    assert d["question"] == CAPEX and len(d["sources"]) <= 3 and d["citations"]
    with pytest.raises(ValueError, match="empty"):
        S.ask_json(assistant, "")
    with pytest.raises(ValueError, match="unknown mode"):
        S.ask_json(assistant, CAPEX, mode="gpt")


@pytest.mark.parametrize("host, auth, no_auth, ok", [
    ("127.0.0.1", None, False, True),
    ("localhost", None, False, True),
    ("::1", None, False, True),
    ("0.0.0.0", None, False, False),
    ("192.168.1.5", None, False, False),
    ("0.0.0.0", ("u", "p"), False, True),
    ("0.0.0.0", None, True, True),
    ("127.0.0.1", ("u", "p"), True, False),
])
def test_who_may_connect(host, auth, no_auth, ok):
    assert (S.exposure_problem(host, auth, no_auth) is None) == ok


@pytest.mark.parametrize("raw, expect", [(None, None), ("", None), ("ann:s3cr:et", ("ann", "s3cr:et"))])
def test_parse_auth(raw, expect):
    assert S.parse_auth(raw) == expect


@pytest.mark.parametrize("raw", ["nopassword", ":p", "u:"])
def test_parse_auth_rejects(raw):
    with pytest.raises(ValueError):
        S.parse_auth(raw)


def test_app_refuses_an_open_host_without_auth():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "app.py", "--host", "0.0.0.0", "--port", "1"], cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "--no-auth" in proc.stderr and "without a password" in proc.stderr
