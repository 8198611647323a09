"""Recording the decision on a demand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.attachments.services import attachments_move
from sori.core import audit, hooks
from sori.core.roles import Role, role_of
from sori.core.submissions import submission_claim, submission_complete
from sori.policy import events
from sori.policy.models import (
    AnswerConfirmation,
    AnswerDraft,
    AnswerStatus,
    ApprovalRule,
    Disposition,
    ReasonCode,
    current_disposition,
)
from sori.policy.selectors import may_decide, new_voices
from sori.registry.models import Organisation
from sori.voices.models import Demand, Stage
from sori.voices.outcomes import Outcome
from sori.voices.workflow import check_transition


def disposition_errors(
    *, outcome: str, reason_code: str, reason: str, limits: str, referred_to: str
) -> dict[str, str]:
    """Return field → message for every rule a disposition breaks; empty when it may be saved."""
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("처리결과를 선택해 주세요.")
        return errors
    if outcome != Outcome.ADOPTED:
        why = _("'반영'이 아닌 결과에는 제안자에게 설명할 사유와 한계가 꼭 필요합니다.")
        if reason_code not in ReasonCode.values:
            errors["reason_code"] = _("사유 구분을 선택해 주세요.") + " " + why
        if not reason.strip():
            errors["reason"] = _("사유를 적어 주세요.") + " " + why
        if not limits.strip():
            errors["limits"] = _("한계(지금 할 수 없는 것과 할 수 있는 것)를 적어 주세요.") + " " + why
    if (outcome == Outcome.REFERRED or reason_code == ReasonCode.OTHER_BODY) and not referred_to.strip():
        errors["referred_to"] = _("소관 기관의 이름을 적어 주세요(예: 정보통신산업진흥원).")
    return errors


def check_answering_department(actor: User, department: Organisation | None) -> None:
    """An officer answers in their own department's name only; staff may name any department."""
    if department is None or role_of(actor) != Role.OFFICER:
        return
    if department.id != actor.profile.organisation_id:
        raise ValidationError(
            {
                "department": _(
                    "담당자는 자기 부서 이름으로만 답변할 수 있습니다. 다른 부서 소관이라면 위원회 사무국에 "
                    "소관부서를 바꿔 달라고 요청해 주세요."
                )
            }
        )


@transaction.atomic
def disposition_decide(
    *,
    demand: Demand,
    actor: User,
    outcome: str,
    reason_code: str = "",
    reason: str = "",
    limits: str = "",
    referred_to: str = "",
    instrument: str = "",
    due_date: dt.date | None = None,
    department: Organisation | None = None,
    decided_at: dt.datetime | None = None,
    submission_key: str = "",
) -> Disposition:
    """Record a decision on a demand with its reason and limits, and move the demand to 'answered'.

    A department officer may decide only demands assigned to their own department. Every outcome but 'adopted'
    needs a reason code, the reason and the limits in words; a referral names the body it goes to.
    A second call with the same ``submission_key`` (a double-submitted form) returns the first answer.
    """
    # The demand is part of the action, so a key is never answered with another demand's decision.
    action = f"disposition.decide:{demand.id}"
    earlier = submission_claim(key=submission_key, action=action, model=Disposition)
    demand = Demand.objects.select_for_update().get(id=demand.id)
    role = role_of(actor)
    if role == Role.OFFICER and demand.department_id != actor.profile.organisation_id:
        raise PermissionDenied(_("다른 부서에 배정된 수요에는 답변할 수 없습니다."))
    if earlier:
        return earlier[0]
    check_answering_department(actor, department)
    errors = disposition_errors(
        outcome=outcome, reason_code=reason_code, reason=reason, limits=limits, referred_to=referred_to
    )
    if errors:
        raise ValidationError(errors)
    if (
        role == Role.OFFICER
        and demand.department_id is not None
        and ApprovalRule.objects.filter(department_id=demand.department_id, active=True).exists()
    ):
        raise ValidationError(
            _(
                "이 부서의 답변은 결재를 거쳐야 합니다. 답변을 결재에 올려 주세요 — "
                "아무 것도 저장되지 않았습니다."
            )
        )
    disposition = disposition_record(
        demand=demand,
        actor=actor,
        decided_by=actor,
        outcome=outcome,
        reason_code=reason_code,
        reason=reason,
        limits=limits,
        referred_to=referred_to,
        instrument=instrument,
        due_date=due_date,
        department=department,
        decided_at=decided_at,
    )
    _release_own_drafts(demand=demand, actor=actor, disposition=disposition)
    submission_complete(key=submission_key, targets=[disposition])
    return disposition


