"""Forms for the staff feedback pages: list filters (GET) and the channel of one message (POST)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.feedback.models import Channel, DeliveryStatus
from sori.feedback.notes import NOTE_LIMIT, check_note


class _Filters(forms.Form):
    """Optional, forgiving filters: an unknown value is ignored, never an error page."""

    q = forms.CharField(required=False, label=_("검색"))

    def values(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k != "q"}


class OwedFilterForm(_Filters):
    channel = forms.ChoiceField(
        choices=[("", _("모든 경로")), (Channel.EMAIL, _("이메일")), (Channel.LETTER, _("서면"))],
        required=False,
        label=_("경로"),
    )


class OutboxFilterForm(_Filters):
    status = forms.ChoiceField(
        choices=[("", _("모든 상태")), *DeliveryStatus.choices], required=False, label=_("상태")
    )
    channel = forms.ChoiceField(
        choices=[("", _("모든 경로")), *Channel.choices], required=False, label=_("경로")
    )


class SendForm(forms.Form):
    """How to tell one proposer: e-mail only when there is an address they agreed to be contacted at."""

    channel = forms.ChoiceField(
        label=_("보내는 방법"),
        widget=forms.RadioSelect,
        error_messages={"required": _("보내는 방법을 골라 주세요.")},
    )

    note = forms.CharField(
        label=_("덧붙이는 말 (선택)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-limit": NOTE_LIMIT}),
        help_text=_("인사말이나 담당자 안내처럼 이 제안자에게만 드릴 말: 회신 첫머리에 실립니다."),
    )

    def clean_note(self) -> str:
        return check_note(self.cleaned_data.get("note", ""))

    def __init__(self, *args: Any, address: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = []
        if address:
            choices.append((Channel.EMAIL, _("이메일 (%(address)s)") % {"address": address}))
        choices += [
            (Channel.LETTER, _("서면 — 기록하고 인쇄용 회신문을 엽니다")),
            (Channel.LINK, _("상태 확인 링크 — 링크를 전달한 것으로 기록합니다")),
        ]
        field = cast(forms.ChoiceField, self.fields["channel"])
        field.choices = choices
        field.error_messages["invalid_choice"] = _(
            "연락에 동의한 이메일 주소가 없습니다. 서면이나 상태 확인 링크로 알려 주세요."
        )
        self.initial.setdefault("channel", Channel.EMAIL if address else Channel.LETTER)
