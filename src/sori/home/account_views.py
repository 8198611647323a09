"""The pages anyone may open about their own account: "비밀번호를 잊으셨나요?" and the set-password link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.core.user_services import user_password_set
from sori.home.users_forms import ForgotForm
from sori.home.users_services import link_days, password_forgot


def forgot(request: HttpRequest) -> HttpResponse:
    """Ask for the account's e-mail and mail a link; the answer is the same whether the address is known."""
    if request.method != "POST":
        return render(request, "home/users/password_forgot.html", {"form": ForgotForm()})
    form = ForgotForm(request.POST)
    if not form.is_valid():
        return render(request, "home/users/password_forgot.html", {"form": form}, status=400)
    password_forgot(email=form.cleaned_data["email"], actor=request.user)
    return HttpResponseRedirect(reverse("accounts:password_forgot_sent"))


def forgot_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "home/users/password_forgot_sent.html", {"days": link_days()})


class PasswordSetView(PasswordResetConfirmView):
    """The page a set-password link opens: choose a password, then log in with it.

    Django's view checks the token (valid for ``PASSWORD_RESET_TIMEOUT``, spent once a password is set) and
    moves it out of the address before the form shows; the password is saved by ``user_password_set``.
    """

    template_name = "home/users/password_set.html"
    success_url = reverse_lazy("login")
    title = gettext_lazy("비밀번호 정하기")

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        # A deactivated account's links stop working with it.
        return user if user is not None and user.is_active else None

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        user = self.user
        assert user is not None  # the form shows only for a valid link
        try:
            user_password_set(user=user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password1", exc)
            return self.form_invalid(form)
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(
            self.request,
            _("비밀번호를 정했습니다. 아이디 %(username)s와(과) 새 비밀번호로 로그인해 주세요.")
            % {"username": user.username},
        )
        return HttpResponseRedirect(self.get_success_url())
