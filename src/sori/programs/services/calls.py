"""Programs and calls: creation and rule changes, each audited with the rules before and after."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.submissions import submission_claim, submission_complete
from sori.programs.models import Call, Capacity, Criterion, Program
from sori.programs.months import first_of
from sori.programs.services.pools import pool_for_resource
from sori.registry.models import Origin

# A call resource: (resource, the call's own monthly cap or None, GRES type[, pool name]).
CapacitySpec = tuple[str, int | None, str] | tuple[str, int | None, str, str]

# Call fields that are rules: a change to any of them is recorded with its old and new value.
RULE_FIELDS = (
    "title",
    "opens_on",
    "closes_on",
    "eligibility",
    "eligible_origins",
    "first_month",
    "months",
    "term_months",
    "max_renewals",
    "renewal_requirements",
    "renewal_min_usage",
    "max_awards_per_organisation",
    "newcomer_share",
    "allow_partial",
    "low_use_threshold",
    "low_use_after_months",
    "tranche_share",
)


@transaction.atomic
def program_create(
    *,
    name: str,
    kind: str,
    actor: User,
    operator: Any = None,
    description: str = "",
    slurm_cluster: str = "",
    submission_key: str | None = None,
) -> Program:
    """Create a program; the same ``submission_key`` twice returns the first one."""
    if earlier := submission_claim(key=submission_key, action="program.create", model=Program):
        return earlier[0]
    program = Program.objects.create(
        name=name,
        kind=kind,
        operator=operator,
        description=description,
        slurm_cluster=slurm_cluster,
    )
    submission_complete(key=submission_key, targets=[program])
    audit.record(actor=actor, action="program.create", target=program, summary=_("지원사업 등록: %s") % name)
    return program


def _check(
    values: dict[str, Any], criteria: Sequence[tuple[str, int]], capacities: Sequence[CapacitySpec]
) -> None:
    errors = []
    if values["closes_on"] < values["opens_on"]:
        errors.append(_("접수 마감일이 시작일보다 빠릅니다."))
    if values["term_months"] > values["months"]:
        errors.append(_("1회 지원 기간이 공고의 전체 지원 기간보다 깁니다."))
    unknown = set(values.get("eligible_origins") or []) - set(Origin.values)
    if unknown:
        errors.append(
            _("자격 지역 구분은 %(known)s 중에서 고릅니다.")
            % {"known": ", ".join(str(o.label) for o in Origin)}
        )
    for name in ("renewal_min_usage", "newcomer_share", "low_use_threshold", "tranche_share"):
        if not 0 <= values[name] <= 1:
            errors.append(_("비율은 0과 1 사이로 적습니다(예: 0.5)."))
            break
    if not criteria:
        errors.append(_("평가 항목이 하나 이상 필요합니다."))
    if not capacities:
        errors.append(_("자원 용량이 하나 이상 필요합니다."))
    names = [c[0] for c in capacities]
    if len(set(names)) != len(names):
        errors.append(_("같은 자원이 두 번 적혔습니다."))
    if errors:
        raise ValidationError(errors)


def _rules(call: Call) -> dict[str, Any]:
    out = {f: getattr(call, f) for f in RULE_FIELDS}
    out["criteria"] = [f"{c.name}:{c.weight}" for c in call.criteria.all()]
    out["capacity"] = [
        f"{c.resource}:{'' if c.units_per_month is None else c.units_per_month}:{c.gres_type}:{c.pool.name}"
        for c in call.capacities.select_related("pool")
    ]
    return out


def _replace_parts(
    call: Call, criteria: Sequence[tuple[str, int]], capacities: Sequence[CapacitySpec], actor: User
) -> None:
    call.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(call=call, name=n, weight=w, order=i) for i, (n, w) in enumerate(criteria)
    )
    current = {c.resource: c.pool for c in call.capacities.select_related("pool")}
    rows = []
    for spec in capacities:
        resource, units, gres, *rest = spec
        named = str(rest[0]).strip() if rest else ""
        if not named and resource in current:
            pool = current[resource]
        else:
            pool = pool_for_resource(
                program=call.program,
                resource=resource,
                pool_name=named,
                units=units,
                first_month=call.first_month,
                actor=actor,
            )
        rows.append(Capacity(call=call, resource=resource, pool=pool, units_per_month=units, gres_type=gres))
    call.capacities.all().delete()
    Capacity.objects.bulk_create(rows)


@transaction.atomic
def call_create(
    *,
    program: Program,
    actor: User,
    criteria: Sequence[tuple[str, int]],
    capacities: Sequence[CapacitySpec],
    **values: Any,
) -> Call:
    """Open a call with its rules, criteria (name, weight) and capacities (resource, units/month, GRES)."""
    values["first_month"] = first_of(values["first_month"])
    values["eligible_origins"] = sorted(values.get("eligible_origins") or [])
    _check(values, criteria, capacities)
    call = Call.objects.create(program=program, **values)
    _replace_parts(call, criteria, capacities, actor)
    audit.record(
        actor=actor,
        action="call.create",
        target=call,
        scope=program,
        summary=_("공고 등록: %s") % call.title,
        after=_rules(call),
    )
    return call


@transaction.atomic
def call_update(
    *,
    call: Call,
    actor: User,
    reason: str,
    criteria: Sequence[tuple[str, int]],
    capacities: Sequence[CapacitySpec],
    **values: Any,
) -> Call:
    """Change a call's rules; the audit record keeps every changed rule before and after, and the reason."""
    if not reason.strip():
        raise ValidationError(_("규칙을 바꾸는 사유를 적어 주세요(예: 2025. 12. 위원회 의결)."))
    values["first_month"] = first_of(values["first_month"])
    if "eligible_origins" in values:
        values["eligible_origins"] = sorted(values["eligible_origins"] or [])
    _check(values, criteria, capacities)
    before = _rules(call)
    for name, value in values.items():
        setattr(call, name, value)
    call.save()
    _replace_parts(call, criteria, capacities, actor)
    after = _rules(call)
    changed = [k for k in after if before.get(k) != after.get(k)]
    audit.record(
        actor=actor,
        action="call.rules",
        target=call,
        scope=call.program,
        summary=_("공고 규칙 변경(%(fields)s): %(reason)s")
        % {"fields": ", ".join(changed) or "-", "reason": reason},
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return call
