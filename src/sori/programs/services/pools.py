"""Resource pools: created with a first capacity, capacity changed from a month on unless that over-books."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.submissions import submission_claim, submission_complete
from sori.programs.models import PoolCapacity, Program, ResourcePool
from sori.programs.months import first_of, month_label, month_range_label, months_between
from sori.programs.occupancy import approved_exceptions, held_by_month, live_awards
from sori.programs.services.capacity import pools_lock
from sori.registry.models import Organisation


def _timeline(pool: ResourcePool) -> list[str]:
    return [f"{r.from_month:%Y-%m}:{r.units_per_month}" for r in pool.capacities.order_by("from_month")]


@transaction.atomic
def pool_create(
    *,
    name: str,
    resource: str,
    units_per_month: int,
    from_month: dt.date,
    actor: User | None,
    operator: Organisation | None = None,
    reason: str = "",
    submission_key: str | None = None,
) -> ResourcePool:
    """Create a pool with its capacity from ``from_month``; a repeated submission key returns the first."""
    if earlier := submission_claim(key=submission_key, action="pool.create", model=ResourcePool):
        return earlier[0]
    name, resource = name.strip(), resource.strip()
    errors = []
    if not name:
        errors.append(_("풀 이름을 적어 주세요(예: 광주 AI데이터센터 H100)."))
    elif ResourcePool.objects.filter(name=name).exists():
        errors.append(
            _("'%(n)s' 풀이 이미 있습니다. 다른 이름을 쓰거나 그 풀의 용량을 바꾸세요.") % {"n": name}
        )
    if not resource:
        errors.append(_("자원 코드를 적어 주세요(예: H100)."))
    if units_per_month < 0:
        errors.append(_("월 용량은 0 이상이어야 합니다."))
    if errors:
        raise ValidationError(errors)
    pool = ResourcePool.objects.create(name=name, resource=resource, operator=operator)
    PoolCapacity.objects.create(
        pool=pool,
        from_month=first_of(from_month),
        units_per_month=units_per_month,
        reason=reason.strip(),
        created_by=actor,
    )
    submission_complete(key=submission_key, targets=[pool])
    audit.record(
        actor=actor,
        action="pool.create",
        target=pool,
        summary=_("자원 풀 등록: %(n)s, %(m)s부터 월 %(u)s")
        % {"n": name, "m": month_label(first_of(from_month)), "u": units_per_month},
        after={"capacity": _timeline(pool)},
    )
    return pool


@transaction.atomic
def pool_capacity_set(
    *, pool: ResourcePool, from_month: dt.date, units: int, actor: User | None, reason: str = ""
) -> PoolCapacity:
    """Set the pool's capacity to ``units`` per month from ``from_month`` until the next change.

    Refused, listing each award (organisation, months, units) holding the months concerned, when the awards
    already hold more than ``units`` in any of those months (approved exceptions aside).
    """
    pools_lock([pool.pk])
    if units < 0:
        raise ValidationError({"units": _("월 용량은 0 이상이어야 합니다.")})
    start = first_of(from_month)
    rows = list(pool.capacities.order_by("from_month"))
    later = [r.from_month for r in rows if r.from_month > start]
    awards = live_awards([pool.pk])
    held = held_by_month(awards)[pool.pk]
    over = sorted(
        m
        for m, u in held.items()
        if m >= start and (not later or m < later[0]) and u > units and not approved_exceptions(pool, m)
    )
    if over:
        lines = []
        for award in awards:
            months = [m for m in over if award.units_in(m)]
            if months:
                label = month_range_label(months[0], months_between(months[0], months[-1]) + 1)
                lines.append(
                    _("%(org)s '%(t)s' %(p)s 월 %(u)s")
                    % {
                        "org": award.organisation.name,
                        "t": award.application.title,
                        "p": label,
                        "u": max(award.units_in(m) for m in months),
                    }
                )
        worst = max(over, key=lambda m: held[m])
        raise ValidationError(
            {
                "units": _(
                    "'%(pool)s'의 %(m)s 용량을 월 %(u)s(으)로 줄이면 이미 배정된 %(held)s을(를) "
                    "넘습니다(%(n)s개월). 아래 협약을 먼저 회수하거나 줄인 뒤 다시 하세요 — "
                    "용량은 바뀌지 않았습니다: %(awards)s"
                )
                % {
                    "pool": pool.name,
                    "m": month_label(worst),
                    "u": units,
                    "held": held[worst],
                    "n": len(over),
                    "awards": "; ".join(lines),
                }
            }
        )
    before = _timeline(pool)
    row, _created = PoolCapacity.objects.update_or_create(
        pool=pool,
        from_month=start,
        defaults={"units_per_month": units, "reason": reason.strip(), "created_by": actor},
    )
    audit.record(
        actor=actor,
        action="pool.capacity",
        target=pool,
        summary=_("%(pool)s 용량: %(m)s부터 월 %(u)s%(r)s")
        % {
            "pool": pool.name,
            "m": month_label(start),
            "u": units,
            "r": f" — {reason.strip()}" if reason.strip() else "",
        },
        before={"capacity": before},
        after={"capacity": _timeline(pool)},
    )
    return row


def pool_for_resource(
    *,
    program: Program,
    resource: str,
    pool_name: str,
    units: int | None,
    first_month: dt.date,
    actor: User | None,
) -> ResourcePool:
    """Return the pool a call's ``resource`` draws on, creating the operator's pool for it if there is none.

    Named pools must exist and hold ``resource``. Unnamed, the program operator's (or, without an operator,
    the program's) pool for ``resource`` is used. A pool that has no capacity yet in ``first_month`` gets the
    call's ``units`` from that month, so a call never opens on a pool with nothing in it by accident.
    """
    if pool_name:
        pool = ResourcePool.objects.filter(name=pool_name.strip()).first()
        if pool is None:
            raise ValidationError(
                _("'%(n)s' 자원 풀이 없습니다. 자원 풀 목록에서 먼저 만들거나 이름을 고쳐 주세요.")
                % {"n": pool_name}
            )
        if pool.resource != resource:
            raise ValidationError(
                _("'%(n)s' 풀은 %(pr)s 풀입니다. %(r)s 자원에는 %(r)s 풀을 고르세요.")
                % {"n": pool.name, "pr": pool.resource, "r": resource}
            )
    else:
        owner = program.operator.name if program.operator else program.name
        candidates = list(
            ResourcePool.objects.filter(operator=program.operator, resource=resource)
            if program.operator
            else ResourcePool.objects.filter(name=f"{owner} {resource}")
        )
        if len(candidates) > 1:
            raise ValidationError(
                _("%(o)s의 %(r)s 풀이 여럿입니다(%(names)s). 어느 풀을 쓸지 이름을 적어 주세요.")
                % {"o": owner, "r": resource, "names": ", ".join(p.name for p in candidates)}
            )
        if not candidates:
            if units is None:
                raise ValidationError(
                    _("%(r)s 자원 풀이 없습니다. 월 용량을 적어 새 풀을 만들거나 풀 이름을 적어 주세요.")
                    % {"r": resource}
                )
            return pool_create(
                name=f"{owner} {resource}",
                resource=resource,
                units_per_month=units,
                from_month=first_month,
                operator=program.operator,
                actor=actor,
            )
        pool = candidates[0]
    rows = list(pool.capacities.order_by("from_month"))
    if units is not None and (not rows or rows[0].from_month > first_month):
        pool_capacity_set(
            pool=pool,
            from_month=first_month,
            units=units,
            actor=actor,
            reason=_("공고 시작 월에 용량이 없어 공고의 월 용량으로 채움"),
        )
    return pool
