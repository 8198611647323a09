"""The midfielder service (미드필더): introduce an AI firm to a manufacturer, follow it up, stop it.

Every stage is an ``IntroductionStep`` with its date and note, checked against
``sori.programs.workflow.INTRODUCTION_TRANSITIONS`` and written with one audit record scoped to the
introduction. A step is never dated before the one before it, nor after today.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.formatting import kdate
from sori.core.roles import can
from sori.core.submissions import submission_claim, submission_complete
from sori.programs.matching_forms import NEED_KINDS
from sori.programs.models import Introduction, IntroductionStage, IntroductionStep
from sori.programs.models.introductions import ENDED_STAGES
from sori.programs.workflow import check_introduction
from sori.registry.models import Organisation, OrganisationKind

__all__ = ["AI_SIDE_KINDS", "introduction_advance", "introduction_create", "introduction_stop"]

# Who may be introduced to a manufacturer: AI firms, and research institutions with AI capabilities.
AI_SIDE_KINDS = (OrganisationKind.COMPANY, OrganisationKind.INSTITUTION)


def _actor(actor: User) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def introduction_create(
    *,
    manufacturer: Organisation | None,
    ai_firm: Organisation | None,
    actor: User,
    need: str = "",
    coordinator: User | None = None,
    introduced_on: dt.date | None = None,
    note: str = "",
    match_score: float | None = None,
    submission_key: str | None = None,
) -> Introduction:
    """Introduce ``ai_firm`` to ``manufacturer`` for its need (소개); return the introduction.

    ``need`` defaults to the manufacturer's AI needs (what matching ranks firms for). The coordinator, who
    follows the introduction up, defaults to ``actor`` and must be a user who manages programs. A pair with
    an introduction still open is refused: move that one on instead. The same ``submission_key`` twice
    returns the first introduction.
    """
    if earlier := submission_claim(key=submission_key, action="introduction.create", model=Introduction):
        return earlier[0]
    coordinator = coordinator or _actor(actor)
    need = (need or (manufacturer.ai_needs if manufacturer else "")).strip()
    on = introduced_on or timezone.localdate()
    errors: dict[str, str] = {}
    if manufacturer is None:
        errors["manufacturer"] = _("AI를 도입하려는 제조·중소·뿌리기업을 골라 주세요.")
    elif manufacturer.kind not in NEED_KINDS:
        errors["manufacturer"] = _(
            "%(org)s은(는) '%(kind)s'(으)로 등록되어 있습니다. 수요 기업은 제조기업·중소기업·뿌리기업이어야 "
            "합니다 — 기관 정보에서 구분을 고친 뒤 다시 해 주세요."
        ) % {"org": manufacturer.name, "kind": manufacturer.get_kind_display()}
    if ai_firm is None:
        errors["ai_firm"] = _("소개할 AI기업을 골라 주세요.")
    elif ai_firm.kind not in AI_SIDE_KINDS:
        errors["ai_firm"] = _(
            "%(org)s은(는) AI기업이나 연구기관이 아닙니다. 소개할 AI기업을 골라 주세요."
        ) % {"org": ai_firm.name}
    elif manufacturer is not None and ai_firm.pk == manufacturer.pk:
        errors["ai_firm"] = _("같은 기업을 자기 자신에게 소개할 수 없습니다.")
    if not need:
        errors["need"] = _("수요 기업이 AI로 풀고 싶은 일을 적어 주세요(예: 금형 불량 예측).")
    if coordinator is None or not can(coordinator, "program.manage"):
        errors["coordinator"] = _("담당 코디네이터는 사업 담당 직원 중에서 골라 주세요.")
    if on > timezone.localdate():
        errors["introduced_on"] = _("소개일은 오늘이나 그 이전 날짜로 적어 주세요.")
    if not errors and manufacturer is not None and ai_firm is not None:
        open_one = (
            Introduction.objects.filter(manufacturer=manufacturer, ai_firm=ai_firm)
            .exclude(stage__in=ENDED_STAGES)
            .first()
        )
        if open_one is not None:
            errors["ai_firm"] = _(
                "%(firm)s은(는) 이미 %(org)s에 소개되어 '%(stage)s' 단계에 있습니다(#%(id)s). "
                "새로 소개하지 말고 그 연결의 다음 단계를 기록해 주세요."
            ) % {
                "firm": ai_firm.name,
                "org": manufacturer.name,
                "stage": open_one.get_stage_display(),
                "id": open_one.id,
            }
    if errors:
        raise ValidationError(errors)
    assert manufacturer is not None and ai_firm is not None
    introduction = Introduction.objects.create(
        manufacturer=manufacturer,
        ai_firm=ai_firm,
        need=need,
        coordinator=coordinator,
        introduced_on=on,
        match_score=match_score,
    )
    IntroductionStep.objects.create(
        introduction=introduction,
        stage=IntroductionStage.INTRODUCED,
        date=on,
        note=note.strip(),
        recorded_by=_actor(actor),
    )
    submission_complete(key=submission_key, targets=[introduction])
    audit.record(
        actor=actor,
        action="introduction.create",
        target=introduction,
        summary=_("%(firm)s → %(org)s 소개 (%(date)s)")
        % {"firm": ai_firm.name, "org": manufacturer.name, "date": kdate(on)},
        after={
            "manufacturer": manufacturer,
            "ai_firm": ai_firm,
            "need": need[:300],
            "coordinator": coordinator,
            "introduced_on": on,
        },
    )
    return introduction


def _locked(introduction: Introduction) -> Introduction:
    qs = Introduction.objects.select_for_update().select_related("manufacturer", "ai_firm")
    return qs.get(pk=introduction.pk)


def _step_date(introduction: Introduction, date: dt.date | None) -> dt.date:
    on = date or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"date": _("일자는 오늘이나 그 이전 날짜로 적어 주세요.")})
    last = introduction.steps.order_by("-date", "-id").first()
    if last is not None and on < last.date:
        raise ValidationError(
            {
                "date": _("일자는 앞 단계 '%(stage)s'(%(date)s)보다 빠를 수 없습니다.")
                % {"stage": last.get_stage_display(), "date": kdate(last.date)}
            }
        )
    return on


def _write_step(
    introduction: Introduction, new: IntroductionStage, on: dt.date, note: str, actor: User, **fields: str
) -> IntroductionStep:
    before = {"stage": introduction.stage}
    introduction.stage = new
    for name, value in fields.items():
        setattr(introduction, name, value)
    introduction.save()
    step = IntroductionStep.objects.create(
        introduction=introduction, stage=new, date=on, note=note, recorded_by=_actor(actor)
    )
    summary = _("%(firm)s → %(org)s: %(stage)s (%(date)s)") % {
        "firm": introduction.ai_firm.name,
        "org": introduction.manufacturer.name,
        "stage": new.label,
        "date": kdate(on),
    }
    if note:
        summary += f" — {note[:200]}"
    audit.record(
        actor=actor,
        action="introduction.stop" if new == IntroductionStage.STOPPED else "introduction.advance",
        target=introduction,
        summary=summary,
        before=before,
        after={"stage": new, "date": on, "note": note, **fields},
    )
    return step


@transaction.atomic
def introduction_advance(
    *, introduction: Introduction, stage: str, actor: User, date: dt.date | None = None, note: str = ""
) -> IntroductionStep:
    """Move the introduction one stage on (미팅, 실증/PoC, 계약, 종료) with its date (default today) and note.

    Stopping needs its reason and goes through ``introduction_stop``.
    """
    introduction = (
        Introduction.objects.select_for_update()
        .select_related("manufacturer", "ai_firm")
        .get(pk=introduction.pk)
    )
    try:
        new = IntroductionStage(stage)
    except ValueError as exc:
        raise ValidationError({"stage": _("기록할 단계를 골라 주세요.")}) from exc
    if new == IntroductionStage.STOPPED:
        raise ValidationError({"stage": _("중단은 사유와 함께 '연결 중단'으로 기록해 주세요.")})
    check_introduction(introduction, new)
    on = _step_date(introduction, date)
    return _write_step(introduction, new, on, note.strip(), actor)


@transaction.atomic
def introduction_stop(
    *, introduction: Introduction, reason: str, actor: User, date: dt.date | None = None
) -> IntroductionStep:
    """Stop an open introduction (중단) with its reason, which is kept on the introduction and its step."""
    introduction = (
        Introduction.objects.select_for_update()
        .select_related("manufacturer", "ai_firm")
        .get(pk=introduction.pk)
    )
    check_introduction(introduction, IntroductionStage.STOPPED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("중단 사유를 적어 주세요(예: 투자 일정 연기, 보유 데이터 부족).")})
    on = _step_date(introduction, date)
    return _write_step(introduction, IntroductionStage.STOPPED, on, reason, actor, stop_reason=reason)
