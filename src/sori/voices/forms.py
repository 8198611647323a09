"""Forms for the staff pages: list filters (GET) and the grouping, moderation and demand actions (POST)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sori.engagement.models import Engagement, Series
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices.models import Demand, Moderation, Source, Stage, Theme
from sori.voices.outcomes import Outcome
from sori.voices.services.bulk import BulkAction

YES_NO = [("", _("전체")), ("yes", _("예")), ("no", _("아니오"))]


def yes_no(value: str) -> bool | None:
    """Return True for 'yes', False for 'no' and None for anything else."""
    return {"yes": True, "no": False}.get(value)


# What a proposal can be said at and by: newest meetings first; organisations that are not city departments.
MEETINGS = Engagement.objects.select_related("series").order_by("-starts_at")
PROPOSERS = Organisation.objects.exclude(kind=OrganisationKind.DEPARTMENT).order_by("name")


class IdListField(forms.Field):
    """A list of ids from ticked checkboxes (``<input type=checkbox name=ids value=…>``)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        try:
            return list(dict.fromkeys(int(v) for v in value))
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                _("선택한 항목을 알아볼 수 없습니다. 목록을 새로 고친 뒤 다시 선택해 주세요.")
            ) from exc


class _Filters(forms.Form):
    """Filters are optional and forgiving: an unknown value is ignored, never an error page."""

    q = forms.CharField(required=False, label=_("검색"))

    def values(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k != "q"}


class ProposalFilterForm(_Filters):
    series = forms.ModelChoiceField(
        Series.objects.order_by("-created_at"),
        required=False,
        label=_("시리즈"),
        empty_label=_("모든 시리즈"),
    )
    engagement = forms.ModelChoiceField(
        MEETINGS,
        required=False,
        label=_("간담회"),
        empty_label=_("모든 간담회"),
    )
    organisation = forms.ModelChoiceField(
        PROPOSERS,
        required=False,
        label=_("기관"),
        empty_label=_("모든 기관"),
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, label=_("분야"), empty_label=_("모든 분야")
    )
    source = forms.ChoiceField(
        choices=[("", _("모든 경로")), *Source.choices], required=False, label=_("경로")
    )
    grouped = forms.ChoiceField(
        choices=[("", _("전체")), ("yes", _("묶임")), ("no", _("묶기 대기"))], required=False, label=_("묶음")
    )
    moderation = forms.ChoiceField(
        choices=[("", _("전체")), *Moderation.choices], required=False, label=_("접수 상태")
    )

    def values(self) -> dict[str, Any]:
        values = super().values()
        values["grouped"] = yes_no(values.get("grouped", ""))
        return values


class DemandFilterForm(_Filters):
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, label=_("분야"), empty_label=_("모든 분야")
    )
    department = forms.ModelChoiceField(
        Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by("name"),
        required=False,
        label=_("소관부서"),
        empty_label=_("모든 부서"),
    )
    stage = forms.ChoiceField(
        choices=[("", _("병합 제외 전체")), *Stage.choices], required=False, label=_("단계")
    )
    outcome = forms.ChoiceField(
        choices=[("", _("모든 결과")), *Outcome.choices], required=False, label=_("처리결과")
    )
    published = forms.ChoiceField(
        choices=[("", _("전체")), ("yes", _("공개")), ("no", _("비공개"))], required=False, label=_("공개")
    )
    overdue = forms.BooleanField(required=False, label=_("답변 기한 초과만"))

    def values(self) -> dict[str, Any]:
        values = super().values()
        values["published"] = yes_no(values.get("published", ""))
        values["overdue"] = bool(values.get("overdue"))
        return values


