"""MOU commitments past their date reach the staff who follow them up, once per reminder period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sori.feedback.commitment_reminders import commitment_reminders_send
from sori.feedback.models import MessageKind, OutboxMessage
from sori.registry.models import Commitment, CommitmentKind
from sori.registry.services import commitment_add, mou_create

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def overdue(staff: Any, company: Any) -> Commitment:
    mou = mou_create(
        title="아이티앱스 광주 사무소 개소 협약",
        signed_on=dt.date(2025, 6, 1),
        parties=[company],
        actor=staff,
    )
    return commitment_add(
        mou=mou,
        actor=staff,
        kind=CommitmentKind.OFFICE,
        organisation=company,
        description="광주 사무소 개소",
        target_date=dt.date(2026, 1, 31),
    )


def test_an_overdue_commitment_is_sent_to_staff_once(overdue: Commitment, staff: Any) -> None:
    # given a committee staff member with an address
    staff.email = "staff@council.example.kr"
    staff.save()
    # when reminders run twice on the same day
    assert commitment_reminders_send(today=TODAY) == 1
    assert commitment_reminders_send(today=TODAY) == 0
    # then one message waits in the outbox, to staff, naming the commitment and how late it is
    [message] = OutboxMessage.objects.filter(kind=MessageKind.COMMITMENT)
    assert message.to == "staff@council.example.kr"
    assert "30일 경과" in message.subject and "광주 사무소 개소" in message.body
    overdue.refresh_from_db()
    assert overdue.reminded_on == TODAY
    # and the next reminder waits a month
    assert commitment_reminders_send(today=TODAY + dt.timedelta(days=10)) == 0
    assert commitment_reminders_send(today=TODAY + dt.timedelta(days=30)) == 1


def test_nothing_is_written_when_nobody_can_receive_it(overdue: Commitment, staff: Any) -> None:
    staff.email = ""
    staff.save()
    assert commitment_reminders_send(today=TODAY) == 0
    assert not OutboxMessage.objects.exists()
