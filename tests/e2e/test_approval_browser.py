"""Approval (결재) in a real Chromium: an officer's answer is returned by the department head with a comment,
fixed and resubmitted, then approved; only then is the proposer owed a reply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.core.roles import Role
from sori.engagement.models import Engagement
from sori.policy.approval_services import approval_rule_set
from sori.policy.models import Disposition
from sori.registry.models import Organisation
from sori.voices import services

from .test_loop_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_head_returns_then_approves_and_only_then_proposers_are_owed(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    department: Organisation,
    company: Organisation,
    meeting: Engagement,
) -> None:
    base = live_server.url
    staff = make_user("kim.staff", Role.STAFF)
    make_user("lee.officer", Role.OFFICER, department)
    head = make_user("park.head", Role.OFFICER, department)
    approval_rule_set(department=department, actor=staff, approver=head)
    proposal = services.proposal_record(
        text="GPU 사용기간을 12개월로 늘려 주세요", actor=staff, engagement=meeting, organisation=company
    )
    demand = services.demand_create(title="GPU 사용기간 연장", proposal_ids=[proposal.id], actor=staff)
    services.demand_assign(demand=demand, department=department, actor=staff)

    # given: the officer writes an answer and sends it up for approval
    officer = log_in(browser, base, "lee.officer")
    officer.goto(f"{base}/staff/demands/{demand.id}/decide/")
    officer.get_by_label("검토 중").check()
    officer.locator("select[name=reason_code]").select_option(label="예산 확보 필요")
    officer.locator("textarea[name=reason]").fill("내년 본예산에 요구하겠습니다.")
    officer.locator("textarea[name=limits]").fill("올해는 어렵습니다.")
    officer.get_by_role("button", name="결재 올리기").click()
    officer.wait_for_url("**/staff/inbox/")
    assert "결재에 올렸습니다" in officer.locator(".messages").inner_text()

    # when: the head opens it from the inbox and returns it with a comment
    approver = log_in(browser, base, "park.head")
    approver.get_by_role("link", name="결재를 기다리는 답변 1건").click()
    approver.get_by_role("link", name="GPU 사용기간 연장").click()
    approver.get_by_label("결재 의견").fill("한계에 언제 다시 검토하는지 적어 주세요.")
    approver.get_by_role("button", name="반려").click()
    approver.wait_for_url("**/staff/approvals/")
    assert not Disposition.objects.filter(demand=demand).exists()

    # then: the staff owed list has nothing for the company yet
    office = log_in(browser, base, "kim.staff")
    office.goto(f"{base}/staff/feedback/")
    assert company.name not in office.locator("main").inner_text()

    # when: the officer reads the comment, fixes the limits and resubmits
    officer.goto(f"{base}/staff/demands/{demand.id}/decide/")
    assert "한계에 언제 다시 검토하는지" in officer.locator("main").inner_text()
    officer.locator("textarea[name=limits]").fill("올해는 어렵고, 2026년 3월에 다시 검토합니다.")
    officer.get_by_role("button", name="결재 올리기").click()
    officer.wait_for_url("**/staff/inbox/")

    # and: the head approves it
    approver.goto(f"{base}/staff/approvals/")
    approver.get_by_role("link", name="GPU 사용기간 연장").click()
    approver.get_by_role("button", name="승인").click()
    approver.wait_for_url("**/staff/approvals/")
    assert "답변을 승인했습니다" in approver.locator(".messages").inner_text()

    # then: the answer is the demand's, and the company is owed a reply
    assert Disposition.objects.get(demand=demand).limits == "올해는 어렵고, 2026년 3월에 다시 검토합니다."
    office.reload()
    assert company.name in office.locator("main").inner_text()
