"""The subscription form; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.webhooks.models import SUBSCRIBABLE, web_url


class WebhookForm(forms.Form):
    name = forms.CharField(
        label=_("이름"), max_length=100, help_text=_("받는 시스템을 알아볼 이름 (예: 시 예산관리시스템)")
    )
    # A text field, not URLField: its own check would repeat ours and accept ftp://.
    url = forms.CharField(
        label=_("수신 주소"),
        max_length=500,
        validators=[web_url],
        help_text=_("JSON을 POST로 받을 https:// 주소"),
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://", "autocomplete": "off"}),
    )
    events = forms.MultipleChoiceField(
        label=_("받을 이벤트"),
        choices=[(e.value, e.label) for e in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
    )
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)
