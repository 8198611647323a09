"""Forms for approval (결재): a draft of the answer, the approver's comment, and a department's rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sori.core.roles import Role
from sori.policy.forms import DecisionForm
from sori.registry.models import Organisation, OrganisationKind
from sori.voices.outcomes import Outcome


class DraftForm(DecisionForm):
    """The decision form read forgivingly: a draft may be half written, so no field is required."""

    outcome = forms.ChoiceField(label=_("처리결과"), choices=[("", "—"), *Outcome.choices], required=False)

    def clean(self) -> dict[str, Any]:
        return self.cleaned_data

    def values(self) -> dict[str, Any]:
        """Return the fields that could be read; a field that could not (a mistyped date) is left empty."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k != "submission_key"}


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("결재 의견"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("반려할 때는 무엇을 고쳐야 하는지 꼭 적어 주세요. 승인할 때는 적지 않아도 됩니다."),
    )


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        organisation = getattr(getattr(obj, "profile", None), "organisation", None)
        return f"{name} ({organisation})" if organisation else name


def _answerers() -> Any:
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(profile__role__in=[Role.OFFICER, Role.STAFF, Role.ADMIN]))
        .select_related("profile__organisation")
        .order_by("profile__organisation__name", "last_name", "first_name", "username")
    )


class ApprovalRuleForm(forms.Form):
    department = forms.ModelChoiceField(
        Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by("name"),
        label=_("부서"),
        error_messages={"required": _("부서를 골라 주세요.")},
    )
    active = forms.BooleanField(label=_("답변에 결재 필요"), required=False, initial=True)
    approver = _UserChoice(_answerers(), label=_("결재권자"), required=False, empty_label=_("고르세요"))
    deputy = _UserChoice(_answerers(), label=_("대결자(선택)"), required=False, empty_label=_("없음"))
