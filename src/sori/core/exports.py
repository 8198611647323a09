"""Every list exports to XLSX: one helper so all exports look the same."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula injection): an
# anonymous proposal "=HYPERLINK(…)" must reach staff as the words it is, never as a live formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def keep_as_text(cell: Any) -> None:
    """Store a text cell as text: a leading "=" is then shown, not calculated (openpyxl infers formulas)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"


def csv_text(value: Any) -> Any:
    """Return ``value`` for a CSV cell, with a leading apostrophe where a spreadsheet would see a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, (int, float, dt.date, str)):
        return value
    return str(value)


def xlsx_bytes(sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Return an XLSX workbook with a bold, frozen header row and sensible column widths."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF8")
    widths = [max(8, len(h) * 2) for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        ws.append(values)
        for i, v in enumerate(values):
            widths[i] = min(60, max(widths[i], len(str(v or "")) + 2))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows():
        for cell in row:
            keep_as_text(cell)
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(
                vertical="top", wrap_text=isinstance(cell.value, str) and len(cell.value) > 40
            )
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """Return a download of ``rows`` as ``filename`` (Korean file names are encoded per RFC 6266)."""
    response = HttpResponse(xlsx_bytes(sheet_title, headers, rows), content_type=XLSX_TYPE)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
