"""A call's rules, checked when an approval books units, and the exceptions that let one stand anyway.

A renewal, extension or supplement (:func:`follow_up_breaches`) and each line of a selection about to be
confirmed (:func:`run_breaches`) are checked against the call's rules: renewal minimum usage, maximum
renewals, eligibility (the region kinds the call admits), the newcomer reserve, the maximum per
organisation and the pool's capacity. Each breach names the rule and the figures. The approving service
refuses while a breach has no exception; an approver records one with a reason (:func:`exceptions_record`),
kept in the audit trail and shown on the award page.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sori.alloc import newcomer_reserve, problem_from_json
from sori.core import audit
from sori.programs.models import (
    Application,
    Award,
    Call,
    RequestType,
    ResourcePool,
    RuleCode,
    RuleException,
    RunStatus,
    SelectionLine,
    SelectionRun,
)
from sori.programs.models.pools import capacity_in
from sori.programs.months import add_months, month_label
from sori.programs.occupancy import capacity_rows, held_by_month, live_awards, term_months
from sori.programs.services.capacity import shortfall, shortfall_text
from sori.programs.usage_math import hours_by_month, use_check
from sori.programs.workflow import check_run
from sori.registry.models import Organisation, Origin


@dataclass(frozen=True)
class Breach:
    """One rule an approval would break, in words with the figures; capacity: where and how much."""

    rule: RuleCode
    text: str
    pool: ResourcePool | None = None
    first_month: dt.date | None = None
    months: int | None = None
    units: int | None = None

    @property
    def label(self) -> str:
        return f"{RuleCode(self.rule).label} — {self.text}"


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def eligibility_breach(call: Call, organisation: Organisation) -> Breach | None:
    """Return the breach when the call admits some region kinds only and ``organisation`` has none of them."""
    allowed = [o for o in call.eligible_origins or [] if o in Origin.values]
    if not allowed or organisation.origin in allowed:
        return None
    origin = Origin(organisation.origin).label if organisation.origin in Origin.values else _("미입력")
    return Breach(
        RuleCode.ELIGIBILITY,
        _("%(org)s의 지역 구분 '%(o)s'은(는) 공고의 신청 자격(%(allowed)s)에 맞지 않습니다")
        % {
            "org": organisation.name,
            "o": origin,
            "allowed": ", ".join(str(Origin(o).label) for o in allowed),
        },
    )


def renewal_usage_breach(award: Award, today: dt.date) -> Breach | None:
    """Return the breach when the award's use so far is below the call's renewal minimum."""
    call = award.call
    check = use_check(award, hours_by_month(award), today)
    minimum = _percent(call.renewal_min_usage)
    if check.share is None:
        return Breach(
            RuleCode.RENEWAL_MIN_USAGE,
            _("지난 달이 없어 사용률을 잴 수 없습니다 < 연장 최소 사용률 %(m)s") % {"m": minimum},
        )
    if check.share >= call.renewal_min_usage:
        return None
    return Breach(
        RuleCode.RENEWAL_MIN_USAGE,
        _("사용률 %(u)s < 연장 최소 사용률 %(m)s (지난 %(n)s개월 배정 %(a)s GPU시간 중 %(h)s시간 사용)")
        % {
            "u": _percent(check.share),
            "m": minimum,
            "n": check.elapsed_months,
            "a": f"{check.pro_rata_hours:,.0f}",
            "h": f"{check.used_hours:,.0f}",
        },
    )


def follow_up_breaches(*, application: Application, award: Award, units: int, today: dt.date) -> list[Breach]:
    """Return every rule approving ``application`` (``units`` per month) would break, in the rules' order."""
    call = award.call
    kind = RequestType(application.request_type)
    out: list[Breach] = []
    if kind == RequestType.RENEWAL:
        usage = renewal_usage_breach(award, today)
        if usage is not None:
            out.append(usage)
        if award.renewals_used >= call.max_renewals:
            out.append(
                Breach(
                    RuleCode.MAX_RENEWALS,
                    _("이미 %(u)s회 연장 — 최대 연장 횟수 %(n)s회")
                    % {"u": award.renewals_used, "n": call.max_renewals},
                )
            )
    eligibility = eligibility_breach(call, award.organisation)
    if eligibility is not None:
        out.append(eligibility)
    exclude = None if kind == RequestType.SUPPLEMENT else award.id
    short = shortfall(
        call=call,
        resource=award.resource,
        start=application.start_month,
        months=application.months,
        extra=units,
        exclude_award_id=exclude,
        pool=award.pool,
    )
    if short is not None:
        out.append(
            Breach(
                RuleCode.CAPACITY,
                shortfall_text(short),
                pool=short.pool,
                first_month=application.start_month,
                months=application.months,
                units=units,
            )
        )
    elif call.newcomer_share > 0:
        reserve = _follow_up_reserve(award, application, units, exclude)
        if reserve is not None:
            out.append(reserve)
    return out


