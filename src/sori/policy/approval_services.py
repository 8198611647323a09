"""Approval of answers (결재): drafts, submitting, returning with a comment, approving; the rules.

Where a department has an active ``ApprovalRule``, its officers' answers are ``AnswerDraft`` rows until the
approver or the deputy approves them; only then is a ``Disposition`` recorded (``disposition_record``), so the
demand is answered, the proposers are owed feedback and the public tracker shows it. An author never approves
their own answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.attachments.services import attachments_move
from sori.core import audit
from sori.core.roles import Role, can, role_of
from sori.policy.models import AnswerDraft, AnswerStatus, ApprovalRule, Disposition
from sori.policy.services import check_answering_department, disposition_errors, disposition_record
from sori.registry.models import Organisation, OrganisationKind
from sori.voices.models import Demand, Stage

OPEN_STATUSES = (AnswerStatus.DRAFT, AnswerStatus.SUBMITTED, AnswerStatus.RETURNED)

# The decision form's fields, copied from a draft onto the answer it becomes.
ANSWER_FIELDS = (
    "outcome",
    "reason_code",
    "reason",
    "limits",
    "referred_to",
    "instrument",
    "due_date",
    "department",
)


# ----------------------------------------------------------------------------------------------------
# Reads


def approval_rule_of(department_id: int | None) -> ApprovalRule | None:
    """Return the department's active approval rule, or None when its answers need no approval."""
    if department_id is None:
        return None
    return ApprovalRule.objects.filter(department_id=department_id, active=True).first()


def needs_approval(user: object, demand: Demand) -> bool:
    """Return whether ``user``'s answer to ``demand`` needs approval: an officer's, where a rule holds."""
    return role_of(user) == Role.OFFICER and approval_rule_of(demand.department_id) is not None


def open_draft(user: object, demand: Demand) -> AnswerDraft | None:
    """Return ``user``'s draft of an answer to ``demand`` not yet approved, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return AnswerDraft.objects.filter(
        demand=demand, author_id=getattr(user, "id", None), status__in=OPEN_STATUSES
    ).first()


def _approver_of(user: object) -> Q:
    user_id = getattr(user, "id", None)
    return Q(demand__department__approval_rule__active=True) & (
        Q(demand__department__approval_rule__approver_id=user_id)
        | Q(demand__department__approval_rule__deputy_id=user_id)
    )


def approvals_waiting(user: object) -> QuerySet[AnswerDraft]:
    """Return the answers waiting for ``user``'s approval (as approver or deputy), oldest first."""
    return (
        AnswerDraft.objects.filter(_approver_of(user), status=AnswerStatus.SUBMITTED)
        .exclude(author_id=getattr(user, "id", None))
        .select_related("demand__department", "author")
        .order_by("submitted_at", "id")
    )


def approvals_waiting_count(user: object) -> int:
    """Return how many answers wait for ``user``'s approval (one query; none for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return approvals_waiting(user).count()


def drafts_of(user: object) -> QuerySet[AnswerDraft]:
    """Return ``user``'s own answers not yet approved: drafts, those waiting, those returned."""
    return (
        AnswerDraft.objects.filter(author_id=getattr(user, "id", None), status__in=OPEN_STATUSES)
        .select_related("demand__department", "reviewed_by")
        .order_by("-updated_at", "-id")
    )


def may_see_draft(user: object, draft: AnswerDraft) -> bool:
    """Return whether ``user`` may read ``draft``: its author, and its department's approver or deputy."""
    if getattr(user, "id", None) == draft.author_id:
        return True
    rule = approval_rule_of(draft.demand.department_id)
    return rule is not None and rule.may_approve(user)


def demand_drafts(user: object, demand: Demand) -> list[AnswerDraft]:
    """Return the open drafts of ``demand`` that ``user`` may see, newest first (one query)."""
    drafts = (
        AnswerDraft.objects.filter(demand=demand, status__in=OPEN_STATUSES)
        .select_related("author", "reviewed_by", "demand__department__approval_rule")
        .order_by("-updated_at", "-id")
    )
    user_id = getattr(user, "id", None)
    visible = []
    for draft in drafts:
        rule = getattr(draft.demand.department, "approval_rule", None) if draft.demand.department else None
        if draft.author_id == user_id or (rule is not None and rule.active and rule.may_approve(user)):
            visible.append(draft)
    return visible


def approval_rules() -> list[tuple[Organisation, ApprovalRule | None]]:
    """Return every department with its approval rule (None without one), by name."""
    departments = list(Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by("name"))
    rules = {
        r.department_id: r
        for r in ApprovalRule.objects.filter(department__in=departments).select_related("approver", "deputy")
    }
    return [(d, rules.get(d.id)) for d in departments]


# ----------------------------------------------------------------------------------------------------
# Writes


