"""Documents Sori prints: PDF from a template (A4, Korean fonts, letterhead), XLSX sheets, downloads."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sori.core.exports import XLSX_TYPE, keep_as_text

PDF_TYPE = "application/pdf"
# The committee's letterhead line, on every document Sori prints.
LETTERHEAD = "광주광역시의회 인공지능실증도시특별위원회"
LETTERHEAD_CITY = "광주광역시"

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_filename(name: str) -> str:
    """Return ``name`` fit for any file system: no path separators or reserved marks, Korean kept."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    cleaned = re.sub(r"\s+", " ", cleaned)
    return cleaned[:120] or "document"


def css_string(text: str) -> str:
    """Return ``text`` safe inside a quoted CSS string in a <style> element (the running header)."""
    return re.sub(r'[\\"<>&\n\r]+', " ", text)[:80]


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Return the PDF of a document template (A4, Noto Sans CJK KR, page numbers from the base template).

    ``context`` should carry ``title``, ``running`` (the header of pages 2 and on) and ``today_label``.
    """
    from weasyprint import HTML

    context = {"letterhead": LETTERHEAD, "letterhead_city": LETTERHEAD_CITY, **context}
    context["running"] = css_string(str(context.get("running") or context.get("title") or ""))
    context["today_label"] = css_string(str(context.get("today_label") or ""))
    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(safe_filename(filename))}"
    return response


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """Return a PDF download (Korean file names encoded per RFC 6266)."""
    return _download(data, filename, PDF_TYPE)


def xlsx_download(data: bytes, filename: str) -> HttpResponse:
    """Return an XLSX download built elsewhere (several sheets)."""
    return _download(data, filename, XLSX_TYPE)


_THIN = Side(style="thin", color="B8C0CC")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E8EEF8")


def add_sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] = (),
    first: bool = False,
    caption: str = "",
) -> Worksheet:
    """Add a sheet with an optional caption line, a bold frozen header, borders and wrapped text."""
    ws = wb.active if first else wb.create_sheet()
    ws.title = safe_filename(title).replace("[", "(").replace("]", ")")[:31]
    start = 1
    if caption:
        ws.append([caption])
        ws.cell(row=1, column=1).font = Font(bold=True, size=12)
        start = 2
    ws.append(list(headers))
    for cell in ws[start]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cell in ws[start]:
        keep_as_text(cell)
    number = start
    for row in rows:
        values = list(row)
        ws.append(values)
        number += 1
        # ws.cell is a lookup; ws[n] would measure the whole sheet per row (quadratic in rows)
        for column in range(1, len(values) + 1):
            cell = ws.cell(row=number, column=column)
            keep_as_text(cell)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if i <= len(widths) else max(10, len(str(header)) * 2 + 2)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{start + 1}"  # a string: ws.cell() would create an empty row
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
