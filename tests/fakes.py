"""Test doubles for our own logic: a deterministic embedder that really ranks (hashed words), a
slow one for kill tests, and a scripted LLM that records its prompts. No SDK internals are patched."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from infrascope.chunking import word_count_tokens

_WORD = re.compile(r"[a-z0-9]+")


class HashEmbedder:
    """Bag of hashed words (and word bigrams) in 384 dims, L2-normalised: texts sharing words are close."""

    name = "hash-test/fp32"
    dim = 384

    def __init__(self) -> None:
        self.calls = 0
        self.texts_embedded = 0

    @staticmethod
    def count_tokens(texts: Sequence[str]) -> list[int]:
        return word_count_tokens(texts)

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        words = _WORD.findall(text.lower())
        for w in words + [a + "_" + b for a, b in zip(words, words[1:])]:
            h = int.from_bytes(hashlib.md5(w.encode()).digest()[:4], "little")
            v[h % self.dim] += 1.0 if h & 1 else -1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


class SlowEmbedder(HashEmbedder):
    """Signals (by creating `marker`) when embedding starts, then dawdles: lets a test SIGKILL mid-build."""

    def __init__(self, marker: Path, delay: float = 0.5) -> None:
        super().__init__()
        self.marker = marker
        self.delay = delay

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.marker.touch()
        time.sleep(self.delay)
        return super().embed(texts)


class ScriptedLLM:
    """Replies from a queue; records every message list it was sent."""

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.history: list[list[dict]] = []

    def enqueue(self, reply: str) -> None:
        self.replies.append(reply)

    def chat(self, messages, max_tokens: int = 400) -> str:
        self.history.append(messages)
        return self.replies.pop(0)

    def stream(self, messages, max_tokens: int = 400):
        text = self.chat(messages, max_tokens)
        for i in range(0, len(text), 7):
            yield text[i:i + 7]
