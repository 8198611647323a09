"""The talent programme (인재 양성): cohorts, trainees and their moves, placements in firms, firms' needs.

Each trainee move is its own service (select, attendance, complete, drop), checked against
``sori.programs.workflow`` and written with one audit record scoped to the cohort. Selection never goes
beyond the cohort's seats: the cohort row is locked while the seats are counted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.formatting import kdate
from sori.core.submissions import submission_claim, submission_complete
from sori.programs.models import (
    Cohort,
    CourseKind,
    NeedKind,
    Placement,
    PlacementKind,
    Program,
    ProgramKind,
    TalentNeed,
    Trainee,
    TraineeStatus,
)
from sori.programs.models.talent import SEATED_STATUSES
from sori.programs.workflow import check_trainee
from sori.registry.models import INTERNAL_KINDS, Organisation

__all__ = [
    "cohort_create",
    "cohort_update",
    "need_close",
    "need_post",
    "placement_record",
    "trainee_add",
    "trainee_attendance",
    "trainee_complete",
    "trainee_drop",
    "trainee_select",
]

# Cohort fields a change of which is recorded with its old and new value.
COHORT_FIELDS = (
    "name",
    "course_kind",
    "program",
    "seats",
    "starts_on",
    "ends_on",
    "operator",
    "description",
)


def _cohort_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(values.get("name") or "").strip():
        errors["name"] = _("기수명을 적어 주세요(예: AI사관학교 6기).")
    if values.get("course_kind") not in CourseKind.values:
        errors["course_kind"] = _("과정 구분을 골라 주세요.")
    if not values.get("seats") or int(values["seats"]) < 1:
        errors["seats"] = _("정원을 1명 이상으로 적어 주세요.")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("교육 종료일이 시작일보다 빠릅니다. 날짜를 고쳐 주세요.")
    program = values.get("program")
    if program is not None and isinstance(program, Program) and program.kind != ProgramKind.TALENT:
        errors["program"] = _(
            "'%(name)s'은(는) 인재 양성 사업이 아닙니다. 구분이 '인재 양성'인 사업을 고르세요."
        ) % {"name": program.name}
    operator = values.get("operator")
    if isinstance(operator, Organisation) and operator.kind in INTERNAL_KINDS:
        errors["operator"] = _("운영 기관으로는 교육 기관이나 기업을 고르세요(시 부서·위원회 말고).")
    return errors


def _cohort_values(cohort: Cohort) -> dict[str, Any]:
    return {f: getattr(cohort, f) for f in COHORT_FIELDS}


@transaction.atomic
def cohort_create(
    *,
    name: str,
    seats: int,
    starts_on: dt.date,
    ends_on: dt.date,
    actor: User,
    course_kind: str = CourseKind.ACADEMY,
    program: Program | None = None,
    operator: Organisation | None = None,
    description: str = "",
    submission_key: str | None = None,
) -> Cohort:
    """Open a cohort with its seats and dates; the same ``submission_key`` twice returns the first.

    A linked program must be a talent program (구분 '인재 양성').
    """
    if earlier := submission_claim(key=submission_key, action="cohort.create", model=Cohort):
        return earlier[0]
    values = {
        "name": name.strip(),
        "course_kind": course_kind,
        "program": program,
        "seats": seats,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "operator": operator,
        "description": description.strip(),
    }
    if errors := _cohort_errors(values):
        raise ValidationError(errors)
    cohort = Cohort.objects.create(**values)
    submission_complete(key=submission_key, targets=[cohort])
    audit.record(
        actor=actor,
        action="cohort.create",
        target=cohort,
        summary=_("교육 기수 등록: %(name)s (정원 %(seats)s명)") % {"name": cohort.name, "seats": seats},
        after=_cohort_values(cohort),
    )
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, actor: User, **values: Any) -> Cohort:
    """Change a cohort's name, kind, program, seats, dates, operator or description; audited before/after.

    The seats may not go below the trainees already selected or completed.
    """
    unknown = set(values) - set(COHORT_FIELDS)
    if unknown:
        raise TypeError(f"cohort_update: unknown fields {sorted(unknown)}")
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    before = _cohort_values(cohort)
    merged = {**before, **values}
    merged["name"] = str(merged["name"]).strip()
    merged["description"] = str(merged["description"] or "").strip()
    errors = _cohort_errors(merged)
    seated = cohort.trainees.filter(status__in=SEATED_STATUSES).count()
    if "seats" not in errors and int(merged["seats"]) < seated:
        errors["seats"] = _("이미 %(n)s명을 선발했습니다. 정원을 %(n)s명 이상으로 적어 주세요.") % {
            "n": seated
        }
    if errors:
        raise ValidationError(errors)
    for name, value in merged.items():
        setattr(cohort, name, value)
    cohort.save()
    after = _cohort_values(cohort)
    changed = [k for k in COHORT_FIELDS if before[k] != after[k]]
    if changed:
        audit.record(
            actor=actor,
            action="cohort.update",
            target=cohort,
            summary=_("교육 기수 수정: %(name)s") % {"name": cohort.name},
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return cohort


@transaction.atomic
def trainee_add(
    *,
    cohort: Cohort,
    name: str,
    actor: User,
    contact: str = "",
    applied_on: dt.date | None = None,
    submission_key: str | None = None,
) -> Trainee:
    """Add an applicant (지원) to a cohort; the same ``submission_key`` twice returns the first."""
    if earlier := submission_claim(key=submission_key, action=f"trainee.add:{cohort.pk}", model=Trainee):
        return earlier[0]
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("교육생 이름을 적어 주세요.")})
    trainee = Trainee.objects.create(
        cohort=cohort,
        name=name[:100],
        contact=contact.strip()[:200],
        applied_on=applied_on or timezone.localdate(),
    )
    submission_complete(key=submission_key, targets=[trainee])
    audit.record(
        actor=actor,
        action="trainee.add",
        target=trainee,
        scope=cohort,
        summary=_("%(cohort)s 지원자 등록: %(name)s") % {"cohort": cohort.name, "name": trainee.name},
    )
    return trainee


def _locked(trainee: Trainee) -> Trainee:
    return Trainee.objects.select_for_update().select_related("cohort").get(pk=trainee.pk)


def _move(
    trainee: Trainee, new: TraineeStatus, actor: User, action: str, summary: str, **fields: Any
) -> Trainee:
    before = {"status": trainee.status, **{k: getattr(trainee, k) for k in fields}}
    for name, value in fields.items():
        setattr(trainee, name, value)
    trainee.status = new
    trainee.save()
    audit.record(
        actor=actor,
        action=action,
        target=trainee,
        scope=trainee.cohort,
        summary=summary,
        before=before,
        after={"status": new, **fields},
    )
    return trainee


@transaction.atomic
def trainee_select(*, trainee: Trainee, actor: User, on: dt.date | None = None) -> Trainee:
    """Select an applicant (선발); refused once selected and completed trainees fill the cohort's seats."""
    cohort = Cohort.objects.select_for_update().get(pk=trainee.cohort_id)
    trainee = _locked(trainee)
    check_trainee(trainee, TraineeStatus.SELECTED)
    if trainee.status == TraineeStatus.SELECTED:
        return trainee
    seated = cohort.trainees.filter(status__in=SEATED_STATUSES).count()
    if seated >= cohort.seats:
        raise ValidationError(
            _(
                "'%(cohort)s'의 정원 %(seats)s명이 모두 찼습니다. %(name)s 교육생을 선발하려면 "
                "기수의 정원을 늘리거나, 그만둔 교육생을 중도 포기로 처리한 뒤 다시 선발해 주세요."
            )
            % {"cohort": cohort.name, "seats": cohort.seats, "name": trainee.name}
        )
    on = on or timezone.localdate()
    return _move(
        trainee,
        TraineeStatus.SELECTED,
        actor,
        "trainee.select",
        _("%(cohort)s 선발: %(name)s (%(n)s/%(seats)s명)")
        % {"cohort": cohort.name, "name": trainee.name, "n": seated + 1, "seats": cohort.seats},
        selected_on=on,
    )


