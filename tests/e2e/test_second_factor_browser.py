"""The second factor in a real Chromium: staff set up an authenticator app from the QR page, log out, and log
back in with the password and then a code.

The test plays the phone: it reads the setup key shown for typing and computes the code from it, as an app
would.
"""

from __future__ import annotations

import time
from base64 import b32decode
from typing import Any

import pytest
from django.contrib.auth.models import User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .test_accessibility_browser import _violations
from .test_loop_browser import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def phone_code(secret: str, *, steps_ahead: int = 0) -> str:
    """Return the 6-digit code an authenticator app set up with ``secret`` shows (a later period's)."""
    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_staff_set_up_a_second_factor_log_out_and_log_in_with_a_code(
    live_server: Any, browser: Any, staff: User
) -> None:
    base = live_server.url
    page = log_in(browser, base, staff.username)
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)

    # given: staff open their account from their name in the header and start the setup
    page.locator("header a.who").click()
    page.wait_for_url("**/accounts/otp/")
    page.get_by_role("button", name="2단계 인증 설정 시작").click()

    # then: the QR code is drawn in the page, sized by the style sheet, with the key to type beside it
    qr = page.get_by_role("img", name="인증 앱으로 찍을 QR 코드")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert 150 < box["width"] < 300 and box["width"] == box["height"]
    secret = page.locator("code.otp-secret").inner_text()
    found = _violations(page)

    # when: they type the code their app shows
    page.get_by_label("인증 코드").fill(phone_code(secret))
    page.get_by_role("button", name="확인하고 켜기").click()

    # then: it is on, and the ten backup codes are shown once
    assert page.get_by_role("heading", name="2단계 인증을 켰습니다").is_visible()
    assert page.locator(".otp-codes li").count() == 10
    found += _violations(page)
    assert TOTPDevice.objects.get(user=staff).confirmed
    page.get_by_role("link", name="적어 두었습니다 — 계속").click()
    page.wait_for_url("**/home/")

    # when: they log out and log in again with the password
    page.get_by_role("button", name="로그아웃").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/staff/demands/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("아이디").fill(staff.username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()

    # then: the code step comes before any page, and a wrong code is refused with what to do
    page.wait_for_url("**/accounts/otp/verify/**")
    found += _violations(page)
    page.get_by_label("인증 코드").fill("000000" if phone_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="확인", exact=True).click()
    assert "코드가 맞지 않습니다" in page.get_by_role("alert").inner_text()
    assert "/accounts/otp/verify/" in page.url

    # when: after django-otp's short wait, the app's next code (the one used to set up is spent)
    page.wait_for_timeout(2_500)
    page.get_by_label("인증 코드").fill(phone_code(secret, steps_ahead=1))
    page.get_by_role("button", name="확인", exact=True).click()

    # then: on to the page first asked for; nothing broke the content security policy, and axe found no
    # serious accessibility fault on the pages of the way
    page.wait_for_url("**/staff/demands/")
    assert page.get_by_role("heading", name="정책 수요").first.is_visible()
    assert blocked == []
    assert found == [], "\n".join(found)
    page.context.close()
