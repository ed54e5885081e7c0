"""Regenerate every test fixture under tests/data/ deterministically.

Run from the repository root:

    .venv/bin/python tests/data/make_fixtures.py            # write all files, then verify them
    .venv/bin/python tests/data/make_fixtures.py --no-check # write only
    .venv/bin/python tests/data/make_fixtures.py --check    # verify only (no writes)

Every fact in these files is INVENTED (fictional companies) so it cannot collide
with the real corpus; FACTS.md lists them with the file and page they live on.

Dev-only dependencies: fpdf2 (and the Pillow it pulls in) to draw the PDFs; pypdf +
cryptography to encrypt; pypdfium2 for the verification pass.

Determinism: fixed creation dates, a fixed producer string, content-derived /ID
entries, and seeded random bytes. pypdf's AES encryption draws salts, keys and IVs
from `secrets.token_bytes`; while writing the two encrypted fixtures we swap that
for a seeded generator (see `_seeded_secrets`). That is acceptable ONLY for test
fixtures: never do this for a real document.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import random
import struct
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
BROKEN = HERE / "broken"

FIXED_DATE = datetime(2024, 8, 7, 16, 30, 0, tzinfo=timezone.utc)
PRODUCER = "infrascope test fixtures"


# --------------------------------------------------------------------------- helpers


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def _new_pdf(title: str):
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_creator("tests/data/make_fixtures.py")
    pdf.set_title(title)
    pdf.set_author("infrascope test suite")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(20, 20, 20)
    return pdf


def _pdf_bytes(pdf) -> bytes:
    return bytes(pdf.output())


class _SeededSecrets:
    """Stand-in for the `secrets` module with a reproducible token_bytes()."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def token_bytes(self, n: int | None = None) -> bytes:
        return self._rng.randbytes(32 if n is None else n)


@contextlib.contextmanager
def _seeded_secrets(seed: int):
    import pypdf._encryption as enc_mod
    import pypdf._crypt_providers._cryptography as crypt_mod

    fake = _SeededSecrets(seed)
    saved = (enc_mod.secrets, crypt_mod.secrets)
    enc_mod.secrets = fake
    crypt_mod.secrets = fake
    try:
        yield
    finally:
        enc_mod.secrets, crypt_mod.secrets = saved


