"""Staff pages for the committee's documents: the briefing pack and each meeting's summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sori.core.documents import pdf_response, xlsx_download
from sori.core.exports import xlsx_response
from sori.core.listing import paginate, query_without, search, sort
from sori.core.permissions import SignedInRequest, require
from sori.engagement.models import Engagement
from sori.reports import documents
from sori.reports.forms import MeetingPickForm, PeriodForm
from sori.reports.selectors import briefing_pack, meeting_choices, meeting_summary

MEETING_SORTS = {"date": "starts_at", "title": "title", "proposals": "proposal_count"}
MEETING_SEARCH = ("title", "series__title", "theme", "place")


@require("demand.view_all")
def index(request: SignedInRequest) -> HttpResponse:
    """List the packs to download: the briefing pack for a period, and each meeting's summary."""
    period = PeriodForm(request.GET or None)
    date_from, date_to = period.period()
    pack = briefing_pack(date_from=date_from, date_to=date_to)
    qs: QuerySet[Any] = meeting_choices()
    qs, _q = search(qs, request, MEETING_SEARCH)
    qs, key = sort(qs, request, MEETING_SORTS, "-date")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            _("회의 목록.xlsx"),
            _("회의"),
            [
                _("일시"),
                _("시리즈"),
                _("차수"),
                _("회의"),
                _("주제"),
                _("장소"),
                _("참석 인원"),
                _("제안 수"),
            ],
            (
                [
                    e.starts_at,
                    e.series.title,
                    e.round,
                    e.title,
                    e.theme,
                    e.place,
                    e.attendee_count,
                    e.proposal_count,
                ]
                for e in qs
            ),
        )
    period_query = query_without(request, "q", "sort", "page", "format")
    return render(
        request,
        "reports/index.html",
        {
            "period": period,
            "pack": pack,
            "period_query": period_query if period.is_valid() else "",
            "page": paginate(qs, request, per_page=20),
            "sort": key,
            "query": query_without(request, "sort", "page"),
            "page_query": query_without(request, "page"),
            "export_query": query_without(request, "page", "format"),
            "pick": MeetingPickForm(),
            "all_meetings": meeting_choices()[:200],
        },
    )


def _pack(request: HttpRequest) -> Any:
    date_from, date_to = PeriodForm(request.GET or None).period()
    return briefing_pack(date_from=date_from, date_to=date_to)


@require("demand.view_all")
def briefing_pdf(request: SignedInRequest) -> HttpResponse:
    pack = _pack(request)
    return pdf_response(documents.briefing_pdf(pack), documents.briefing_filename(pack, "pdf"))


@require("demand.view_all")
def briefing_xlsx(request: SignedInRequest) -> HttpResponse:
    pack = _pack(request)
    return xlsx_download(documents.briefing_xlsx(pack), documents.briefing_filename(pack, "xlsx"))


def _summary(pk: int) -> Any:
    engagement = get_object_or_404(Engagement.objects.select_related("series"), id=pk)
    return meeting_summary(engagement=engagement)


@require("demand.view_all")
def meeting_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    summary = _summary(pk)
    return pdf_response(documents.meeting_pdf(summary), documents.meeting_filename(summary, "pdf"))


@require("demand.view_all")
def meeting_xlsx(request: SignedInRequest, pk: int) -> HttpResponse:
    summary = _summary(pk)
    return xlsx_download(documents.meeting_xlsx(summary), documents.meeting_filename(summary, "xlsx"))


@require("demand.view_all")
def meeting_pick(request: SignedInRequest) -> HttpResponse:
    """Send the picker's choice to its download."""
    form = MeetingPickForm(request.GET)
    if not form.is_valid() or not Engagement.objects.filter(id=form.cleaned_data["meeting"]).exists():
        messages.warning(request, _("회의를 골라 주세요. 목록에 없는 회의입니다."))
        return redirect("reports:index")
    name = "reports:meeting_xlsx" if form.cleaned_data["format"] == "xlsx" else "reports:meeting_pdf"
    return redirect(name, form.cleaned_data["meeting"])
