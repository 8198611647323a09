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

from sori.core.exports import xlsx_response
from sori.core.permissions import require
from sori.engagement import selectors
from sori.engagement.forms import AgendaForm, AttendanceForm, EntryForm, MeetingForm, MinutesForm, new_key
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
from sori.engagement.views._common import add_errors
from sori.voices.services import proposals_record_lines


def _meeting(engagement_id: int) -> Engagement:
    try:
        return selectors.meeting_detail(engagement_id)
    except Engagement.DoesNotExist as exc:
        raise Http404 from exc


def _render_detail(request: HttpRequest, meeting: Engagement, **forms: Any) -> HttpResponse:
    context = {
        "meeting": meeting,
        "proposals": selectors.meeting_proposals(meeting),
        "entry_form": forms.get("entry_form") or EntryForm(initial={"submission_key": new_key()}),
        "agenda_form": forms.get("agenda_form") or AgendaForm(),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(),
        "minutes_form": forms.get("minutes_form") or MinutesForm(initial={"minutes": meeting.minutes}),
        "saved_key": request.GET.get("saved", ""),
        "batches": selectors.recent_batches(meeting),
    }
    return render(request, "engagement/meeting_detail.html", context)


def _back(meeting: Engagement, anchor: str = "") -> HttpResponse:
    return redirect(
        reverse("engagement:meeting_detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")
    )


@require("engagement.manage")
def meeting_create(request: HttpRequest, series_id: int) -> HttpResponse:
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
            add_errors(form, exc)
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
def meeting_edit(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """Edit a meeting's round, title, theme, date and time, place, attendee count and minutes."""
    meeting = get_object_or_404(Engagement.objects.select_related("series"), pk=engagement_id)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            engagement_update(engagement=meeting, actor=request.user, **form.values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("간담회 정보를 저장했습니다."))
            return _back(meeting)
    return render(
        request, "engagement/meeting_form.html", {"form": form, "series": meeting.series, "meeting": meeting}
    )


@require("engagement.manage")
def meeting_detail(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """Show a meeting: fast entry of proposals, who said what, agenda, attendance and minutes."""
    meeting = _meeting(engagement_id)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            _("%(meeting)s_제안.xlsx") % {"meeting": meeting.title},
            _("제안"),
            [_("번호"), _("기관"), _("제안자"), _("내용"), _("접수일시"), _("정책 수요")],
            (
                [
                    i,
                    p.organisation or "",
                    p.person.name if p.person else "",
                    p.text,
                    p.received_at,
                    p.demand or "",
                ]
                for i, p in enumerate(selectors.meeting_proposals(meeting), start=1)
            ),
        )
    return _render_detail(request, meeting)


@require("proposal.record")
@require_POST
def meeting_entry(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """Record the typed lines as proposals of this meeting, all or nothing."""
    meeting = _meeting(engagement_id)
    form = EntryForm(request.POST)
    if form.is_valid():
        key = form.cleaned_data["submission_key"] or new_key()
        repeated = selectors.entry_recorded(key)
        try:
            recorded = proposals_record_lines(
                raw=form.cleaned_data["raw"], actor=request.user, engagement=meeting, submission_key=key
            )
        except ValidationError as exc:
            form.add_error("raw", exc)
        else:
            if repeated:
                messages.info(request, _("이미 저장된 입력입니다. 같은 제안을 두 번 기록하지 않았습니다."))
            else:
                messages.success(
                    request,
                    _(
                        "제안 %(count)s건을 기록했습니다. "
                        "이어서 입력하거나 제안 정리에서 정책 수요로 묶어 주세요."
                    )
                    % {"count": len(recorded)},
                )
            return redirect(reverse("engagement:meeting_detail", args=[meeting.pk]) + f"?saved={key}#entry")
    messages.error(
        request,
        _("저장하지 못했습니다 — 아무 것도 저장되지 않았습니다. 아래 오류를 고쳐 다시 저장해 주세요."),
    )
    return _render_detail(request, meeting, entry_form=form)


@require("engagement.manage")
@require_POST
def meeting_minutes(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """Save a meeting's minutes."""
    meeting = _meeting(engagement_id)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, meeting, minutes_form=form)
    engagement_update(engagement=meeting, actor=request.user, minutes=form.cleaned_data["minutes"])
    messages.success(request, _("회의록을 저장했습니다."))
    return _back(meeting, "minutes")


@require("engagement.manage")
@require_POST
def agenda_add(request: HttpRequest, engagement_id: int) -> HttpResponse:
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
            add_errors(form, exc)
        else:
            messages.success(request, _("발제를 추가했습니다."))
            return _back(meeting, "agenda")
    return _render_detail(request, meeting, agenda_form=form)


@require("engagement.manage")
@require_POST
def agenda_remove(request: HttpRequest, engagement_id: int, item_id: int) -> HttpResponse:
    """Remove a presentation from the agenda."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("engagement"), pk=item_id, engagement_id=engagement_id
    )
    agenda_item_remove(item=item, actor=request.user)
    messages.success(request, _("발제 '%(topic)s'을(를) 뺐습니다.") % {"topic": item.topic})
    return _back(item.engagement, "agenda")


@require("engagement.manage")
@require_POST
def agenda_move(request: HttpRequest, engagement_id: int, item_id: int) -> HttpResponse:
    """Move a presentation up or down one place."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("engagement"), pk=item_id, engagement_id=engagement_id
    )
    agenda_item_move(item=item, offset=-1 if request.POST.get("direction") == "up" else 1, actor=request.user)
    return _back(item.engagement, "agenda")


@require("engagement.manage")
@require_POST
def attendance_add_view(request: HttpRequest, engagement_id: int) -> HttpResponse:
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
            add_errors(form, exc)
        else:
            messages.success(request, _("참석자 %(count)s명을 기록했습니다.") % {"count": len(added)})
            return _back(meeting, "attendance")
    return _render_detail(request, meeting, attendance_form=form)


@require("engagement.manage")
@require_POST
def attendance_remove_view(request: HttpRequest, engagement_id: int, attendance_id: int) -> HttpResponse:
    """Remove one attendee from the meeting."""
    attendance = get_object_or_404(
        Attendance.objects.select_related("engagement", "person"),
        pk=attendance_id,
        engagement_id=engagement_id,
    )
    attendance_remove(attendance=attendance, actor=request.user)
    messages.success(request, _("%(name)s 님을 참석자에서 뺐습니다.") % {"name": attendance.person.name})
    return _back(attendance.engagement, "attendance")