def _encrypt(plain_pdf: bytes, user_password: str, owner_password: str, seed: int) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain_pdf)))
    with _seeded_secrets(seed):
        writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def _png(width: int, height: int, pixel) -> bytes:
    """A minimal, fully deterministic 8-bit RGB PNG (no Pillow involved)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            raw.extend(pixel(x, y))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


# --------------------------------------------------------------------------- good corpus: PDF

HLCN_PAGE1_HEADER = [
    ("B", 11, "UNITED STATES"),
    ("B", 11, "SECURITIES AND EXCHANGE COMMISSION"),
    ("", 10, "Washington, D.C. 20549"),
    ("", 10, ""),
    ("B", 14, "FORM 10-Q"),
    ("", 10, ""),
    ("", 9, "QUARTERLY REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934"),
    ("B", 10, "For the quarterly period ended June 30, 2024"),
    ("", 10, "Commission File Number: 000-99901"),
    ("", 10, ""),
    ("B", 16, "HELION COMPUTE CORPORATION"),
    ("I", 9, "(Exact name of registrant as specified in its charter)"),
    ("", 10, ""),
    ("", 10, "Title of each class: Common Stock, $0.001 par value per share"),
    ("", 10, "Trading Symbol(s): HLCN"),
    ("", 10, "Name of each exchange on which registered: The Example Stock Market LLC"),
]

# One sentence per line so that every fact phrase survives text extraction intact
# (no fact is split by a line break).
HLCN_PAGE1_PROSE = [
    "Second Quarter Fiscal 2025 Summary",
    "Data center revenue grew 64% from a year ago in the second quarter of fiscal year 2025,",
    "driven by shipments of the Helion H9 accelerator to cloud customers.",
    "Gross margin was 71.3% for the quarter, compared with 58.9% in the prior-year quarter.",
    "The Board of Directors declared a quarterly cash dividend of $0.17 per share,",
    "payable on August 22, 2024 to shareholders of record on August 1, 2024.",
]

HLCN_TABLE_ROWS = [
    ("Data Center", "$ 4,812", "$ 2,934"),
    ("Networking", "1,205", "877"),
    ("Total revenue", "$ 6,017", "$ 3,811"),
]

HLCN_PAGE2_PROSE = [
    "Liquidity and Capital Resources",
    "Purchases of property and equipment were $1,150 million in the second quarter of fiscal year 2025,",
    "primarily for assembly and test capacity in Malaysia.",
    "As of June 30, 2024, we had $9,480 million in cash, cash equivalents and marketable securities.",
]


def make_hlcn_pdf() -> bytes:
    pdf = _new_pdf("Helion Compute Q2 2024 Report")
    pdf.set_subject("Quarterly report (Form 10-Q) for the period ended June 30, 2024")
    pdf.set_keywords("HLCN 10-Q fixture")

    # Page 1, labelled "i" (lower-case roman numerals).
    pdf.add_page()
    pdf.set_page_label(label_style="r", label_start=1)
    for style, size, text in HLCN_PAGE1_HEADER:
        pdf.set_font("Helvetica", style, size)
        pdf.cell(0, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, HLCN_PAGE1_PROSE[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in HLCN_PAGE1_PROSE[1:]:
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")

    # Page 2, labelled "1" (decimal, restarting at 1).
    pdf.add_page()
    pdf.set_page_label(label_style="D", label_start=1)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, "HELION COMPUTE CORPORATION", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, "Revenue by Market Platform (Unaudited)", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    label_w, col_w = 96, 40
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(label_w, 6, "")
    pdf.cell(2 * col_w, 6, "Three Months Ended", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(label_w, 6, "")
    pdf.cell(col_w, 6, "June 30, 2024", align="R")
    pdf.cell(col_w, 6, "June 30, 2023", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 9)
    pdf.cell(label_w, 6, "(In millions)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for i, (label, cur, prior) in enumerate(HLCN_TABLE_ROWS):
        if i == len(HLCN_TABLE_ROWS) - 1:
            pdf.set_font("Helvetica", "B", 10)
            pdf.line(20 + label_w, pdf.get_y(), 20 + label_w + 2 * col_w, pdf.get_y())
        pdf.cell(label_w, 6, label)
        pdf.cell(col_w, 6, cur, align="R")
        pdf.cell(col_w, 6, prior, align="R", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(10)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, HLCN_PAGE2_PROSE[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in HLCN_PAGE2_PROSE[1:]:
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    return _pdf_bytes(pdf)


# --------------------------------------------------------------------------- good corpus: text formats

ORBITAL_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Orbital Grid raises power capacity</title>
  <meta name="description" content="Example News coverage of Orbital Grid.">
  <style>
    /* STYLE-SENTINEL: this stylesheet text must never reach the index */
    body { font-family: Georgia, serif; margin: 0 auto; max-width: 42em; }
    nav a { margin-right: 1em; }
  </style>
  <script>
    var trackingId = 'XYZ-SCRIPT-SENTINEL';
    window.dataLayer = window.dataLayer || [];
    window.dataLayer.push({ event: 'pageview', id: trackingId });
  </script>
</head>
<body>
  <header>
    <div class="masthead">Example News &mdash; Energy &amp; Compute Desk</div>
    <p class="promo">Subscribe to our newsletter for daily infrastructure briefings.</p>
  </header>
  <nav aria-label="Main menu">
    <a href="/">Home</a>
    <a href="/markets">Markets</a>
    <a href="/energy">Energy</a>
    <a href="/chips">Chips</a>
    <a href="/podcasts">Podcasts</a>
    <a href="/nav-sentinel">NAV-SENTINEL</a>
  </nav>
  <main>
    <article>
      <h1>Orbital Grid raises power capacity</h1>
      <p class="byline">By Dana Whitfield &middot; <time datetime="2025-02-11">February 11, 2025</time></p>
      <p>Orbital Grid will add 740 megawatts of data-center power capacity in Ohio by 2027.
      The expansion covers three campuses outside Columbus and will be built in two phases.</p>
      <p>The company said it will invest $2.6 billion in the build-out, funded by a mix of
      project debt and equity from existing shareholders.</p>
      <p>Orbital Grid selected Kestrel Turbines as its partner to supply on-site gas generation
      for the first phase, while grid interconnection work continues with the regional utility.</p>
      <h2>What comes next</h2>
      <p>Chief executive Priya Raman told Example News that construction of the first campus
      is scheduled to begin in the autumn.</p>
    </article>
    <aside class="related">
      <h3>Related stories</h3>
      <ul><li><a href="/story/1">Five things to watch in power markets</a></li></ul>
    </aside>
  </main>
  <footer>
    <p>&copy; 2025 Example News. All rights reserved.</p>
    <p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a> | FOOTER-SENTINEL</p>
  </footer>
</body>
</html>
"""

