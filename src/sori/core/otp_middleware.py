"""Open no page to a signed-in session that still owes its second factor (see ``sori.core.otp``).

It sits after django-otp's ``OTPMiddleware`` (which tells whether the session entered a code) and sends the
user to the code step, or, where ``SORI_OTP_REQUIRED`` asks it of their role and they have no second factor
yet, to set one up; ``next`` carries the page they asked for. Requests without a session cookie cannot be
signed in and are let through untouched, so cached public pages stay free of session reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from sori.core.otp import PENDING_KEY, code_pending, has_second_factor, is_verified, must_enrol

# What a session owing a code may still open: the code step itself, leaving, the language switch, the
# password pages, and the probes.
ALWAYS_OPEN = frozenset(
    {
        "accounts:otp_verify",
        "login",
        "logout",
        "set_language",
        "accounts:password_forgot",
        "accounts:password_forgot_sent",
        "accounts:password_set",
        "ops:healthz",
        "ops:readyz",
        "ops:metrics",
    }
)
# What one who must set up a second factor may open besides.
ENROLMENT = frozenset({"accounts:otp", "accounts:otp_start", "accounts:otp_confirm"})


def _redirect(request: HttpRequest, url_name: str) -> HttpResponse:
    url = reverse(url_name)
    # Only a page opened with GET is worth coming back to.
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in ALWAYS_OPEN or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        if code_pending(request):
            return _redirect(request, "accounts:otp_verify")
        if is_verified(user) or not must_enrol(user):
            return None
        if has_second_factor(user):
            # Set up in another browser after this session logged in: it owes a code like any other.
            request.session[PENDING_KEY] = True
            return _redirect(request, "accounts:otp_verify")
        return None if name in ENROLMENT else _redirect(request, "accounts:otp")