class GroupForm(forms.Form):
    """Tick proposals, then "새 수요로 묶기" (create) or "기존 수요에 추가" (add)."""

    ACTIONS = [("create", _("새 수요로 묶기")), ("add", _("기존 수요에 추가"))]

    action = forms.ChoiceField(choices=ACTIONS)
    ids = IdListField(required=False)
    title = forms.CharField(required=False, max_length=300, label=_("수요(한 문장)"))
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, label=_("분야"), empty_label=_("분야 없음")
    )
    # Answered demands take late voices too (the proposers are then owed the standing answer); only a demand
    # merged away is closed, and its page points to the demand it went into.
    demand = forms.ModelChoiceField(
        Demand.objects.exclude(stage=Stage.MERGED),
        required=False,
        label=_("추가할 수요"),
        empty_label=_("수요를 고르세요"),
        error_messages={
            "invalid_choice": _("그 수요는 다른 수요에 병합되어 닫혔습니다. 병합된 수요를 골라 주세요."),
        },
    )
    submission_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("ids"):
            raise ValidationError(_("묶을 제안을 하나 이상 체크해 주세요."))
        if data.get("action") == "create" and not (data.get("title") or "").strip():
            self.add_error(
                "title", _("새 수요를 한 문장으로 적어 주세요. 체크한 첫 제안의 내용을 고쳐 써도 됩니다.")
            )
        if data.get("action") == "add" and data.get("demand") is None:
            self.add_error("demand", _("제안을 추가할 수요를 골라 주세요."))
        return data


REJECTION_REASONS = [
    ("", _("반려 사유를 고르세요")),
    ("spam", _("광고·홍보이거나 제안과 관계없는 글입니다.")),
    ("duplicate", _("같은 내용의 제안이 이미 접수되어 함께 처리합니다.")),
    ("personal", _("특정인을 비방하거나 다른 사람의 개인정보가 담겨 있습니다.")),
    ("remit", _("광주 AI 산업 정책과 관계없는 내용이라 이 창구에서 다루지 않습니다.")),
    ("other", _("기타 (아래에 적어 주세요)")),
]


class ModerateForm(forms.Form):
    """Accept or reject ticked submissions, or one submission through its own button; a rejection says why."""

    ids = IdListField(required=False)
    decision = forms.ChoiceField(choices=[("accept", _("접수")), ("reject", _("반려"))], required=False)
    accept_one = forms.IntegerField(required=False)
    reject_one = forms.IntegerField(required=False)
    reason = forms.ChoiceField(label=_("반려 사유"), choices=REJECTION_REASONS, required=False)
    reason_text = forms.CharField(label=_("사유 직접 쓰기"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("accept_one"):
            data["ids"], data["decision"] = [data["accept_one"]], "accept"
        elif data.get("reject_one"):
            data["ids"], data["decision"] = [data["reject_one"]], "reject"
        if not data.get("ids"):
            raise ValidationError(_("검토할 제안을 하나 이상 체크해 주세요."))
        if data.get("decision") not in ("accept", "reject"):
            raise ValidationError(_("'접수' 또는 '반려'를 눌러 주세요."))
        data["reason_sentence"] = ""
        if data["decision"] == "reject":
            chosen = data.get("reason") or ""
            text = (data.get("reason_text") or "").strip()
            if chosen == "other" or (not chosen and text):
                data["reason_sentence"] = text
            elif chosen:
                # Told to the proposer in the site's language, whatever language the staff member reads.
                with translation.override(settings.LANGUAGE_CODE):
                    data["reason_sentence"] = str(dict(REJECTION_REASONS)[chosen])
            if not data["reason_sentence"]:
                raise ValidationError(
                    _(
                        "반려 사유를 고르거나 적어 주세요. 제안자에게 그대로 알려집니다 — 아무 것도 "
                        "바뀌지 않았습니다."
                    )
                )
        return data


class RenameForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("수요(한 문장)"))
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, label=_("분야"), empty_label=_("분야 없음")
    )


class DemandProposalsForm(forms.Form):
    """Split ticked proposals into a new demand (나누기) or take them out (빼기)."""

    action = forms.ChoiceField(choices=[("split", _("나누기")), ("remove", _("빼기"))])
    ids = IdListField(required=False)
    title = forms.CharField(required=False, max_length=300, label=_("새 수요(한 문장)"))
    submission_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("ids"):
            raise ValidationError(_("나누거나 뺄 제안을 하나 이상 체크해 주세요."))
        if data.get("action") == "split" and not (data.get("title") or "").strip():
            self.add_error("title", _("나눠서 만들 새 수요를 한 문장으로 적어 주세요."))
        return data


