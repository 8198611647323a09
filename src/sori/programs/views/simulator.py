"""The policy simulator: two rule sets compared over years on the same synthetic demand."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sori.alloc import simulate
from sori.core.charts import line_chart
from sori.core.permissions import SignedInRequest, require
from sori.programs.simulator_forms import SimulatorForm


def _pct(v: float) -> str:
    return f"{v:.1%}"


@require("program.manage")
def simulator(request: SignedInRequest) -> HttpResponse:
    """Compare two rule sets over years on the same synthetic demand: the table and the yearly chart."""
    form = SimulatorForm(request.GET or None)
    context: dict = {"form": form}
    if request.GET and form.is_valid():
        comparison = simulate(form.config())
        outcomes = comparison.outcomes
        context["names"] = [o.rule_set for o in outcomes]
        context["rows"] = [
            (_("연속 이용(중단 없이 이어 쓴 과제 비율)"), [_pct(o.continuity) for o in outcomes]),
            (_("선정된 과제 / 전체 과제"), [f"{o.served:,} / {o.projects:,}" for o in outcomes]),
            (_("끝내 선정되지 못한 과제"), [_pct(o.never_served) for o in outcomes]),
            (
                _("첫 선정까지 대기(개월) 평균(중앙값)"),
                [f"{o.mean_wait_months:.1f} ({o.median_wait_months:g})" for o in outcomes],
            ),
            (_("가동률(배정 기준)"), [_pct(o.utilisation) for o in outcomes]),
            (_("가동률(실사용 기준)"), [_pct(o.used_utilisation) for o in outcomes]),
            (_("신규 평가 건수"), [f"{o.full_reviews:,}" for o in outcomes]),
            (_("연장 평가 건수"), [f"{o.renewal_reviews:,}" for o in outcomes]),
            (_("평가 시간(시간)"), [f"{o.review_hours:,.0f}" for o in outcomes]),
        ]
        years = [f"{y + 1}" for y in range(comparison.years)]
        context["years"] = years
        context["yearly"] = [
            (
                y,
                [_pct(o.yearly_utilisation[i]) for o in outcomes],
                [_pct(o.yearly_interruption[i]) for o in outcomes],
            )
            for i, y in enumerate(years)
        ]
        context["chart_util"] = line_chart(
            years,
            [(o.rule_set, list(o.yearly_utilisation)) for o in outcomes],
            title=_("연도별 가동률"),
            percent=True,
        )
        context["chart_gap"] = line_chart(
            years,
            [(o.rule_set, list(o.yearly_interruption)) for o in outcomes],
            title=_("연도별 이용 중단 비율"),
            percent=True,
        )
        context["comparison"] = comparison
    return render(request, "programs/simulator.html", context)
