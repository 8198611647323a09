"""Carrying out an answer: the milestones (이행 단계) of a disposition, kept by the department in charge.

Each move of a milestone is its own service (start, complete, delay, drop), checked against
``sori.policy.workflow`` and written with one audit record scoped to the demand. A delay fires
``events.MILESTONE_DELAYED`` in the same transaction, so the proposers' notice is written with it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit, hooks
from sori.core.roles import Role, can, role_of
from sori.core.submissions import submission_claim, submission_complete
from sori.policy import events
from sori.policy.models import Disposition, Milestone, MilestoneStatus, commits_to_something, http_url
from sori.policy.workflow import check_milestone

__all__ = [
    "may_keep_milestones",
    "milestone_complete",
    "milestone_create",
    "milestone_delay",
    "milestone_drop",
    "milestone_start",
]


def department_in_charge(disposition: Disposition) -> Any:
    """Return the department that carries out the answer: the disposition's, else the demand's."""
    return disposition.department or disposition.demand.department


def may_keep_milestones(user: object, disposition: Disposition) -> bool:
    """Return whether ``user`` may add and update the milestones: staff any, officers their department's."""
    if not can(user, "disposition.decide"):
        return False
    if role_of(user) == Role.OFFICER:
        profile = getattr(user, "profile", None)
        department = department_in_charge(disposition)
        return profile is not None and department is not None and profile.organisation_id == department.id
    return True


def _check_may_keep(actor: User, disposition: Disposition) -> None:
    if not may_keep_milestones(actor, disposition):
        raise PermissionDenied(_("이행 단계는 소관부서 담당자나 위원회 사무국만 고칠 수 있습니다."))


@transaction.atomic
def milestone_create(
    *,
    disposition: Disposition,
    title: str,
    planned_date: dt.date,
    actor: User,
    submission_key: str = "",
) -> Milestone:
    """Add a milestone to an answer that commits to something (see ``commits_to_something``).

    Only the department in charge (its officers) or staff may; a double-submitted form returns the first.
    """
    earlier = submission_claim(
        key=submission_key, action=f"milestone.create:{disposition.id}", model=Milestone
    )
    disposition = Disposition.objects.select_related("demand__department", "department").get(
        id=disposition.id
    )
    _check_may_keep(actor, disposition)
    if earlier:
        return earlier[0]
    if not commits_to_something(disposition):
        raise ValidationError(
            _(
                "이 처리결과는 이행을 약속하지 않아 이행 단계를 둘 수 없습니다. "
                "반영·일부 반영은 추진 수단이나 이행 예정일이, "
                "검토 중·중장기 검토는 이행 예정일이 있어야 합니다."
            )
        )
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("이행 단계의 이름을 적어 주세요(예: 조례 개정안 입법예고).")})
    milestone = Milestone.objects.create(
        disposition=disposition,
        title=title,
        planned_date=planned_date,
        first_planned_date=planned_date,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    submission_complete(key=submission_key, targets=[milestone])
    audit.record(
        actor=actor,
        action="milestone.create",
        target=milestone,
        scope=disposition.demand,
        summary=_("이행 단계 추가: %(title)s (%(date)s 예정)")
        % {"title": title[:150], "date": planned_date.isoformat()},
        after={"title": title, "planned_date": planned_date, "status": milestone.status},
    )
    return milestone


def _locked(milestone: Milestone, actor: User) -> Milestone:
    locked = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("disposition__demand__department", "disposition__department")
        .get(id=milestone.id)
    )
    _check_may_keep(actor, locked.disposition)
    return locked


def _evidence(
    milestone: Milestone, *, note: str, url: str, figure: Decimal | None, figure_label: str
) -> list[str]:
    """Set the evidence given (leaving the rest as it was); return the names of the fields changed."""
    changed = []
    url = url.strip()
    if url:
        try:
            http_url(url)
        except ValidationError as exc:
            raise ValidationError({"evidence_url": exc.messages}) from exc
    for name, value in (
        ("evidence_note", note.strip()),
        ("evidence_url", url),
        ("figure_label", figure_label.strip()),
    ):
        if value and value != getattr(milestone, name):
            setattr(milestone, name, value)
            changed.append(name)
    if figure is not None and figure != milestone.figure:
        milestone.figure = figure
        changed.append("figure")
    return changed


