"""Shared text clean-up for every loader: decoding, whitespace, control characters."""

from __future__ import annotations

import re

from .errors import LoadError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def decode_utf8(data: bytes, what: str = "text") -> str:
    """Strict UTF-8 (a BOM is allowed). Binary junk and legacy encodings are refused, not guessed."""
    if b"\x00" in data[:8192]:
        raise LoadError(f"binary data, not {what} (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not UTF-8 {what} (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                        "re-save the file as UTF-8") from None


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:  # collapse runs of blank lines to one
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
