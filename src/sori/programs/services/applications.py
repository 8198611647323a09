"""Applications: submitted and changed until the call's close date, checked against the call's rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.formatting import kdate
from sori.core.submissions import submission_claim, submission_complete
from sori.programs.models import Application, ApplicationStatus, Award, AwardStatus, Call, RequestType
from sori.programs.months import add_months, first_of, month_range_label
from sori.programs.services.capacity import request_limits
from sori.programs.workflow import check_award
from sori.registry.models import Organisation, organisation_key

EDITABLE = (
    "title",
    "resource",
    "amount",
    "min_amount",
    "start_month",
    "months",
    "summary",
    "expected_outcomes",
)
OUTCOMES = ("outcome_products", "outcome_customers", "outcome_papers", "outcome_references")


def _deadline(call: Call, today: dt.date) -> None:
    if today < call.opens_on:
        raise ValidationError(
            _("접수는 %(d)s에 시작합니다. 그때 다시 신청해 주세요 — 저장되지 않았습니다.")
            % {"d": kdate(call.opens_on)}
        )
    if today > call.closes_on:
        raise ValidationError(
            _(
                "접수가 %(d)s에 마감되어 신청을 저장하거나 고칠 수 없습니다. 사정이 있으면 사업 담당자에게 "
                "연락해 주세요 — 저장되지 않았습니다."
            )
            % {"d": kdate(call.closes_on)}
        )


def _check_request(
    call: Call, organisation: Organisation, values: dict[str, Any], exclude_id: int | None
) -> None:
    errors: list[str] = []
    caps = request_limits(call)
    resource, amount, months = values["resource"], values["amount"], values["months"]
    start = values["start_month"]
    if resource not in caps:
        errors.append(
            _("'%(r)s'은(는) 이 공고의 자원이 아닙니다(가능: %(all)s).")
            % {"r": resource, "all": ", ".join(caps)}
        )
    elif amount > caps[resource]:
        errors.append(
            _("월 신청량 %(a)s이(가) %(r)s 월 용량 %(c)s을(를) 넘습니다. 용량 안으로 줄여 주세요.")
            % {"a": amount, "r": resource, "c": caps[resource]}
        )
    if amount < 1:
        errors.append(_("월 신청량은 1 이상이어야 합니다."))
    if values.get("min_amount") is not None and values["min_amount"] > amount:
        errors.append(_("최소 수용량이 월 신청량보다 큽니다."))
    if months > call.term_months:
        errors.append(
            _(
                "신청 기간 %(m)s개월이 이 공고의 1회 지원 기간 %(t)s개월을 넘습니다. "
                "이후는 연장 신청으로 이어 갑니다."
            )
            % {"m": months, "t": call.term_months}
        )
    end = add_months(start, months - 1)
    if start < call.first_month or end > call.last_month:
        errors.append(
            _("신청 기간(%(p)s)이 공고의 지원 기간(%(w)s)을 벗어납니다.")
            % {"p": month_range_label(start, months), "w": call.window_label}
        )
    key = organisation_key(values["title"])
    others = Application.objects.filter(call=call, organisation=organisation, request_type=RequestType.NEW)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    for other in others:
        if organisation_key(other.title) == key and other.start_month <= end and start <= other.end_month:
            errors.append(
                _("같은 과제 '%(t)s'의 신청(%(p)s)과 기간이 겹칩니다. 기존 신청을 고쳐 주세요.")
                % {"t": other.title, "p": other.period_label}
            )
            break
    if errors:
        raise ValidationError(errors)


def _may_act(actor: User, organisation: Organisation) -> None:
    from sori.core.roles import Role, role_of

    role = role_of(actor)
    if role == Role.COMPANY and actor.profile.organisation_id != organisation.id:
        raise PermissionDenied


@transaction.atomic
def application_submit(
    *,
    call: Call,
    organisation: Organisation,
    actor: User,
    today: dt.date | None = None,
    submission_key: str | None = None,
    **values: Any,
) -> Application:
    """Submit a new application before the close date; staff may enter one on a company's behalf."""
    if earlier := submission_claim(key=submission_key, action="application.submit", model=Application):
        _may_act(actor, earlier[0].organisation)
        return earlier[0]
    _may_act(actor, organisation)
    _deadline(call, today or timezone.localdate())
    values = {k: values.get(k) for k in EDITABLE if k in values}
    values["start_month"] = first_of(values["start_month"])
    _check_request(call, organisation, values, None)
    app = Application.objects.create(
        call=call,
        organisation=organisation,
        request_type=RequestType.NEW,
        created_by=actor,
        **values,
    )
    submission_complete(key=submission_key, targets=[app])
    audit.record(
        actor=actor,
        action="application.submit",
        target=app,
        scope=call,
        summary=_("%(org)s 신청: %(t)s") % {"org": organisation.name, "t": app.title},
        after={k: values[k] for k in values},
    )
    return app