def _rate(value: Any) -> Decimal:
    try:
        rate = Decimal(str(value).strip().rstrip("%"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            {"attendance_rate": _("출석률을 0에서 100 사이의 숫자로 적어 주세요(예: 92.5).")}
        ) from exc
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        raise ValidationError(
            {"attendance_rate": _("출석률을 0에서 100 사이의 숫자로 적어 주세요(예: 92.5).")}
        )
    return rate.quantize(Decimal("0.1"))


@transaction.atomic
def trainee_attendance(*, trainee: Trainee, rate: Any, actor: User) -> Trainee:
    """Record a selected or completed trainee's attendance rate (출석률, 0–100 %)."""
    trainee = _locked(trainee)
    if trainee.status not in SEATED_STATUSES:
        raise ValidationError(
            _(
                "출석률은 선발되었거나 수료한 교육생에게만 기록합니다. "
                "%(name)s 교육생은 '%(status)s' 상태입니다."
            )
            % {"name": trainee.name, "status": TraineeStatus(trainee.status).label}
        )
    value = _rate(rate)
    before = trainee.attendance_rate
    trainee.attendance_rate = value
    trainee.save(update_fields=["attendance_rate", "updated_at"])
    audit.record(
        actor=actor,
        action="trainee.attendance",
        target=trainee,
        scope=trainee.cohort,
        summary=_("%(name)s 출석률 %(rate)s%%") % {"name": trainee.name, "rate": value},
        before={"attendance_rate": before},
        after={"attendance_rate": value},
    )
    return trainee


@transaction.atomic
def trainee_complete(*, trainee: Trainee, actor: User, on: dt.date | None = None) -> Trainee:
    """Record that a selected trainee completed the course (수료), on ``on`` (default today)."""
    trainee = _locked(trainee)
    check_trainee(trainee, TraineeStatus.COMPLETED)
    on = on or timezone.localdate()
    return _move(
        trainee,
        TraineeStatus.COMPLETED,
        actor,
        "trainee.complete",
        _("%(cohort)s 수료: %(name)s (%(date)s)")
        % {"cohort": trainee.cohort.name, "name": trainee.name, "date": kdate(on)},
        completed_on=on,
    )


@transaction.atomic
def trainee_drop(*, trainee: Trainee, reason: str, actor: User, on: dt.date | None = None) -> Trainee:
    """Record that an applicant withdrew or a trainee dropped out (중도 포기); the reason is required."""
    trainee = _locked(trainee)
    check_trainee(trainee, TraineeStatus.DROPPED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("중도 포기 사유를 적어 주세요(예: 타 지역 취업, 개인 사정).")})
    on = on or timezone.localdate()
    return _move(
        trainee,
        TraineeStatus.DROPPED,
        actor,
        "trainee.drop",
        _("%(cohort)s 중도 포기: %(name)s — %(reason)s")
        % {"cohort": trainee.cohort.name, "name": trainee.name, "reason": reason[:200]},
        dropped_on=on,
        drop_reason=reason,
    )


