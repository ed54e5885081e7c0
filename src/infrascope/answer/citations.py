"""Citation checks, as pure functions: which markers an answer uses, which point at no source, and
whether each cited passage supports its sentence (every number in the sentence appears in a passage
it cites). Used on every answer, extractive or generated, before it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_NUMBER = re.compile(r"(?<![\w.])\$?\(?(\d[\d,]*(?:\.\d+)?)\)?%?")
# a sentence ends at . ! ? (and the markers after it) before a capital, a figure or a quote: not after an
# initial ("U. S."), and a marker standing last ("5%. [3]") belongs to the sentence before it
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\s[A-Z]\.)(?:\s*\[\d+(?:\s*,\s*\d+)*\])*\s+(?!\[\d)(?=[A-Z\"'(\[$0-9])")
# "(source 3)", "source #1", "passages 2": a small model's way of citing, read as the marker it means
_SOURCE_REF = re.compile(r"\s*[(\[]?\b(?:according to |see |per )?(?:source|passage)s?\s*(?:#|no\.?\s*)?(\d+)[)\]]?",
                         re.I)


def markers(text: str) -> list[int]:
    """Every cited number, in order of appearance, without repeats."""
    out: list[int] = []
    for m in MARKER.finditer(text):
        for n in m.group(1).split(","):
            if int(n) not in out:
                out.append(int(n))
    return out


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()


def split_sentences(text: str) -> list[str]:
    """Split an answer into sentences, keeping each sentence's trailing markers with it."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE.finditer(text):
        end = m.start() + len(re.match(r"(?:\s*\[\d+(?:\s*,\s*\d+)*\])*", text[m.start():]).group(0))
        parts.append(text[start:end].strip())
        start = m.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def drop_unknown_markers(text: str, valid: set[int]) -> tuple[str, list[int]]:
    """Remove markers that point at no source; returns the text and the numbers dropped."""
    dropped: list[int] = []

    def keep(m: re.Match) -> str:
        ns = [int(n) for n in m.group(1).split(",")]
        good = [n for n in ns if n in valid]
        dropped.extend(n for n in ns if n not in valid)
        return f" [{', '.join(map(str, good))}]" if good else ""

    # Until nothing more drops: removing "[5]" from "[[5]7]" leaves a new marker "[7]" to check.
    while True:
        before = len(dropped)
        text = MARKER.sub(keep, text)
        if len(dropped) == before:
            return text, dropped


def numbers(text: str) -> set[str]:
    """Figures in a text, normalised: '$14,514' -> '14514', '12.0%' -> '12'."""
    out = set()
    for m in _NUMBER.finditer(strip_markers(text)):
        raw = m.group(1).replace(",", "").rstrip(".")
        if not raw:
            continue
        if "." in raw:
            raw = raw.rstrip("0").rstrip(".")
        out.add(raw)
    return out


def unsupported_numbers(sentence: str, passages: list[str]) -> list[str]:
    have = set().union(*(numbers(p) for p in passages)) if passages else set()
    return sorted(n for n in numbers(sentence) if n not in have)


@dataclass
class CheckResult:
    text: str
    dropped_markers: list[int] = field(default_factory=list)
    dropped_sentences: list[str] = field(default_factory=list)
    flagged_sentences: list[str] = field(default_factory=list)
    added_markers: list[tuple[str, int]] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        notes = []
        if self.dropped_markers:
            notes.append(f"removed citation markers that point at no source: {sorted(set(self.dropped_markers))}")
        for s in self.dropped_sentences:
            notes.append(f"dropped a sentence its sources do not support: {s[:120]!r}")
        for s in self.flagged_sentences:
            notes.append(f"unverified (no source found for it): {s[:120]!r}")
        return notes


def check_answer(text: str, passages: dict[int, str],
                 best_support: Callable[[str], int | None] | None = None) -> CheckResult:
    """Verify an answer against the passages it may cite (numbered as in the prompt).

    - markers pointing at no passage are removed;
    - "source 3" in the text is read as the marker [3];
    - a cited sentence whose numbers are not all in its cited passages is dropped;
    - an uncited sentence gets a marker when `best_support` finds a passage that holds it (and all its
      numbers); an uncited sentence with figures nobody supports is dropped; other uncited sentences
      (connecting prose) are kept and flagged.
    """
    text = _SOURCE_REF.sub(lambda m: f" [{m.group(1)}]", text)
    text, dropped = drop_unknown_markers(text, set(passages))
    result = CheckResult(text="", dropped_markers=dropped)
    kept: list[str] = []

    for sentence in split_sentences(text):
        cited = markers(sentence)
        if cited:
            # cited to a passage that lacks its figures: dropped, not re-cited to whichever passage holds
            # them (an injected document holding "$987 trillion" in an instruction would then vouch for it)
            if unsupported_numbers(sentence, [passages[n] for n in cited]):
                result.dropped_sentences.append(strip_markers(sentence))
                continue
            kept.append(sentence)
            continue
        n = best_support(sentence) if best_support else None
        if n is not None and n in passages and not unsupported_numbers(sentence, [passages[n]]):
            result.added_markers.append((sentence, n))
            kept.append(_attach_marker(sentence, n))
        elif numbers(sentence) and unsupported_numbers(sentence, list(passages.values())):
            result.dropped_sentences.append(sentence)
        else:
            if numbers(sentence) or len(sentence.split()) > 6:
                result.flagged_sentences.append(sentence)
            kept.append(sentence)
    result.text = " ".join(kept).strip()
    return result


def _attach_marker(sentence: str, n: int) -> str:
    m = re.search(r"[.!?]\s*$", sentence)
    if m:
        return f"{sentence[:m.start()]} [{n}]{sentence[m.start():]}".rstrip()
    return f"{sentence} [{n}]"


def renumber(text: str, mapping: dict[int, int]) -> str:
    """Rewrite markers through `mapping` (e.g. prompt numbering -> citation numbering)."""
    def sub(m: re.Match) -> str:
        ns = [mapping[int(n)] for n in m.group(1).split(",") if int(n) in mapping]
        return f" [{', '.join(map(str, dict.fromkeys(ns)))}]" if ns else ""

    return MARKER.sub(sub, text)
