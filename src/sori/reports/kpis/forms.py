"""The KPI dashboard's period filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.core.forms import DateInput


class KpiFilterForm(forms.Form):
    date_from = forms.DateField(label=_("시작일"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("종료일"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("시작일이 종료일보다 늦습니다. 날짜를 바꿔 주세요."))
        return data
