"""Forms for the department inbox (filters) and the decision on a demand."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sori.policy.models import Instrument, ReasonCode
from sori.policy.services import disposition_errors
from sori.registry.models import Organisation, OrganisationKind
from sori.voices.models import Theme
from sori.voices.outcomes import Outcome


def _departments() -> Any:
    return Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by("name")


class InboxFilterForm(forms.Form):
    """Optional, forgiving filters: an unknown value is ignored, never an error page."""

    q = forms.CharField(required=False, label=_("검색"))
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, label=_("분야"), empty_label=_("모든 분야")
    )
    department = forms.ModelChoiceField(
        _departments(), required=False, label=_("소관부서"), empty_label=_("모든 부서")
    )
    overdue = forms.BooleanField(required=False, label=_("답변 기한 초과만"))

    def values(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k != "q"}


# Fields that must be filled for every outcome but 반영 (the server checks; the page marks them as required).
REASON_FIELDS = ("reason_code", "reason", "limits")


class DecisionForm(forms.Form):
    """One form for an answer: outcome, reason code, reason and limits, instrument, department, due date."""

    outcome = forms.ChoiceField(
        label=_("처리결과"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("처리결과를 선택해 주세요.")},
    )
    reason_code = forms.ChoiceField(
        label=_("사유 구분"), choices=[("", _("사유 구분을 고르세요")), *ReasonCode.choices], required=False
    )
    reason = forms.CharField(
        label=_("사유"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("왜 이렇게 결정했는지 — 제안자가 읽고 이해할 수 있는 말로 적어 주세요."),
    )
    limits = forms.CharField(
        label=_("한계"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("지금 할 수 없는 것과, 그래도 할 수 있는 것을 적어 주세요."),
    )
    referred_to = forms.CharField(
        label=_("이관 기관"),
        required=False,
        max_length=200,
        help_text=_("타 기관 이관이거나 타 기관 소관일 때, 그 기관의 이름(예: 정보통신산업진흥원)."),
    )
    instrument = forms.ChoiceField(
        label=_("추진 수단"), choices=[("", _("해당 없음")), *Instrument.choices], required=False
    )
    department = forms.ModelChoiceField(
        _departments(), label=_("소관부서"), required=False, empty_label=_("수요의 소관부서 그대로")
    )
    due_date = forms.DateField(
        label=_("이행 예정일"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("날짜를 2025-12-31처럼 적어 주세요.")},
    )
    submission_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if "outcome" not in data:
            return data
        errors = disposition_errors(
            outcome=data["outcome"],
            reason_code=data.get("reason_code", ""),
            reason=data.get("reason", ""),
            limits=data.get("limits", ""),
            referred_to=data.get("referred_to", ""),
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError next to its fields (or above the form when it names none)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)
