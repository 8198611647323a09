"""Forms for the series, meeting and import pages: they parse input; services decide and write."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sori.core.formatting import WEEKDAY_NAMES
from sori.engagement.models import Engagement, ImportBatch
from sori.engagement.services.imports import fields_for, guess_mapping, table_of
from sori.engagement.services.series import MAX_ROUNDS, RoundPlan
from sori.engagement.tabular import MAX_BYTES, column_letter
from sori.registry.models import Person

WEEKDAY_CHOICES = [(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)]


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


def new_key() -> str:
    return uuid.uuid4().hex


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


class EntryForm(forms.Form):
    raw = forms.CharField(
        label=_("제안 빠른 입력"),
        max_length=400_000,
        widget=forms.Textarea(
            attrs={
                "rows": 10,
                "placeholder": _("㈜아이티앱스: GPU 사용기간을 최소 12개월로 늘려 주세요"),
                "autocomplete": "off",
            }
        ),
        error_messages={"required": _("입력된 제안이 없습니다. 한 줄에 하나씩 입력해 주세요.")},
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("파일 (CSV 또는 엑셀 .xlsx)"),
        error_messages={
            "required": _("올릴 파일을 골라 주세요."),
            "empty": _("빈 파일입니다. 제안이 담긴 CSV 또는 엑셀(.xlsx) 파일을 올려 주세요."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    engagement = forms.ModelChoiceField(
        label=_("간담회"),
        queryset=Engagement.objects.select_related("series").order_by("-starts_at"),
        required=False,
        empty_label=_("— 파일의 '간담회' 열로 정하거나 비워 두기 —"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "파일이 %(size)s MB로 너무 큽니다. %(limit)s MB 이하로 나누어 올려 주세요. "
                    "아무 것도 저장되지 않았습니다."
                )
                % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
            )
        return upload


class MappingForm(forms.Form):
    """One select per proposal field, listing the file's columns; the first guess comes from the header."""

    def __init__(self, *args: Any, batch: ImportBatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = table_of(batch)
        self.import_fields = fields_for(batch)
        guess = batch.mapping or guess_mapping(self.table.header, self.import_fields)
        columns = [("", _("— 쓰지 않음 —"))] + [
            (str(i), _("%(letter)s열: %(name)s") % {"letter": column_letter(i), "name": name})
            for i, name in enumerate(self.table.header)
        ]
        for f in self.import_fields:
            self.fields[f.key] = forms.ChoiceField(
                label=f.label, choices=columns, required=f.required, initial=guess.get(f.key)
            )
            if f.required:
                self.fields[f.key].error_messages["required"] = _(
                    "'%(label)s' 항목에 쓸 열을 골라 주세요. 제안 내용이 없으면 가져올 수 없습니다."
                ) % {"label": f.label}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = [v for v in data.values() if v not in ("", None)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(
                _("한 열을 두 항목에 쓸 수 없습니다. 항목마다 다른 열을 골라 주세요.")
            )
        return data

    def mapping(self) -> dict[str, int | None]:
        return {k: (int(v) if v not in ("", None) else None) for k, v in self.cleaned_data.items()}
