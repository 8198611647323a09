"""The accounts pages: the list, one form to create an account, its page (change, deactivate, send a link).

Only administrators (``users.manage``) open them. Creating an account mails its owner a link to set a
password (``sori.home.users_services``); the pages anyone may open — "비밀번호를 잊으셨나요?" and the
link's own page — are in ``sori.home.account_views``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core import listing
from sori.core.forms import new_key
from sori.core.otp import has_second_factor, with_second_factor
from sori.core.otp_services import otp_reset
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import Role, role_of
from sori.core.user_selectors import user_trail, users
from sori.core.user_services import user_set_active, user_update
from sori.home.users_forms import (
    DEPARTMENTS_LIST,
    ORGANISATIONS_LIST,
    UserFilterForm,
    UserForm,
    departments,
    outside_organisations,
)
from sori.home.users_services import RESET, link_days, password_link_send, user_invite

SORTS = {"name": "first_name", "username": "username", "joined": "date_joined", "login": "last_login"}


def _user(user_id: int) -> User:
    try:
        return users().get(pk=user_id)
    except User.DoesNotExist as exc:
        raise Http404(_("없는 사용자입니다.")) from exc


def _show_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's refusal on the form, each message on the field it names."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _form_context(form: UserForm) -> dict[str, Any]:
    return {
        "form": form,
        "departments": departments(),
        "organisations": outside_organisations(),
        "departments_list": DEPARTMENTS_LIST,
        "organisations_list": ORGANISATIONS_LIST,
        "days": link_days(),
    }


@require("users.manage")
def user_list(request: SignedInRequest) -> HttpResponse:
    """List accounts; search by name, username or e-mail, filter by role and by active or not."""
    filters = UserFilterForm(request.GET)
    return listing.list_page(
        request,
        with_second_factor(users(**filters.values())),
        search_fields=("first_name", "last_name", "username", "email"),
        sorts=SORTS,
        default_sort="username",
        template="home/users/list.html",
        context={"filters": filters},
    )


@require("users.manage")
def user_create(request: SignedInRequest) -> HttpResponse:
    """One page creates an account and mails its owner a link to set their password."""
    if request.method != "POST":
        form = UserForm(initial={"role": Role.OFFICER, "submission_key": new_key()})
        return render(request, "home/users/create.html", _form_context(form))
    form = UserForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = user_invite(
                name=data["name"],
                username=data["username"],
                email=data["email"],
                role=Role(data["role"]),
                organisation=data["chosen"],
                actor=request.user,
                submission_key=data["submission_key"] or None,
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(name)s 님의 계정을 만들고 %(email)s로 비밀번호 설정 링크를 보냈습니다. "
                    "링크는 %(days)s일 동안 쓸 수 있습니다."
                )
                % {"name": user.first_name, "email": user.email, "days": link_days()},
            )
            return HttpResponseRedirect(reverse("users:detail", args=[user.pk]))
    return render(request, "home/users/create.html", _form_context(form), status=400)


def _initial(user: User) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    organisation = profile.organisation if profile is not None else None
    role = role_of(user)
    return {
        "name": user.first_name,
        "email": user.email,
        "role": role or "",
        "department": organisation.name if organisation is not None and role == Role.OFFICER else "",
        "organisation": organisation.name if organisation is not None and role == Role.COMPANY else "",
    }


@require("users.manage")
def user_detail(request: SignedInRequest, user_id: int) -> HttpResponse:
    """Show an account with its history; change its name, e-mail, role and department or organisation."""
    user = _user(user_id)
    status = 200
    if request.method == "POST":
        form = UserForm(request.POST, creating=False)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user_update(
                    user=user,
                    name=data["name"],
                    email=data["email"],
                    role=Role(data["role"]),
                    organisation=data["chosen"],
                    actor=request.user,
                )
            except ValidationError as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, _("사용자 정보를 저장했습니다."))
                return HttpResponseRedirect(reverse("users:detail", args=[user.pk]))
        status = 400
    else:
        form = UserForm(initial=_initial(user), creating=False)
    return render(
        request,
        "home/users/detail.html",
        {
            **_form_context(form),
            "account": user,
            "account_role": role_of(user),
            "is_self": user.pk == request.user.pk,
            "has_otp": has_second_factor(user),
            "trail": user_trail(user),
        },
        status=status,
    )


def _set_active(request: SignedInRequest, user_id: int, active: bool) -> HttpResponse:
    """Ask first (GET shows what will happen); the POST from that page does it."""
    user = _user(user_id)
    back = reverse("users:detail", args=[user.pk])
    if request.method != "POST":
        return render(
            request,
            "home/users/confirm_active.html",
            {"account": user, "active": active, "is_self": user.pk == request.user.pk},
        )
    try:
        user_set_active(user=user, active=active, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " " + _("아무 것도 바뀌지 않았습니다."))
        return HttpResponseRedirect(back)
    if active:
        messages.success(
            request,
            _(
                "%(name)s 님의 계정을 다시 활성화했습니다. 비밀번호를 모른다면 "
                "'비밀번호 설정 링크 보내기'를 눌러 주세요."
            )
            % {"name": user.first_name or user.username},
        )
    else:
        messages.success(
            request,
            _("%(name)s 님의 계정을 비활성화했습니다. 이제 로그인할 수 없고, 기록은 그대로 남습니다.")
            % {"name": user.first_name or user.username},
        )
    return HttpResponseRedirect(back)


@require("users.manage")
def user_deactivate(request: SignedInRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=False)


@require("users.manage")
def user_reactivate(request: SignedInRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=True)


@require("users.manage")
@require_POST
def user_send_link(request: SignedInRequest, user_id: int) -> HttpResponse:
    """Mail the owner a fresh set-password link (their current password keeps working until it is used)."""
    user = _user(user_id)
    try:
        password_link_send(user=user, actor=request.user, purpose=RESET)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(email)s로 비밀번호 설정 링크를 보냈습니다. 링크는 %(days)s일 동안 쓸 수 있습니다.")
            % {"email": user.email, "days": link_days()},
        )
    return HttpResponseRedirect(reverse("users:detail", args=[user.pk]))


@require("users.manage")
@require_POST
def user_otp_reset(request: SignedInRequest, user_id: int) -> HttpResponse:
    """Remove the owner's second factor (a lost phone): they log in with the password and set up a new one."""
    user = _user(user_id)
    try:
        removed = otp_reset(user=user, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        name = user.first_name or user.username
        if removed:
            messages.success(
                request,
                _(
                    "%(name)s 님의 2단계 인증을 초기화했습니다. 다음에는 비밀번호만으로 로그인하고, "
                    "2단계 인증을 다시 설정할 수 있습니다. 본인에게 알려 주세요."
                )
                % {"name": name},
            )
        else:
            messages.info(request, _("%(name)s 님은 2단계 인증을 쓰고 있지 않습니다.") % {"name": name})
    return HttpResponseRedirect(reverse("users:detail", args=[user.pk]))