QUARTZ_MD = """---
title: "Quartz Chip Incentive Act fact sheet"
date: 2025-03-14
source_url: https://example.gov/quartz
tags: [policy, semiconductors]
---

# Quartz Chip Incentive Act fact sheet

The Quartz Chip Incentive Act is a fictional statute used only in the infrascope test suite.

## Funding

The Act provides $18.5 billion in manufacturing grants for domestic semiconductor plants,
administered by the Office of Quartz Programs.

It also creates a 30% investment tax credit for qualifying fab equipment placed in service
before the end of 2030.

## How the grants are divided

| Program area | Grant allocation |
| --- | --- |
| Leading-edge logic fabs | $11.0 billion |
| Memory fabs | $3.5 billion |
| Advanced packaging | $3.2 billion |
| Workforce training | $0.8 billion |

## Timeline

- Applications open on June 2, 2025.
- First awards are expected within nine months of the opening date.
"""

BOREALIS_TXT = """Analyst notes \u2014 Borealis Fiber (private company)

Borealis Fiber lit 2,300 route-miles of dark fiber in 2024, most of it along the
Minneapolis-to-Chicago corridor that feeds new AI campuses in the upper Midwest.

Background: an earlier 2021 business plan had targeted 1,100 route-miles by 2023,
a goal management later dropped when two anchor tenants delayed their builds.

Borealis Fiber's largest customer, an unnamed hyperscale cloud provider, accounted
for 38% of the company's revenue last year.

The company is led by chief executive H\u00e9l\u00e8ne Marchetti, who joined from a
European tower operator in 2022.
"""

IGNORE_FILE = """# infrascope ignore rules (gitignore syntax)
drafts/
*.tmp
"""

DRAFT_TXT = """DRAFT - do not index. IGNORED-SENTINEL
Borealis Fiber draft estimate: 9,999 route-miles (wrong, superseded).
"""

SCRATCH_TMP = """scratch buffer TMP-SENTINEL
Orbital Grid scratch figure 123 megawatts (must never be indexed).
"""


def make_logo_png() -> bytes:
    # 16x16: a dark square with a diagonal accent. Real, valid PNG.
    def pixel(x: int, y: int) -> tuple[int, int, int]:
        if x == y or x == 15 - y:
            return (240, 180, 40)
        return (20, 40, 90)

    return _png(16, 16, pixel)


# --------------------------------------------------------------------------- broken files


def make_corrupt_pdf() -> bytes:
    # A valid-looking header and the start of one object, then seeded junk; no xref,
    # no trailer, no %%EOF. Truncated mid-stream.
    rng = random.Random(20240807)
    head = (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Length 900 >>\nstream\n"
    )
    junk = bytes(b for b in rng.randbytes(2000) if b not in b"%eEtTxXoO")[:900]
    return head + junk


