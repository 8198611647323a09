"""Forms for the series and meeting pages: they parse input; services decide and write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sori.core.formatting import WEEKDAY_NAMES
from sori.core.forms import DateInput, TimeInput
from sori.engagement.models import Engagement
from sori.engagement.services.series import MAX_ROUNDS, RoundPlan
from sori.registry.models import Person

WEEKDAY_CHOICES = [(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)]


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    host_name = forms.CharField(
        label=_("주최 기관"), max_length=200, required=False, help_text=_("예: 광주광역시의회 AI특별위원회")
    )
    description = forms.CharField(label=_("설명"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    answer_days = forms.IntegerField(
        label=_("답변 기한(일)"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_("부서에 보낸 뒤 첫 답변까지의 일수. 비워 두면 기본값을 씁니다."),
    )


class SeriesCreateForm(SeriesForm):
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    round_count = forms.IntegerField(label=_("회차 수"), required=False, min_value=1, max_value=MAX_ROUNDS)
    first_date = forms.DateField(label=_("첫 회 날짜"), required=False, widget=DateInput)
    weekdays = forms.MultipleChoiceField(
        label=_("요일"), required=False, choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    time = forms.TimeField(label=_("시각"), required=False, initial=dt.time(7, 30), widget=TimeInput)
    place = forms.CharField(label=_("장소"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("round_count") and not data.get("first_date"):
            self.add_error("first_date", _("회차를 자동으로 만들려면 첫 회 날짜를 적어 주세요."))
        return data

    def round_plan(self) -> RoundPlan | None:
        data = self.cleaned_data
        if not data.get("round_count"):
            return None
        return RoundPlan(
            count=data["round_count"],
            first_date=data["first_date"],
            weekdays=frozenset(int(d) for d in data["weekdays"]),
            time=data.get("time") or dt.time(7, 30),
            place=data.get("place", ""),
        )


class MeetingForm(forms.Form):
    round = forms.IntegerField(label=_("차수"), min_value=1, max_value=999)
    title = forms.CharField(label=_("제목"), max_length=200)
    theme = forms.CharField(label=_("주제"), max_length=200, required=False)
    date = forms.DateField(label=_("날짜"), widget=DateInput)
    time = forms.TimeField(label=_("시각"), initial=dt.time(7, 30), widget=TimeInput)
    place = forms.CharField(label=_("장소"), max_length=200, required=False)
    attendee_count = forms.IntegerField(label=_("참석 인원"), required=False, min_value=0)
    minutes = forms.CharField(label=_("회의록"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    @classmethod
    def initial_for(cls, meeting: Engagement) -> dict[str, Any]:
        local = timezone.localtime(meeting.starts_at)
        return {
            "round": meeting.round,
            "title": meeting.title,
            "theme": meeting.theme,
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "attendee_count": meeting.attendee_count,
            "minutes": meeting.minutes,
        }

    def values(self) -> dict[str, Any]:
        """Return the service's keyword arguments."""
        data = dict(self.cleaned_data)
        data["starts_at"] = timezone.make_aware(dt.datetime.combine(data.pop("date"), data.pop("time")))
        return data


class AgendaForm(forms.Form):
    presenter = forms.CharField(label=_("발제자"), max_length=100)
    presenter_organisation = forms.CharField(label=_("발제 기관"), max_length=200, required=False)
    topic = forms.CharField(label=_("주제"), max_length=300)


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("등록된 인물"),
        queryset=Person.objects.select_related("organisation").order_by("name", "id"),
        required=False,
        empty_label=_("— 고르기 —"),
    )
    typed = forms.CharField(
        label=_("새 참석자 (한 줄에 한 명: 이름, 소속, 직위)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("홍길동, ㈜광주AI, 대표")}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("person") and not (data.get("typed") or "").strip():
            raise forms.ValidationError(_("참석자를 고르거나 '이름, 소속, 직위'로 적어 주세요."))
        return data


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("회의록"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
