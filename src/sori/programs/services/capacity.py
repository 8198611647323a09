"""Capacity left per resource and month once the call's awards are counted (shared by several services)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sori.programs.models import Award, AwardStatus, Call
from sori.programs.months import add_months, month_label


def units_used(
    *, call: Call, resource: str, months: Iterable[dt.date], exclude_award_id: int | None = None
) -> dict[dt.date, int]:
    """Return the units the call's live awards hold in each of ``months`` for ``resource``."""
    months = list(months)
    used = dict.fromkeys(months, 0)
    awards = Award.objects.filter(call=call, resource=resource).exclude(status=AwardStatus.RECLAIMED)
    if exclude_award_id is not None:
        awards = awards.exclude(pk=exclude_award_id)
    for award in awards:
        for m in months:
            used[m] += award.units_in(m)
    return used


def check_fits(
    *,
    call: Call,
    resource: str,
    start: dt.date,
    months: int,
    extra: int,
    exclude_award_id: int | None = None,
    pending: dict[dt.date, int] | None = None,
) -> None:
    """Raise ValidationError naming the first month where ``extra`` more units would exceed capacity."""
    cap = call.capacities.filter(resource=resource).values_list("units_per_month", flat=True).first()
    if cap is None:
        raise ValidationError(
            _("'%(r)s'은(는) 이 공고의 자원이 아닙니다. 공고의 자원 용량을 확인하세요.") % {"r": resource}
        )
    span = [add_months(start, i) for i in range(months)]
    used = units_used(call=call, resource=resource, months=span, exclude_award_id=exclude_award_id)
    for m in span:
        taken = used[m] + (pending or {}).get(m, 0)
        if taken + extra > cap:
            raise ValidationError(
                _(
                    "%(month)s에 %(r)s 용량이 모자랍니다: 월 용량 %(cap)s, "
                    "이미 배정 %(used)s, 요청 %(extra)s. "
                    "배정량을 줄이거나 다른 협약의 용량을 회수한 뒤 다시 하세요 — "
                    "아무 것도 바뀌지 않았습니다."
                )
                % {"month": month_label(m), "r": resource, "cap": cap, "used": taken, "extra": extra}
            )
