"""Forms of the organise screen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sori.voices.forms import IdListField
from sori.voices.models import Decision, Demand, OrganisingRun, Stage, Suggestion, SuggestionKind, Theme
from sori.voices.organise.suggestion_decisions import ADD, CREATE


class AcceptForm(forms.Form):
    """Accept a suggested group as a new demand, or add its ticked members to an existing demand."""

    action = forms.ChoiceField(choices=[(CREATE, _("새 수요로 묶기")), (ADD, _("기존 수요에 추가"))])
    ids = IdListField(required=False)
    title = forms.CharField(required=False, max_length=300, label=_("새 수요(한 문장)"))
    theme = forms.ModelChoiceField(Theme.objects.all(), required=False, label=_("분야"))
    # Answered demands may take new proposals too (the proposer is then owed the existing answer).
    demand = forms.ModelChoiceField(
        Demand.objects.exclude(stage=Stage.MERGED), required=False, label=_("기존 수요")
    )
    run = forms.ModelChoiceField(OrganisingRun.objects.all(), required=False)
    group = forms.IntegerField(required=False)
    submission_key = forms.CharField(required=False, max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("ids"):
            raise ValidationError(_("묶을 제안을 하나 이상 선택해 주세요."))
        if data.get("action") == CREATE and not (data.get("title") or "").strip():
            raise ValidationError(_("새 수요를 한 문장으로 적어 주세요."))
        if data.get("action") == ADD and data.get("demand") is None:
            raise ValidationError(_("제안을 추가할 수요를 골라 주세요."))
        return data


class DismissForm(forms.Form):
    run = forms.ModelChoiceField(OrganisingRun.objects.all(), required=False)
    group = forms.IntegerField()
    ids = IdListField()


class DismissSuggestionForm(forms.Form):
    suggestion = forms.ModelChoiceField(Suggestion.objects.filter(kind=SuggestionKind.DEMAND, active=True))


class SuggestionFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("검색"))
    kind = forms.ChoiceField(
        choices=[("", _("모든 종류")), *SuggestionKind.choices], required=False, label=_("종류")
    )
    decision = forms.ChoiceField(
        choices=[("", _("전체")), ("none", _("결정 전")), *Decision.choices], required=False, label=_("결정")
    )

    def values(self) -> dict[str, str]:
        self.is_valid()
        return {k: self.cleaned_data.get(k) or "" for k in ("kind", "decision")}
