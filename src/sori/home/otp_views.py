"""The second factor's pages (2단계 인증): set it up, enter a code at login, new backup codes, turn it off.

Any signed-in user may set one up; ``SORI_OTP_REQUIRED`` sends staff, officers and administrators here first
(``sori.core.otp_middleware``). The QR code is drawn on the server as SVG in the page, and backup codes are
shown once, in the answer to the form that made them.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sori.core.otp import (
    PENDING_KEY,
    backup_codes_left,
    code_pending,
    has_second_factor,
    is_verified,
    must_enrol,
    totp_device,
)
from sori.core.otp_services import (
    otp_backup_renew,
    otp_disable,
    otp_enrol_confirm,
    otp_enrol_start,
    otp_login_check,
)
from sori.core.permissions import SignedInRequest


def _next(request: HttpRequest) -> str:
    """Return the page to go on to: a ``next`` on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _otp_url(request: HttpRequest, name: str = "accounts:otp") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return reverse(name) + ("?" + urlencode({"next": target}) if target else "")


def qr_svg(device: TOTPDevice) -> SafeString:
    """Return the device's setup address as a QR code in SVG, to write into the page as it is.

    Drawn here from the address alone (no style attribute, script or outside request), sized by the style
    sheet; the white ground keeps it readable in a dark theme.
    """
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    root = image.get_image()
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("class", "otp-qr")
    root.set("role", "img")
    root.set("aria-label", _("인증 앱으로 찍을 QR 코드"))
    for element in root.iter():
        element.attrib.pop("id", None)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg)  # drawn here from the device's address: no text anyone typed


def secret_text(device: TOTPDevice) -> str:
    """Return the device's secret as authenticator apps take it typed: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _page(request: SignedInRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    device = totp_device(user)
    setting_up = None if device is not None else totp_device(user, confirmed=False)
    context: dict[str, Any] = {
        "device": device,
        "setting_up": setting_up,
        "required": must_enrol(user),
        "verified": is_verified(user),
        "backup_left": backup_codes_left(user) if device is not None else 0,
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "error": error,
    }
    if setting_up is not None:
        context["qr"] = qr_svg(setting_up)
        context["secret"] = secret_text(setting_up)
    return render(request, "home/otp/setup.html", context, status=status)


def _codes_page(request: SignedInRequest, codes: list[str], *, first: bool) -> HttpResponse:
    return render(
        request,
        "home/otp/backup_codes.html",
        {"codes": [_shown(c) for c in codes], "first": first, "next": _next(request)},
    )


@login_required
def otp_setup(request: SignedInRequest) -> HttpResponse:
    """Show whether the second factor is on; while it is being set up, the QR code and the code field."""
    return _page(request)


@login_required
@require_POST
def otp_start(request: SignedInRequest) -> HttpResponse:
    """Start setting up an authenticator app (an unconfirmed device), then show its QR code."""
    try:
        otp_enrol_start(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return HttpResponseRedirect(_otp_url(request))


@login_required
@require_POST
def otp_confirm(request: SignedInRequest) -> HttpResponse:
    """Turn the second factor on with a code from the app, and show the backup codes once."""
    try:
        device, codes = otp_enrol_confirm(user=request.user, code=request.POST.get("code", ""))
    except ValidationError as exc:
        return _page(request, error=" ".join(exc.messages), status=400)
    # This session has just proved it holds the app.
    django_otp.login(request, device)
    request.session.pop(PENDING_KEY, None)
    return _codes_page(request, codes, first=True)


@login_required
@require_POST
def otp_backup(request: SignedInRequest) -> HttpResponse:
    """Make ten new backup codes (the old ones stop working) and show them once."""
    if not is_verified(request.user):
        messages.error(
            request,
            _(
                "이 로그인은 2단계 인증 코드로 확인되지 않아 백업 코드를 만들 수 없습니다. "
                "로그아웃한 뒤 코드로 다시 로그인해 주세요."
            ),
        )
        return HttpResponseRedirect(reverse("accounts:otp"))
    try:
        codes = otp_backup_renew(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("accounts:otp"))
    return _codes_page(request, codes, first=False)


@login_required
def otp_turn_off(request: SignedInRequest) -> HttpResponse:
    """Ask for a code (GET shows the form); the POST turns the second factor off."""
    if totp_device(request.user) is None:
        messages.info(request, _("2단계 인증이 꺼져 있습니다."))
        return HttpResponseRedirect(reverse("accounts:otp"))
    context = {"required": must_enrol(request.user), "error": ""}
    if request.method != "POST":
        return render(request, "home/otp/disable.html", context)
    try:
        otp_disable(user=request.user, code=request.POST.get("code", ""))
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
        return render(request, "home/otp/disable.html", context, status=400)
    messages.success(
        request,
        _("2단계 인증을 껐습니다. 이제 비밀번호만으로 로그인합니다. 인증 앱의 '소리' 항목은 지워도 됩니다."),
    )
    return HttpResponseRedirect(reverse("accounts:otp"))


@login_required
def otp_verify(request: SignedInRequest) -> HttpResponse:
    """The login's second step: a code from the app, or a backup code; then on to ``next``."""
    if not code_pending(request):
        return HttpResponseRedirect(_next(request))
    if not has_second_factor(request.user):
        # Reset by an administrator since the password was given: there is no code left to ask for.
        request.session.pop(PENDING_KEY, None)
        return HttpResponseRedirect(_next(request))
    context = {"next": request.POST.get("next") or request.GET.get("next") or "", "error": ""}
    if request.method != "POST":
        return render(request, "home/otp/verify.html", context)
    user = request.user
    try:
        device = otp_login_check(user=user, code=request.POST.get("code", ""))
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
        status = 429 if exc.code == "throttled" else 400
        return render(request, "home/otp/verify.html", context, status=status)
    # A new session key for the fully signed-in session, as at any change of privilege.
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session.pop(PENDING_KEY, None)
    if isinstance(device, StaticDevice):
        left = backup_codes_left(user)
        messages.warning(
            request,
            _(
                "백업 코드로 로그인했습니다. 그 코드는 다시 쓸 수 없고, %(n)s개가 남았습니다. "
                "휴대전화를 잃어버렸다면 '2단계 인증'에서 끄고 새 휴대전화로 다시 설정하세요."
            )
            % {"n": left},
        )
    return HttpResponseRedirect(_next(request))
