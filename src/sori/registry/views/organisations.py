"""The organisations list and one page per organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.forms import new_key
from sori.core.permissions import SignedInRequest, require
from sori.registry import services
from sori.registry.forms import OrganisationFilterForm, OrganisationForm
from sori.registry.models import Organisation
from sori.registry.selectors import organisation_list, organisation_page

if TYPE_CHECKING:
    from sori.registry.selectors import OrganisationRow

SORTS = {
    "name": "name",
    "kind": "kind",
    "field": "strategic_field",
    "mous": "mou_count",
    "proposals": "proposal_count",
    "founded": "founded_year",
    "created": "created_at",
}


@require("registry.manage")
def organisation_list_view(request: SignedInRequest) -> HttpResponse:
    """List organisations; filter by kind, field, origin and MOU; search, sort, page, export."""
    filters = OrganisationFilterForm(request.GET)
    return listing.list_page(
        request,
        organisation_list(**filters.values()),
        search_fields=("name", "sector", "ai_capabilities", "ai_needs", "location"),
        sorts=SORTS,
        default_sort="name",
        template="registry/organisation_list.html",
        export=_export,
        context={"filters": filters},
    )


def _export(qs: QuerySet[OrganisationRow]) -> HttpResponse:
    headers = [
        _("번호"),
        _("기관명"),
        _("구분"),
        _("전략 분야"),
        _("분야"),
        _("규모"),
        _("설립 연도"),
        _("지역 구분"),
        _("광주 이전일"),
        _("소재지"),
        _("주소"),
        _("사업자등록번호"),
        _("누리집"),
        _("AI 역량"),
        _("AI 수요"),
        _("협약 수"),
        _("제안 수"),
        _("대표 이메일"),
    ]
    rows = (
        [
            o.id,
            o.name,
            o.get_kind_display(),
            o.get_strategic_field_display(),
            o.sector,
            o.get_size_display(),
            o.founded_year,
            o.get_origin_display(),
            o.relocated_on,
            o.location,
            o.address,
            o.business_number_display,
            o.website,
            o.ai_capabilities,
            o.ai_needs,
            o.mou_count,
            o.proposal_count,
            o.email,
        ]
        for o in qs
    )
    return xlsx_response(_("기관 목록") + ".xlsx", _("기관"), headers, rows)


@require("registry.manage")
def organisation_detail(request: SignedInRequest, organisation_id: int) -> HttpResponse:
    """Show everything Sori knows of one organisation."""
    org = get_object_or_404(Organisation, pk=organisation_id)
    return render(request, "registry/organisation_detail.html", {"p": organisation_page(org), "org": org})


@require("registry.manage")
def organisation_create(request: SignedInRequest) -> HttpResponse:
    """Register an organisation with its profile."""
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                org = services.organisation_create(
                    actor=request.user,
                    submission_key=form.cleaned_data["submission_key"] or None,
                    **form.profile(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("'%(name)s'을(를) 등록했습니다.") % {"name": org.name})
                return HttpResponseRedirect(reverse("registry:organisation_detail", args=[org.id]))
    else:
        form = OrganisationForm(initial={"submission_key": new_key()})
    return render(request, "registry/organisation_form.html", {"form": form, "org": None})


@require("registry.manage")
def organisation_edit(request: SignedInRequest, organisation_id: int) -> HttpResponse:
    """Change an organisation's profile; the change is kept in its history."""
    org = get_object_or_404(Organisation, pk=organisation_id)
    if request.method == "POST":
        form = OrganisationForm(request.POST, instance=org)
        if form.is_valid():
            try:
                services.organisation_update(organisation=org, actor=request.user, **form.profile())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("'%(name)s'의 정보를 저장했습니다.") % {"name": form.cleaned_data["name"]}
                )
                return HttpResponseRedirect(reverse("registry:organisation_detail", args=[org.id]))
        org.refresh_from_db()
    else:
        form = OrganisationForm(instance=org)
    return render(request, "registry/organisation_form.html", {"form": form, "org": org})
