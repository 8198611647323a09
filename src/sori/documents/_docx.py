"""Read DOCX with python-docx: body paragraphs and tables in the order they appear."""

from __future__ import annotations

import io
from typing import Any

from ._clean import clean
from ._model import Block, Paragraph, TableBlock
from ._zipsafe import SafeZip, corrupt

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, archive: SafeZip) -> list[Block]:
    """Return the body blocks of a DOCX file whose archive has already been opened safely."""
    # python-docx expands every part in memory, so the whole archive is proved small enough first.
    archive.check_all()
    import docx
    from docx.table import Table

    try:
        document: Any = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx fails on damage in many ways (KeyError, XMLSyntaxError …)
        raise corrupt("워드(DOCX)") from exc
    blocks: list[Block] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}p":
            text = clean("".join(t.text or "" for t in element.iter(f"{_W}t")))
            if text:
                blocks.append(Paragraph(text))
        elif element.tag == f"{_W}tbl":
            rows = _rows(Table(element, document))
            if rows:
                blocks.append(TableBlock(rows))
    return blocks


def _rows(table: Any) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it spans; keep it once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(clean(" ".join(p.text for p in cell.paragraphs)))
        if any(cells):
            rows.append(tuple(cells))
    return tuple(rows)
