"""The optimiser's reasons in Korean words staff can read, built from ``sori.alloc``'s Binding fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from sori.alloc import Award as AllocAward
from sori.alloc import Binding, BindingKind
from sori.programs.months import add_months, month_label


def _months(first: dt.date, months: Sequence[int]) -> str:
    spans: list[list[int]] = []
    for m in months:
        if spans and spans[-1][1] == m - 1:
            spans[-1][1] = m
        else:
            spans.append([m, m])
    parts = []
    for a, b in spans:
        start, end = month_label(add_months(first, a)), month_label(add_months(first, b))
        parts.append(start if a == b else f"{start}~{end}")
    return ", ".join(parts)


def binding_ko(binding: Binding, first: dt.date) -> str:
    """Return one binding constraint as a Korean sentence."""
    kind = binding.kind
    where = _months(first, binding.months) if binding.months else ""
    if kind == BindingKind.CAPACITY:
        return _("%(when)s %(r)s 용량이 모두 찼습니다") % {"when": where, "r": binding.resource}
    if kind == BindingKind.BELOW_MINIMUM:
        return _("%(when)s %(r)s 남은 용량이 최소 수용량보다 적습니다") % {
            "when": where,
            "r": binding.resource,
        }
    if kind == BindingKind.NEWCOMER_RESERVE:
        return _("%(when)s 남은 %(r)s 용량은 처음 신청한 기업 몫으로 남겨 두었습니다") % {
            "when": where,
            "r": binding.resource,
        }
    if kind == BindingKind.ORGANISATION_MAX:
        return _("%(org)s은(는) 이미 기관당 최대 선정 수만큼 선정되었습니다") % {"org": binding.organisation}
    if kind == BindingKind.NOT_PROVEN:
        return _("계산 시간 안에 최적임을 증명하지 못했습니다(더 배정할 여지가 있을 수 있음)")
    return _("평가 점수가 0점이라 배정해도 점수가 늘지 않습니다")


def reasons(award: AllocAward, first: dt.date) -> list[dict[str, Any]]:
    """Return the reasons behind one application's outcome: kind, Korean sentence and the solver's English."""
    if award.awarded >= award.requested:
        return [
            {"kind": "full", "text": _("신청량 전부 배정(점수 %(rank)s위)") % {"rank": award.rank}, "en": ""}
        ]
    out = [{"kind": b.kind.value, "text": binding_ko(b, first), "en": b.message} for b in award.binding]
    return out


def held_reason(
    resource: str, months: Sequence[int], first: dt.date, pool: str | None = None
) -> dict[str, Any]:
    """Return the reason for an application kept out of the optimiser: awards on its pool hold its months."""
    if pool:
        text = _(
            "%(when)s '%(pool)s' 풀의 용량을 기존 협약(다른 공고·연장 포함)과 확정 전 선정·연장 신청이 "
            "쓰고 있어 최소 수용량만큼도 남지 않았습니다"
        ) % {"when": _months(first, months), "pool": pool}
    else:
        text = _(
            "%(when)s %(r)s 용량을 기존 협약(연장 포함)이 쓰고 있어 최소 수용량만큼도 남지 않았습니다"
        ) % {
            "when": _months(first, months),
            "r": resource,
        }
    return {"kind": "held", "text": text, "en": ""}
