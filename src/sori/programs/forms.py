"""Forms for the programs pages: they parse input; the services decide."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sori.core.forms import DateInput
from sori.programs.models import Call, ProgramKind, RequestType, SiteKind, UsageFormat
from sori.programs.services.calls import RULE_FIELDS
from sori.registry.models import Organisation, OrganisationKind, Origin

MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m", **kwargs)


def month_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=MONTH_FORMATS, widget=MonthInput(), help_text=_("예: 2026-03")
    )


class KeyedForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)


def _companies() -> Any:
    return Organisation.objects.exclude(kind__in=[OrganisationKind.DEPARTMENT, OrganisationKind.COMMITTEE])


class ProgramForm(KeyedForm):
    name = forms.CharField(label=_("사업명"), max_length=200)
    kind = forms.ChoiceField(label=_("구분"), choices=ProgramKind.choices)
    operator = forms.ModelChoiceField(
        label=_("운영 기관"), queryset=Organisation.objects.all(), required=False
    )
    description = forms.CharField(label=_("사업 개요"), widget=forms.Textarea, required=False)
    slurm_cluster = forms.CharField(label=_("Slurm 클러스터"), required=False, max_length=64)


_CRITERION = re.compile(r"^\s*(.+?)\s*[:：]\s*(\d+)\s*$")
_CAPACITY = re.compile(
    r"^\s*([A-Za-z0-9_.-]+)\s*(?:[:：]\s*(\d*)\s*(?:[:：]\s*([A-Za-z0-9_.-]*)\s*(?:[:：]\s*(.*?))?)?)?\s*$"
)


class CallForm(forms.ModelForm):
    first_month = month_field(_("지원 시작 월"))
    criteria_text = forms.CharField(
        label=_("평가 항목과 배점"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("한 줄에 하나씩 '항목: 배점' (예: 기술성: 40)"),
    )
    capacity_text = forms.CharField(
        label=_("자원별 월 용량"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "한 줄에 하나씩 '자원: 공고 월 한도: GRES 유형: 자원 풀' "
            "(예: H100: 32: h100: 광주 AI데이터센터 H100). "
            "풀을 비우면 운영 기관의 같은 자원 풀을 쓰고, 없으면 월 한도만큼의 풀을 새로 만듭니다. "
            "한도를 비우면 풀의 용량만 따릅니다."
        ),
    )
    reason = forms.CharField(
        label=_("변경 사유"), required=False, help_text=_("규칙을 바꿀 때 적습니다(감사 기록에 남습니다).")
    )
    eligible_origins = forms.MultipleChoiceField(
        label=_("자격 지역 구분"),
        choices=Origin.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "고르면 기관 정보의 지역 구분이 이 중 하나인 기관만 선정·연장됩니다(예외 승인 제외). "
            "고르지 않으면 제한하지 않습니다."
        ),
    )

    class Meta:
        model = Call
        fields = list(RULE_FIELDS)
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "renewal_requirements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        call = self.instance
        if call.pk and not self.is_bound:
            self.initial["criteria_text"] = "\n".join(f"{c.name}: {c.weight}" for c in call.criteria.all())
            self.initial["capacity_text"] = "\n".join(
                f"{c.resource}: {'' if c.units_per_month is None else c.units_per_month}: {c.gres_type}: "
                f"{c.pool.name}"
                for c in call.capacities.select_related("pool")
            )

    def clean_criteria_text(self) -> list[tuple[str, int]]:
        out = []
        for n, line in enumerate(self.cleaned_data["criteria_text"].splitlines(), start=1):
            if not line.strip():
                continue
            m = _CRITERION.match(line)
            if not m or int(m[2]) < 1:
                raise forms.ValidationError(
                    _("%(n)s행 '%(l)s': '항목: 배점' 꼴로 적어 주세요.") % {"n": n, "l": line}
                )
            out.append((m[1], int(m[2])))
        return out

    def clean_capacity_text(self) -> list[tuple[str, int | None, str, str]]:
        out = []
        for n, line in enumerate(self.cleaned_data["capacity_text"].splitlines(), start=1):
            if not line.strip():
                continue
            m = _CAPACITY.match(line)
            if not m:
                raise forms.ValidationError(
                    _("%(n)s행 '%(l)s': '자원: 공고 월 한도: GRES 유형: 자원 풀' 꼴로 적어 주세요.")
                    % {"n": n, "l": line}
                )
            out.append((m[1], int(m[2]) if m[2] else None, (m[3] or "").lower(), (m[4] or "").strip()))
        return out

    def rules(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class ApplicationForm(KeyedForm):
    organisation = forms.ModelChoiceField(label=_("신청 기관"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("과제명"), max_length=200)
    resource = forms.ChoiceField(label=_("자원"))
    amount = forms.IntegerField(label=_("월 신청량(장)"), min_value=1)
    min_amount = forms.IntegerField(
        label=_("최소 수용량(장)"),
        min_value=1,
        required=False,
        help_text=_("이보다 적게 배정되면 받지 않습니다. 비우면 전부 아니면 없음."),
    )
    start_month = month_field(_("시작 월"))
    months = forms.IntegerField(label=_("기간(개월)"), min_value=1)
    summary = forms.CharField(label=_("과제 요약"), widget=forms.Textarea(attrs={"rows": 5}))
    expected_outcomes = forms.CharField(
        label=_("기대 성과"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, call: Call, on_behalf: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["resource"]).choices = [
            (c.resource, c.resource) for c in call.capacities.all()
        ]
        cast(forms.IntegerField, self.fields["months"]).max_value = call.term_months
        self.fields["months"].help_text = _("최대 %(n)s개월") % {"n": call.term_months}
        if on_behalf:
            cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = _companies()
        else:
            del self.fields["organisation"]

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("organisation", "submission_key")}


class FollowUpForm(KeyedForm):
    request_type = forms.ChoiceField(
        label=_("신청 유형"),
        choices=[
            (t.value, t.label) for t in (RequestType.RENEWAL, RequestType.EXTENSION, RequestType.SUPPLEMENT)
        ],
        help_text=_("연장(갱신): 다음 지원 기간 · 기간 연장: 기간만 · 추가 배정: 월 배정량만"),
    )
    months = forms.IntegerField(label=_("기간(개월)"), min_value=1, required=False)
    amount = forms.IntegerField(label=_("월 신청량(장)"), min_value=1, required=False)
    start_month = month_field(_("추가 배정 시작 월"))
    summary = forms.CharField(label=_("사유·계획"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome_products = forms.CharField(
        label=_("제품·서비스"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    outcome_customers = forms.CharField(
        label=_("고객·매출"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    outcome_papers = forms.CharField(
        label=_("논문·특허"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    outcome_references = forms.CharField(
        label=_("실증·레퍼런스"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_month"].required = False


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("평가 의견"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"c{c.id}"] = forms.IntegerField(
                label=f"{c.name} ({_('배점')} {c.weight})", min_value=0, max_value=100
            )

    def scores(self) -> dict[int, int]:
        return {c.id: self.cleaned_data[f"c{c.id}"] for c in self.criteria}


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("이해충돌 사유"), max_length=300)


def reviewer_choices() -> Any:
    return User.objects.filter(
        Q(is_superuser=True) | Q(profile__role__in=["admin", "staff"]), is_active=True
    ).order_by("username")


class ReviewerChoiceField(forms.ModelChoiceField):
    """Show a reviewer by full name, or by user name where none is set."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(label=_("평가위원"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ReviewerChoiceField, self.fields["reviewer"]).queryset = reviewer_choices()


