"""Nothing reaches the network at run time. A child process (the real packaged model, our tiny corpus)
runs `infrascope index`, asks a question, and serves the app with its default host (GET /, one question
through the HTTP API), with every non-loopback name lookup, connect, send and bind refused and recorded
by an audit hook (so an app binding beyond loopback by default fails too). Where strace is installed,
connect() calls from native code (Chroma's Rust core, tokenizers, torch) are traced as well. The offline
environment variables are removed from the child: the code's own defaults must keep it offline."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import ipaddress, json, os, socket, sys, time
report_path, port = sys.argv[1], int(sys.argv[2])
attempts = []

def loopback(host):
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False

def refuse(event, what):
    attempts.append(f"{event} {what}")
    raise OSError(f"network blocked by the test: {event} {what}")

def hook(event, args):
    if event == "socket.getaddrinfo" and args[0] is not None and not loopback(args[0]):
        refuse(event, args[0])
    elif event in ("socket.gethostbyname", "socket.gethostbyaddr") and not loopback(args[0]):
        refuse(event, args[0])
    elif event in ("socket.connect", "socket.sendto", "socket.bind"):
        sock, addr = args[0], args[1]
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not loopback(addr[0]):
            refuse(event, addr)

sys.addaudithook(hook)
try:
    from infrascope.cli import main
    main(["index", "--quiet"], standalone_mode=False)

    from infrascope.assistant import Assistant
    from infrascope.config import Settings
    assistant = Assistant.from_settings(Settings())
    answer = assistant.ask("How much did Helion spend on capex in Q2 of fiscal 2025?")
    result = {"answer": answer.answer}
    try:
        from infrascope import ui
    except ImportError:
        ui = None
    if ui is not None:
        import httpx
        demo = ui.launch(assistant, port=port, block=False)  # the default host: must be loopback
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(timeout=60) as http:
            result["page_status"] = http.get(base + "/").status_code
            q = "How much dark fiber did Borealis Fiber light in 2024?"
            r = http.post(base + "/gradio_api/call/ask", json={"data": [q, 5, "extractive"]})
            event = r.json()["event_id"]
            result["api"] = http.get(f"{base}/gradio_api/call/ask/{event}").text
        demo.close()
    result["attempts"] = attempts
finally:
    if "result" not in dir():
        result = {"attempts": attempts, "crashed": True}
    with open(report_path, "w") as fh:
        json.dump(result, fh)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def non_loopback_connects(trace: str) -> list[str]:
    """connect() lines from strace that target an IPv4/IPv6 address other than loopback."""
    bad = []
    for line in trace.splitlines():
        if "connect(" not in line or "AF_UNIX" in line or "AF_NETLINK" in line:
            continue
        v4 = re.search(r'inet_addr\("([\d.]+)"\)', line)
        v6 = re.search(r'inet_pton\(AF_INET6, "([0-9a-f:.]+)"', line)
        addr = v4.group(1) if v4 else v6.group(1) if v6 else None
        if addr is None or not (addr.startswith("127.") or addr in ("::1", "::ffff:127.0.0.1")):
            bad.append(line.strip())
    return bad


def test_index_ask_and_app_make_no_network_attempt(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", corpus)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "GRADIO_ANALYTICS_ENABLED")
    }
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "INFRASCOPE_CORPUS_DIR": str(corpus),
            "INFRASCOPE_INDEX_DIR": str(tmp_path / "index"),
            "INFRASCOPE_CACHE_DIR": str(tmp_path / "cache"),
            "HOME": str(tmp_path / "home"),
        }
    )  # no model or settings cached from earlier runs
    report, trace = tmp_path / "report.json", tmp_path / "strace.txt"
    cmd = [sys.executable, "-c", CHILD, str(report), str(free_port())]
    if shutil.which("strace"):
        cmd = ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(trace), *cmd]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(report.read_text())
    assert result["attempts"] == [], result["attempts"]
    assert "$1,150 million" in result["answer"]
    if "page_status" in result:
        assert result["page_status"] == 200
        assert "2,300 route-miles" in result["api"], result["api"][-500:]
    if trace.exists():
        assert non_loopback_connects(trace.read_text()) == []
