"""Demo data for the outbox: a few proposers answered by e-mail, today's reminders and progress notices.

Called at the end of ``demo_load`` (inside its transaction): the messages are written now and delivered
once the demo commits — to files under the data folder (``mail/``) in the embedded default.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from sori.feedback.deadlines import deadline_reminders_send
from sori.feedback.milestone_reminders import milestone_reminders_send
from sori.feedback.notices import progress_notices_send
from sori.feedback.selectors import feedback_owed
from sori.feedback.services import feedback_send

DEMO_FEEDBACK = 3


def outbox_demo_load(*, today: dt.date, actor: User) -> str:
    """Send feedback to the first few recipients with an address, remind departments of late answers and
    milestones, and tell the proposers of late answers how things stand."""
    sent = 0
    for owed in feedback_owed():
        if sent >= DEMO_FEEDBACK:
            break
        if not owed.address:
            continue
        organisation = None if owed.person else owed.organisation
        feedback_send(actor=actor, person=owed.person, organisation=organisation)
        sent += 1
    reminders = deadline_reminders_send(today=today)
    milestones = milestone_reminders_send(today=today)
    notices = progress_notices_send(today=today)
    return (
        f"회신 이메일 {sent}통, 부서 알림 {reminders.written + milestones.written}통, "
        f"제안자 진행 상황 안내 {notices.written}통"
    )
