from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.api.models import Scope

DAYS = [(30, _("30일")), (90, _("90일")), (180, _("180일")), (365, _("1년"))]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("이름"),
        max_length=100,
        help_text=_("어디에 쓰는 토큰인지(예: 그룹웨어 연동, 데이터센터 배정 시스템)"),
    )
    scope = forms.ChoiceField(
        label=_("권한 범위"), choices=Scope.choices, initial=Scope.READ, widget=forms.RadioSelect
    )
    days = forms.TypedChoiceField(label=_("유효 기간"), choices=DAYS, coerce=int, initial=90)