@transaction.atomic
def application_update(
    *, application: Application, actor: User, today: dt.date | None = None, **values: Any
) -> Application:
    """Change an application until the call's close date (the close date included)."""
    _may_act(actor, application.organisation)
    if application.request_type != RequestType.NEW:
        raise ValidationError(_("연장·추가 신청은 고칠 수 없습니다. 새로 신청해 주세요."))
    _deadline(application.call, today or timezone.localdate())
    values = {k: values[k] for k in EDITABLE if k in values}
    values["start_month"] = first_of(values.get("start_month", application.start_month))
    merged = {k: getattr(application, k) for k in EDITABLE} | values
    _check_request(application.call, application.organisation, merged, application.pk)
    before = {k: getattr(application, k) for k in values}
    for k, v in values.items():
        setattr(application, k, v)
    application.save()
    changed = [k for k in values if before[k] != values[k]]
    audit.record(
        actor=actor,
        action="application.update",
        target=application,
        scope=application.call,
        summary=_("신청 수정: %s") % application.title,
        before={k: before[k] for k in changed},
        after={k: values[k] for k in changed},
    )
    return application


@transaction.atomic
def follow_up_submit(
    *,
    award: Award,
    request_type: str,
    actor: User,
    today: dt.date | None = None,
    submission_key: str | None = None,
    **values: Any,
) -> Application:
    """Ask to continue an award: renewal (a new term), extension (months only) or supplement (units only).

    A follow-up runs on the short track (one reviewer) instead of competing in a new selection.
    """
    if earlier := submission_claim(key=submission_key, action="application.follow_up", model=Application):
        _may_act(actor, earlier[0].organisation)
        return earlier[0]
    _may_act(actor, award.organisation)
    today = today or timezone.localdate()
    call = award.call
    check_award(award, AwardStatus.ACTIVE)
    if Application.objects.filter(award=award, status=ApplicationStatus.SUBMITTED).exists():
        raise ValidationError(_("이 협약에 대한 신청이 이미 검토 중입니다. 결과를 기다려 주세요."))
    kind = RequestType(request_type)
    after_end = add_months(award.end_month, 1)
    months = int(values.get("months") or 0)
    amount = int(values.get("amount") or 0)
    if kind == RequestType.RENEWAL:
        if award.renewals_used >= call.max_renewals:
            raise ValidationError(
                _("이 공고는 연장을 %(n)s회까지 허용합니다. 이미 %(u)s회 연장했습니다.")
                % {"n": call.max_renewals, "u": award.renewals_used}
            )
        start, months = after_end, months or call.term_months
        amount = amount or award.amount_now(award.end_month)
    elif kind == RequestType.EXTENSION:
        start, amount = after_end, award.amount_now(award.end_month)
    elif kind == RequestType.SUPPLEMENT:
        start = max(first_of(values.get("start_month") or today), award.start_month)
        if start > award.end_month:
            raise ValidationError(_("추가 배정 시작 월이 협약 기간 밖입니다."))
        months = (award.end_month.year * 12 + award.end_month.month) - (start.year * 12 + start.month) + 1
    else:
        raise ValidationError(_("신규 신청은 공고 페이지에서 합니다."))
    if months < 1 or months > call.term_months:
        raise ValidationError(_("기간은 1~%(t)s개월로 적어 주세요.") % {"t": call.term_months})
    if amount < 1:
        raise ValidationError(_("월 신청량은 1 이상이어야 합니다."))
    app = Application.objects.create(
        call=call,
        organisation=award.organisation,
        request_type=kind,
        award=award,
        title=values.get("title") or award.application.title,
        resource=award.resource,
        amount=amount,
        start_month=start,
        months=months,
        summary=values.get("summary", ""),
        expected_outcomes=values.get("expected_outcomes", ""),
        created_by=actor,
        **{k: values.get(k, "") for k in OUTCOMES},
    )
    submission_complete(key=submission_key, targets=[app])
    audit.record(
        actor=actor,
        action="application.follow_up",
        target=app,
        scope=award,
        summary=_("%(kind)s 신청: %(t)s (%(p)s, 월 %(a)s)")
        % {"kind": app.get_request_type_display(), "t": app.title, "p": app.period_label, "a": amount},
    )
    return app
