"""PDF: one Page per physical page (numbered from 1) with the PDF's own page label.

pdfium (pypdfium2) is the first choice: about 15x faster than pypdf here and it reads the filings that
trip pypdf's safety limits. pypdf, the project's reference PDF library, is the fallback, retried with
raised (still bounded) limits when a real-world file trips them. An encrypted PDF that opens with an
empty password is read; one that needs a password is refused with that reason.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..types import DocMeta, LoadedDocument, Page
from .errors import LoadError
from .text import title_from_filename
from .textutil import clean_text

log = logging.getLogger(__name__)

# pdfium marks hyphenation points and unknown glyphs with these; they are not text.
_PDFIUM_JUNK = str.maketrans({"\x02": "", "\ufffe": "", "\ufffd": ""})
_ID_LIKE = re.compile(r"^[\d\s\-_.]+$")
# Generous but finite: pypdf's limits guard against malicious files; these guard the same, 10x higher.
_RAISED_PYPDF_LIMITS = {"array_maximum_element_count": 1_000_000, "dictionary_maximum_element_count": 1_000_000}


def _pdf_date(raw: str | None) -> str | None:
    m = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", raw or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _read_with_pdfium(path: Path) -> tuple[list[Page], dict]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise LoadError("encrypted PDF that needs a password") from None
        raise
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range().translate(_PDFIUM_JUNK)
            textpage.close()
            page.close()
            label = doc.get_page_label(i) or str(i + 1)
            pages.append(Page(text=clean_text(text), page=i + 1, page_label=label))
        info = doc.get_metadata_dict()
    finally:
        doc.close()
    return pages, info


def _read_with_pypdf(path: Path) -> tuple[list[Page], dict]:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    def read() -> tuple[list[Page], dict]:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise LoadError("encrypted PDF that needs a password")
            except FileNotDecryptedError:
                raise LoadError("encrypted PDF that needs a password") from None
        labels = reader.page_labels
        pages = [Page(text=clean_text(p.extract_text() or ""), page=i + 1,
                      page_label=labels[i] if i < len(labels) else str(i + 1))
                 for i, p in enumerate(reader.pages)]
        info = {k.lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()}
        return pages, info

    try:
        return read()
    except LimitReachedError as exc:
        log.info("%s trips pypdf's limits (%s); retrying with raised limits", path.name, exc)
        with pypdf.apply_configuration(**_RAISED_PYPDF_LIMITS):
            return read()


def load_pdf(abs_path: Path, rel_path: str) -> LoadedDocument:
    with abs_path.open("rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise LoadError("not a PDF (no %PDF header)")
    try:
        pages, info = _read_with_pdfium(abs_path)
    except LoadError:
        raise
    except Exception as first:  # noqa: BLE001 - any pdfium failure falls back to pypdf
        try:
            pages, info = _read_with_pypdf(abs_path)
        except LoadError:
            raise
        except Exception as second:  # noqa: BLE001
            raise LoadError(f"corrupt or unreadable PDF ({type(second).__name__}: {str(second)[:160]}; "
                            f"pdfium: {str(first)[:80]})") from None
    if not pages:
        raise LoadError("PDF has no pages")
    title = (info.get("Title") or "").strip()
    if not title or _ID_LIKE.match(title):  # EDGAR sets the accession number as the title
        title = title_from_filename(abs_path)
    meta = DocMeta(path=rel_path, title=title, file_type="pdf", doc_date=_pdf_date(info.get("CreationDate")))
    subject = info.get("Subject") or ""
    if m := re.search(r"period ending (\d{4}-\d{2}-\d{2})", subject):
        meta.period_end = m.group(1)
    return LoadedDocument(meta=meta, pages=pages)