def _follow_up_reserve(
    award: Award, application: Application, units: int, exclude: int | None
) -> Breach | None:
    """Return the breach when the follow-up would take units the call keeps for newcomers on the pool."""
    pool = award.pool
    share = award.call.newcomer_share
    rows = capacity_rows([pool.pk])[pool.pk]
    held = held_by_month(live_awards([pool.pk], exclude_award_ids=[exclude] if exclude else []))[pool.pk]
    for m in term_months(application.start_month, application.months):
        cap = capacity_in(rows, m)
        kept = math.ceil(share * cap - 1e-9)
        if held[m] + units > cap - kept:
            return Breach(
                RuleCode.NEWCOMER_RESERVE,
                _(
                    "%(month)s '%(pool)s' 풀 배정 %(held)s + 요청 %(extra)s "
                    "> 용량 %(cap)s − 신규 기업 몫 %(kept)s"
                )
                % {
                    "month": month_label(m),
                    "pool": pool.name,
                    "held": held[m],
                    "extra": units,
                    "cap": cap,
                    "kept": kept,
                },
            )
    return None


def run_breaches(run: SelectionRun, *, kept_out: bool = False) -> dict[int, list[Breach]]:
    """Return, per line of ``run`` with a grant, the rules confirming it as it stands would break.

    The optimiser keeps every rule; a line breaks one after an override, when the organisation is not
    eligible, or when awards booked on the pool since the run leave less room (capacity is counted line by
    line in rank order, as confirming books them). With ``kept_out``, lines the run kept out as ineligible
    are listed too (an exception on one lets the call's next run count it in).
    """
    call = run.call
    lines = list(run.lines.select_related("application__organisation").order_by("rank", "id"))
    granted = [line for line in lines if line.final]
    out: dict[int, list[Breach]] = defaultdict(list)
    ineligible = run.result.get("ineligible", {}) if kept_out else {}
    for line in lines:
        if line.final or str(line.application_id) in ineligible:
            eligibility = eligibility_breach(call, line.application.organisation)
            if eligibility is not None:
                out[line.id].append(eligibility)
    _organisation_max(call, granted, out)
    _selection_reserve(run, granted, out)
    pending: dict[str, dict[dt.date, int]] = {}
    for line in granted:
        app = line.application
        booked = pending.setdefault(app.resource, {})
        short = shortfall(
            call=call,
            resource=app.resource,
            start=app.start_month,
            months=app.months,
            extra=line.final,
            pending=booked,
        )
        if short is not None:
            out[line.id].append(
                Breach(
                    RuleCode.CAPACITY,
                    shortfall_text(short),
                    pool=short.pool,
                    first_month=app.start_month,
                    months=app.months,
                    units=line.final,
                )
            )
        for m in term_months(app.start_month, app.months):
            booked[m] = booked.get(m, 0) + line.final
    return dict(out)