@transaction.atomic
def placement_record(
    *,
    trainee: Trainee,
    organisation: Organisation | None,
    kind: str,
    starts_on: dt.date,
    actor: User,
    note: str = "",
    need: TalentNeed | None = None,
    submission_key: str | None = None,
) -> Placement:
    """Record that a firm hired or hosted a trainee (채용·인턴·프로젝트) from ``starts_on``.

    Only a trainee in the cohort (선발) or who completed it (수료) may be placed, and only with a firm. A need
    answered by the placement must be open; without a firm, the need's firm is taken.
    """
    if earlier := submission_claim(
        key=submission_key, action=f"placement.record:{trainee.pk}", model=Placement
    ):
        return earlier[0]
    trainee = Trainee.objects.select_related("cohort").get(pk=trainee.pk)
    if need is not None:
        need = TalentNeed.objects.select_for_update().select_related("organisation").get(pk=need.pk)
    if organisation is None and need is not None:
        organisation = need.organisation
    errors: dict[str, str] = {}
    if trainee.status not in SEATED_STATUSES:
        errors["trainee"] = _(
            "%(name)s 교육생은 '%(status)s' 상태라 배치를 기록할 수 없습니다. "
            "선발되었거나 수료한 교육생만 배치합니다."
        ) % {"name": trainee.name, "status": TraineeStatus(trainee.status).label}
    if organisation is None:
        errors["organisation"] = _("채용하거나 받아 준 기업을 골라 주세요.")
    elif organisation.kind in INTERNAL_KINDS:
        errors["organisation"] = _("배치 기업으로는 기업이나 기관을 고르세요(시 부서·위원회 말고).")
    if kind not in PlacementKind.values:
        errors["kind"] = _("배치 구분(채용·인턴·프로젝트)을 골라 주세요.")
    if need is not None:
        if not need.is_open:
            errors["need"] = _(
                "'%(title)s' 수요는 이미 마감되었습니다. 열려 있는 수요를 고르거나 비워 두세요."
            ) % {"title": need.title}
        elif organisation is not None and need.organisation_id != organisation.id:
            errors["need"] = _("고른 수요는 %(org)s의 것입니다. 같은 기업의 수요를 고르거나 비워 두세요.") % {
                "org": need.organisation.name
            }
    if errors:
        raise ValidationError(errors)
    assert organisation is not None
    placement = Placement.objects.create(
        trainee=trainee,
        organisation=organisation,
        kind=kind,
        starts_on=starts_on,
        note=note.strip()[:300],
        need=need,
    )
    submission_complete(key=submission_key, targets=[placement])
    audit.record(
        actor=actor,
        action="placement.record",
        target=placement,
        scope=trainee.cohort,
        summary=_("%(name)s → %(org)s %(kind)s (%(date)s)")
        % {
            "name": trainee.name,
            "org": organisation.name,
            "kind": PlacementKind(kind).label,
            "date": kdate(starts_on),
        },
        after={"organisation": organisation, "kind": kind, "starts_on": starts_on, "need": need},
    )
    return placement