def _check_may_answer(actor: User, demand: Demand) -> None:
    if not can(actor, "disposition.decide"):
        raise PermissionDenied(_("답변을 쓸 권한이 없습니다."))
    if role_of(actor) == Role.OFFICER and demand.department_id != actor.profile.organisation_id:
        raise PermissionDenied(_("다른 부서에 배정된 수요에는 답변할 수 없습니다."))


def _fill(draft: AnswerDraft, values: dict[str, Any]) -> None:
    for name in ANSWER_FIELDS:
        value = values.get(name)
        if name == "department":
            draft.department = value if isinstance(value, Organisation) else None
        elif name == "due_date":
            draft.due_date = value if isinstance(value, dt.date) else None
        else:
            setattr(draft, name, (value or "").strip() if isinstance(value, str) else "")


@transaction.atomic
def answer_draft_save(*, demand: Demand, actor: User, **values: Any) -> AnswerDraft:
    """Save the decision form as ``actor``'s draft (임시저장), unchecked; nothing is released or shown.

    ``values`` are the form's fields (``ANSWER_FIELDS``); any may be empty. An answer waiting for approval
    cannot be changed (the approver is reading it). The first save of a draft is audited; later saves (the
    page saves every half minute) are not.
    """
    demand = Demand.objects.select_for_update().get(id=demand.id)
    _check_may_answer(actor, demand)
    draft = open_draft(actor, demand)
    if draft is not None and draft.status == AnswerStatus.SUBMITTED:
        raise ValidationError(
            _("결재를 기다리는 답변은 고칠 수 없습니다. 결재권자가 반려하면 고칠 수 있습니다.")
        )
    created = draft is None
    if draft is None:
        draft = AnswerDraft(demand=demand, author=actor)
    _fill(draft, values)
    draft.save()
    if created:
        audit.record(
            actor=actor,
            action="answer.draft",
            target=draft,
            scope=demand,
            summary=_("답변을 임시저장했습니다."),
        )
    return draft


@transaction.atomic
def answer_submit(*, demand: Demand, actor: User, **values: Any) -> AnswerDraft:
    """Submit ``actor``'s answer for approval (결재 상신): checked as any answer, then waiting for approval.

    Only where the demand's department has an active rule. The answer must pass every rule an answer does
    (``disposition_errors``). Submitting an answer already waiting returns it unchanged (a repeated POST).
    """
    demand = Demand.objects.select_for_update().get(id=demand.id)
    _check_may_answer(actor, demand)
    department = values.get("department")
    check_answering_department(actor, department if isinstance(department, Organisation) else None)
    rule = approval_rule_of(demand.department_id)
    if rule is None:
        raise ValidationError(_("이 부서의 답변은 결재가 필요 없습니다. 바로 저장해 주세요."))
    draft = open_draft(actor, demand)
    if draft is not None and draft.status == AnswerStatus.SUBMITTED:
        return draft
    errors = disposition_errors(
        outcome=values.get("outcome") or "",
        reason_code=values.get("reason_code") or "",
        reason=values.get("reason") or "",
        limits=values.get("limits") or "",
        referred_to=values.get("referred_to") or "",
    )
    if errors:
        raise ValidationError(errors)
    if demand.stage == Stage.OPEN:
        raise ValidationError(_("먼저 소관부서를 지정해 주세요."))
    if draft is None:
        draft = AnswerDraft(demand=demand, author=actor)
    resubmitted = draft.status == AnswerStatus.RETURNED
    _fill(draft, values)
    draft.status = AnswerStatus.SUBMITTED
    draft.submitted_at = timezone.now()
    draft.save()
    audit.record(
        actor=actor,
        action="answer.resubmit" if resubmitted else "answer.submit",
        target=draft,
        scope=demand,
        summary=f"{draft.outcome_label}: {draft.reason[:150]}",
        after={"outcome": draft.outcome, "reason": draft.reason, "limits": draft.limits},
    )
    return draft


def _check_may_review(actor: User, draft: AnswerDraft) -> None:
    rule = approval_rule_of(draft.demand.department_id)
    if rule is None or not rule.may_approve(actor):
        raise PermissionDenied(_("이 답변을 결재할 권한이 없습니다. 부서의 결재권자나 대결자만 결재합니다."))
    if draft.author_id == actor.id:
        raise PermissionDenied(_("자신이 쓴 답변은 결재할 수 없습니다. 대결자에게 결재를 받아 주세요."))


