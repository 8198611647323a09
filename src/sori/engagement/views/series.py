"""Series pages: the list, create (with its rounds) and edit, and a series' meetings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.forms import add_service_errors, new_key
from sori.core.permissions import SignedInRequest, require
from sori.engagement import selectors
from sori.engagement.forms import SeriesCreateForm, SeriesForm
from sori.engagement.models import Series
from sori.engagement.services import series_create, series_update
from sori.engagement.views._common import sort_links
from sori.registry.models import Organisation

SORTS = {
    "title": "title",
    "created": "created_at",
    "first": "first_meeting",
    "meetings": "meeting_count",
    "proposals": "proposal_count",
}


@require("engagement.manage")
def series_list(request: SignedInRequest) -> HttpResponse:
    """List series with their meetings and proposals; sort, search, filter by host, page, export."""
    qs = selectors.series_queryset()
    host = request.GET.get("host", "")
    if host.isdigit():
        qs = qs.filter(host_id=int(host))
    return listing.list_page(
        request,
        qs,
        search_fields=("title", "host__name", "description"),
        sorts=SORTS,
        default_sort="-created",
        template="engagement/series_list.html",
        export=_series_xlsx,
        context=lambda: {
            "sorts": sort_links(request, SORTS, listing.sort_key(request, SORTS, "-created")),
            "host": host,
            "hosts": Organisation.objects.filter(hosted_series__isnull=False).distinct().order_by("name"),
            # this app's pager keeps the filters under ``query``
            "query": listing.query_without(request, "page", "format"),
        },
    )


def _series_xlsx(qs: QuerySet[Series]) -> HttpResponse:
    return xlsx_response(
        _("간담회_시리즈.xlsx"),
        _("간담회 시리즈"),
        [_("제목"), _("주최"), _("회차 수"), _("제안 수"), _("첫 회"), _("답변 기한(일)"), _("설명")],
        (
            [
                s.title,
                s.host or "",
                s.meeting_count,  # type: ignore[attr-defined]
                s.proposal_count,  # type: ignore[attr-defined]
                s.first_meeting,  # type: ignore[attr-defined]
                s.answer_days,
                s.description,
            ]
            for s in qs
        ),
    )


@require("engagement.manage")
def series_create_view(request: SignedInRequest) -> HttpResponse:
    """Create a series, optionally with its rounds (회차 자동 생성)."""
    form = SeriesCreateForm(request.POST or None, initial={"submission_key": new_key()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = series_create(
                title=data["title"],
                host_name=data["host_name"],
                description=data["description"],
                answer_days=data["answer_days"],
                rounds=form.round_plan(),
                submission_key=data["submission_key"] or None,
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            count = series.engagements.count()
            if count:
                message = _(
                    "'%(title)s' 시리즈와 간담회 %(count)s회를 만들었습니다. 회차별 일정을 확인해 주세요."
                )
            else:
                message = _("'%(title)s' 시리즈를 만들었습니다. 이제 간담회를 추가해 주세요.")
            messages.success(request, message % {"title": series.title, "count": count})
            return redirect("engagement:series_detail", series.pk)
    return render(request, "engagement/series_form.html", {"form": form, "creating": True})


@require("engagement.manage")
def series_edit(request: SignedInRequest, series_id: int) -> HttpResponse:
    """Edit a series' title, host, description and answer deadline."""
    series = get_object_or_404(Series.objects.select_related("host"), pk=series_id)
    initial = {
        "title": series.title,
        "host_name": series.host.name if series.host else "",
        "description": series.description,
        "answer_days": series.answer_days,
    }
    form = SeriesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            series_update(series=series, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("시리즈 정보를 저장했습니다."))
            return redirect("engagement:series_detail", series.pk)
    return render(request, "engagement/series_form.html", {"form": form, "series": series})


@require("engagement.manage")
def series_detail(request: SignedInRequest, series_id: int) -> HttpResponse:
    """Show a series and its meetings with how many proposals each produced; export them to XLSX."""
    series = get_object_or_404(Series.objects.select_related("host"), pk=series_id)
    meetings = selectors.series_meetings(series)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{series.title}.xlsx",
            _("간담회"),
            [_("차수"), _("제목"), _("주제"), _("일시"), _("장소"), _("참석 인원"), _("제안 수")],
            (
                [m.round, m.title, m.theme, m.starts_at, m.place, m.attendee_count, m.proposal_count]  # type: ignore[attr-defined]
                for m in meetings
            ),
        )
    return render(request, "engagement/series_detail.html", {"series": series, "meetings": meetings})