def _release_own_drafts(*, demand: Demand, actor: User, disposition: Disposition) -> None:
    """An answer saved directly ends its author's draft of it: the draft's files go with the answer."""
    drafts = AnswerDraft.objects.filter(
        demand=demand, author=actor, status__in=(AnswerStatus.DRAFT, AnswerStatus.RETURNED)
    )
    for draft in drafts:
        attachments_move(source=draft, target=disposition)
    drafts.delete()


def disposition_record(
    *,
    demand: Demand,
    actor: User,
    decided_by: User,
    outcome: str,
    reason_code: str,
    reason: str,
    limits: str,
    referred_to: str,
    instrument: str,
    due_date: dt.date | None,
    department: Organisation | None,
    decided_at: dt.datetime | None = None,
) -> Disposition:
    """Release an answer already checked and allowed: the demand is answered, audited, and the event fired.

    Call inside a transaction with ``demand`` locked (``select_for_update``). ``decided_by`` is whose answer
    it is (the officer who wrote it); ``actor`` who released it (the same, or the approver).
    """
    if demand.stage == Stage.OPEN:
        raise ValidationError(_("먼저 소관부서를 지정해 주세요."))
    check_transition(demand.stage, Stage.ANSWERED)
    previous = current_disposition(demand)
    disposition = Disposition.objects.create(
        demand=demand,
        outcome=outcome,
        reason_code=reason_code if outcome != Outcome.ADOPTED or reason_code else "",
        reason=reason.strip(),
        limits=limits.strip(),
        referred_to=referred_to.strip(),
        department=department or demand.department,
        instrument=instrument,
        due_date=due_date,
        decided_by=decided_by if getattr(decided_by, "is_authenticated", False) else None,
        decided_at=decided_at or timezone.now(),
    )
    before = {"stage": demand.stage, "outcome": demand.outcome}
    demand.stage = Stage.ANSWERED
    demand.outcome = outcome
    demand.save(update_fields=["stage", "outcome", "updated_at"])
    audit.record(
        actor=actor,
        action="disposition.decide",
        target=disposition,
        scope=demand,
        summary=f"{disposition.get_outcome_display()}: {disposition.reason[:150]}",
        before={**before, "reason": previous.reason if previous else ""},
        after={
            "stage": demand.stage,
            "outcome": outcome,
            "reason": disposition.reason,
            "limits": disposition.limits,
            "instrument": instrument,
            "due_date": due_date,
        },
    )
    # Later apps' notices (a transfer notice to the proposers) are written in this same transaction.
    hooks.fire(events.DISPOSITION_DECIDED, disposition=disposition, previous=previous, actor=actor)
    return disposition


@transaction.atomic
def answer_confirm(
    *, demand: Demand, actor: User, note: str = "", seen_ids: Sequence[int] | None = None
) -> AnswerConfirmation:
    """Record that the current answer still stands for the voices that joined after it (답변 유지).

    The same people may do this as may answer (``may_decide``). ``seen_ids`` are the new voices the user
    was shown: if more joined since, nothing is saved, so nobody confirms an answer for a voice unread.
    """
    demand = Demand.objects.select_for_update().get(id=demand.id)
    if not may_decide(actor, demand):
        raise PermissionDenied(_("다른 부서에 배정된 수요에는 답변할 수 없습니다."))
    voices = new_voices(demand)
    if voices is None:
        raise ValidationError(_("아직 답변이 없는 수요입니다. 먼저 처리결과를 기록해 주세요."))
    if not voices.proposals:
        raise ValidationError(_("답변 이후 새 목소리가 없어 확인할 것이 없습니다."))
    ids = [p.id for p in voices.proposals]
    if seen_ids is not None and set(ids) - set(seen_ids):
        raise ValidationError(
            _(
                "그 사이 새 목소리가 더 들어왔습니다. 화면을 새로 고쳐 읽은 뒤 다시 확인해 주세요 — "
                "아무 것도 저장되지 않았습니다."
            )
        )
    confirmation = AnswerConfirmation.objects.create(
        disposition=voices.disposition,
        note=note.strip(),
        confirmed_by=actor if actor.is_authenticated else None,
        confirmed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="answer.confirm",
        target=confirmation,
        scope=demand,
        summary=_("새 목소리 %(count)s건에도 현재 답변(%(outcome)s) 유지")
        % {"count": len(ids), "outcome": voices.disposition.get_outcome_display()},
        after={"note": confirmation.note},
    )
    return confirmation
