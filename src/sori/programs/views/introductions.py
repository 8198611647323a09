"""Staff pages of the midfielder service: introductions, one introduction's stages, an organisation's list."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.forms import add_service_errors
from sori.core.permissions import SignedInRequest, require
from sori.programs import selectors_introductions as selectors
from sori.programs.introduction_forms import AdvanceForm, IntroductionFilterForm, IntroductionForm, StopForm
from sori.programs.models import Introduction, IntroductionStage
from sori.programs.services import introductions as services
from sori.programs.views.common import today
from sori.programs.workflow import INTRODUCTION_PATH, introduction_next_stages
from sori.registry.models import Organisation

SORTS = {
    "introduced": "introduced_on",
    "last": "last_step_on",
    "stage": "stage",
    "manufacturer": "manufacturer__name",
    "firm": "ai_firm__name",
}


def _detail_url(introduction_id: int) -> str:
    return reverse("programs:introduction_detail", args=[introduction_id])


@require("program.manage")
def introduction_list(request: SignedInRequest) -> HttpResponse:
    """Every introduction: filter by stage or stalled, search by firm or need, sort, export."""
    filters = IntroductionFilterForm(request.GET)
    return listing.list_page(
        request,
        selectors.introduction_list(**filters.values(), today=today()),
        search_fields=("manufacturer__name", "ai_firm__name", "need"),
        sorts=SORTS,
        default_sort="-introduced",
        template="programs/introductions/list.html",
        export=_export,
        context=lambda: {"filters": filters, "today": today(), "stall_days": selectors.stall_days()},
    )


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def _export(qs: QuerySet[Introduction]) -> HttpResponse:
    headers = [
        _("번호"),
        _("수요 기업"),
        _("AI기업"),
        _("AI 수요"),
        _("단계"),
        _("소개일"),
        _("마지막 단계 일자"),
        _("담당 코디네이터"),
        _("중단 사유"),
    ]
    rows = (
        [
            i.id,
            i.manufacturer.name,
            i.ai_firm.name,
            i.need,
            i.get_stage_display(),
            i.introduced_on.isoformat(),
            _iso(getattr(i, "last_step_on", None)),
            (i.coordinator.get_full_name() or i.coordinator.get_username()) if i.coordinator else "",
            i.stop_reason,
        ]
        for i in qs
    )
    return xlsx_response("sori-introductions.xlsx", _("미드필더 연결"), headers, rows)


def _initial(request: SignedInRequest) -> dict[str, Any]:
    """Fill the form from the matching list's 소개하기 link: the manufacturer, the firm, the score."""
    initial: dict[str, Any] = {"coordinator": request.user.pk, "introduced_on": today()}
    manufacturer = Organisation.objects.filter(pk=request.GET.get("manufacturer") or 0).first()
    if manufacturer is not None:
        initial["manufacturer"] = manufacturer.pk
        initial["need"] = manufacturer.ai_needs
    if firm_id := request.GET.get("ai_firm"):
        initial["ai_firm"] = firm_id
    with contextlib.suppress(ValueError):
        initial["match_score"] = float(request.GET.get("score", ""))
    return initial


@require("program.manage")
def introduction_create(request: SignedInRequest) -> HttpResponse:
    """Introduce an AI firm to a manufacturer (from the matching list, or chosen here)."""
    form = IntroductionForm(request.POST or None, initial=None if request.POST else _initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            introduction = services.introduction_create(
                manufacturer=data["manufacturer"],
                ai_firm=data["ai_firm"],
                need=data["need"],
                coordinator=data["coordinator"],
                introduced_on=data["introduced_on"],
                note=data["note"],
                match_score=data["match_score"],
                actor=request.user,
                submission_key=data["submission_key"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(firm)s을(를) %(org)s에 소개했습니다. 미팅이 잡히면 다음 단계를 기록해 주세요.")
                % {"firm": introduction.ai_firm.name, "org": introduction.manufacturer.name},
            )
            return HttpResponseRedirect(_detail_url(introduction.id))
    return render(
        request,
        "programs/introductions/form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _detail(
    request: SignedInRequest,
    introduction: Introduction,
    advance: AdvanceForm | None = None,
    stop: StopForm | None = None,
) -> HttpResponse:
    steps = list(introduction.steps.select_related("recorded_by"))
    reached = {s.stage for s in steps}
    ahead = [s for s in INTRODUCTION_PATH if s not in reached] if introduction.is_open else []
    last = max((s.date for s in steps), default=None)
    return render(
        request,
        "programs/introductions/detail.html",
        {
            "introduction": introduction,
            "steps": steps,
            "ahead": ahead,
            "next_stages": introduction_next_stages(introduction),
            "advance": advance or AdvanceForm(introduction=introduction),
            "stop": stop or StopForm(),
            "idle_days": (today() - last).days if last else None,
            "stall_days": selectors.stall_days(),
            "stopped": IntroductionStage.STOPPED,
        },
        status=400 if (advance and advance.errors) or (stop and stop.errors) else 200,
    )


def _introduction(introduction_id: int) -> Introduction:
    qs = Introduction.objects.select_related("manufacturer", "ai_firm", "coordinator")
    return get_object_or_404(qs, pk=introduction_id)


@require("program.manage")
def introduction_detail(request: SignedInRequest, introduction_id: int) -> HttpResponse:
    """One introduction: the two firms, the need, each stage with its date and note, the next step."""
    return _detail(request, _introduction(introduction_id))


@require("program.manage")
@require_POST
def introduction_advance(request: SignedInRequest, introduction_id: int) -> HttpResponse:
    introduction = _introduction(introduction_id)
    form = AdvanceForm(request.POST, introduction=introduction)
    if form.is_valid():
        data = form.cleaned_data
        try:
            step = services.introduction_advance(
                introduction=introduction,
                stage=data["stage"],
                date=data["date"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("'%s' 단계를 기록했습니다.") % step.get_stage_display())
            return HttpResponseRedirect(_detail_url(introduction.id))
    return _detail(request, introduction, advance=form)


@require("program.manage")
@require_POST
def introduction_stop(request: SignedInRequest, introduction_id: int) -> HttpResponse:
    introduction = _introduction(introduction_id)
    form = StopForm(request.POST)
    if form.is_valid():
        try:
            services.introduction_stop(
                introduction=introduction,
                reason=form.cleaned_data["reason"],
                date=form.cleaned_data["date"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("연결을 중단으로 기록했습니다. 사유는 연결 기록에 남습니다."))
            return HttpResponseRedirect(_detail_url(introduction.id))
    return _detail(request, introduction, stop=form)


@require("program.manage")
def organisation_introductions(request: SignedInRequest, organisation_id: int) -> HttpResponse:
    """An organisation's introductions: the AI firms introduced to it, and the firms it was introduced to."""
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    rows = list(selectors.organisation_introductions(organisation.id))
    return render(
        request,
        "programs/introductions/organisation.html",
        {
            "organisation": organisation,
            "received": [i for i in rows if i.manufacturer_id == organisation.id],
            "given": [i for i in rows if i.ai_firm_id == organisation.id],
            "today": today(),
            "stall_days": selectors.stall_days(),
        },
    )
