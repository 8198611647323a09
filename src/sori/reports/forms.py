"""The period of a briefing pack and the meeting picker."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("시작일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("종료일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("시작일이 종료일보다 늦습니다. 날짜를 바꿔 다시 골라 주세요."))
        return data

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """Return the chosen period; an invalid form means the whole period."""
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")


class MeetingPickForm(forms.Form):
    meeting = forms.IntegerField(label=_("회의"))
    format = forms.ChoiceField(choices=[("pdf", "PDF"), ("xlsx", _("엑셀"))], initial="pdf")
