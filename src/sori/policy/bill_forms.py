"""Forms for bills (입법 추진): registering one, moving it on one stage, correcting it, finding them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.core.forms import DateInput, new_key
from sori.policy.models import Bill, BillKind, LegislativeStage, PlenaryResult
from sori.policy.workflow import BILL_STAGE_NEEDS

DATE_ERRORS = {"invalid": _("날짜를 2026-03-31처럼 적어 주세요."), "required": _("날짜를 적어 주세요.")}

# The label of the date each stage is recorded with.
DATE_LABELS: dict[LegislativeStage, Any] = {
    LegislativeStage.DRAFT: _("초안 일자"),
    LegislativeStage.PRE_ANNOUNCED: _("입법예고일"),
    LegislativeStage.INTRODUCED: _("발의일"),
    LegislativeStage.COMMITTEE: _("회부일"),
    LegislativeStage.PLENARY: _("본회의 의결일"),
    LegislativeStage.SENT: _("송부일"),
    LegislativeStage.REPLIED: _("회신일"),
    LegislativeStage.PROMULGATED: _("공포일"),
    LegislativeStage.IN_FORCE: _("시행일"),
    LegislativeStage.DISCARDED: _("폐기일"),
    LegislativeStage.WITHDRAWN: _("철회일"),
}


def _date(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), error_messages=DATE_ERRORS, help_text=help_text
    )


def _note() -> forms.CharField:
    return forms.CharField(
        label=_("메모"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("예: 입법예고 기간 2026. 3. 2.~3. 22. — 공개 현황에 그대로 보입니다."),
    )


class BillCreateForm(forms.Form):
    """A new bill answering a demand: what kind, its name, the date of the draft."""

    kind = forms.ChoiceField(label=_("구분"), choices=BillKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("안건명"),
        max_length=300,
        widget=forms.TextInput(
            attrs={"placeholder": _("예: 광주광역시 인공지능산업 육성 조례 일부개정조례안")}
        ),
        error_messages={
            "required": _("안건명을 적어 주세요(예: 광주광역시 인공지능산업 육성 조례 일부개정조례안).")
        },
    )
    date = _date(DATE_LABELS[LegislativeStage.DRAFT], help_text=_("비워 두면 오늘로 기록합니다."))
    note = _note()
    submission_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", new_key())


class BillAdvanceForm(forms.Form):
    """One stage forward: the fields that stage needs (``workflow.BILL_STAGE_NEEDS``), its date and a note.

    Each allowed next stage gets its own form on the bill page; its fields carry the stage as their prefix,
    and the page posts the stage itself as ``stage``.
    """

    def __init__(self, *args: Any, stage: LegislativeStage, bill: Bill, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", stage.value)
        super().__init__(*args, **kwargs)
        self.stage = stage
        needs = BILL_STAGE_NEEDS[stage]
        if "bill_number" in needs:
            self.fields["bill_number"] = forms.CharField(
                label=_("의안번호"), max_length=50, required=False, initial=bill.bill_number
            )
        if "sponsor" in needs:
            self.fields["sponsor"] = forms.CharField(
                label=_("발의자"),
                max_length=200,
                required=False,
                initial=bill.sponsor,
                help_text=_("예: 김광주 의원 등 12인, 광주광역시장"),
            )
        if "committee" in needs:
            self.fields["committee"] = forms.CharField(
                label=_("소관 상임위원회"),
                max_length=200,
                required=False,
                initial=bill.committee,
                help_text=_("예: 산업건설위원회"),
            )
        if "plenary_result" in needs:
            self.fields["plenary_result"] = forms.ChoiceField(
                label=_("본회의 결과"),
                choices=[("", _("결과를 고르세요")), *PlenaryResult.choices],
                required=False,
                help_text=_("부결이면 이 건은 여기서 끝납니다."),
            )
        if "sent_to" in needs:
            self.fields["sent_to"] = forms.CharField(
                label=_("건의 기관"),
                max_length=200,
                required=False,
                initial=bill.sent_to,
                help_text=_("예: 과학기술정보통신부"),
            )
        if "reply" in needs:
            self.fields["reply"] = forms.CharField(
                label=_("회신 내용"),
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        if "reason" in needs:
            self.fields["reason"] = forms.CharField(
                label=_("%(stage)s 사유") % {"stage": stage.label},
                required=False,
                max_length=5_000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("공개 현황과 제안자에게 그대로 보입니다."),
            )
        dated = "date" in needs
        self.fields["date"] = _date(
            DATE_LABELS[stage], help_text="" if dated else _("비워 두면 오늘로 기록합니다.")
        )
        self.fields["note"] = _note()

    @property
    def date_required(self) -> bool:
        return "date" in BILL_STAGE_NEEDS[self.stage]

    def values(self) -> dict[str, Any]:
        """Return the arguments of ``bill_advance`` this form gives (everything but the bill and actor)."""
        data = self.cleaned_data
        return {"stage": self.stage.value, **{name: data[name] for name in self.fields}}


# The fields of the correcting form, in the order they show; each is offered once its stage is reached.
UPDATE_FIELDS: dict[str, Any] = {
    "bill_number": _("의안번호"),
    "sponsor": _("발의자"),
    "committee": _("소관 상임위원회"),
    "plenary_result": _("본회의 결과"),
    "plenary_date": _("본회의 의결일"),
    "sent_to": _("건의 기관"),
    "sent_on": _("송부일"),
    "reply": _("회신 내용"),
    "replied_on": _("회신일"),
    "promulgated_on": _("공포일"),
    "in_force_on": _("시행일"),
    "end_reason": _("폐기·철회 사유"),
}
_DATE_FIELDS = {"plenary_date", "sent_on", "replied_on", "promulgated_on", "in_force_on"}
_LONG_FIELDS = {"reply", "end_reason"}


class BillUpdateForm(forms.Form):
    """Correct a bill: its title, and the fields of the stages it has reached."""

    title = forms.CharField(label=_("안건명"), max_length=300)

    def __init__(self, *args: Any, bill: Bill, fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in fields:
            if name == "title":
                continue
            label = UPDATE_FIELDS[name]
            field: forms.Field
            if name in _DATE_FIELDS:
                field = _date(label, required=True)
            elif name == "plenary_result":
                field = forms.ChoiceField(label=label, choices=PlenaryResult.choices)
            elif name in _LONG_FIELDS:
                field = forms.CharField(
                    label=label, max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
                )
            else:
                field = forms.CharField(label=label, max_length=200)
            self.fields[name] = field
        if not self.is_bound:
            self.initial = {name: getattr(bill, name) for name in self.fields}

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class BillLinkForm(forms.Form):
    """Link a demand to a bill by its number (#12 on the demand's page)."""

    demand = forms.IntegerField(
        label=_("수요 번호"),
        min_value=1,
        error_messages={
            "required": _("연결할 수요의 번호를 적어 주세요(예: 12)."),
            "invalid": _("숫자만 적어 주세요."),
        },
    )


class BillFilterForm(forms.Form):
    """Optional filters of the bill list; an unknown value is ignored, never an error page."""

    stage = forms.ChoiceField(
        label=_("단계"), required=False, choices=[("", _("모든 단계")), *LegislativeStage.choices]
    )
    kind = forms.ChoiceField(label=_("구분"), required=False, choices=[("", _("전체")), *BillKind.choices])

    def values(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"stage": data.get("stage", ""), "kind": data.get("kind", "")}
