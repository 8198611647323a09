"""Read PDF text layers with PDFium (pypdfium2); rebuild paragraphs and ruled tables from what a PDF stores.

A PDF keeps lines, not paragraphs. A line is joined to the one before it when that line ran (nearly) the full
width of the page's text, which is what wrapping does; a line that starts with a list or speaker marker always
starts a new paragraph. Page numbers alone on a line are dropped. On pages where paths are drawn, characters
are read with their boxes and ruled tables come back as tables (``_pdf_tables``); a table that runs on to the
next page is one table, its repeated header dropped.
"""

from __future__ import annotations

import ctypes
import re
import threading
from typing import Any

from ._clean import clean
from ._errors import DocumentError, _
from ._limits import MAX_PDF_PAGES
from ._model import Block, Paragraph, TableBlock
from ._pdf_tables import Glyph, Rules, layout, rules_from_boxes
from ._zipsafe import corrupt, encrypted

__all__ = ["read_pdf"]

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|-\s*\d+\s*-)[-–—\s]*$")
_STARTS_NEW = re.compile(r"^(?:[○◆◇●■□▶▷►•※◎△▲▪-]|\[|\d{1,2}[.)]\s|[가-하][.)]\s|[①-⑳]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])")
_ENDS_SENTENCE = re.compile(r"(?:[.?!:。」』”\"')]|다|요|음|함)$")
_FULL = 0.85

# PDFium is not thread-safe: it keeps global state and must not be entered from two threads at once, even for
# different documents. Every call into it in this process goes through this lock.
_PDFIUM = threading.Lock()

Item = str | TableBlock


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
    """Return the paragraphs and ruled tables of a PDF's text layer; raise for encrypted or scanned files."""
    with _PDFIUM:
        pages = _read_pages(data)
    if not any(pages):
        raise scanned()
    return _blocks(pages)


def _read_pages(data: bytes) -> list[list[Item]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        # A PDF "encrypted" with an empty user password only to restrict printing opens without one.
        pdf: Any = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise encrypted("PDF") from exc
        raise corrupt("PDF") from exc
    try:
        count = len(pdf)
        if count > MAX_PDF_PAGES:
            raise DocumentError(
                _("PDF가 %(pages)s쪽으로 너무 깁니다. %(limit)s쪽 이하로 나누어 올려 주세요."),
                code="too_large",
                pages=count,
                limit=MAX_PDF_PAGES,
            )
        pages: list[list[Item]] = []
        for index in range(count):
            page = pdf[index]
            try:
                pages.append(_page_items(page, pdfium_c))
            finally:
                page.close()
        return pages
    except DocumentError:
        raise
    except Exception as exc:
        # PDFium reports damage page by page (PdfiumError, failed loads): all of it is damage.
        raise corrupt("PDF") from exc
    finally:
        pdf.close()


def _page_items(page: Any, pdfium_c: Any) -> list[Item]:
    textpage = page.get_textpage()
    try:
        rules = _rules(page.raw, pdfium_c)
        if len(rules.vertical) < 2:  # nothing that could rule a column: the text alone is enough
            items: list[Item] = [clean(line) for line in textpage.get_text_range().splitlines()]
        else:
            items = layout(_lines(textpage, rules, pdfium_c), rules)
    finally:
        textpage.close()
    return [item for item in items if item and not (isinstance(item, str) and _PAGE_NUMBER.match(item))]


def _rules(raw_page: Any, pdfium_c: Any) -> Rules:
    """Return the rules drawn by the page's path objects (those inside form XObjects are not looked at)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    get_object, get_type, get_bounds = (
        pdfium_c.FPDFPage_GetObject,
        pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFPageObj_GetBounds,
    )
    boxes: list[tuple[float, float, float, float]] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        obj = get_object(raw_page, index)
        if get_type(obj) == pdfium_c.FPDF_PAGEOBJ_PATH and get_bounds(obj, *refs):
            boxes.append((left.value, bottom.value, right.value, top.value))
    return rules_from_boxes(boxes)


def _lines(textpage: Any, rules: Rules, pdfium_c: Any) -> list[str | list[Glyph]]:
    """Return the page's lines as PDFium breaks them; those a vertical rule crosses with their boxes."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range()
    if len(text) != count:
        # Characters beyond the BMP (or ones PDFium leaves out of the text) shift the text against the
        # character list; read the characters one by one then.
        get_unicode = pdfium_c.FPDFText_GetUnicode
        text = "".join(_char(get_unicode(raw, index)) for index in range(count))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    get_box = pdfium_c.FPDFText_GetCharBox
    lines: list[str | list[Glyph]] = []
    start = 0
    for part in text.split("\n"):
        first = start + len(part) - len(part.lstrip())
        crossed = False
        if part.strip() and get_box(raw, first, *refs):
            middle = (bottom.value + top.value) / 2
            crossed = any(y0 - 1 <= middle <= y1 + 1 for _x, y0, y1 in rules.vertical)
        if crossed:
            glyphs = []
            for index, char in enumerate(part, start=start):
                if char != "\r" and get_box(raw, index, *refs):
                    glyphs.append(Glyph(char, left.value, bottom.value, right.value, top.value))
            lines.append(glyphs)
        else:
            lines.append(part)
        start += len(part) + 1
    return lines


def _char(code: int) -> str:
    return " " if 0xD800 <= code <= 0xDFFF else chr(code)


def _blocks(pages: list[list[Item]]) -> list[Block]:
    widths = sorted(len(item) for items in pages for item in items if isinstance(item, str))
    # The body width is what most long lines reach; a high percentile ignores the odd overlong line.
    full = widths[int(len(widths) * 0.9)] if widths else 0
    out: list[Block] = []
    previous = ""
    for page, items in enumerate(pages):
        for position, item in enumerate(items):
            if isinstance(item, TableBlock):
                last = out[-1] if out else None
                if page and not position and isinstance(last, TableBlock) and _continues(last, item):
                    rows = item.rows[1:] if item.rows[0] == last.rows[0] else item.rows
                    out[-1] = TableBlock(last.rows + rows)
                else:
                    _settle(out)
                    out.append(item)
                previous = ""
                continue
            _settle(out)
            last_block = out[-1] if out else None
            wrapped = (
                previous
                and isinstance(last_block, Paragraph)
                and len(previous) >= _FULL * full
                and not _STARTS_NEW.match(item)
                and not (_ENDS_SENTENCE.search(previous) and len(previous) < 0.95 * full)
            )
            if wrapped and isinstance(last_block, Paragraph):
                out[-1] = Paragraph(f"{last_block.text} {item}")
            else:
                out.append(Paragraph(item))
            previous = item
    _settle(out)
    return out


def _settle(out: list[Block]) -> None:
    """Turn a table of one row, which no next page went on with, back into a line of text."""
    last = out[-1] if out else None
    if isinstance(last, TableBlock) and len(last.rows) == 1:
        out[-1] = Paragraph(" ".join(cell for cell in last.rows[0] if cell))


def _continues(table: TableBlock, more: TableBlock) -> bool:
    """Return whether ``more``, at the top of a page, goes on with ``table`` from the page before."""
    return len(more.rows[0]) == len(table.rows[0])
