"""The matching page's form: a site or a company with AI needs, and the demonstration period."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.core.forms import DateInput
from sori.programs.models import DemoSite
from sori.registry.models import Organisation, OrganisationKind

NEED_KINDS = (OrganisationKind.MANUFACTURER, OrganisationKind.SME, OrganisationKind.ROOT_INDUSTRY)


class MatchForm(forms.Form):
    site = forms.ModelChoiceField(label=_("실증 공간"), queryset=DemoSite.objects.none(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("AI 수요 기업(제조·중소·뿌리)"), queryset=Organisation.objects.none(), required=False
    )
    starts_on = forms.DateField(label=_("실증 시작일"), widget=DateInput(), required=False)
    ends_on = forms.DateField(label=_("실증 종료일"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = DemoSite.objects.all()
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = Organisation.objects.filter(
            kind__in=NEED_KINDS
        ).exclude(ai_needs="")
        self.today = today

    def period(self) -> tuple[dt.date, dt.date]:
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("starts_on") or self.today
        end = data.get("ends_on") or start + dt.timedelta(days=180)
        return start, max(start, end)
