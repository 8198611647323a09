"""The optimiser's reasons in Korean words staff can read, built from ``sori.alloc``'s Binding fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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


def binding_ko(
    binding: Binding, first: dt.date, pools: Mapping[str, str] | None = None, allow_partial: bool = True
) -> str:
    """Return one binding constraint as a Korean sentence with its figures, naming the pool where known."""
    kind = binding.kind
    where = _months(first, binding.months) if binding.months else ""
    resource = binding.resource or ""
    pool = (pools or {}).get(resource)
    figures = {
        "when": where,
        "r": resource,
        "pool": pool,
        "free": binding.free if binding.free is not None else 0,
        "need": binding.needed if binding.needed is not None else 0,
        "kept": binding.reserved if binding.reserved is not None else 0,
    }
    if kind == BindingKind.CAPACITY:
        if pool:
            return (
                _("%(when)s '%(pool)s' 풀의 %(r)s 용량이 모두 찼습니다(남은 %(free)s장, 필요 %(need)s장)")
                % figures
            )
        return _("%(when)s %(r)s 용량이 모두 찼습니다(남은 %(free)s장, 필요 %(need)s장)") % figures
    if kind == BindingKind.BELOW_MINIMUM:
        return (
            _("%(when)s %(r)s을(를) %(free)s장까지만 배정할 수 있어 최소 수용량 %(need)s장에 못 미칩니다")
            % figures
        )
    if kind == BindingKind.ALL_OR_NOTHING:
        if not allow_partial:
            return (
                _(
                    "이 공고는 부분 배정을 하지 않아 신청한 월 %(need)s장을 모두 주거나 주지 않아야 합니다. "
                    "일부(월 %(free)s장)였다면 배정할 수 있었습니다"
                )
                % figures
            )
        return (
            _(
                "월 %(need)s장을 전부 아니면 없음으로 신청하셨습니다. "
                "최소 수용량을 적었다면 일부(월 %(free)s장)를 배정받을 수 있었습니다"
            )
            % figures
        )
    if kind == BindingKind.NEWCOMER_RESERVE:
        return (
            _(
                "%(when)s %(r)s 중 %(kept)s장은 처음 지원받는 기업 몫(신규 기업 몫)으로 남겨 두어, "
                "이미 지원받은 기업에는 월 %(free)s장까지만 배정할 수 있었습니다"
            )
            % figures
        )
    if kind == BindingKind.ORGANISATION_MAX:
        return _("%(org)s은(는) 이미 기관당 최대 선정 수(%(n)s건)만큼 선정되었습니다") % {
            "org": binding.organisation,
            "n": binding.limit if binding.limit is not None else 1,
        }
    if kind == BindingKind.NOT_PROVEN:
        return _("계산 시간 안에 최적임을 증명하지 못했습니다(더 배정할 여지가 있을 수 있음)")
    return _("평가 점수가 0점이라 배정해도 점수가 늘지 않습니다")


def reasons(
    award: AllocAward, first: dt.date, pools: Mapping[str, str] | None = None, allow_partial: bool = True
) -> list[dict[str, Any]]:
    """Return the reasons behind one application's outcome: kind, Korean sentence and the solver's English."""
    if award.awarded >= award.requested:
        return [
            {"kind": "full", "text": _("신청량 전부 배정(점수 %(rank)s위)") % {"rank": award.rank}, "en": ""}
        ]
    return [
        {"kind": b.kind.value, "text": binding_ko(b, first, pools, allow_partial), "en": b.message}
        for b in award.binding
    ]


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


def ineligible_reason(text: str) -> dict[str, Any]:
    """Return the reason for an application kept out: its organisation does not meet the eligibility."""
    return {
        "kind": "eligibility",
        "text": _("신청 자격에 맞지 않아 선정 계산에서 뺐습니다: %(why)s") % {"why": text},
        "en": "",
    }
