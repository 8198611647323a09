"""Forms of the midfielder service: an introduction, its next stage, stopping it, finding introductions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sori.core.forms import DateInput, new_key
from sori.core.roles import CAPABILITIES
from sori.programs.matching_forms import NEED_KINDS
from sori.programs.models import Introduction, IntroductionStage
from sori.programs.services.introductions import AI_SIDE_KINDS
from sori.programs.workflow import introduction_next_stages
from sori.registry.models import Organisation

DATE_ERRORS = {"invalid": _("날짜를 2026-03-31처럼 적어 주세요."), "required": _("날짜를 적어 주세요.")}


def coordinators() -> Any:
    """Return the users who may coordinate introductions: active users who manage programs."""
    roles = CAPABILITIES["program.manage"]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(profile__role__in=roles))
        .order_by("first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class IntroductionForm(forms.Form):
    """A new introduction: the manufacturer and its need, the AI firm, who follows it up, when."""

    manufacturer = forms.ModelChoiceField(
        label=_("수요 기업(제조·중소·뿌리)"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("AI를 도입하려는 제조·중소·뿌리기업을 골라 주세요.")},
    )
    need = forms.CharField(
        label=_("AI 수요"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("비워 두면 기관 프로필의 AI 수요를 씁니다."),
    )
    ai_firm = forms.ModelChoiceField(
        label=_("소개할 AI기업"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("소개할 AI기업을 골라 주세요.")},
    )
    coordinator = UserChoiceField(label=_("담당 코디네이터"), queryset=User.objects.none(), required=False)
    introduced_on = forms.DateField(
        label=_("소개일"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("비워 두면 오늘"),
    )
    note = forms.CharField(
        label=_("메모"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("예: 양사 대표 통화 연결, 11. 20. 현장 방문 제안"),
    )
    match_score = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0, max_value=1)
    submission_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["manufacturer"]).queryset = Organisation.objects.filter(
            kind__in=NEED_KINDS
        ).order_by("name")
        cast(forms.ModelChoiceField, self.fields["ai_firm"]).queryset = Organisation.objects.filter(
            kind__in=AI_SIDE_KINDS
        ).order_by("name")
        cast(UserChoiceField, self.fields["coordinator"]).queryset = coordinators()
        if not self.is_bound:
            self.initial.setdefault("submission_key", new_key())

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class AdvanceForm(forms.Form):
    """The next stage of an introduction (not 중단: that has its own form with a reason)."""

    stage = forms.ChoiceField(label=_("다음 단계"), choices=())
    date = forms.DateField(
        label=_("일자"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("비워 두면 오늘"),
    )
    note = forms.CharField(
        label=_("메모"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("예: 공장 방문, 불량 이미지 2천 장 제공 합의"),
    )

    def __init__(self, *args: Any, introduction: Introduction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stages = [s for s in introduction_next_stages(introduction) if s != IntroductionStage.STOPPED]
        cast(forms.ChoiceField, self.fields["stage"]).choices = [(s.value, s.label) for s in stages]


class StopForm(forms.Form):
    reason = forms.CharField(
        label=_("중단 사유"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("중단 사유를 적어 주세요(예: 투자 일정 연기, 보유 데이터 부족).")},
    )
    date = forms.DateField(
        label=_("일자"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("비워 두면 오늘"),
    )


class IntroductionFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("단계"), required=False, choices=[("", _("모두")), *IntroductionStage.choices]
    )
    stalled = forms.BooleanField(label=_("멈춘 연결만"), required=False)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"stage": data.get("stage") or "", "stalled": bool(data.get("stalled"))}
