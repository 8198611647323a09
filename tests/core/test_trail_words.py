"""The trail reads in words: notices' own keys have labels, and a related row kept by its id is named."""

from __future__ import annotations

import datetime as dt

from sori.core import audit, trail
from sori.core.models import AuditRecord
from sori.feedback.deadlines import deadline_reminders_send
from sori.voices import services


def test_a_reminder_says_what_kind_it_was_and_to_whom(staff, officer, department, meeting, proposer) -> None:
    proposal = services.proposal_record(text="GPU 지원", actor=staff, person=proposer, engagement=meeting)
    demand = services.demand_create(title="GPU 지원", proposal_ids=[proposal.id], actor=staff)
    services.demand_assign(
        demand=demand, department=department, actor=staff, answer_due=dt.date(2025, 11, 28)
    )
    deadline_reminders_send(today=dt.date(2025, 11, 29))
    (entry,) = trail.entries(AuditRecord.objects.filter(action="deadline.remind"))
    assert ("알림 종류", "—", "기한 초과 알림") in entry.changes
    assert ("받는 곳", "—", officer.email) in entry.changes


def test_a_related_row_kept_by_its_id_is_named(staff, department, meeting, proposer) -> None:
    proposal = services.proposal_record(text="GPU 지원", actor=staff, person=proposer, engagement=meeting)
    demand = services.demand_create(title="GPU 지원", proposal_ids=[proposal.id], actor=staff)
    record = audit.record(
        actor=staff, action="demand.assign", target=demand, after={"department": department.id}
    )
    assert ("소관부서", "—", department.name) in trail.changes(record)
    gone = audit.record(actor=staff, action="demand.assign", target=demand, after={"department": 999_999})
    assert trail.changes(gone)[0][2] == "(지워진 항목 999999)"