def _organisation_max(call: Call, granted: list[SelectionLine], out: dict[int, list[Breach]]) -> None:
    limit = call.max_awards_per_organisation
    if limit is None:
        return
    by_org: dict[int, list[SelectionLine]] = defaultdict(list)
    for line in granted:
        by_org[line.application.organisation_id].append(line)
    for group in by_org.values():
        if len(group) <= limit:
            continue
        culprits = [line for line in group if not line.optimised] or group
        for line in culprits:
            out[line.id].append(
                Breach(
                    RuleCode.ORGANISATION_MAX,
                    _("%(org)s 선정 %(n)s건 > 기관당 최대 %(max)s건")
                    % {"org": line.application.organisation.name, "n": len(group), "max": limit},
                )
            )


def _selection_reserve(run: SelectionRun, granted: list[SelectionLine], out: dict[int, list[Breach]]) -> None:
    problem = problem_from_json(run.problem)
    reserve = newcomer_reserve(problem)
    if not any(reserve.values()):
        return
    first_time = {a.id: a.first_time for a in problem.applications}
    first = run.call.first_month
    flagged: set[int] = set()
    for (resource, m), kept in sorted(reserve.items()):
        if not kept:
            continue
        month = add_months(first, m)
        returning = [
            line
            for line in granted
            if line.application.resource == resource
            and not first_time.get(str(line.application_id), False)
            and line.application.start_month <= month <= line.application.end_month
        ]
        total = sum(line.final for line in returning)
        cap = problem.capacity[resource][m]
        if total <= cap - kept:
            continue
        culprits = [line for line in returning if line.final > line.optimised] or returning
        for line in culprits:
            if line.id in flagged:
                continue
            flagged.add(line.id)
            out[line.id].append(
                Breach(
                    RuleCode.NEWCOMER_RESERVE,
                    _("%(month)s %(r)s 기존 기업 배정 %(n)s > 남은 용량 %(cap)s − 신규 기업 몫 %(kept)s")
                    % {"month": month_label(month), "r": resource, "n": total, "cap": cap, "kept": kept},
                )
            )


def refusal(breaches: list[Breach], advice: str) -> ValidationError:
    """Return the refusal naming each breached rule with its figures, and what to do."""
    return ValidationError([*(b.label for b in breaches), advice])


def exceptions_record(
    *,
    breaches: list[Breach],
    reason: str,
    actor: User,
    award: Award | None = None,
    application: Application | None = None,
    line: SelectionLine | None = None,
) -> list[RuleException]:
    """Record one exception per breach with the approver's reason, each audited (call inside a service)."""
    created = []
    for breach in breaches:
        exception = RuleException.objects.create(
            rule=breach.rule,
            award=award,
            application=application,
            line=line,
            detail=breach.text[:500],
            reason=reason.strip(),
            pool=breach.pool,
            first_month=breach.first_month,
            months=breach.months,
            units=breach.units,
            approved_by=actor,
        )
        created.append(exception)
        target = award or application or line
        assert target is not None
        audit.record(
            actor=actor,
            action="rule.exception",
            target=target,
            scope=award or (application.call if application else None),
            summary=_("예외 승인(%(rule)s): %(detail)s. 사유: %(reason)s")
            % {"rule": RuleCode(breach.rule).label, "detail": breach.text, "reason": reason.strip()},
            after={"rule": breach.rule, "detail": breach.text, "reason": reason.strip()},
        )
    return created


@transaction.atomic
def selection_line_except(*, line: SelectionLine, reason: str, actor: User) -> list[RuleException]:
    """Approve, with a reason, the rules ``line`` breaks as it stands, so the selection can be confirmed."""
    run = SelectionRun.objects.select_for_update().select_related("call").get(pk=line.run_id)
    check_run(run, RunStatus.DONE)
    if not reason.strip():
        raise ValidationError(
            _("예외 사유를 적어 주세요(예: 2026. 3. 심의위원회 의결) — 예외를 남기지 않았습니다.")
        )
    breaches = run_breaches(run, kept_out=True).get(line.id, [])
    already = set(line.rule_exceptions.values_list("rule", flat=True))
    new = [b for b in breaches if b.rule not in already]
    if not new:
        raise ValidationError(_("이 신청은 어기는 규칙이 없어 예외가 필요 없습니다."))
    return exceptions_record(
        breaches=new, reason=reason, actor=actor, application=line.application, line=line
    )
