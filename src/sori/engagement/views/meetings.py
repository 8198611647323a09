"""Meeting pages: create and edit, the meeting page with fast entry, agenda, attendance and minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.forms import add_service_errors, new_key
from sori.core.permissions import SignedInRequest, require
from sori.engagement import selectors
from sori.engagement.forms import AgendaForm, AttendanceForm, MeetingForm, MinutesForm
from sori.engagement.models import AgendaItem, Attendance, Engagement, Series
from sori.engagement.services import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    attendance_add,
    attendance_remove,
    engagement_create,
    engagement_update,
)
from sori.engagement.services.meetings import next_round
from sori.engagement.services.series import round_title


def _meeting(engagement_id: int) -> Engagement:
    try:
        return selectors.meeting_detail(engagement_id)
    except Engagement.DoesNotExist as exc:
        raise Http404 from exc


def meeting_page(request: HttpRequest, meeting: Engagement, **forms: Any) -> HttpResponse:
    """Render a meeting's page; ``forms`` are bound forms to show again with their errors.

    Later apps add their parts (fast entry and the meeting's proposals) as panels of ``engagement.meeting``.
    """
    context = {
        "meeting": meeting,
        "agenda_form": forms.get("agenda_form") or AgendaForm(),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(),
        "minutes_form": forms.get("minutes_form") or MinutesForm(initial={"minutes": meeting.minutes}),
    }
    return render(request, "engagement/meeting_detail.html", context)


def _back(meeting: Engagement, anchor: str = "") -> HttpResponse:
    return redirect(
        reverse("engagement:meeting_detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")
    )


@require("engagement.manage")
def meeting_create(request: SignedInRequest, series_id: int) -> HttpResponse:
    """Add a meeting to a series; the next round number and its title are suggested."""
    series = get_object_or_404(Series, pk=series_id)
    number = next_round(series)
    form = MeetingForm(
        request.POST or None, initial={"round": number, "title": round_title(series.title, number)}
    )
    key = request.POST.get("submission_key") or new_key()
    if request.method == "POST" and form.is_valid():
        try:
            meeting = engagement_create(
                series=series, actor=request.user, submission_key=key, **form.values()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("'%(title)s'을(를) 만들었습니다. 발제와 참석자, 제안을 기록해 주세요.")
                % {"title": meeting.title},
            )
            return _back(meeting)
    return render(
        request, "engagement/meeting_form.html", {"form": form, "series": series, "submission_key": key}
    )


@require("engagement.manage")
def meeting_edit(request: SignedInRequest, engagement_id: int) -> HttpResponse:
    """Edit a meeting's round, title, theme, date and time, place, attendee count and minutes."""
    meeting = get_object_or_404(Engagement.objects.select_related("series"), pk=engagement_id)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            engagement_update(engagement=meeting, actor=request.user, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("간담회 정보를 저장했습니다."))
            return _back(meeting)
    return render(
        request, "engagement/meeting_form.html", {"form": form, "series": meeting.series, "meeting": meeting}
    )


@require("engagement.manage")
def meeting_detail(request: SignedInRequest, engagement_id: int) -> HttpResponse:
    """Show a meeting: agenda, attendance and minutes, and what later apps add (fast entry, proposals)."""
    return meeting_page(request, _meeting(engagement_id))


@require("engagement.manage")
@require_POST
def meeting_minutes(request: SignedInRequest, engagement_id: int) -> HttpResponse:
    """Save a meeting's minutes."""
    meeting = _meeting(engagement_id)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return meeting_page(request, meeting, minutes_form=form)
    engagement_update(engagement=meeting, actor=request.user, minutes=form.cleaned_data["minutes"])
    messages.success(request, _("회의록을 저장했습니다."))
    return _back(meeting, "minutes")


@require("engagement.manage")
@require_POST
def agenda_add(request: SignedInRequest, engagement_id: int) -> HttpResponse:
    """Add a presentation to the end of the agenda."""
    meeting = _meeting(engagement_id)
    form = AgendaForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            agenda_item_add(
                engagement=meeting,
                presenter=data["presenter"],
                topic=data["topic"],
                presenter_organisation_name=data["presenter_organisation"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("발제를 추가했습니다."))
            return _back(meeting, "agenda")
    return meeting_page(request, meeting, agenda_form=form)


@require("engagement.manage")
@require_POST
def agenda_remove(request: SignedInRequest, engagement_id: int, item_id: int) -> HttpResponse:
    """Remove a presentation from the agenda."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("engagement"), pk=item_id, engagement_id=engagement_id
    )
    agenda_item_remove(item=item, actor=request.user)
    messages.success(request, _("발제 '%(topic)s'을(를) 뺐습니다.") % {"topic": item.topic})
    return _back(item.engagement, "agenda")


@require("engagement.manage")
@require_POST
def agenda_move(request: SignedInRequest, engagement_id: int, item_id: int) -> HttpResponse:
    """Move a presentation up or down one place."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("engagement"), pk=item_id, engagement_id=engagement_id
    )
    agenda_item_move(item=item, offset=-1 if request.POST.get("direction") == "up" else 1, actor=request.user)
    return _back(item.engagement, "agenda")


@require("engagement.manage")
@require_POST
def attendance_add_view(request: SignedInRequest, engagement_id: int) -> HttpResponse:
    """Record attendees: a person picked from the registry and/or typed lines of "이름, 소속, 직위"."""
    meeting = _meeting(engagement_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            added = attendance_add(
                engagement=meeting,
                people=[person] if person else [],
                typed=form.cleaned_data["typed"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("참석자 %(count)s명을 기록했습니다.") % {"count": len(added)})
            return _back(meeting, "attendance")
    return meeting_page(request, meeting, attendance_form=form)


@require("engagement.manage")
@require_POST
def attendance_remove_view(request: SignedInRequest, engagement_id: int, attendance_id: int) -> HttpResponse:
    """Remove one attendee from the meeting."""
    attendance = get_object_or_404(
        Attendance.objects.select_related("engagement", "person"),
        pk=attendance_id,
        engagement_id=engagement_id,
    )
    attendance_remove(attendance=attendance, actor=request.user)
    messages.success(request, _("%(name)s 님을 참석자에서 뺐습니다.") % {"name": attendance.person.name})
    return _back(attendance.engagement, "attendance")
