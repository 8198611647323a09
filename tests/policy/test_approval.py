"""Approval of answers (결재): a department's answers wait for its head before the proposers hear of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sori.core.audit import ref
from sori.core.models import AuditRecord
from sori.core.roles import Role
from sori.feedback.selectors import feedback_owed
from sori.policy.approval_services import (
    answer_approve,
    answer_draft_save,
    answer_return,
    answer_submit,
    approval_rule_set,
    approvals_waiting_count,
)
from sori.policy.models import AnswerDraft, AnswerStatus, ApprovalRule, Disposition, ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation
from sori.voices.models import Demand, Stage
from sori.voices.outcomes import Outcome

NOT_YET = {
    "outcome": Outcome.UNDER_REVIEW,
    "reason_code": ReasonCode.BUDGET,
    "reason": "내년 본예산에 GPU 임차 예산을 요구하겠습니다.",
    "limits": "올해 추경에는 반영할 수 없습니다.",
}


@pytest.fixture
def head(make_user: Callable[..., User], department: Organisation) -> User:
    return make_user("park.head", Role.OFFICER, department)


@pytest.fixture
def deputy(make_user: Callable[..., User], department: Organisation) -> User:
    return make_user("choi.deputy", Role.OFFICER, department)


@pytest.fixture
def rule(department: Organisation, head: User, deputy: User, staff: User) -> Any:
    return approval_rule_set(department=department, actor=staff, approver=head, deputy=deputy)


@pytest.fixture
def demand(make_demand: Callable[..., Demand], department: Organisation, company: Organisation) -> Demand:
    return make_demand("GPU 사용기간 연장", department=department, proposers=[company])


def test_answer_reaches_proposers_only_once_approved(
    rule: Any, demand: Demand, officer: User, head: User, company: Organisation
) -> None:
    # given: the officer submits an answer
    draft = answer_submit(demand=demand, actor=officer, **NOT_YET)
    demand.refresh_from_db()
    # then: nothing is released yet, and the head has one answer to approve
    assert draft.status == AnswerStatus.SUBMITTED
    assert demand.stage == Stage.ASSIGNED and demand.outcome == ""
    assert not Disposition.objects.filter(demand=demand).exists()
    assert feedback_owed(organisation=company) == []
    assert approvals_waiting_count(head) == 1

    # when: the head returns it with a comment, and the officer resubmits it
    answer_return(draft=draft, actor=head, comment="한계에 내년 일정을 적어 주세요.")
    draft.refresh_from_db()
    assert draft.status == AnswerStatus.RETURNED and draft.comment == "한계에 내년 일정을 적어 주세요."
    assert approvals_waiting_count(head) == 0
    answer_submit(demand=demand, actor=officer, **{**NOT_YET, "limits": "올해는 불가, 2026년 상반기 검토."})
    assert Demand.objects.get(id=demand.id).outcome == ""

    # when: the head approves it
    disposition = answer_approve(draft=draft, actor=head)

    # then: it is the demand's answer, written by the officer, and the proposers are owed it
    demand.refresh_from_db()
    assert demand.stage == Stage.ANSWERED and demand.outcome == Outcome.UNDER_REVIEW
    assert disposition.decided_by == officer and disposition.limits == "올해는 불가, 2026년 상반기 검토."
    assert [d.id for o in feedback_owed(organisation=company) for _, d in o.items] == [disposition.id]
    actions = list(
        AuditRecord.objects.filter(scope=ref(demand)).order_by("id").values_list("action", flat=True)
    )
    assert [a for a in actions if a.startswith(("answer.", "disposition."))] == [
        "answer.submit",
        "answer.return",
        "answer.resubmit",
        "answer.approve",
        "disposition.decide",
    ]


def test_deputy_may_approve_and_author_may_not(rule: Any, demand: Demand, head: User, deputy: User) -> None:
    draft = answer_submit(demand=demand, actor=head, **NOT_YET)
    with pytest.raises(PermissionDenied):
        answer_approve(draft=draft, actor=head)
    answer_approve(draft=draft, actor=deputy)
    assert Demand.objects.get(id=demand.id).outcome == Outcome.UNDER_REVIEW


def test_officer_who_is_not_approver_cannot_approve(
    rule: Any, demand: Demand, officer: User, make_user: Callable[..., User], department: Organisation
) -> None:
    draft = answer_submit(demand=demand, actor=officer, **NOT_YET)
    colleague = make_user("colleague", Role.OFFICER, department)
    with pytest.raises(PermissionDenied):
        answer_approve(draft=draft, actor=colleague)
    assert Demand.objects.get(id=demand.id).outcome == ""


def test_return_needs_a_comment(rule: Any, demand: Demand, officer: User, head: User) -> None:
    draft = answer_submit(demand=demand, actor=officer, **NOT_YET)
    with pytest.raises(ValidationError) as error:
        answer_return(draft=draft, actor=head, comment="  ")
    assert "반려 의견" in str(error.value)


def test_officer_cannot_bypass_approval(rule: Any, demand: Demand, officer: User) -> None:
    with pytest.raises(ValidationError) as error:
        disposition_decide(demand=demand, actor=officer, outcome=Outcome.ADOPTED)
    assert "결재" in str(error.value)
    assert not Disposition.objects.filter(demand=demand).exists()


def test_department_without_rule_answers_at_once(
    demand: Demand, officer: User, company: Organisation
) -> None:
    disposition_decide(demand=demand, actor=officer, outcome=Outcome.ADOPTED)
    assert Demand.objects.get(id=demand.id).outcome == Outcome.ADOPTED
    assert len(feedback_owed(organisation=company)) == 1


def test_inactive_rule_releases_answers(
    rule: Any, demand: Demand, officer: User, department: Organisation, staff: User
) -> None:
    approval_rule_set(department=department, actor=staff, approver=None, active=False)
    disposition_decide(demand=demand, actor=officer, outcome=Outcome.ADOPTED)
    assert Demand.objects.get(id=demand.id).outcome == Outcome.ADOPTED


def test_submitted_answer_is_locked_and_drafts_keep_half_written_answers(
    rule: Any, demand: Demand, officer: User
) -> None:
    draft = answer_draft_save(demand=demand, actor=officer, outcome="", reason="쓰는 중")
    assert draft.status == AnswerStatus.DRAFT and draft.reason == "쓰는 중"
    again = answer_draft_save(demand=demand, actor=officer, outcome=Outcome.ADOPTED, reason="")
    assert again.id == draft.id and again.outcome == Outcome.ADOPTED
    answer_submit(demand=demand, actor=officer, **NOT_YET)
    with pytest.raises(ValidationError):
        answer_draft_save(demand=demand, actor=officer, reason="고침")
    assert AnswerDraft.objects.get(id=draft.id).reason == NOT_YET["reason"]


def test_rule_refuses_another_departments_officer(
    department: Organisation, other_officer: User, staff: User
) -> None:
    with pytest.raises(ValidationError):
        approval_rule_set(department=department, actor=staff, approver=other_officer)


# ----------------------------------------------------------------------------------------------------
# Pages


def _form(**extra: Any) -> dict[str, Any]:
    return {**NOT_YET, "instrument": "", "department": "", "due_date": "", "referred_to": "", **extra}


def test_pages_submit_return_and_approve(
    login: Callable[[User], Any], rule: Any, demand: Demand, officer: User, head: User, company: Organisation
) -> None:
    decide_url = reverse("policy:decide", args=[demand.id])
    officer_client = login(officer)
    page = officer_client.get(decide_url)
    assert "결재 올리기" in page.content.decode()

    # the officer submits; the inbox of the head counts it
    response = officer_client.post(decide_url, _form(), follow=True)
    assert "결재에 올렸습니다" in response.content.decode()
    head_client = login(head)
    assert "결재를 기다리는 답변 1건" in head_client.get(reverse("policy:inbox")).content.decode()
    listing = head_client.get(reverse("policy:approvals")).content.decode()
    assert demand.title in listing
    draft = AnswerDraft.objects.get(demand=demand)
    review_url = reverse("policy:approval_review", args=[draft.id])

    # the officer cannot approve their own
    assert officer_client.post(review_url, {"decision": "approve"}).status_code == 403

    # the head returns it without a comment: refused; with one: returned
    refused = head_client.post(review_url, {"decision": "return", "comment": ""})
    assert "반려 의견" in refused.content.decode()
    head_client.post(review_url, {"decision": "return", "comment": "사유를 더 쉽게 써 주세요."})
    shown = officer_client.get(decide_url).content.decode()
    assert "사유를 더 쉽게 써 주세요." in shown

    # resubmitted and approved: now the proposers are owed it and the demand page shows it
    officer_client.post(decide_url, _form(reason="예산이 없어 올해는 어렵습니다."))
    approved = head_client.post(review_url, {"decision": "approve"}, follow=True)
    assert "답변을 승인했습니다" in approved.content.decode()
    assert len(feedback_owed(organisation=company)) == 1
    assert Demand.objects.get(id=demand.id).outcome == Outcome.UNDER_REVIEW


def test_draft_button_and_autosave(
    login: Callable[[User], Any], rule: Any, demand: Demand, officer: User, head: User, staff: User
) -> None:
    client = login(officer)
    decide_url = reverse("policy:decide", args=[demand.id])
    client.post(decide_url, {"intent": "draft", "reason": "초안", "due_date": "잘못된 날짜"})
    assert AnswerDraft.objects.get(demand=demand).reason == "초안"
    assert "초안" in client.get(decide_url).content.decode()

    saved = client.post(reverse("policy:decide_draft", args=[demand.id]), {"reason": "자동 저장"})
    assert saved.status_code == 200 and saved.json()["saved"]
    assert AnswerDraft.objects.get(demand=demand).reason == "자동 저장"

    # the draft shows on the demand page to its approver, not to other staff
    demand_url = reverse("voices:demand_detail", args=[demand.id])
    assert "결재 중인 답변" in login(head).get(demand_url).content.decode()
    assert "결재 중인 답변" not in login(staff).get(demand_url).content.decode()


def test_rules_page(
    login: Callable[[User], Any], department: Organisation, head: User, admin_user: User, officer: User
) -> None:
    url = reverse("policy:approval_rules")
    assert login(officer).get(url).status_code == 403
    client = login(admin_user)
    response = client.post(
        url, {"department": department.id, "active": "on", "approver": head.id}, follow=True
    )
    assert "결재 규칙을 저장했습니다" in response.content.decode()
    assert ApprovalRule.objects.get(department=department).approver == head
    refused = client.post(url, {"department": department.id, "active": "on", "approver": ""})
    assert "결재권자를 골라 주세요" in refused.content.decode()


def test_home_counts_answers_waiting_for_a_staff_approver(
    login: Callable[[User], Any], department: Organisation, staff: User, demand: Demand, officer: User
) -> None:
    approval_rule_set(department=department, actor=staff, approver=staff)
    answer_submit(demand=demand, actor=officer, **NOT_YET)
    page = login(staff).get(reverse("home:home")).content.decode()
    assert "건의 답변이 결재를 기다립니다" in page


def test_print_stylesheet_on_demand_page(login: Callable[[User], Any], staff: User, demand: Demand) -> None:
    page = login(staff).get(reverse("voices:demand_detail", args=[demand.id])).content.decode()
    assert "policy/print.css" in page and "data-print" in page
