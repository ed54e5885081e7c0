"""End to end in a real headless Chromium: `python app.py` over a small index of tests/data/corpus (the
real packaged model), then ask, check the citation card, follow up, export, upload a document, rebuild
and find it in the library and in an answer. Also the HTTP API through gradio_client.

Screenshots go to test-artifacts/ (git-ignored). Skipped with the reason when Chromium is missing
(`make browser-deps` installs Debian's chromium and chromium-driver).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from infrascope.config import Settings

from .conftest import location_args

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CAPEX = "How much did Helion spend on capex in Q2 of fiscal 2025?"
NEW_FACT = "# Zephyr Labs site survey\n\nZephyr Labs operates 37 liquid-cooled data halls in Norway.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"app did not come up in {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, model_embedder):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing; `make browser-deps` installs Debian's chromium")
    pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")
    from infrascope.indexer import build_index

    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(DATA / "corpus", root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index", cache_dir=root / "cache")
    build_index(settings, model_embedder, progress=False)
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "browser-app.log"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFRASCOPE_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
               XDG_CACHE_HOME=str(root / "xdg"), INFRASCOPE_CACHE_DIR=str(root / "cache"))
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "app.py", *location_args(settings), "--port", str(port)],
                                cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _ask(page, question: str, answers_before: int) -> None:
    page.fill("#question textarea", question)
    page.click("#ask")
    # done = one more assistant message and no "Searching…" placeholder left
    page.wait_for_function(
        """n => document.querySelectorAll('#chat .bot .message-content').length > n
             && !document.querySelector('#chat .pending')""", arg=answers_before, timeout=90_000)
    page.wait_for_timeout(800)  # the sources panel and page viewer update right after


def _last_answer(page) -> str:
    return page.locator("#chat .bot .message-content").last.inner_text()


def test_ask_follow_up_export_upload_rebuild(app_url, browser, tmp_path):
    outside = []
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((app_url.rstrip("/"), "data:", "blob:")) else None)
    page.goto(app_url)
    page.wait_for_selector("#question textarea")

    # a question: the answer streams into the chat, its card (right file and page) into the panel
    _ask(page, CAPEX, 0)
    assert "1,150" in _last_answer(page)
    card = page.locator("#sources .src-card", has_text="reports/2024_Q2_HLCN.pdf").filter(has_text="page 2")
    assert card.count() >= 1
    assert "1,150" in card.first.locator("mark").inner_text()
    assert page.locator("#chat a[href^='#src-']").count() >= 1  # markers link to their cards
    page.locator("#chat a[href^='#src-']").first.click()
    page.wait_for_selector("#sources .src-card.flash", timeout=5_000)
    assert page.locator("#page-viewer").is_visible()  # the cited PDF page can be opened
    page.screenshot(path=str(ARTIFACTS / "browser-1-answer.png"))

    # a follow-up is resolved from the conversation and says how it was understood
    _ask(page, "and how much cash and marketable securities did it hold?", 1)
    follow = _last_answer(page)
    assert "9,480" in follow, follow
    page.screenshot(path=str(ARTIFACTS / "browser-2-follow-up.png"))

    # the conversation exports as Markdown with its citations
    with page.expect_download() as dl:
        page.click("#export")
    exported = Path(dl.value.path()).read_text(encoding="utf-8")
    assert CAPEX in exported and "reports/2024_Q2_HLCN.pdf, page 2" in exported

    # Library: upload a new document, rebuild incrementally, see it listed
    page.click("button[role=tab]:has-text('Library')")
    page.wait_for_selector("#docs", state="visible")
    page.wait_for_function("document.querySelector('#docs').innerText.includes('2024_Q2_HLCN.pdf')")
    new = tmp_path / "zephyr notes.md"
    new.write_text(NEW_FACT, encoding="utf-8")
    page.set_input_files("#upload input[type=file]", str(new))
    page.wait_for_selector("#upload :text('zephyr notes.md')", timeout=30_000)
    page.click("#add")
    page.wait_for_function("document.querySelector('#report').innerText.includes('Index updated')",
                           timeout=120_000)
    assert "added: uploads/zephyr_notes.md" in page.inner_text("#report")
    page.wait_for_function("document.querySelector('#docs').innerText.includes('uploads/zephyr_notes.md')",
                           timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "browser-3-library.png"), full_page=True)

    # the new document answers questions at once, in the same tab
    page.click("button[role=tab]:has-text('Ask')")
    _ask(page, "How many data halls does Zephyr Labs operate?", 2)
    assert "37" in _last_answer(page)
    assert page.locator("#sources .src-card", has_text="uploads/zephyr_notes.md").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "browser-4-new-document.png"))
    assert outside == [], f"the page fetched from outside the app: {outside}"


def test_unanswerable_question_says_so(app_url, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(app_url)
    page.wait_for_selector("#question textarea")
    _ask(page, "What is the boiling point of liquid nitrogen?", 0)
    assert "No answer found" in _last_answer(page)
    assert page.locator("#sources details.more-passages[open]").count() == 1


def test_http_api_ask(app_url, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from gradio_client import Client

    # download_files=False: gradio_client otherwise takes every dict with a "path" key (our citations)
    # for a file to download
    client = Client(app_url, verbose=False, download_files=False)
    result = client.predict(CAPEX, 5, "extractive", api_name="/ask")
    assert result["question"] == CAPEX and not result["refused"]
    assert any(c["path"] == "reports/2024_Q2_HLCN.pdf" and c["page"] == 2 for c in result["citations"])
    assert "1,150" in result["answer"] and len(result["sources"]) <= 5
    only_question = client.predict(CAPEX, api_name="/ask")  # k and mode are optional
    assert only_question["citations"]


def test_example_question_on_the_empty_chat(app_url, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(app_url)
    page.wait_for_selector("#chat button.example")
    page.locator("#chat button.example").first.click()
    page.wait_for_function("document.querySelectorAll('#chat .bot .message-content').length > 0 "
                           "&& !document.querySelector('#chat .pending')", timeout=90_000)
    assert page.locator("#chat .user").count() == 1
