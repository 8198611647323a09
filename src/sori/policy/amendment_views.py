"""Staff pages for a demand's comparison tables (신·구조문대비표): draft, read, edit, delete, download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.documents import pdf_response, xlsx_download
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.policy.amendment_documents import amendment_filename, amendment_pdf, amendment_xlsx
from sori.policy.amendment_forms import AmendmentForm
from sori.policy.amendment_services import (
    amendment_blocked,
    amendment_create,
    amendment_delete,
    amendment_table,
    amendment_update,
    needs_legal_text,
)
from sori.policy.comparison import compare
from sori.policy.models import Amendment
from sori.voices.models import Demand

_FIELDS = ("title", "article", "current_text", "proposed_text", "rationale")


def _demand_for(request: HttpRequest, demand_id: int) -> Demand:
    """Return the demand if the user may see it: staff every one, an officer their department's."""
    demand = get_object_or_404(Demand.objects.select_related("department"), id=demand_id)
    if can(request.user, "demand.view_all"):
        return demand
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.organisation_id is None or demand.department_id != profile.organisation_id:
        raise PermissionDenied
    return demand


def _amendment(request: HttpRequest, demand_id: int, pk: int) -> Amendment:
    demand = _demand_for(request, demand_id)
    amendment = get_object_or_404(
        Amendment.objects.select_related("demand", "created_by"), id=pk, demand=demand
    )
    return amendment


def _apply_errors(form: AmendmentForm, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(None if field == "__all__" else field, messages_)


def _preview(form: AmendmentForm) -> Any:
    data = form.cleaned_data
    if not (data.get("current_text", "").strip() or data.get("proposed_text", "").strip()):
        return None
    return compare(data.get("current_text", ""), data.get("proposed_text", ""))


@require("demand.organise")
def create(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Draft a new comparison table for a demand that needs an ordinance or a law revision."""
    demand = _demand_for(request, demand_id)
    form = AmendmentForm(request.POST or None, initial={"submission_key": AmendmentForm.new_key()})
    table = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            table = _preview(form)
        else:
            try:
                amendment = amendment_create(
                    demand=demand,
                    actor=request.user,
                    **{f: form.cleaned_data[f] for f in (*_FIELDS, "submission_key")},
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, _("신·구조문대비표를 저장했습니다. PDF나 엑셀로 내려받아 검토 회의에 쓰세요.")
                )
                return redirect("amendments:detail", demand.id, amendment.id)
    return render(
        request,
        "policy/amendment_form.html",
        {
            "demand": demand,
            "form": form,
            "table": table,
            "blocked": amendment_blocked(demand),
            "amendment": None,
        },
    )


@require("demand.organise")
def edit(request: SignedInRequest, demand_id: int, pk: int) -> HttpResponse:
    """Change a draft; each change is kept in the demand's history."""
    amendment = _amendment(request, demand_id, pk)
    initial = {f: getattr(amendment, f) for f in _FIELDS}
    form = AmendmentForm(request.POST or None, initial=initial)
    table = amendment_table(amendment)
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            table = _preview(form)
        else:
            try:
                amendment_update(
                    amendment=amendment, actor=request.user, **{f: form.cleaned_data[f] for f in _FIELDS}
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, _("대비표를 고쳤습니다. 고치기 전 내용은 수요의 변경 기록에 남아 있습니다.")
                )
                return redirect("amendments:detail", amendment.demand_id, amendment.id)
    return render(
        request,
        "policy/amendment_form.html",
        {"demand": amendment.demand, "form": form, "table": table, "blocked": "", "amendment": amendment},
    )


@require("staff.area")
def detail(request: SignedInRequest, demand_id: int, pk: int) -> HttpResponse:
    """Show the comparison table as it will print, with its downloads."""
    amendment = _amendment(request, demand_id, pk)
    full = request.GET.get("full") == "1"
    return render(
        request,
        "policy/amendment_detail.html",
        {
            "a": amendment,
            "demand": amendment.demand,
            "table": amendment_table(amendment, elide_unchanged=not full),
            "full": full,
            "can_edit": can(request.user, "demand.organise"),
            "eligible": needs_legal_text(amendment.demand),
        },
    )


@require("demand.organise")
@require_POST
def delete(request: SignedInRequest, demand_id: int, pk: int) -> HttpResponse:
    amendment = _amendment(request, demand_id, pk)
    amendment_delete(amendment=amendment, actor=request.user)
    messages.success(
        request,
        _("대비표 '%(name)s'을(를) 지웠습니다. 지운 내용은 수요의 변경 기록에 남아 있습니다.")
        % {"name": str(amendment)},
    )
    return redirect("voices:demand_detail", demand_id)


@require("staff.area")
def pdf(request: SignedInRequest, demand_id: int, pk: int) -> HttpResponse:
    amendment = _amendment(request, demand_id, pk)
    elided = request.GET.get("full") != "1"
    table = amendment_table(amendment, elide_unchanged=elided)
    return pdf_response(amendment_pdf(amendment, table, elided=elided), amendment_filename(amendment, "pdf"))


@require("staff.area")
def xlsx(request: SignedInRequest, demand_id: int, pk: int) -> HttpResponse:
    amendment = _amendment(request, demand_id, pk)
    table = amendment_table(amendment, elide_unchanged=request.GET.get("full") != "1")
    return xlsx_download(amendment_xlsx(amendment, table), amendment_filename(amendment, "xlsx"))