class OverrideForm(forms.Form):
    final = forms.IntegerField(label=_("최종 배정량"), min_value=0)
    reason = forms.CharField(label=_("조정 사유"), max_length=500)
    exception_reason = forms.CharField(
        label=_("예외 승인 사유"),
        max_length=1000,
        required=False,
        help_text=_("풀 용량을 넘겨 배정할 때만 적습니다(감사 기록과 협약 페이지에 남습니다)."),
    )


class ExceptionForm(forms.Form):
    reason = forms.CharField(label=_("예외 승인 사유"), max_length=1000)


class ShortReviewForm(forms.Form):
    usage_score = forms.IntegerField(label=_("사용 실적 점수(0~100)"), min_value=0, max_value=100)
    outcome_score = forms.IntegerField(label=_("성과 점수(0~100)"), min_value=0, max_value=100)
    recommend = forms.TypedChoiceField(
        label=_("권고"), choices=[("1", _("승인 권고")), ("0", _("반려 권고"))], coerce=lambda v: v == "1"
    )
    recommended_amount = forms.IntegerField(label=_("권고 월 배정량"), min_value=1, required=False)
    comment = forms.CharField(label=_("의견"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("결정"), choices=[("1", _("승인")), ("0", _("반려"))], coerce=lambda v: v == "1"
    )
    amount = forms.IntegerField(label=_("배정 월 배정량"), min_value=1, required=False)
    reason = forms.CharField(label=_("결정 사유"), max_length=500)
    exception_reason = forms.CharField(
        label=_("예외 승인 사유"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        help_text=_(
            "규칙(연장 최소 사용률·최대 연장 횟수·신청 자격·신규 기업 몫·풀 용량)에 "
            "맞지 않는데도 승인할 때만 적습니다. 감사 기록과 협약 페이지에 '예외 승인'으로 남습니다."
        ),
    )


class ReclaimForm(forms.Form):
    keep = forms.IntegerField(label=_("다음 달부터 남길 월 배정량"), min_value=0)
    reason = forms.CharField(label=_("회수 사유"), max_length=500)


class SlurmForm(forms.Form):
    account = forms.CharField(label=_("Slurm 계정"), max_length=64)
    users = forms.CharField(label=_("Slurm 사용자(쉼표로 구분)"), max_length=300, required=False)


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("진행 내용"), widget=forms.Textarea(attrs={"rows": 4}))


class UsageReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("인정")), ("reject", _("제외"))])
    reason = forms.CharField(label=_("사유"), max_length=300, required=False)


