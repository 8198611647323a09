"""Import a cohort's applicants from a CSV or XLSX file: every row or none, with a report per row.

The header names the columns: 이름 (or 성명) is required; 연락처 (or 이메일, 전화) and 지원일 are
optional. Any row that cannot be read rejects the whole file, and the report says which row and why, so the
file can be fixed and sent again.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sori.core import audit
from sori.documents.tabular import Table, TabularError, parse_when, read_table
from sori.programs.models import Cohort, Trainee
from sori.programs.services.talent import trainee_add

__all__ = ["TraineeImportRejected", "trainees_import"]

# The words a header cell may use for each column, checked in this order.
COLUMNS = {
    "name": ("이름", "성명", "name"),
    "contact": ("연락처", "이메일", "전화", "contact", "email", "phone"),
    "applied_on": ("지원일", "접수일", "applied"),
}


class TraineeImportRejected(Exception):
    """Raised when the file or any row cannot be used; nothing was saved. ``lines`` say what to fix."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__(f"{len(lines)} problem(s)")


def _columns(table: Table) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, words in COLUMNS.items():
        for index, header in enumerate(table.header):
            if any(w in header.strip().lower() for w in words):
                found[key] = index
                break
    return found


def _date(text: str) -> dt.date:
    value = parse_when(text)
    return value.date() if isinstance(value, dt.datetime) else value


@transaction.atomic
def trainees_import(*, cohort: Cohort, filename: str, data: bytes, actor: User) -> list[Trainee]:
    """Add every row of the file as an applicant (지원) of ``cohort``; raise ``TraineeImportRejected`` if any
    row is unusable, saving nothing.
    """
    try:
        table = read_table(data, filename)
    except TabularError as exc:
        template = _(exc.template)
        raise TraineeImportRejected([template % exc.params if exc.params else template]) from exc
    columns = _columns(table)
    if "name" not in columns:
        raise TraineeImportRejected(
            [_("'이름' 열을 찾지 못했습니다. 첫 줄에 '이름', '연락처', '지원일' 같은 열 이름을 적어 주세요.")]
        )
    problems: list[str] = []
    rows: list[tuple[str, str, dt.date | None]] = []
    for row in table.rows:
        cells = [c.strip() for c in row.cells]
        if not any(cells):
            continue
        name = " ".join(cells[columns["name"]].split())
        contact = cells[columns["contact"]] if "contact" in columns else ""
        applied: dt.date | None = None
        if not name:
            problems.append(_("%(n)s행: '이름' 칸이 비어 있습니다.") % {"n": row.number})
        elif len(name) > 100:
            problems.append(_("%(n)s행: 이름이 100자를 넘습니다.") % {"n": row.number})
        if len(contact) > 200:
            problems.append(_("%(n)s행: 연락처가 200자를 넘습니다.") % {"n": row.number})
        if "applied_on" in columns and cells[columns["applied_on"]]:
            try:
                applied = _date(cells[columns["applied_on"]])
            except ValueError:
                problems.append(
                    _("%(n)s행: 지원일 '%(v)s'을(를) 날짜로 읽을 수 없습니다(예: 2026-03-02).")
                    % {"n": row.number, "v": cells[columns["applied_on"]]}
                )
        rows.append((name, contact, applied))
    if not rows and not problems:
        problems.append(_("교육생 줄이 없습니다. 첫 줄은 열 이름, 둘째 줄부터 한 사람씩 적어 주세요."))
    if problems:
        raise TraineeImportRejected(problems)
    added = [
        trainee_add(cohort=cohort, name=name, contact=contact, applied_on=applied, actor=actor)
        for name, contact, applied in rows
    ]
    audit.record(
        actor=actor,
        action="trainee.import",
        target=cohort,
        summary=_("%(file)s에서 지원자 %(n)s명을 가져왔습니다.") % {"file": filename[:100], "n": len(added)},
        after={"filename": filename, "count": len(added)},
    )
    return added
