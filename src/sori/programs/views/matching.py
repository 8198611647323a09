"""The matching page (sites ↔ AI firms, needs ↔ capabilities) and the demonstration sites placed from it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core.permissions import SignedInRequest, require
from sori.programs import services
from sori.programs.forms import SiteForm
from sori.programs.matching import firms_for_need, firms_for_site, sites_for_firm
from sori.programs.matching_forms import MatchForm
from sori.programs.models import DemoSite
from sori.programs.selectors_introductions import introduced_firm_ids
from sori.programs.views.common import error_text, today
from sori.registry.models import Organisation


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
        context["site_rows"] = firms_for_site(site, starts_on, ends_on)
    if form.is_valid() and form.cleaned_data.get("organisation"):
        org = form.cleaned_data["organisation"]
        context["need_org"] = org
        context["need_rows"] = firms_for_need(org)
        context["introduced_ids"] = set(introduced_firm_ids(org.id))
        context["site_for_need"] = sites_for_firm(org, starts_on, ends_on)
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
