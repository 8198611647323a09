"""The MOU follow-up pipeline: allowed and forbidden moves, reasons, commitments and reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sori.core.models import AuditRecord
from sori.registry import services, workflow
from sori.registry.models import CommitmentKind, CommitmentStatus, Mou, MouStage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path",),
    [
        ([MouStage.OFFICE_OPENED, MouStage.OPERATING, MouStage.HQ_RELOCATED],),
        ([MouStage.OFFICE_OPENED, MouStage.STALLED, MouStage.OFFICE_OPENED, MouStage.OPERATING],),
        ([MouStage.STALLED, MouStage.WITHDRAWN],),
    ],
)
def test_allowed_paths_are_walked_and_recorded(mou: Mou, staff: Any, path: list[MouStage]) -> None:
    # when
    for stage in path:
        mou = services.mou_move(mou=mou, stage=stage, actor=staff, reason="사유")
    # then
    assert mou.stage == path[-1]
    assert AuditRecord.objects.filter(action="mou.move", target=f"registry.mou:{mou.id}").count() == len(path)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ([], MouStage.OPERATING),
        ([], MouStage.HQ_RELOCATED),
        ([MouStage.OFFICE_OPENED], MouStage.SIGNED),
        ([MouStage.OFFICE_OPENED, MouStage.OPERATING], MouStage.OFFICE_OPENED),
        ([MouStage.WITHDRAWN], MouStage.SIGNED),
        ([MouStage.WITHDRAWN], MouStage.STALLED),
    ],
)
def test_forbidden_moves_are_refused_and_change_nothing(
    mou: Mou, staff: Any, before: list[MouStage], after: MouStage
) -> None:
    # given
    for stage in before:
        mou = services.mou_move(mou=mou, stage=stage, actor=staff, reason="사유")
    # when / then
    with pytest.raises(ValidationError, match="바꿀 수 없습니다"):
        services.mou_move(mou=mou, stage=after, actor=staff, reason="사유")
    mou.refresh_from_db()
    assert mou.stage == (before[-1] if before else MouStage.SIGNED)


@pytest.mark.parametrize("stage", [MouStage.STALLED, MouStage.WITHDRAWN])
def test_stalled_and_withdrawn_need_a_reason(mou: Mou, staff: Any, stage: MouStage) -> None:
    with pytest.raises(ValidationError, match="사유를 적어 주세요"):
        services.mou_move(mou=mou, stage=stage, actor=staff, reason="  ")
    mou.refresh_from_db()
    assert mou.stage == MouStage.SIGNED
    # and with one it is kept
    done = services.mou_move(mou=mou, stage=stage, actor=staff, reason="투자 유치 지연")
    assert done.stage_reason == "투자 유치 지연"


def test_every_stage_has_an_entry_in_the_table() -> None:
    assert set(workflow.ALLOWED) == set(MouStage)
    assert workflow.next_stages(MouStage.WITHDRAWN) == []


def test_commitment_rules(mou: Mou, staff: Any, firm: Any, city: Any) -> None:
    # jobs and investment need their number
    with pytest.raises(ValidationError, match="목표"):
        services.commitment_add(mou=mou, actor=staff, kind=CommitmentKind.JOBS, organisation=firm)
    # a fulfilled promise needs its date
    with pytest.raises(ValidationError, match="이행일"):
        services.commitment_add(
            mou=mou,
            actor=staff,
            kind=CommitmentKind.OFFICE,
            organisation=firm,
            status=CommitmentStatus.FULFILLED,
        )
    # the same form posted twice gives one commitment
    first = services.commitment_add(
        mou=mou,
        actor=staff,
        kind=CommitmentKind.JOBS,
        organisation=firm,
        target_number=30,
        submission_key="k1",
    )
    again = services.commitment_add(
        mou=mou,
        actor=staff,
        kind=CommitmentKind.JOBS,
        organisation=firm,
        target_number=30,
        submission_key="k1",
    )
    assert first.id == again.id and mou.commitments.count() == 1
    # progress is recorded with its before/after
    services.commitment_update(commitment=first, actor=staff, realised_number=12)
    record = AuditRecord.objects.filter(action="commitment.update").get()
    assert record.before == {"realised_number": None} and record.after == {"realised_number": 12}


def test_reminders_for_overdue_commitments(mou: Mou, staff: Any, firm: Any) -> None:
    # given: one overdue, one due later, one kept, one of a withdrawn MOU
    today = dt.date(2021, 1, 10)
    late = services.commitment_add(
        mou=mou, actor=staff, kind=CommitmentKind.OFFICE, organisation=firm, target_date=dt.date(2020, 12, 31)
    )
    services.commitment_add(
        mou=mou, actor=staff, kind=CommitmentKind.OFFICE, target_date=dt.date(2021, 6, 30)
    )
    services.commitment_add(
        mou=mou,
        actor=staff,
        kind=CommitmentKind.JOINT_PROJECT,
        target_date=dt.date(2020, 12, 1),
        status=CommitmentStatus.FULFILLED,
        realised_on=dt.date(2020, 11, 30),
    )
    other = services.mou_create(
        title="철회될 협약", signed_on=dt.date(2020, 1, 1), parties=[firm], actor=staff
    )
    services.commitment_add(
        mou=other, actor=staff, kind=CommitmentKind.OFFICE, target_date=dt.date(2020, 6, 1)
    )
    services.mou_move(mou=other, stage=MouStage.WITHDRAWN, actor=staff, reason="철회 공문")
    # when
    due = services.commitment_reminders_due(today)
    # then
    assert [(r.commitment.id, r.days_over) for r in due] == [(late.id, 10)]
    # once reminded, not again for 30 days
    services.commitment_reminded(commitments=[r.commitment for r in due], on=today)
    assert services.commitment_reminders_due(today + dt.timedelta(days=5)) == []
    assert len(services.commitment_reminders_due(today + dt.timedelta(days=30))) == 1


def test_overdue_commitment_on_the_staff_home_page(login: Any, staff: Any, mou: Mou, firm: Any) -> None:
    # given
    services.commitment_add(
        mou=mou, actor=staff, kind=CommitmentKind.OFFICE, organisation=firm, target_date=dt.date(2020, 9, 1)
    )
    # when
    page = login(staff).get("/home/")
    # then
    html = page.content.decode()
    assert "기한 지난 협약 이행 약속 (1)" in html
    assert "솔트룩스 광주 AI 사업 업무협약" in html
    assert f"/staff/mous/{mou.id}/" in html


def test_staff_put_an_overdue_commitment_aside_for_30_days(
    login: Any, staff: Any, mou: Mou, firm: Any
) -> None:
    # given: an overdue commitment on the staff home page
    item = services.commitment_add(
        mou=mou, actor=staff, kind=CommitmentKind.OFFICE, organisation=firm, target_date=dt.date(2020, 9, 1)
    )
    client = login(staff)
    # when: staff put it aside from the home page
    response = client.post(f"/staff/commitments/{item.id}/snooze/", follow=True)
    # then: it leaves the home page, says until when, and is on the MOU's trail
    html = response.content.decode()
    assert "기한 지난 협약 이행 약속 (0)" in html
    item.refresh_from_db()
    assert item.snoozed_until == timezone.localdate() + dt.timedelta(days=30)
    assert AuditRecord.objects.filter(action="commitment.snooze").count() == 1
    # it comes back on that date if still unkept, and the reminders still count it all along
    from sori.registry.selectors import overdue_commitments

    assert list(overdue_commitments(item.snoozed_until + dt.timedelta(days=1), awake=True)) == [item]
    assert list(overdue_commitments(timezone.localdate())) == [item]
