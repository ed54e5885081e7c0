"""An OpenAI-compatible chat backend (vLLM, Ollama, llama.cpp server, a hosted API) over plain HTTP:
streaming and not, with timeouts and errors that say what to do. The API key is sent only in the
Authorization header and never appears in errors or logs."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx


class LLMError(RuntimeError):
    pass


class OpenAICompatibleLLM:
    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._api_key = api_key
        self.timeout = timeout

    def __repr__(self) -> str:  # never show the key
        return f"OpenAICompatibleLLM({self.base_url!r}, model={self.model!r})"

    def _headers(self) -> dict[str, str]:
        h = {"Content-Type": "application/json"}
        if self._api_key:
            h["Authorization"] = f"Bearer {self._api_key}"
        return h

    def _fail(self, exc: Exception) -> LLMError:
        kind = {httpx.ConnectError: "unreachable", httpx.TimeoutException: "timed out"}
        for cls, word in kind.items():
            if isinstance(exc, cls):
                return LLMError(f"LLM server at {self.base_url} {word} ({type(exc).__name__})")
        if isinstance(exc, httpx.HTTPStatusError):
            return LLMError(f"LLM server at {self.base_url} answered HTTP {exc.response.status_code}")
        return LLMError(f"LLM server at {self.base_url} failed ({type(exc).__name__})")

    def _payload(self, messages: list[dict], stream: bool, max_tokens: int) -> dict:
        return {"model": self.model, "messages": messages, "temperature": 0, "max_tokens": max_tokens,
                "stream": stream}

    def chat(self, messages: list[dict], max_tokens: int = 400) -> str:
        try:
            with httpx.Client(timeout=httpx.Timeout(self.timeout, connect=min(5.0, self.timeout))) as client:
                r = client.post(f"{self.base_url}/chat/completions", headers=self._headers(),
                                json=self._payload(messages, False, max_tokens))
                r.raise_for_status()
                data = r.json()
        except httpx.HTTPError as exc:
            raise self._fail(exc) from None
        except ValueError:
            raise LLMError(f"LLM server at {self.base_url} returned something that is not JSON") from None
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LLMError(f"LLM server at {self.base_url} returned an unexpected response shape") from None
        if not isinstance(content, str):
            raise LLMError(f"LLM server at {self.base_url} returned no text")
        return content

    def stream(self, messages: list[dict], max_tokens: int = 400) -> Iterator[str]:
        """Yields text deltas (Server-Sent Events, `data: {...}` lines, ending with `data: [DONE]`)."""
        try:
            with httpx.Client(timeout=httpx.Timeout(self.timeout, connect=min(5.0, self.timeout))) as client:
                with client.stream("POST", f"{self.base_url}/chat/completions", headers=self._headers(),
                                   json=self._payload(messages, True, max_tokens)) as r:
                    r.raise_for_status()
                    for line in r.iter_lines():
                        if not line.startswith("data:"):
                            continue
                        data = line[5:].strip()
                        if data == "[DONE]":
                            return
                        try:
                            delta = json.loads(data)["choices"][0].get("delta", {}).get("content")
                        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                            raise LLMError(f"LLM server at {self.base_url} sent a malformed stream event") from None
                        if delta:
                            yield delta
        except httpx.HTTPError as exc:
            raise self._fail(exc) from None