def _move(
    milestone: Milestone,
    *,
    new: MilestoneStatus,
    actor: User,
    action: str,
    fields: list[str],
    before: dict[str, Any],
) -> Milestone:
    milestone.status = new
    milestone.save(update_fields=[*dict.fromkeys(["status", *fields, "updated_at"])])
    after = {"status": new, **{name: getattr(milestone, name) for name in fields}}
    audit.record(
        actor=actor,
        action=action,
        target=milestone,
        scope=milestone.disposition.demand,
        summary=f"{milestone.title[:120]}: {new.label}"
        + (
            f" — {milestone.reason[:200]}"
            if new in (MilestoneStatus.DELAYED, MilestoneStatus.DROPPED)
            else ""
        ),
        before=before,
        after=after,
    )
    return milestone


@transaction.atomic
def milestone_start(
    *,
    milestone: Milestone,
    actor: User,
    note: str = "",
    url: str = "",
    figure: Decimal | None = None,
    figure_label: str = "",
) -> Milestone:
    """Mark a planned or delayed milestone as under way (추진 중), with any evidence so far."""
    milestone = _locked(milestone, actor)
    check_milestone(milestone, MilestoneStatus.IN_PROGRESS)
    before = {"status": milestone.status}
    fields = _evidence(milestone, note=note, url=url, figure=figure, figure_label=figure_label)
    return _move(
        milestone,
        new=MilestoneStatus.IN_PROGRESS,
        actor=actor,
        action="milestone.start",
        fields=fields,
        before=before,
    )


@transaction.atomic
def milestone_complete(
    *,
    milestone: Milestone,
    actor: User,
    completed_on: dt.date | None = None,
    note: str = "",
    url: str = "",
    figure: Decimal | None = None,
    figure_label: str = "",
) -> Milestone:
    """Mark a milestone done (완료) on ``completed_on`` (today by default), with its evidence.

    Completion needs evidence — a note, a link or a figure — so the proposers can see what was done.
    """
    milestone = _locked(milestone, actor)
    check_milestone(milestone, MilestoneStatus.DONE)
    before = {"status": milestone.status}
    fields = _evidence(milestone, note=note, url=url, figure=figure, figure_label=figure_label)
    if not (milestone.evidence_note or milestone.evidence_url or milestone.figure is not None):
        raise ValidationError(
            {
                "evidence_note": _(
                    "완료에는 근거가 필요합니다. 설명, 링크, 실적 수치 중 하나 이상을 적어 주세요."
                )
            }
        )
    milestone.completed_on = completed_on or timezone.localdate()
    return _move(
        milestone,
        new=MilestoneStatus.DONE,
        actor=actor,
        action="milestone.complete",
        fields=[*fields, "completed_on"],
        before=before,
    )


@transaction.atomic
def milestone_delay(
    *, milestone: Milestone, actor: User, reason: str, new_planned_date: dt.date | None
) -> Milestone:
    """Record a slip (지연): why, and the new planned date, later than the one it replaces.

    Each delay is one slip (``slips`` + 1); the proposers hear of it once, through the hook it fires.
    """
    milestone = _locked(milestone, actor)
    check_milestone(milestone, MilestoneStatus.DELAYED)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("지연 사유를 적어 주세요 — 제안자에게 그대로 알려집니다.")
    if new_planned_date is None:
        errors["new_planned_date"] = _("지연되면 새 예정일을 적어 주세요.")
    elif new_planned_date <= milestone.planned_date:
        errors["new_planned_date"] = _("새 예정일은 지금 예정일(%(date)s)보다 뒤여야 합니다.") % {
            "date": milestone.planned_date.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    assert new_planned_date is not None
    before = {"status": milestone.status, "planned_date": milestone.planned_date, "reason": milestone.reason}
    milestone.reason = reason.strip()
    milestone.planned_date = new_planned_date
    milestone.slips += 1
    moved = _move(
        milestone,
        new=MilestoneStatus.DELAYED,
        actor=actor,
        action="milestone.delay",
        fields=["reason", "planned_date", "slips"],
        before=before,
    )
    hooks.fire(events.MILESTONE_DELAYED, milestone=moved, previous_date=before["planned_date"], actor=actor)
    return moved


@transaction.atomic
def milestone_drop(*, milestone: Milestone, actor: User, reason: str) -> Milestone:
    """Stop a milestone (중단) with the reason, which the proposers and the public tracker read."""
    milestone = _locked(milestone, actor)
    check_milestone(milestone, MilestoneStatus.DROPPED)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("중단 사유를 적어 주세요 — 제안자와 공개 현황에 그대로 보입니다.")}
        )
    before = {"status": milestone.status, "reason": milestone.reason}
    milestone.reason = reason.strip()
    return _move(
        milestone,
        new=MilestoneStatus.DROPPED,
        actor=actor,
        action="milestone.drop",
        fields=["reason"],
        before=before,
    )