class MergeForm(forms.Form):
    others = forms.ModelMultipleChoiceField(
        Demand.objects.filter(stage__in=[Stage.OPEN, Stage.ASSIGNED]),
        label=_("병합할 수요"),
        error_messages={
            "required": _("병합할 수요를 하나 이상 골라 주세요."),
            # An answered demand keeps its answer: merge the other way, from the answered demand's page.
            "invalid_choice": _(
                "%(value)s번 수요는 처리결과가 확정되었거나 이미 병합되어 여기에 병합할 수 없습니다. "
                "그 수요의 페이지에서 이 수요를 병합해 주세요."
            ),
        },
    )
    title = forms.CharField(required=False, max_length=300, label=_("병합 후 수요(비워 두면 그대로)"))


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by("name"),
        label=_("소관부서"),
        empty_label=_("부서를 고르세요"),
        error_messages={"required": _("소관부서를 골라 주세요.")},
    )
    answer_due = forms.DateField(
        required=False,
        label=_("답변 기한(비워 두면 자동 계산)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class PublishForm(forms.Form):
    published = forms.TypedChoiceField(
        choices=[("1", _("공개")), ("0", _("비공개"))], coerce=lambda v: v == "1"
    )


class RepeatForm(forms.Form):
    """An earlier demand to link to (or dismiss) by its number, and the machine's score if it suggested it."""

    earlier = forms.ModelChoiceField(
        Demand.objects.all(),
        label=_("이전 수요 번호"),
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={
            "required": _("이전에 제기된 수요의 번호(#)를 적어 주세요."),
            "invalid_choice": _("그 번호의 수요가 없습니다. 정책 수요 목록에서 번호(#)를 확인해 주세요."),
        },
    )
    score = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0, max_value=1)


class DemandBulkForm(forms.Form):
    """Ticked demands on the list and what to do with them; ``confirm`` is set by the confirmation page."""

    ids = IdListField(required=False)
    action = forms.ChoiceField(
        choices=BulkAction.choices,
        error_messages={"required": _("할 일을 골라 주세요."), "invalid_choice": _("할 일을 골라 주세요.")},
    )
    department = forms.ModelChoiceField(
        Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by("name"),
        required=False,
        label=_("소관부서"),
        empty_label=_("부서를 고르세요"),
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, label=_("분야"), empty_label=_("분야를 고르세요")
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    query = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        super().clean()
        if not self.cleaned_data.get("ids"):
            raise ValidationError(_("바꿀 수요를 하나 이상 체크해 주세요."))
        return self.cleaned_data


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.organisation.name})" if obj.organisation else str(obj.name)


class ProposalCorrectForm(forms.Form):
    """Put a recorded proposal right: its words, the meeting, who said it, and why it is corrected."""

    text = forms.CharField(
        label=_("제안 내용"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("제안 내용이 비어 있습니다. 제안 내용을 입력해 주세요.")},
    )
    engagement = forms.ModelChoiceField(
        MEETINGS,
        required=False,
        label=_("들은 간담회"),
        empty_label=_("간담회 밖(웹·서면 등)"),
    )
    person = _PersonChoice(
        Person.objects.select_related("organisation").order_by("name", "id"),
        required=False,
        label=_("말한 사람"),
        empty_label=_("사람 없이 기관 명의"),
    )
    organisation = forms.ModelChoiceField(
        PROPOSERS,
        required=False,
        label=_("기관"),
        empty_label=_("말한 사람의 소속대로"),
    )
    reason = forms.CharField(
        label=_("고치는 이유"),
        max_length=300,
        help_text=_("예: 회의록 대조 결과 발언자가 달랐음 — 변경 기록에 남습니다."),
        error_messages={"required": _("고치는 이유를 적어 주세요. 변경 기록에 남습니다.")},
    )


class ProposalDeleteForm(forms.Form):
    """Delete a proposal, saying why (the proposer reads the reason on their status page)."""

    reason = forms.CharField(
        label=_("삭제 사유"),
        max_length=300,
        required=False,  # the service refuses an empty reason, saying what to do
        help_text=_("예: 같은 제안이 두 번 기록됨 — 변경 기록과 제안자의 상태 확인 페이지에 남습니다."),
    )
