"""``sori demo``: decisions produce queued messages, and overdue departments are reminded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from sori.demo.loader import demo_load
from sori.feedback.models import MessageKind, MessageStatus, OutboxMessage
from sori.home.selectors import overdue_demands

pytestmark = pytest.mark.django_db


def test_the_demo_has_feedback_and_reminders_in_the_outbox(login) -> None:
    summary = demo_load()
    assert "회신 이메일 3통" in summary
    # (inside the test transaction nothing has been delivered yet: everything waits in the outbox)
    feedback = OutboxMessage.objects.filter(kind=MessageKind.FEEDBACK)
    assert feedback.count() == 3 and {m.status for m in feedback} == {MessageStatus.QUEUED}
    reminded = set(
        OutboxMessage.objects.filter(kind=MessageKind.REMINDER).values_list("demand_id", flat=True)
    )
    assert set(overdue_demands().values_list("id", flat=True)) <= reminded
    staff = login(User.objects.get(username="staff"))
    sent = staff.get(reverse("feedback:sent")).content.decode()
    assert "발송 대기" in sent
    outbox = staff.get(reverse("feedback:outbox")).content.decode()
    assert "답변 기한 알림" in outbox and "일 초과" in outbox
