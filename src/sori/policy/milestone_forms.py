"""Forms for the milestones of an answer: adding one, and moving one on with its reason or evidence."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.policy.models import Milestone, MilestoneStatus, http_url
from sori.policy.workflow import milestone_next_statuses

DATE_ERRORS = {"invalid": _("날짜를 2026-06-30처럼 적어 주세요.")}


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={**DATE_ERRORS, "required": _("날짜를 적어 주세요.")},
    )


class MilestoneForm(forms.Form):
    """A new milestone: what is to be done, and by when."""

    title = forms.CharField(
        label=_("이행 단계"),
        max_length=200,
        error_messages={"required": _("이행 단계의 이름을 적어 주세요(예: 조례 개정안 입법예고).")},
    )
    planned_date = _date(_("예정일"), required=True)
    submission_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)


class MilestoneUpdateForm(forms.Form):
    """Move a milestone on: the new status and what it needs (a reason, a new date, evidence)."""

    status = forms.ChoiceField(
        label=_("새 상태"), widget=forms.RadioSelect, error_messages={"required": _("새 상태를 골라 주세요.")}
    )
    reason = forms.CharField(
        label=_("지연·중단 사유"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("지연과 중단에는 꼭 필요합니다. 제안자에게 그대로 알려집니다."),
    )
    new_planned_date = _date(_("새 예정일"))
    completed_on = _date(_("완료일"))
    evidence_note = forms.CharField(
        label=_("근거 설명"), required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_url = forms.CharField(
        label=_("근거 링크"),
        required=False,
        max_length=500,
        validators=[http_url],
        help_text=_("공고문·보도자료·자치법규 등 http:// 또는 https:// 주소"),
    )
    figure = forms.DecimalField(
        label=_("실적 수치"),
        required=False,
        max_digits=16,
        decimal_places=2,
        error_messages={"invalid": _("숫자만 적어 주세요(예: 12).")},
    )
    figure_label = forms.CharField(
        label=_("수치 설명"), required=False, max_length=100, help_text=_("예: 지원 기업 수, 배분 GPU 수")
    )

    def __init__(self, *args: Any, milestone: Milestone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["status"])
        field.choices = [(s.value, s.label) for s in milestone_next_statuses(milestone)]
        field.error_messages["invalid_choice"] = _("이 이행 단계는 그 상태로 바꿀 수 없습니다.")

    @property
    def new_status(self) -> MilestoneStatus:
        return MilestoneStatus(self.cleaned_data["status"])