@transaction.atomic
def answer_return(*, draft: AnswerDraft, actor: User, comment: str) -> AnswerDraft:
    """Return a submitted answer to its author (반려) with the approver's comment on what to change."""
    draft = AnswerDraft.objects.select_for_update().select_related("demand").get(id=draft.id)
    _check_may_review(actor, draft)
    if draft.status != AnswerStatus.SUBMITTED:
        raise ValidationError(_("결재를 기다리는 답변만 반려할 수 있습니다."))
    if not comment.strip():
        raise ValidationError({"comment": _("무엇을 고쳐야 하는지 반려 의견을 적어 주세요.")})
    draft.status = AnswerStatus.RETURNED
    draft.comment = comment.strip()
    draft.reviewed_by = actor
    draft.reviewed_at = timezone.now()
    draft.save()
    audit.record(
        actor=actor,
        action="answer.return",
        target=draft,
        scope=draft.demand,
        summary=draft.comment[:200],
        after={"comment": draft.comment},
    )
    return draft


@transaction.atomic
def answer_approve(*, draft: AnswerDraft, actor: User, comment: str = "") -> Disposition:
    """Approve a submitted answer (결재): it becomes the demand's answer, for the proposers and the public.

    The answer is recorded as its author's (``decided_by``), released by the approver; the demand moves to
    'answered' and ``DISPOSITION_DECIDED`` fires in this transaction. Approving an approved answer again
    (a repeated POST) returns its answer.
    """
    draft = AnswerDraft.objects.select_for_update().select_related("demand", "author").get(id=draft.id)
    if draft.status == AnswerStatus.APPROVED and draft.disposition_id is not None:
        return Disposition.objects.get(id=draft.disposition_id)
    _check_may_review(actor, draft)
    if draft.status != AnswerStatus.SUBMITTED:
        raise ValidationError(_("결재를 기다리는 답변만 승인할 수 있습니다."))
    demand = Demand.objects.select_for_update().get(id=draft.demand_id)
    errors = disposition_errors(
        outcome=draft.outcome,
        reason_code=draft.reason_code,
        reason=draft.reason,
        limits=draft.limits,
        referred_to=draft.referred_to,
    )
    if errors:
        raise ValidationError(list(errors.values()))
    audit.record(
        actor=actor,
        action="answer.approve",
        target=draft,
        scope=demand,
        summary=comment.strip()[:200] or f"{draft.outcome_label}",
        after={"comment": comment.strip()},
    )
    disposition = disposition_record(
        demand=demand,
        actor=actor,
        decided_by=draft.author,
        outcome=draft.outcome,
        reason_code=draft.reason_code,
        reason=draft.reason,
        limits=draft.limits,
        referred_to=draft.referred_to,
        instrument=draft.instrument,
        due_date=draft.due_date,
        department=draft.department,
    )
    draft.status = AnswerStatus.APPROVED
    draft.comment = comment.strip()
    draft.reviewed_by = actor
    draft.reviewed_at = timezone.now()
    draft.disposition = disposition
    draft.save()
    attachments_move(source=draft, target=disposition)
    return disposition


@transaction.atomic
def approval_rule_set(
    *,
    department: Organisation,
    actor: User,
    approver: User | None,
    deputy: User | None = None,
    active: bool = True,
) -> ApprovalRule | None:
    """Set whether a department's answers need approval, and by whom (결재권자, optionally 대결자).

    The approver and deputy must be able to answer the department's demands: staff, or its own officers.
    ``active=False`` keeps the names but releases answers on saving again; answers already waiting stay
    waiting for the named approver. Without an approver and inactive, nothing is stored.
    """
    if not can(actor, "registry.manage"):
        raise PermissionDenied(_("결재 규칙을 바꿀 권한이 없습니다."))
    if department.kind != OrganisationKind.DEPARTMENT:
        raise ValidationError(_("결재 규칙은 시청 부서에만 둘 수 있습니다."))
    rule = ApprovalRule.objects.select_for_update().filter(department=department).first()
    if approver is None:
        if active:
            raise ValidationError({"approver": _("결재권자를 골라 주세요.")})
        if rule is None:
            return None
        approver = rule.approver
    for field, user in (("approver", approver), ("deputy", deputy)):
        if user is None:
            continue
        role = role_of(user)
        if not can(user, "disposition.decide") or (
            role == Role.OFFICER and user.profile.organisation_id != department.id
        ):
            raise ValidationError({field: _("이 부서의 담당자나 정책 사무 담당자를 골라 주세요.")})
    if deputy is not None and deputy.id == approver.id:
        raise ValidationError({"deputy": _("대결자는 결재권자와 다른 사람이어야 합니다.")})
    before: dict[str, object] = {}
    if rule is not None:
        before = {"approver": str(rule.approver), "deputy": str(rule.deputy or ""), "active": rule.active}
    if rule is None:
        rule = ApprovalRule(department=department)
    rule.approver = approver
    rule.deputy = deputy
    rule.active = active
    rule.save()
    audit.record(
        actor=actor,
        action="approval_rule.set",
        target=rule,
        scope=department,
        summary=_("결재 필요") if active else _("결재 없음"),
        before=before,
        after={"approver": str(approver), "deputy": str(deputy or ""), "active": active},
    )
    return rule