class UsageUploadForm(forms.Form):
    file = forms.FileField(label=_("사용량 파일"))
    format = forms.ChoiceField(label=_("형식"), choices=UsageFormat.choices, initial=UsageFormat.SACCT)


class SiteForm(forms.Form):
    name = forms.CharField(label=_("공간명"), max_length=200)
    kind = forms.ChoiceField(label=_("유형"), choices=SiteKind.choices)
    owner = forms.ModelChoiceField(label=_("제공 기관"), queryset=Organisation.objects.all(), required=False)
    place = forms.CharField(label=_("위치"), max_length=200)
    testable = forms.CharField(label=_("실증 가능 분야"), widget=forms.Textarea(attrs={"rows": 3}))
    available_from = forms.DateField(label=_("이용 가능 시작일"), widget=DateInput())
    available_until = forms.DateField(label=_("이용 가능 종료일"), widget=DateInput())
    capacity = forms.IntegerField(label=_("동시 수용 기업 수"), min_value=1, initial=1)


class PoolForm(KeyedForm):
    name = forms.CharField(label=_("풀 이름"), max_length=200, help_text=_("예: 광주 AI데이터센터 H100"))
    operator = forms.ModelChoiceField(
        label=_("운영 기관"), queryset=Organisation.objects.all(), required=False
    )
    resource = forms.CharField(label=_("자원"), max_length=40, help_text=_("예: H100"))
    units_per_month = forms.IntegerField(label=_("월 용량"), min_value=0)
    from_month = month_field(_("적용 시작 월"))


class PoolCapacityForm(forms.Form):
    from_month = month_field(_("적용 시작 월"))
    units = forms.IntegerField(label=_("월 용량"), min_value=0)
    reason = forms.CharField(
        label=_("변경 사유"), max_length=300, required=False, help_text=_("예: 2026년 증설 30대 반입")
    )
