"""The old/new comparison table (신·구조문대비표) of a draft amendment as PDF and XLSX."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment

from sori.core.documents import add_sheet, render_pdf, workbook_bytes
from sori.core.formatting import kdate
from sori.policy.comparison import Comparison, Line
from sori.policy.models import Amendment

TABLE_TITLE = "신·구조문대비표"


def amendment_filename(amendment: Amendment, ext: str) -> str:
    return f"{TABLE_TITLE}_{amendment.title} {amendment.article}".strip() + f".{ext}"


def amendment_pdf(amendment: Amendment, table: Comparison, *, elided: bool = True) -> bytes:
    """Return the table as an A4 PDF: the law and article, then 현행 | 개정안 with changes underlined."""
    return render_pdf(
        "policy/amendment_pdf.html",
        {
            "a": amendment,
            "table": table,
            "elided": elided,
            "title": _("신·구조문대비표"),
            "running": f"{amendment.title} {amendment.article}",
            "today_label": kdate(timezone.localdate()),
        },
    )


_PLAIN = InlineFont(rFont="Noto Sans CJK KR")
_UNDERLINED = InlineFont(rFont="Noto Sans CJK KR", u="single", b=True)


def _rich(lines: tuple[Line, ...]) -> CellRichText | str:
    parts: list[str | TextBlock] = []
    for n, line in enumerate(lines):
        if n:
            parts.append(TextBlock(_PLAIN, "\n"))
        parts += [TextBlock(_UNDERLINED if s.changed else _PLAIN, s.text) for s in line]
    if not any(isinstance(p, TextBlock) and p.font is _UNDERLINED for p in parts):
        return "".join(p.text if isinstance(p, TextBlock) else p for p in parts)
    return CellRichText(*parts)


def amendment_xlsx(amendment: Amendment, table: Comparison) -> bytes:
    """Return the table as a workbook: two columns, 현행 | 개정안, changed words underlined (rich text)."""
    wb = Workbook()
    caption = f"{amendment.title} {amendment.article} {TABLE_TITLE}".strip()
    ws = add_sheet(
        wb, TABLE_TITLE, [_("현행"), _("개정안")], [], widths=(60, 60), first=True, caption=caption
    )
    for row in table.rows:
        ws.append([_rich(row.old), _rich(row.new)])
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    if amendment.rationale:
        ws.append([])
        ws.append([_("개정 이유"), amendment.rationale])
    return workbook_bytes(wb)
