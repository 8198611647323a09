"""Forms of the accounts pages: one to create or change an account, the list filters, "forgot password"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sori.core.roles import Role
from sori.core.user_selectors import NO_ROLE
from sori.core.user_services import INTERNAL_KINDS
from sori.registry.models import Organisation, OrganisationKind, organisation_key

DEPARTMENTS_LIST = "departments-list"
ORGANISATIONS_LIST = "organisations-list"


def departments() -> QuerySet[Organisation]:
    """Return the city departments an officer may act for, by name."""
    return Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by("name")


def outside_organisations() -> QuerySet[Organisation]:
    """Return the organisations a company user may act for (not a department or committee), by name."""
    return Organisation.objects.exclude(kind__in=INTERNAL_KINDS).order_by("name")


def find_organisation(name: str, among: QuerySet[Organisation]) -> Organisation | None:
    """Return the organisation ``name`` names among ``among``: its exact name, else the one spelled alike.

    "(주)솔트룩스" finds "㈜솔트룩스" (``organisation_key``); two organisations spelled alike find none.
    """
    name = " ".join(name.split())
    exact = among.filter(name=name).first()
    if exact is not None:
        return exact
    alike = list(among.filter(name_key=organisation_key(name))[:2])
    return alike[0] if len(alike) == 1 else None


class UserForm(forms.Form):
    """Create an account (with ``username``) or change one: name, e-mail, role, department or organisation.

    The department and the organisation are typed with suggestions (``<datalist>``) and looked up by name;
    only the one the role needs is read.
    """

    name = forms.CharField(label=_("이름"), max_length=150)
    username = forms.CharField(
        label=_("아이디"),
        max_length=150,
        help_text=_("로그인할 때 씁니다. 글자와 숫자, @ . + - _ 만 쓸 수 있습니다."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    email = forms.CharField(
        label=_("이메일"),
        max_length=254,
        help_text=_("비밀번호 설정 링크를 이 주소로 보냅니다."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("역할"), choices=Role.choices, widget=forms.RadioSelect)
    department = forms.CharField(
        label=_("소관부서"),
        required=False,
        max_length=200,
        help_text=_("부서 이름의 일부를 치면 목록에서 고를 수 있습니다."),
        widget=forms.TextInput(attrs={"list": DEPARTMENTS_LIST, "autocomplete": "off"}),
    )
    organisation = forms.CharField(
        label=_("소속 기업·기관"),
        required=False,
        max_length=200,
        help_text=_(
            "기관 이름의 일부를 치면 목록에서 고를 수 있습니다. 목록에 없으면 먼저 기관으로 등록해 주세요."
        ),
        widget=forms.TextInput(attrs={"list": ORGANISATIONS_LIST, "autocomplete": "off"}),
    )
    submission_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["username"]
            del self.fields["submission_key"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        data["chosen"] = None
        if role == Role.OFFICER:
            data["chosen"] = self._lookup(
                "department", departments(), _("소관부서 담당자는 소관부서를 골라야 합니다.")
            )
        elif role == Role.COMPANY:
            data["chosen"] = self._lookup(
                "organisation",
                outside_organisations(),
                _("기업·기관 사용자는 소속 기업·기관을 골라야 합니다."),
            )
        return data

    def _lookup(self, field: str, among: QuerySet[Organisation], missing: Any) -> Organisation | None:
        typed = (self.cleaned_data.get(field) or "").strip()
        if not typed:
            self.add_error(field, missing)
            return None
        found = find_organisation(typed, among)
        if found is None:
            self.add_error(
                field,
                _("'%(name)s'을(를) 목록에서 찾을 수 없습니다. 이름을 확인하거나 목록에서 골라 주세요.")
                % {"name": typed},
            )
        return found


class UserFilterForm(forms.Form):
    """Filters of the accounts list; an unknown value is ignored, never an error page."""

    q = forms.CharField(required=False, label=_("검색"))
    role = forms.ChoiceField(
        choices=[("", _("모든 역할")), *Role.choices, (NO_ROLE, _("역할 없음"))],
        required=False,
        label=_("역할"),
    )
    active = forms.ChoiceField(
        choices=[("", _("전체")), ("yes", _("활성")), ("no", _("비활성"))], required=False, label=_("상태")
    )

    def values(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data
        return {
            "role": data.get("role", ""),
            "active": {"yes": True, "no": False}.get(data.get("active", "")),
        }


class ForgotForm(forms.Form):
    email = forms.EmailField(
        label=_("이메일"),
        max_length=254,
        error_messages={
            "required": _("계정에 등록한 이메일 주소를 적어 주세요."),
            "invalid": _("이메일 주소의 형식이 맞지 않습니다. 예: name@gwangju.go.kr"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
