"""In Chromium: staff add a late voice to an answered demand; the officer keeps the answer on a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.core.roles import Role
from sori.engagement.models import Engagement
from sori.feedback.models import MessageKind, OutboxMessage
from sori.policy.models import AnswerConfirmation, ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation
from sori.voices import services
from sori.voices.outcomes import Outcome

from .test_loop_browser import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_add_a_late_voice_and_the_officer_keeps_the_answer_on_a_phone(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    department: Organisation,
    meeting: Engagement,
) -> None:
    base = live_server.url
    staff_user = make_user("kim.staff", Role.STAFF)
    officer_user = make_user("lee.officer", Role.OFFICER, department)
    first = services.proposal_record(
        text="GPU 사용기간을 12개월로 늘려 주세요", actor=staff_user, engagement=meeting
    )
    demand = services.demand_create(title="GPU 사용기간 12개월", proposal_ids=[first.id], actor=staff_user)
    services.demand_assign(demand=demand, department=department, actor=staff_user)
    disposition_decide(
        demand=demand,
        actor=officer_user,
        outcome=Outcome.LONG_TERM,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="국가 지침 사항입니다.",
        limits="시가 직접 바꿀 수 없습니다.",
    )
    services.proposal_record(
        text="GPU 재선발 대신 갱신을 허용해 주세요", actor=staff_user, engagement=meeting
    )

    # given: staff tick the late voice and add it to the answered demand
    staff = log_in(browser, base, "kim.staff")
    staff.goto(f"{base}/staff/proposals/")
    staff.locator("tr", has_text="GPU 재선발 대신 갱신을").locator("input[name=ids]").check()
    staff.locator("select[name=demand]").select_option(str(demand.id))
    staff.get_by_role("button", name="기존 수요에 추가").click()
    staff.wait_for_load_state()
    assert "수요" in staff.locator(".messages").inner_text()
    # then: the demand page shows it as a new voice, and the department is asked
    staff.goto(f"{base}/staff/demands/{demand.id}/")
    section = staff.locator("#new-voices")
    assert "답변 이후 새 목소리 1건" in section.inner_text()
    assert "GPU 재선발 대신 갱신을" in section.inner_text()
    assert "GPU 사용기간을 12개월로" not in section.inner_text()
    assert OutboxMessage.objects.filter(kind=MessageKind.VOICES_ADDED).count() == 1

    # when: the officer, on a phone, follows the inbox marker and keeps the answer
    officer = log_in(browser, base, "lee.officer", viewport=PHONE)
    officer.goto(f"{base}/staff/inbox/")
    officer.get_by_role("link", name="답변 이후 새 목소리 1건").click()
    officer.wait_for_url(f"**/demands/{demand.id}/decide/**")
    officer.locator("#confirm-note").fill("새 제안도 국가 지침 사항입니다.")
    assert officer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    officer.once("dialog", lambda dialog: dialog.accept())
    officer.get_by_role("button", name="답변 유지", exact=True).click()
    officer.wait_for_url("**/staff/inbox/")

    # then: the confirmation is kept, the marker is gone and the trail says so
    assert "답변 이후 새 목소리" not in officer.locator("main").inner_text()
    (confirmation,) = AnswerConfirmation.objects.all()
    assert confirmation.confirmed_by == officer_user
    staff.goto(f"{base}/staff/demands/{demand.id}/")
    assert staff.locator("#new-voices").count() == 0
    assert "답변 유지 확인" in staff.locator(".trail").inner_text()
