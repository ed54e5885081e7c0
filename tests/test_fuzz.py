"""Fuzzing (Hypothesis, bounded): the loaders given random bytes, mutated PDFs and markup-shaped text
raise only LoadError (a reason shown beside the file name) or return pages the chunker can split; the
citation parser and checker take any reply text without crashing. Every example runs under a watchdog
timer, so a hang fails the test instead of stalling the suite."""

from __future__ import annotations

import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infrascope.answer import citations as C
from infrascope.chunking import chunk_page, word_count_tokens
from infrascope.loaders import LoadError, load_document

from .conftest import DATA

HANG_SECONDS = 20  # a real document of ours loads in well under a second
FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEED_PDFS = [
    DATA / "corpus/reports/2024_Q2_HLCN.pdf",
    DATA / "broken/encrypted-empty-password.pdf",
    DATA / "broken/scanned-no-text.pdf",
]


@contextmanager
def watchdog(seconds: float = HANG_SECONDS):
    def fire(signum, frame):
        raise TimeoutError(f"no result after {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def load_and_chunk(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with watchdog():
            try:
                doc = load_document(path, name)
            except LoadError as exc:
                assert str(exc)  # a reason the user can read
                return
            assert doc.pages and any(p.text.strip() for p in doc.pages)
            for page in doc.pages:
                for c in chunk_page(doc.meta, page, 200, 40, word_count_tokens):
                    assert c.chunk_id and c.text.strip()


# -- loaders -----------------------------------------------------------------------------------------
@FUZZ
@given(data=st.binary(max_size=3000), ext=st.sampled_from([".pdf", ".txt", ".md", ".html", ".htm", ".text"]))
def test_random_bytes_under_any_supported_name(data, ext):
    load_and_chunk(data, "fuzz" + ext)


@st.composite
def mutated_pdf(draw):
    """A real PDF with bytes flipped, ranges deleted or duplicated, junk inserted, or cut short."""
    data = bytearray(draw(st.sampled_from(SEED_PDFS)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "delete", "duplicate", "insert", "truncate"]))
        i = draw(st.integers(min(16, len(data) - 1), len(data) - 1))  # past the %PDF header, mostly
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 400))]
        elif op == "duplicate":
            data[i:i] = data[i : i + draw(st.integers(1, 400))]
        elif op == "insert":
            data[i:i] = draw(
                st.sampled_from(
                    [
                        b"obj",
                        b"endobj",
                        b"<<",
                        b">>",
                        b"/Length 999999",
                        b"stream",
                        b"endstream",
                        b"xref",
                        b"trailer",
                        b"0 0 R",
                        b"[[[[[[",
                        b"\x00" * 64,
                    ]
                )
            )
        else:
            data = data[: max(8, i)]
    return bytes(data)


@FUZZ
@given(data=mutated_pdf())
def test_mutated_pdfs(data):
    load_and_chunk(data, "mutated.pdf")


def tokens(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


MARKUP = tokens(
    list("abc XYZ019.,;:-_*#`|>[]()<>/=\"'&!\n\t\r")
    + [
        "<p>",
        "</p>",
        "<table>",
        "<tr>",
        "<td>",
        "<script>",
        "<!--",
        "-->",
        "&amp;",
        "&#x0;",
        "---\n",
        "title: x\n",
        "| a | b |\n",
        "\u0000",
        "é",
        "\u202e",
        "\ud7ff",
        "$1,150",
        "10-Q",
        "Q2 FY2025",
    ],
    400,
)


@FUZZ
@given(
    body=MARKUP,
    ext=st.sampled_from([".html", ".md", ".txt"]),
    wrap=st.sampled_from(
        [
            "{}",
            "<html><head><title>{}</title></head><body>{}</body></html>",
            "---\ntitle: {}\ndate: 2025-13-45\n---\n# {}\n",
            "<<<{}>>>{}",
        ]
    ),
)
def test_markup_shaped_text(body, ext, wrap):
    load_and_chunk(wrap.replace("{}", body).encode("utf-8", "surrogatepass"), "shaped" + ext)


# -- citation parser and checker -------------------------------------------------------------------
REPLY = tokens(
    list("[]0123456789,. $%()-!?\n")
    + ["Revenue ", "rose ", "The ", "[1]", "[2, 3]", "[99]", "1,150", "12.0%", "A", " [", "] "],
    120,
)
PASSAGES = st.dictionaries(
    st.integers(1, 8),
    st.text(alphabet=st.sampled_from(list("0123456789,.$% abcRevenue")), max_size=80),
    max_size=6,
)


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(text=REPLY, passages=PASSAGES, support=st.one_of(st.none(), st.integers(0, 9)))
def test_citation_checker_takes_any_reply(text, passages, support):
    with watchdog(5):
        C.markers(text)
        C.strip_markers(text)
        C.split_sentences(text)
        C.numbers(text)
        result = C.check_answer(text, passages, (lambda s: support) if support is not None else None)
        # what survives cites only passages that exist, and every note is text
        assert set(C.markers(result.text)) <= set(passages)
        assert all(isinstance(n, str) for n in result.notes)
        mapping = {n: i for i, n in enumerate(C.markers(result.text), start=1)}
        assert set(C.markers(C.renumber(result.text, mapping))) <= set(mapping.values())


@pytest.mark.parametrize(
    "text",
    [
        "[[5]7].",
        "[1][2][3]",
        "[" * 5000 + "1" + "]" * 5000,
        "1," * 5000 + "[1]",
        "Revenue [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]" * 200,
        "." * 10000,
        "$" * 10000,
    ],
)
def test_citation_checker_edge_cases_finish_quickly(text):
    with watchdog(5):
        result = C.check_answer(text, {1: "Revenue 1,150", 2: "x"})
    assert set(C.markers(result.text)) <= {1, 2}
