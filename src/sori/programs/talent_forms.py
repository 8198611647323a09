"""Forms of the talent programme: a cohort, an applicant, a trainee's moves, a placement, a firm's need."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sori.core.forms import DateInput, new_key, upload_within
from sori.programs.models import CourseKind, NeedKind, PlacementKind, Program, ProgramKind, TalentNeed
from sori.registry.models import INTERNAL_KINDS, Organisation

DATE_ERRORS = {"invalid": _("날짜를 2026-03-31처럼 적어 주세요."), "required": _("날짜를 적어 주세요.")}


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), error_messages=DATE_ERRORS, help_text=help_text
    )


def _firms() -> Any:
    return Organisation.objects.exclude(kind__in=INTERNAL_KINDS).order_by("name")


class _Keyed(forms.Form):
    """A creating form: a fresh submission key, so a second POST of the same form does not create twice."""

    submission_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", new_key())


class CohortForm(_Keyed):
    name = forms.CharField(
        label=_("기수명"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("예: AI사관학교 6기")}),
        error_messages={"required": _("기수명을 적어 주세요(예: AI사관학교 6기).")},
    )
    course_kind = forms.ChoiceField(label=_("과정 구분"), choices=CourseKind.choices)
    program = forms.ModelChoiceField(
        label=_("인재 양성 사업"), queryset=Program.objects.none(), required=False, empty_label=_("(없음)")
    )
    seats = forms.IntegerField(
        label=_("정원"), min_value=1, max_value=1000, error_messages={"required": _("정원을 적어 주세요.")}
    )
    starts_on = _date(_("교육 시작일"))
    ends_on = _date(_("교육 종료일"))
    operator = forms.ModelChoiceField(
        label=_("운영 기관"), queryset=Organisation.objects.none(), required=False, empty_label=_("(없음)")
    )
    description = forms.CharField(
        label=_("과정 소개"), required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["program"]).queryset = Program.objects.filter(
            kind=ProgramKind.TALENT
        )
        cast(forms.ModelChoiceField, self.fields["operator"]).queryset = _firms()

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("submission_key", None)
        return data


class TraineeAddForm(_Keyed):
    name = forms.CharField(
        label=_("이름"), max_length=100, error_messages={"required": _("교육생 이름을 적어 주세요.")}
    )
    contact = forms.CharField(
        label=_("연락처"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("이메일이나 전화번호 — 직원만 봅니다")}),
    )
    applied_on = _date(_("지원일"), required=False, help_text=_("비워 두면 오늘"))


class TraineeImportForm(forms.Form):
    file = forms.FileField(
        label=_("지원자 파일(CSV·엑셀)"),
        help_text=_("첫 줄에 열 이름: 이름(필수), 연락처, 지원일"),
        error_messages={"required": _("가져올 CSV 또는 엑셀(.xlsx) 파일을 골라 주세요.")},
    )

    def clean_file(self) -> Any:
        return upload_within(self.cleaned_data["file"], 10 * 1024 * 1024)


class AttendanceForm(forms.Form):
    attendance_rate = forms.DecimalField(
        label=_("출석률(%)"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        error_messages={"required": _("출석률을 적어 주세요(예: 92.5).")},
    )


class DropForm(forms.Form):
    reason = forms.CharField(
        label=_("중도 포기 사유"),
        max_length=2_000,
        widget=forms.TextInput(attrs={"placeholder": _("예: 타 지역 취업")}),
        error_messages={"required": _("중도 포기 사유를 적어 주세요(예: 타 지역 취업, 개인 사정).")},
    )


class DateForm(forms.Form):
    on = _date(_("일자"), required=False, help_text=_("비워 두면 오늘"))


class NeedChoiceField(forms.ModelChoiceField):
    """An open need, shown with its firm, kind and head count."""

    def label_from_instance(self, obj: Any) -> str:
        return gettext("%(org)s — %(title)s (%(kind)s %(n)s명)") % {
            "org": obj.organisation.name,
            "title": obj.title,
            "kind": obj.get_kind_display(),
            "n": obj.count,
        }


class PlacementForm(_Keyed):
    need = NeedChoiceField(
        label=_("답하는 인재 수요"),
        queryset=TalentNeed.objects.none(),
        required=False,
        empty_label=_("(수요와 무관)"),
        help_text=_("열려 있는 수요를 고르면 기업이 따라 정해집니다."),
    )
    organisation = forms.ModelChoiceField(
        label=_("기업"), queryset=Organisation.objects.none(), required=False, empty_label=_("(수요의 기업)")
    )
    kind = forms.ChoiceField(label=_("구분"), choices=PlacementKind.choices)
    starts_on = _date(_("시작일"))
    note = forms.CharField(label=_("메모"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        needs = TalentNeed.objects.filter(is_open=True).select_related("organisation")
        cast(NeedChoiceField, self.fields["need"]).queryset = needs.order_by(
            "organisation__name", "-posted_on"
        )
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = _firms()


class NeedForm(_Keyed):
    organisation = forms.ModelChoiceField(
        label=_("기업"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("수요를 낸 기업을 골라 주세요.")},
    )
    kind = forms.ChoiceField(label=_("구분"), choices=NeedKind.choices)
    title = forms.CharField(
        label=_("제목"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("예: 머신비전 품질검사 개발자 채용")}),
        error_messages={"required": _("제목을 적어 주세요(예: 머신비전 품질검사 개발자 채용).")},
    )
    count = forms.IntegerField(label=_("인원"), min_value=1, max_value=1000, initial=1)
    description = forms.CharField(
        label=_("내용"), required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = _firms()


class NeedFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("상태"),
        required=False,
        choices=[("", _("모두")), ("open", _("모집 중")), ("closed", _("마감"))],
    )
    kind = forms.ChoiceField(label=_("구분"), required=False, choices=[("", _("모두")), *NeedKind.choices])

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state") or ""
        return {"is_open": {"open": True, "closed": False}.get(state), "kind": data.get("kind") or ""}
