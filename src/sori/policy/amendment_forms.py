"""The form staff paste an article into: the law's name, the article, the current and the proposed text."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _


class AmendmentForm(forms.Form):
    title = forms.CharField(
        label=_("법규명"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("예: 광주광역시 인공지능산업 육성 조례")}),
    )
    article = forms.CharField(
        label=_("조문"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("예: 제7조(컴퓨팅 자원 지원)")}),
    )
    current_text = forms.CharField(
        label=_("현행 조문"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_(
            "지금 시행 중인 조문을 그대로 붙여 넣으세요. 한 줄에 항·호·목 하나(①, 1., 가.). "
            "새 조문이면 비워 두세요(신설)."
        ),
    )
    proposed_text = forms.CharField(
        label=_("개정안"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_("바꾼 뒤의 조문 전체. 조문을 없애는 것이면 비워 두세요(삭제)."),
    )
    rationale = forms.CharField(
        label=_("개정 이유"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def new_key() -> str:
        return uuid.uuid4().hex
