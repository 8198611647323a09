"""Awards during their term: short-track follow-ups, progress reports and tranches, low use and reclaim."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.roles import Role, role_of
from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    AwardStatus,
    ProgressReport,
    RequestType,
    ShortReview,
)
from sori.programs.months import add_months, first_of, month_label
from sori.programs.services.capacity import pools_lock
from sori.programs.services.rules import exceptions_record, follow_up_breaches, refusal
from sori.programs.services.selection_notices import follow_up_notice_enqueue
from sori.programs.usage_math import usage_share
from sori.programs.workflow import check_application, check_award


@transaction.atomic
def short_review_submit(
    *,
    application: Application,
    actor: User,
    usage_score: int,
    outcome_score: int,
    recommend: bool,
    recommended_amount: int | None = None,
    comment: str = "",
    today: dt.date | None = None,
) -> ShortReview:
    """Record the short-track review of a follow-up (one reviewer is enough), scored on usage and outcomes."""
    if not application.short_track:
        raise ValidationError(_("검토 중인 연장·추가 신청만 간이 평가합니다."))
    check_application(application, ApplicationStatus.SUBMITTED)
    profile = getattr(actor, "profile", None)
    if profile is not None and profile.organisation_id == application.organisation_id:
        raise ValidationError(_("신청 기관 소속은 평가할 수 없습니다(이해충돌)."))
    if not (0 <= usage_score <= 100 and 0 <= outcome_score <= 100):
        raise ValidationError(_("점수는 0~100으로 적어 주세요."))
    share = usage_share(application.award, today or timezone.localdate()) if application.award else None
    review, _created = ShortReview.objects.update_or_create(
        application=application,
        reviewer=actor,
        defaults={
            "usage_score": usage_score,
            "outcome_score": outcome_score,
            "recommend": recommend,
            "recommended_amount": recommended_amount,
            "comment": comment,
            "usage_share": share,
        },
    )
    application.recommended_amount = recommended_amount if recommend else 0
    application.score = review.total
    application.save(update_fields=["recommended_amount", "score", "updated_at"])
    audit.record(
        actor=actor,
        action="follow_up.review",
        target=review.application,
        scope=application.award,
        summary=_("간이 평가: 사용 %(u)s점, 성과 %(o)s점, %(r)s")
        % {"u": usage_score, "o": outcome_score, "r": _("승인 권고") if recommend else _("반려 권고")},
    )
    return review


@transaction.atomic
def follow_up_decide(
    *,
    application: Application,
    actor: User,
    approve: bool,
    amount: int | None,
    reason: str,
    exception_reason: str = "",
    today: dt.date | None = None,
) -> Application:
    """Approve or reject a renewal, extension or supplement after its short review.

    Approval changes the award (months, per-month amount, renewals used). It is refused, naming each rule and
    its figures, when it breaks one of the call's rules (renewal minimum usage, maximum renewals, eligibility,
    the newcomer reserve, the pool's capacity) — unless ``exception_reason`` is given: then each broken rule
    is recorded as an exception with that reason and the approval stands.
    """
    check_application(application, ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED)
    if application.award_id is None:
        raise ValidationError(_("검토 중인 연장·추가 신청만 결정할 수 있습니다."))
    if not application.short_reviews.exists():
        raise ValidationError(_("간이 평가가 하나 이상 있어야 결정할 수 있습니다."))
    if not reason.strip():
        raise ValidationError(_("결정 사유를 적어 주세요."))
    # Lock the pool before the award, as a confirming selection does, so the two never wait on each other.
    pools_lock(Award.objects.filter(pk=application.award_id).values_list("pool_id", flat=True))
    award = (
        Award.objects.select_for_update()
        .select_related("pool", "call", "organisation")
        .get(pk=application.award_id)
    )
    before = {"months": award.months, "changes": list(award.changes), "renewals_used": award.renewals_used}
    exceptions = []
    if not approve:
        application.status, application.awarded_amount = ApplicationStatus.REJECTED, 0
    else:
        kind = RequestType(application.request_type)
        units = application.amount if kind == RequestType.EXTENSION else (amount or application.amount)
        if units < 1 or units > application.amount:
            raise ValidationError(
                _("배정량은 1에서 신청량 %(n)s 사이여야 합니다.") % {"n": application.amount}
            )
        breaches = follow_up_breaches(
            application=application, award=award, units=units, today=today or timezone.localdate()
        )
        if breaches and not exception_reason.strip():
            raise refusal(
                breaches,
                _(
                    "규칙에 맞지 않아 승인하지 않았습니다. 반려하거나, 규칙의 예외로 승인하려면 "
                    "'예외 승인 사유'를 적어 다시 저장하세요."
                ),
            )
        exceptions = exceptions_record(
            breaches=breaches, reason=exception_reason, actor=actor, award=award, application=application
        )
        if kind == RequestType.SUPPLEMENT:
            now = award.amount_now(application.start_month)
            award.changes = _with_change(award.changes, application.start_month, now + units)
            # the amount after the supplement ends never exceeds the term, so nothing to restore
        else:
            if units != award.amount_now(award.end_month):
                award.changes = _with_change(award.changes, application.start_month, units)
            award.months += application.months
            if kind == RequestType.RENEWAL:
                award.renewals_used += 1
        award.save()
        application.status, application.awarded_amount = ApplicationStatus.APPROVED, units
    application.decision_reason = reason.strip()
    application.save(update_fields=["status", "awarded_amount", "decision_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="follow_up.decide",
        target=award,
        scope=award,
        summary=_("%(kind)s %(d)s: %(r)s")
        % {
            "kind": application.get_request_type_display(),
            "d": (_("예외 승인") if exceptions else _("승인")) if approve else _("반려"),
            "r": reason,
        },
        before=before,
        after={"months": award.months, "changes": list(award.changes), "renewals_used": award.renewals_used},
    )
    follow_up_notice_enqueue(application=application, award=award)
    return application


def _with_change(changes: list, month: dt.date, units: int) -> list:
    kept = [c for c in changes if c[0] != month.isoformat()]
    return sorted([*kept, [month.isoformat(), units]])


@transaction.atomic
def progress_report_submit(*, award: Award, text: str, actor: User) -> ProgressReport:
    """File a progress report (the awardee, or staff on its behalf)."""
    if role_of(actor) == Role.COMPANY and actor.profile.organisation_id != award.organisation_id:
        raise PermissionDenied
    if not text.strip():
        raise ValidationError(_("진행 내용을 적어 주세요."))
    report = ProgressReport.objects.create(award=award, text=text.strip(), submitted_by=actor)
    audit.record(actor=actor, action="award.progress", target=award, summary=_("중간 보고 제출"))
    return report


@transaction.atomic
def tranche_release(*, award: Award, actor: User) -> Award:
    """Release the held-back share of the budget; only after a progress report is in."""
    if not award.tranche_share or award.tranche_released_at is not None:
        raise ValidationError(_("보류된 배정분이 없습니다."))
    if not award.progress_reports.exists():
        raise ValidationError(
            _("중간 보고가 제출되어야 2차분을 배정할 수 있습니다. 기업에 중간 보고를 요청하세요.")
        )
    award.tranche_released_at = timezone.now()
    award.save(update_fields=["tranche_released_at"])
    audit.record(
        actor=actor,
        action="award.tranche",
        target=award,
        summary=_("2차분(%(p)s%%) 배정") % {"p": round(award.tranche_share * 100)},
    )
    return award


@transaction.atomic
def award_reclaim(
    *, award: Award, keep: int, reason: str, actor: User, today: dt.date | None = None
) -> Award:
    """Lower an award to ``keep`` units per month from next month on, returning the rest to the call."""
    check_award(award, AwardStatus.ACTIVE)
    if not reason.strip():
        raise ValidationError(_("회수 사유를 적어 주세요(예: 3개월 사용률 20%)."))
    start = add_months(first_of(today or timezone.localdate()), 1)
    if start > award.end_month:
        raise ValidationError(_("남은 협약 기간이 없어 회수할 것이 없습니다."))
    now = award.amount_now(start)
    if not 0 <= keep < now:
        raise ValidationError(_("남길 월 배정량은 0 이상 현재 %(n)s 미만이어야 합니다.") % {"n": now})
    before = list(award.changes)
    award.changes = _with_change(award.changes, start, keep)
    if keep == 0 and start <= award.start_month:
        check_award(award, AwardStatus.RECLAIMED)
        award.status = AwardStatus.RECLAIMED
    award.save()
    audit.record(
        actor=actor,
        action="award.reclaim",
        target=award,
        summary=_("%(m)s부터 월 %(a)s → %(b)s 회수: %(r)s")
        % {"m": month_label(start), "a": now, "b": keep, "r": reason},
        before={"changes": before},
        after={"changes": award.changes},
    )
    return award


@transaction.atomic
def award_set_slurm(*, award: Award, account: str, users: str, actor: User) -> Award:
    """Set the Slurm account and logins usage is charged to (lower-case, as Slurm stores them)."""
    account = account.strip().lower()
    if Award.objects.filter(slurm_account=account).exclude(pk=award.pk).exists():
        raise ValidationError(_("Slurm 계정 '%s'은(는) 다른 협약이 쓰고 있습니다.") % account)
    before = {"slurm_account": award.slurm_account, "slurm_users": award.slurm_users}
    award.slurm_account, award.slurm_users = account or None, users.strip()
    award.save(update_fields=["slurm_account", "slurm_users"])
    audit.record(
        actor=actor,
        action="award.slurm",
        target=award,
        summary=_("Slurm 계정 설정"),
        before=before,
        after={"slurm_account": award.slurm_account, "slurm_users": award.slurm_users},
    )
    return award
