"""Forms for the registry pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.core.forms import DateInput
from sori.registry.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    ImportKind,
    Mou,
    MouStage,
    Organisation,
    OrganisationKind,
    Origin,
    StrategicField,
    business_number_digits,
)
from sori.registry.services import PROFILE_FIELDS
from sori.registry.services.mous import COMMITMENT_FIELDS


def _blank(choices: Any, label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class OrganisationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("구분"), required=False, choices=_blank(OrganisationKind.choices, _("전체"))
    )
    strategic_field = forms.ChoiceField(
        label=_("전략 분야"), required=False, choices=_blank(StrategicField.choices, _("전체"))
    )
    origin = forms.ChoiceField(
        label=_("지역 구분"), required=False, choices=_blank(Origin.choices, _("전체"))
    )
    mou = forms.ChoiceField(
        label=_("협약"),
        required=False,
        choices=[("", _("전체")), ("yes", _("협약 있음")), ("no", _("협약 없음"))],
    )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        mou = data.get("mou", "")
        return {
            "kind": data.get("kind", ""),
            "strategic_field": data.get("strategic_field", ""),
            "origin": data.get("origin", ""),
            "with_mou": True if mou == "yes" else False if mou == "no" else None,
        }


class OrganisationForm(forms.ModelForm):
    business_number = forms.CharField(
        label=_("사업자등록번호"), max_length=20, required=False, help_text=_("예: 123-45-67890")
    )
    website = forms.URLField(label=_("누리집"), required=False, assume_scheme="https")
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = [f for f in PROFILE_FIELDS if f != "business_number"]
        widgets = {
            "relocated_on": DateInput(),
            "ai_capabilities": forms.Textarea(attrs={"rows": 3}),
            "ai_needs": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["business_number"] = self.instance.business_number_display

    def clean_business_number(self) -> str:
        digits = business_number_digits(self.cleaned_data.get("business_number") or "")
        if digits and len(digits) != 10:
            raise forms.ValidationError(_("사업자등록번호는 숫자 10자리입니다(예: 123-45-67890)."))
        return digits

    def validate_unique(self) -> None:
        # The service checks names by their key and numbers by their digits, with clearer messages.
        pass

    def profile(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in PROFILE_FIELDS}


class MouFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("후속 단계"), required=False, choices=_blank(MouStage.choices, _("전체"))
    )

    def values(self) -> dict[str, Any]:
        return {"stage": self.cleaned_data.get("stage", "") if self.is_valid() else ""}


class MouForm(forms.ModelForm):
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Mou
        fields = ["title", "signed_on", "parties", "engagement", "event", "summary"]
        widgets = {
            "signed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "parties": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = cast(forms.ModelMultipleChoiceField, self.fields["parties"])
        parties.queryset = Organisation.objects.order_by("name")
        parties.help_text = _("Ctrl(⌘) 키를 누른 채 여러 기관을 고를 수 있습니다.")
        engagement = cast(forms.ModelChoiceField, self.fields["engagement"])
        if engagement.queryset is not None:  # a foreign key's field always has one
            engagement.queryset = engagement.queryset.select_related("series")


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("다음 단계"), choices=MouStage.choices)
    reason = forms.CharField(
        label=_("사유"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("정체·철회에는 사유가 꼭 필요합니다."),
    )
    on = forms.DateField(label=_("변경일"), required=False, widget=DateInput())


class CommitmentForm(forms.ModelForm):
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Commitment
        fields = list(COMMITMENT_FIELDS)
        widgets = {"target_date": DateInput(), "realised_on": DateInput()}
        help_texts = {
            "target_number": _("고용은 명, 투자는 원 단위"),
            "realised_number": _("고용은 명, 투자는 원 단위"),
        }

    def __init__(self, *args: Any, mou: Mou, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = mou.parties.order_by("name")
        cast(forms.ChoiceField, self.fields["kind"]).choices = CommitmentKind.choices
        cast(forms.ChoiceField, self.fields["status"]).choices = CommitmentStatus.choices

    def values(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("가져올 대상"), choices=ImportKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(label=_("파일(.xlsx 또는 .csv)"))


class PersonFilterForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("연락 동의"),
        required=False,
        choices=[("", _("전체")), ("yes", _("동의")), ("no", _("미동의"))],
    )
    erased = forms.BooleanField(label=_("삭제된 인물 포함"), required=False)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        consent = data.get("consent", "")
        return {
            "contact_consent": True if consent == "yes" else False if consent == "no" else None,
            "erased": bool(data.get("erased")),
        }


class PersonEraseForm(forms.Form):
    reason = forms.CharField(
        label=_("삭제 사유"),
        max_length=300,
        help_text=_(
            "누가 언제 어떻게 요구했는지 적어 주세요. 이름·연락처는 적지 마세요 — 적어도 지워집니다."
        ),
        error_messages={
            "required": _("삭제 사유를 적어 주세요. 예: 정보주체의 삭제 요구(2026. 1. 5. 전화 접수).")
        },
    )
    confirm = forms.BooleanField(
        label=_("위 내용을 확인했으며, 삭제한 개인정보는 되살릴 수 없음을 압니다."),
        error_messages={"required": _("삭제하려면 확인란에 표시해 주세요. 아무 것도 지우지 않았습니다.")},
    )
