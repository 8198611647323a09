"""The policy simulator and the matching page (with sites)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.alloc import simulate
from sori.core.permissions import SignedInRequest, require
from sori.programs import matches, services
from sori.programs.charts import line_chart
from sori.programs.forms import SiteForm
from sori.programs.forms_tools import MatchForm, SimulatorForm
from sori.programs.models import DemoSite
from sori.programs.views.common import error_text, today
from sori.registry.models import Organisation


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


@require("program.manage")
def matching(request: SignedInRequest) -> HttpResponse:
    """Sites ↔ AI firms, and manufacturers' needs ↔ AI firms' capabilities, each match explained."""
    form = MatchForm(request.GET or None, today=today())
    starts_on, ends_on = form.period()
    context: dict = {
        "form": form,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "sites": DemoSite.objects.select_related("owner", "program"),
    }
    if form.is_valid() and form.cleaned_data.get("site"):
        site = form.cleaned_data["site"]
        context["site"] = site
        context["site_rows"] = matches.firms_for_site(site, starts_on, ends_on)
    if form.is_valid() and form.cleaned_data.get("organisation"):
        org = form.cleaned_data["organisation"]
        context["need_org"] = org
        context["need_rows"] = matches.firms_for_need(org)
        context["site_for_need"] = matches.sites_for_firm(org, starts_on, ends_on)
    return render(request, "programs/matching.html", context)


@require("program.manage")
def site_create(request: SignedInRequest) -> HttpResponse:
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("실증 공간 '%s'을(를) 등록했습니다.") % site.name)
            return HttpResponseRedirect(reverse("programs:matching") + f"?site={site.id}")
    return render(request, "programs/site_form.html", {"form": form})


@require("program.manage")
def site_place(request: SignedInRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(DemoSite, pk=site_id)
    org = get_object_or_404(Organisation, pk=request.POST.get("organisation") or 0)
    form = MatchForm(request.POST, today=today())
    starts_on, ends_on = form.period()
    if request.method == "POST":
        try:
            services.site_place(
                site=site, organisation=org, starts_on=starts_on, ends_on=ends_on, actor=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("%(org)s을(를) '%(s)s'에 배정했습니다.") % {"org": org.name, "s": site.name}
            )
    return HttpResponseRedirect(
        reverse("programs:matching") + f"?site={site.id}&starts_on={starts_on}&ends_on={ends_on}"
    )