def _single_page_pdf(title: str, lines: list[str]) -> bytes:
    pdf = _new_pdf(title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, lines[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for line in lines[1:]:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return _pdf_bytes(pdf)


def make_encrypted_empty_password_pdf() -> bytes:
    plain = _single_page_pdf(
        "Encrypted Ember Labs shipment note",
        [
            "Encrypted Ember Labs - Shipment Update",
            "Encrypted Ember Labs shipped 912 accelerators in the first quarter of 2025.",
            "This file is AES-256 encrypted with an EMPTY user password; it must still be readable.",
        ],
    )
    return _encrypt(plain, user_password="", owner_password="owner", seed=912)


def make_encrypted_password_pdf() -> bytes:
    plain = _single_page_pdf(
        "Locked Larch Systems order note",
        [
            "Locked Larch Systems - Order Note",
            "LOCKED-SENTINEL: Locked Larch Systems ordered 5,555 racks.",
            "This file needs the user password; without it, it must be reported as encrypted.",
        ],
    )
    return _encrypt(plain, user_password="secret", owner_password="owner", seed=5555)


def make_scanned_pdf() -> bytes:
    from PIL import Image, ImageDraw

    # A "scan": text drawn as pixels, no text layer at all.
    img = Image.new("L", (900, 260), color=255)
    draw = ImageDraw.Draw(img)
    y = 20
    for line in [
        "SCANNED MEMO (image only, no text layer)",
        "Obsidian Optics leased 77 racks.",
        "Any text extracted from this page means the test is wrong.",
    ]:
        draw.text((30, y), line, fill=0)  # Pillow's built-in bitmap font
        y += 30
    for k in range(5):  # a few "ruled lines", as on a scanned form
        draw.line((30, 140 + 20 * k, 870, 140 + 20 * k), fill=90, width=2)

    pdf = _new_pdf("Scanned memo (image only)")
    pdf.add_page()
    pdf.image(img, x=20, y=20, w=175)
    return _pdf_bytes(pdf)


def make_binary_junk() -> bytes:
    rng = random.Random(1337)
    data = bytearray(rng.randbytes(2048))
    for i in range(0, 2048, 97):  # guarantee plenty of NUL bytes
        data[i] = 0
    return bytes(data)


LATIN1_TXT = (
    "Caf\u00e9 r\u00e9sum\u00e9 of Cr\u00e8me Data Halls (encoded as Latin-1, not UTF-8).\n"
    "Cr\u00e8me Data Halls operates 47 edge sites around Lyon, each under 2 megawatts.\n"
    "Na\u00efve UTF-8 decoding fails on the byte 0xE9 in the first line.\n"
)

EMPTY_MD = """---
title: "Empty note"
date: 2025-01-01
---
"""


# --------------------------------------------------------------------------- build


def build() -> dict[Path, bytes]:
    files: dict[Path, bytes] = {
        CORPUS / "reports" / "2024_Q2_HLCN.pdf": make_hlcn_pdf(),
        CORPUS / "web" / "orbital-grid.html": ORBITAL_HTML.encode("utf-8"),
        CORPUS / "policy" / "2025-03-14-quartz-chip-act.md": QUARTZ_MD.encode("utf-8"),
        CORPUS / "notes" / "analyst-notes.txt": BOREALIS_TXT.encode("utf-8"),
        CORPUS / ".infrascopeignore": IGNORE_FILE.encode("utf-8"),
        CORPUS / "drafts" / "ignored-draft.txt": DRAFT_TXT.encode("utf-8"),
        CORPUS / "scratch.tmp": SCRATCH_TMP.encode("utf-8"),
        CORPUS / "images" / "logo.png": make_logo_png(),
        BROKEN / "corrupt.pdf": make_corrupt_pdf(),
        BROKEN / "encrypted-empty-password.pdf": make_encrypted_empty_password_pdf(),
        BROKEN / "encrypted-password.pdf": make_encrypted_password_pdf(),
        BROKEN / "scanned-no-text.pdf": make_scanned_pdf(),
        BROKEN / "empty.txt": b"",
        BROKEN / "binary-junk.txt": make_binary_junk(),
        BROKEN / "latin1.txt": LATIN1_TXT.encode("latin-1"),
        BROKEN / "empty.md": EMPTY_MD.encode("utf-8"),
    }
    return files


# --------------------------------------------------------------------------- verification


def _pdfium_open(path: Path, password: str | None = None):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(path), password=password)


def _pdfium_pages(path: Path, password: str | None = None) -> list[tuple[str, str]]:
    doc = _pdfium_open(path, password)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            text = tp.get_text_range()
            tp.close()
            page.close()
            out.append((doc.get_page_label(i), text.replace("\r\n", "\n")))
        return out
    finally:
        doc.close()


def _pypdf_pages(path: Path, password: str | None = None) -> list[tuple[str, str]]:
    from pypdf import PdfReader

    reader = PdfReader(str(path), password=password)
    labels = reader.page_labels
    return [(labels[i], p.extract_text()) for i, p in enumerate(reader.pages)]


def _try(label: str, fn):
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - we want to see everything here
        print(f"    {label}: RAISES {type(exc).__module__}.{type(exc).__name__}: {exc}")
        return exc
    print(f"    {label}: OK -> {result!r}"[:400])
    return result


def check() -> int:
    failures: list[str] = []

    def expect(cond: bool, msg: str) -> None:
        print(f"  [{'ok' if cond else 'FAIL'}] {msg}")
        if not cond:
            failures.append(msg)

    # --- sizes
    print("== sizes")
    for p in sorted(HERE.rglob("*")):
        if p.is_file():
            print(f"  {p.stat().st_size:7d}  {p.relative_to(HERE)}")
            if p.parent != HERE:
                expect(p.stat().st_size < 50_000, f"{p.relative_to(HERE)} < 50 KB")

    # --- HLCN, both libraries
    hlcn = CORPUS / "reports" / "2024_Q2_HLCN.pdf"
    from pypdf import PdfReader

    meta = PdfReader(str(hlcn)).metadata
    print(f"== {hlcn.name} metadata: title={meta.title!r} creation_date={meta.creation_date!r}")
    expect(meta.title == "Helion Compute Q2 2024 Report", "HLCN /Title")
    expect(meta.creation_date is not None and meta.creation_date.year == 2024, "HLCN /CreationDate")

    page_facts = {
        0: [
            "For the quarterly period ended June 30, 2024",
            "HELION COMPUTE CORPORATION",
            "HLCN",
            "64%",
            "71.3%",
            "$0.17 per share",
        ],
        1: ["$1,150 million", "$9,480 million"],
    }
    table_lines = [
        "Three Months Ended",
        "June 30, 2024 June 30, 2023",
        "(In millions)",
        "Data Center $ 4,812 $ 2,934",
        "Networking 1,205 877",
        "Total revenue $ 6,017 $ 3,811",
    ]
    for libname, reader_fn in (("pypdfium2", _pdfium_pages), ("pypdf", _pypdf_pages)):
        pages = reader_fn(hlcn)
        print(f"== {hlcn.name} via {libname}: {len(pages)} pages, labels {[lbl for lbl, _ in pages]}")
        for i, (lbl, text) in enumerate(pages):
            print(f"  --- physical page {i + 1}, label {lbl!r}")
            print("    " + text.replace("\n", "\n    "))
        expect(len(pages) == 2, f"{libname}: 2 pages")
        expect([lbl for lbl, _ in pages] == ["i", "1"], f"{libname}: page labels ['i', '1']")
        for idx, phrases in page_facts.items():
            other = 1 - idx
            for ph in phrases:
                expect(ph in pages[idx][1], f"{libname}: {ph!r} on page {idx + 1}")
                if ph != "HELION COMPUTE CORPORATION":  # the page-2 running head repeats the name
                    expect(ph not in pages[other][1], f"{libname}: {ph!r} NOT on page {other + 1}")
        lines2 = [" ".join(ln.split()) for ln in pages[1][1].splitlines()]
        for tl in table_lines:
            expect(tl in lines2, f"{libname}: table line {tl!r} is one line on page 2")

    # --- broken PDFs, both libraries
    print("== broken PDFs")
    broken_pdfs = [
        "corrupt.pdf",
        "encrypted-empty-password.pdf",
        "encrypted-password.pdf",
        "scanned-no-text.pdf",
    ]
    for name in broken_pdfs:
        path = BROKEN / name
        print(f"  {name}")
        r_pdfium = _try("pypdfium2 (no password)", lambda: _pdfium_pages(path))
        r_pdfium_empty = _try("pypdfium2 (password='')", lambda: _pdfium_pages(path, ""))
        r_pypdf = _try("pypdf (no password)", lambda: _pypdf_pages(path))
        r_pypdf_empty = _try("pypdf (password='')", lambda: _pypdf_pages(path, ""))
        if name == "encrypted-password.pdf":
            _try("pypdfium2 (password='secret')", lambda: _pdfium_pages(path, "secret"))
            _try("pypdf (password='secret')", lambda: _pypdf_pages(path, "secret"))
            rdr = PdfReader(str(path))
            print(f"    pypdf PdfReader(): is_encrypted={rdr.is_encrypted}, "
                  f"decrypt('') -> {rdr.decrypt('')!r}, decrypt('secret') -> {rdr.decrypt('secret')!r}")
        if name == "encrypted-empty-password.pdf":
            rdr = PdfReader(str(path))
            print(f"    pypdf PdfReader(): is_encrypted={rdr.is_encrypted}")

        if name == "corrupt.pdf":
            for lib, r in (("pypdfium2", r_pdfium), ("pypdf", r_pypdf)):
                expect(isinstance(r, Exception), f"{name}: {lib} raises")
        elif name == "encrypted-empty-password.pdf":
            for lib, r in (("pypdfium2", r_pdfium), ("pypdfium2 pw=''", r_pdfium_empty),
                           ("pypdf", r_pypdf), ("pypdf pw=''", r_pypdf_empty)):
                expect(not isinstance(r, Exception) and "shipped 912 accelerators" in r[0][1],
                       f"{name}: {lib} yields the fact text")
        elif name == "encrypted-password.pdf":
            for lib, r in (("pypdfium2", r_pdfium), ("pypdfium2 pw=''", r_pdfium_empty),
                           ("pypdf", r_pypdf), ("pypdf pw=''", r_pypdf_empty)):
                expect(isinstance(r, Exception), f"{name}: {lib} fails without the password")
            ok = _pdfium_pages(path, "secret")[0][1]
            expect("LOCKED-SENTINEL" in ok, f"{name}: pypdfium2 opens with 'secret'")
            ok = _pypdf_pages(path, "secret")[0][1]
            expect("LOCKED-SENTINEL" in ok, f"{name}: pypdf opens with 'secret'")
        elif name == "scanned-no-text.pdf":
            for lib, r in (("pypdfium2", r_pdfium), ("pypdf", r_pypdf)):
                expect(not isinstance(r, Exception) and len(r) == 1 and r[0][1].strip() == "",
                       f"{name}: {lib} opens, 1 page, no text")

    # --- text files
    print("== text files")
    for p in [
        CORPUS / "notes" / "analyst-notes.txt",
        CORPUS / "policy" / "2025-03-14-quartz-chip-act.md",
        CORPUS / "web" / "orbital-grid.html",
        BROKEN / "empty.txt",
        BROKEN / "binary-junk.txt",
        BROKEN / "latin1.txt",
        BROKEN / "empty.md",
    ]:
        data = p.read_bytes()
        r = _try(f"{p.relative_to(HERE)} utf-8 strict", lambda: data.decode("utf-8")[:60])
        print(f"    NUL bytes: {data.count(0)}; bytes: {len(data)}")
        if p.parent.name != "broken" or p.name == "empty.md":
            expect(not isinstance(r, Exception), f"{p.name} is valid UTF-8")
    expect(isinstance(_try("latin1 strict", lambda: (BROKEN / "latin1.txt").read_bytes().decode("utf-8")),
                      UnicodeDecodeError), "latin1.txt is NOT valid UTF-8")
    latin = (BROKEN / "latin1.txt").read_bytes().decode("latin-1")
    expect("47 edge sites" in latin, "latin1.txt decodes as Latin-1")

    # --- HTML visible text (bs4), to show what a boilerplate stripper should keep
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((CORPUS / "web" / "orbital-grid.html").read_text("utf-8"), "html.parser")
    expect(soup.title.string == "Orbital Grid raises power capacity", "HTML <title>")
    art = soup.find("article").get_text(" ", strip=True)
    for s in ["740 megawatts", "$2.6 billion", "Kestrel Turbines"]:
        expect(s in art, f"HTML article contains {s!r}")
    for s in ["XYZ-SCRIPT-SENTINEL", "STYLE-SENTINEL", "NAV-SENTINEL", "FOOTER-SENTINEL", "Subscribe"]:
        expect(s not in art, f"HTML article excludes {s!r}")

    # --- each fact exactly once across the good corpus (text formats + PDF text)
    print("== uniqueness across the good corpus")
    texts = {
        "analyst-notes.txt": (CORPUS / "notes" / "analyst-notes.txt").read_text("utf-8"),
        "quartz.md": (CORPUS / "policy" / "2025-03-14-quartz-chip-act.md").read_text("utf-8"),
        "orbital.html": art,
    }
    for i, (_, t) in enumerate(_pdfium_pages(hlcn)):
        texts[f"HLCN p{i + 1}"] = t
    facts = ["64%", "71.3%", "$0.17", "4,812", "877", "6,017", "1,150", "9,480", "740 megawatts",
             "$2.6 billion", "Kestrel Turbines", "$18.5 billion", "30% investment tax credit", "$3.2 billion",
             "June 2, 2025", "2,300 route-miles", "38%", "Hélène Marchetti"]
    for f in facts:
        n = sum(t.count(f) for t in texts.values())
        expect(n == 1, f"fact {f!r} occurs exactly once (found {n})")

    print()
    print(f"{len(failures)} failure(s)")
    for f in failures:
        print("  FAIL:", f)
    return 1 if failures else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--no-check", action="store_true", help="write the files, skip verification")
    g.add_argument("--check", action="store_true", help="verify the files already on disk, write nothing")
    args = ap.parse_args()

    if not args.check:
        files = build()
        for path, data in files.items():
            _write(path, data)
        digest = hashlib.sha256()
        for path in sorted(files):
            digest.update(str(path.relative_to(HERE)).encode() + b"\0" + files[path])
        print(f"wrote {len(files)} files; combined sha256 {digest.hexdigest()}")
    if args.no_check:
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
