"""Read PDF text layers with pypdf, and rebuild paragraphs from the lines a PDF stores.

A PDF keeps lines, not paragraphs. A line is joined to the one before it when that line ran (nearly) the full
width of the page's text, which is what wrapping does; a line that starts with a list or speaker marker always
starts a new paragraph. Page numbers alone on a line are dropped.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ._clean import clean
from ._errors import DocumentError, _
from ._limits import MAX_PDF_PAGES
from ._model import Block, Paragraph
from ._zipsafe import corrupt, encrypted

__all__ = ["read_pdf"]

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|-\s*\d+\s*-)[-–—\s]*$")
_STARTS_NEW = re.compile(r"^(?:[○◆◇●■□▶▷►•※◎△▲▪-]|\[|\d{1,2}[.)]\s|[가-하][.)]\s|[①-⑳]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])")
_ENDS_SENTENCE = re.compile(r"(?:[.?!:。」』”\"')]|다|요|음|함)$")
_FULL = 0.85


def scanned() -> DocumentError:
    """Return the error for a PDF that holds only pictures of pages."""
    return DocumentError(
        _(
            "스캔한 PDF라 글자를 읽을 수 없습니다. 원본 한글(HWPX) 파일이나 글자가 있는 PDF"
            "(한글·워드에서 'PDF로 저장')로 올려 주세요."
        ),
        code="scanned_pdf",
    )


def read_pdf(data: bytes) -> list[Block]:
    """Return the paragraphs of a PDF's text layer; raise for encrypted or scanned files."""
    from pypdf import PdfReader

    try:
        reader: Any = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password only to restrict printing.
            try:
                if not reader.decrypt(""):
                    raise encrypted("PDF")
            except DocumentError:
                raise
            except Exception as exc:
                raise encrypted("PDF") from exc
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise DocumentError(
                _("PDF가 %(pages)s쪽으로 너무 깁니다. %(limit)s쪽 이하로 나누어 올려 주세요."),
                code="too_large",
                pages=len(pages),
                limit=MAX_PDF_PAGES,
            )
        page_lines = [_lines(page.extract_text() or "") for page in pages]
    except DocumentError:
        raise
    except Exception as exc:
        # pypdf fails on damaged files in many ways (PdfReadError, KeyError, struct.error …): all are damage.
        raise corrupt("PDF") from exc
    if not any(page_lines):
        raise scanned()
    return [Paragraph(text) for text in _paragraphs(page_lines)]


def _lines(text: str) -> list[str]:
    lines = [clean(line) for line in text.splitlines()]
    return [line for line in lines if line and not _PAGE_NUMBER.match(line)]


def _paragraphs(page_lines: list[list[str]]) -> list[str]:
    widths = sorted(len(line) for lines in page_lines for line in lines)
    # The body width is what most long lines reach; a high percentile ignores the odd overlong line.
    full = widths[int(len(widths) * 0.9)] if widths else 0
    out: list[str] = []
    previous = ""
    for lines in page_lines:
        for line in lines:
            wrapped = (
                previous
                and len(previous) >= _FULL * full
                and not _STARTS_NEW.match(line)
                and not (_ENDS_SENTENCE.search(previous) and len(previous) < 0.95 * full)
            )
            if wrapped:
                out[-1] = f"{out[-1]} {line}"
            else:
                out.append(line)
            previous = line
    return out
