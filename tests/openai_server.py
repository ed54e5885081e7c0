"""A real HTTP server on loopback that speaks the OpenAI chat-completions protocol (JSON and SSE
streaming), with scripted behaviour: a reply function, HTTP errors, hangs, garbage. For tests only."""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from collections.abc import Callable


class FakeOpenAIServer:
    def __init__(self, reply: Callable[[list[dict]], str] | None = None, mode: str = "ok", hang: float = 0.0):
        self.reply = reply or (lambda messages: "The sources do not say.")
        self.mode = mode  # ok | error | garbage | bad-stream
        self.hang = hang
        self.requests: list[dict] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):  # noqa: N802 - http.server's naming
                try:
                    self._handle()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer

            def _handle(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                server.requests.append({"path": self.path, "body": body,
                                        "authorization": self.headers.get("Authorization")})
                if server.hang:
                    time.sleep(server.hang)
                if server.mode == "error":
                    self._send(500, b'{"error": {"message": "model exploded"}}', "application/json")
                    return
                if server.mode == "garbage":
                    self._send(200, b"<html>not json</html>", "application/json")
                    return
                text = server.reply(body["messages"])
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    if server.mode == "bad-stream":
                        self.wfile.write(b"data: {broken\n\n")
                        return
                    for i in range(0, len(text), 9):
                        chunk = {"choices": [{"index": 0, "delta": {"content": text[i:i + 9]}}]}
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                payload = {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}
                self._send(200, json.dumps(payload).encode(), "application/json")

            def _send(self, code, data, ctype):
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def sources_in(messages: list[dict]) -> dict[int, str]:
    """The numbered sources of our prompt, as the server sees them."""
    user = messages[-1]["content"]
    return {int(m.group(1)): m.group(2) for m in
            re.finditer(r'<source id="(\d+)"[^>]*>\n(.*?)\n</source>', user, re.S)}


def cite(fact: str, sentence: str) -> Callable[[list[dict]], str]:
    """A reply that states `sentence` citing whichever source holds `fact`."""
    def reply(messages):
        n = next((n for n, text in sources_in(messages).items() if fact in text), 99)
        return f"{sentence} [{n}]."
    return reply