@transaction.atomic
def need_post(
    *,
    organisation: Organisation | None,
    kind: str,
    title: str,
    actor: User,
    description: str = "",
    count: int = 1,
    posted_on: dt.date | None = None,
    submission_key: str | None = None,
) -> TalentNeed:
    """Post a firm's talent need (교육 주제·인턴·채용); a repeated ``submission_key`` returns the first."""
    if earlier := submission_claim(key=submission_key, action="talent_need.post", model=TalentNeed):
        return earlier[0]
    errors: dict[str, str] = {}
    if organisation is None:
        errors["organisation"] = _("수요를 낸 기업을 골라 주세요.")
    elif organisation.kind in INTERNAL_KINDS:
        errors["organisation"] = _("인재 수요는 기업이나 기관의 것만 등록합니다(시 부서·위원회 말고).")
    if kind not in NeedKind.values:
        errors["kind"] = _("구분(프로젝트형 교육 주제·인턴·채용)을 골라 주세요.")
    if not title.strip():
        errors["title"] = _("제목을 적어 주세요(예: 머신비전 품질검사 개발자 채용).")
    if not count or count < 1:
        errors["count"] = _("인원을 1명 이상으로 적어 주세요.")
    if errors:
        raise ValidationError(errors)
    assert organisation is not None
    need = TalentNeed.objects.create(
        organisation=organisation,
        kind=kind,
        title=title.strip()[:200],
        description=description.strip(),
        count=count,
        posted_on=posted_on or timezone.localdate(),
    )
    submission_complete(key=submission_key, targets=[need])
    audit.record(
        actor=actor,
        action="talent_need.post",
        target=need,
        scope=organisation,
        summary=_("%(org)s 인재 수요 등록: %(title)s (%(kind)s %(count)s명)")
        % {"org": organisation.name, "title": need.title, "kind": NeedKind(kind).label, "count": count},
    )
    return need


@transaction.atomic
def need_close(*, need: TalentNeed, actor: User, on: dt.date | None = None) -> TalentNeed:
    """Close a talent need (모집 마감); closing a closed need is refused."""
    need = TalentNeed.objects.select_for_update().select_related("organisation").get(pk=need.pk)
    if not need.is_open:
        raise ValidationError(_("'%(title)s' 수요는 이미 마감되었습니다.") % {"title": need.title})
    need.is_open = False
    need.closed_on = on or timezone.localdate()
    need.save(update_fields=["is_open", "closed_on"])
    audit.record(
        actor=actor,
        action="talent_need.close",
        target=need,
        scope=need.organisation,
        summary=_("%(org)s 인재 수요 마감: %(title)s") % {"org": need.organisation.name, "title": need.title},
        before={"is_open": True},
        after={"is_open": False, "closed_on": need.closed_on},
    )
    return need
