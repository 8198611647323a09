"""The policy simulator's form: two rule sets and the demand they are compared on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.alloc import DemandModel, RuleSet, SimulationConfig


class SimulatorForm(forms.Form):
    a_name = forms.CharField(label=_("규칙 A 이름"), initial="6개월·매번 재선정", max_length=40)
    a_term = forms.IntegerField(label=_("지원 기간(개월)"), initial=6, min_value=1, max_value=60)
    a_renewal = forms.BooleanField(label=_("연장 허용"), required=False, initial=False)
    a_max_renewals = forms.IntegerField(label=_("최대 연장 횟수"), initial=0, min_value=0, max_value=10)
    b_name = forms.CharField(label=_("규칙 B 이름"), initial="12개월·연장(최대 2회)", max_length=40)
    b_term = forms.IntegerField(label=_("지원 기간(개월)"), initial=12, min_value=1, max_value=60)
    b_renewal = forms.BooleanField(label=_("연장 허용"), required=False, initial=True)
    b_max_renewals = forms.IntegerField(label=_("최대 연장 횟수"), initial=2, min_value=0, max_value=10)
    b_call_interval = forms.IntegerField(
        label=_("공모 주기(개월)"),
        initial=6,
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("비우면 지원 기간마다"),
    )
    capacity = forms.IntegerField(label=_("GPU 용량(장/월)"), initial=64, min_value=1, max_value=100000)
    projects_per_year = forms.IntegerField(
        label=_("연간 신규 과제 수"), initial=20, min_value=1, max_value=2000
    )
    years = forms.IntegerField(label=_("기간(년)"), initial=10, min_value=1, max_value=30)
    runs = forms.IntegerField(label=_("반복 횟수"), initial=3, min_value=1, max_value=20)
    seed = forms.IntegerField(label=_("난수 시드"), initial=1, min_value=0)

    def config(self) -> SimulationConfig:
        d = self.cleaned_data
        rule_sets = (
            RuleSet(
                name=d["a_name"],
                term_months=d["a_term"],
                renewal=d["a_renewal"],
                max_renewals=d["a_max_renewals"] if d["a_renewal"] else 0,
            ),
            RuleSet(
                name=d["b_name"],
                term_months=d["b_term"],
                renewal=d["b_renewal"],
                max_renewals=d["b_max_renewals"] if d["b_renewal"] else 0,
                call_interval_months=d.get("b_call_interval"),
            ),
        )
        return SimulationConfig(
            rule_sets=rule_sets,
            years=d["years"],
            capacity=d["capacity"],
            seed=d["seed"],
            runs=d["runs"],
            demand=DemandModel(projects=d["projects_per_year"] * d["years"]),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("a_name") and data.get("a_name") == data.get("b_name"):
            raise forms.ValidationError(_("두 규칙의 이름을 다르게 적어 주세요."))
        return data
