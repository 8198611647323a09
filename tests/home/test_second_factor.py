"""The second factor (2단계 인증): set up with an authenticator app, asked for after the password, backup
codes spent once, required of staff when the site says so, and reset by an administrator for a lost phone.

Codes are computed from the device's secret as the app would (``django_otp.oath``). A code is accepted once
(django-otp remembers the last time step used), so a login after setting up uses the next step's code.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sori.core.models import AuditRecord
from sori.core.otp import PENDING_KEY
from sori.core.otp_services import otp_enrol_confirm, otp_enrol_start, otp_reset
from sori.home.otp_views import qr_svg

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the conftest password
CODES = re.compile(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>")


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """Return the code the authenticator app shows now (or ``steps_ahead`` periods of 30 s later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """Return six digits the app does not show now, nor a period either side."""
    taken = {app_code(device, steps_ahead=k) for k in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in taken)


def forgive(user: User) -> None:
    """Lift django-otp's back-off after a wrong code, as waiting it out would."""
    long_ago = timezone.now() - dt.timedelta(hours=1)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=long_ago)
    StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=long_ago)


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """Set up an authenticator app for ``user`` through the services; return it and the backup codes."""
    device = otp_enrol_start(user=user)
    return otp_enrol_confirm(user=user, code=app_code(device))


def password_login(user: User, next_url: str = "") -> tuple[Client, Any]:
    client = Client()
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client, client.post("/accounts/login/", data)


# ----------------------------------------------------------------------------------------------------
# Setting it up


def test_setting_up_shows_a_qr_code_and_confirms_only_with_a_correct_code(staff: User, login: Any) -> None:
    # given: a staff member on their account page
    client = login(staff)
    page = client.get("/accounts/otp/").content.decode()
    assert "2단계 인증 설정 시작" in page

    # when: they start, the page shows the QR code (SVG drawn here, nothing inline to run) and the secret
    assert client.post("/accounts/otp/start/")["Location"] == "/accounts/otp/"
    page = client.get("/accounts/otp/").content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    svg = re.search(r'<svg[^>]*class="otp-qr".*?</svg>', page, re.S)
    assert svg and "<path" in svg.group(0)
    assert "style=" not in svg.group(0) and "<script" not in page.split("</main>")[0]
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', page)
    assert secret and len(secret.group(1).replace(" ", "")) == 32  # 20 bytes in base32

    # and: a wrong code is refused and turns nothing on
    response = client.post("/accounts/otp/confirm/", {"code": wrong_code(device)})
    assert response.status_code == 400
    assert "코드가 맞지 않습니다" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticDevice.objects.filter(user=staff).exists()

    # when: they type what the app shows
    forgive(staff)
    response = client.post("/accounts/otp/confirm/", {"code": app_code(device)})

    # then: it is on, ten backup codes are shown once, and the trail says so
    assert response.status_code == 200
    codes = CODES.findall(response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=staff).count() == 10
    assert AuditRecord.objects.filter(action="user.otp_enable", actor=staff).count() == 1
    page = client.get("/accounts/otp/").content.decode()
    assert "켜짐" in page and "남은 백업 코드: 10개" in page and codes[0] not in page
    # and this session, having typed the code, goes on working
    assert client.get("/home/").status_code == 200


def test_the_qr_code_carries_the_secret_for_the_app(staff: User) -> None:
    device = otp_enrol_start(user=staff)
    svg = str(qr_svg(device))
    assert svg.startswith("<svg") and 'role="img"' in svg and "width=" not in svg.split(">")[0]
    assert "issuer=소리 Sori" in unquote(device.config_url) and "secret=" in device.config_url


def test_starting_again_keeps_the_secret_already_scanned(staff: User) -> None:
    first = otp_enrol_start(user=staff)
    assert otp_enrol_start(user=staff).key == first.key
    enrol(staff)
    with pytest.raises(ValidationError):
        otp_enrol_start(user=staff)


# ----------------------------------------------------------------------------------------------------
# Logging in


def test_after_the_password_a_user_with_a_device_must_enter_the_code_and_next_is_kept(staff: User) -> None:
    # given: staff who set up an app
    device, _codes = enrol(staff)

    # when: they log in with the password, asking for the demands list
    client, response = password_login(staff, next_url="/staff/demands/")
    assert response.status_code == 302

    # then: no page opens yet, not even a public one; each sends them to the code step, keeping where to go
    verify = "/accounts/otp/verify/?next=%2Fstaff%2Fdemands%2F"
    assert client.get("/staff/demands/")["Location"] == verify
    assert client.get("/")["Location"].startswith("/accounts/otp/verify/")
    page = client.get(verify).content.decode()
    assert "6자리 코드를 입력해 주세요" in page and 'href="/staff/demands/"' not in page  # no staff menu

    # when: a wrong code
    response = client.post("/accounts/otp/verify/", {"code": wrong_code(device), "next": "/staff/demands/"})

    # then: refused, saying what to do, and still no page opens
    assert response.status_code == 400
    assert "코드가 맞지 않습니다" in response.content.decode() and "백업 코드" in response.content.decode()
    assert client.get("/staff/demands/").status_code == 302

    # when: the code the app shows next (the one used to set up cannot be used twice)
    forgive(staff)
    before = client.session.session_key
    response = client.post(
        "/accounts/otp/verify/", {"code": app_code(device, steps_ahead=1), "next": "/staff/demands/"}
    )

    # then: on to the page asked for, in a new session key, and every page opens
    assert response["Location"] == "/staff/demands/"
    assert client.session.session_key != before and PENDING_KEY not in client.session
    assert client.get("/staff/demands/").status_code == 200


def test_a_code_step_ignores_a_next_to_another_site(staff: User) -> None:
    device, _codes = enrol(staff)
    client, _response = password_login(staff)
    response = client.post(
        "/accounts/otp/verify/", {"code": app_code(device, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/home/"


def test_wrong_codes_in_a_row_are_held_back_and_the_page_says_how_long(staff: User) -> None:
    device, _codes = enrol(staff)
    client, _response = password_login(staff)
    assert client.post("/accounts/otp/verify/", {"code": wrong_code(device)}).status_code == 400
    assert client.post("/accounts/otp/verify/", {"code": wrong_code(device)}).status_code in (400, 429)

    # even the right code waits out django-otp's back-off, and the page says so
    response = client.post("/accounts/otp/verify/", {"code": app_code(device, steps_ahead=1)})
    assert response.status_code == 429
    page = response.content.decode()
    assert "여러 번 틀려 잠시 막았습니다" in page and "초 뒤에" in page
    assert client.get("/home/").status_code == 302


def test_a_backup_code_logs_in_once(staff: User) -> None:
    # given: staff without their phone, holding the backup codes
    _device, codes = enrol(staff)
    code = codes[0]

    # when: they type one, as printed (with a hyphen, in capitals)
    client, _response = password_login(staff)
    response = client.post("/accounts/otp/verify/", {"code": f"{code[:4]}-{code[4:]}".upper()})

    # then: they are in, warned that it is spent, and the trail records it
    assert response["Location"] == "/home/"
    assert "백업 코드로 로그인했습니다" in client.get("/home/").content.decode()
    assert StaticToken.objects.filter(device__user=staff).count() == 9
    assert AuditRecord.objects.filter(action="user.otp_backup_used", actor=staff).count() == 1

    # and: the same code does not work a second time
    again, _response = password_login(staff)
    response = again.post("/accounts/otp/verify/", {"code": code})
    assert response.status_code == 400
    assert again.get("/home/").status_code == 302


def test_a_user_without_a_device_logs_in_with_the_password_alone(staff: User) -> None:
    client, response = password_login(staff)
    assert response["Location"] == "/home/"
    assert client.get("/home/").status_code == 200
    assert client.get("/accounts/otp/verify/")["Location"] == "/home/"


# ----------------------------------------------------------------------------------------------------
# Backup codes and turning it off


def test_new_backup_codes_replace_the_old_ones(staff: User) -> None:
    device, old = enrol(staff)
    client, _response = password_login(staff)
    client.post("/accounts/otp/verify/", {"code": app_code(device, steps_ahead=1)})

    response = client.post("/accounts/otp/backup-codes/")
    new = CODES.findall(response.content.decode())

    assert response.status_code == 200 and len(new) == 10
    assert not StaticToken.objects.filter(device__user=staff, token__in=old).exists()
    assert AuditRecord.objects.filter(action="user.otp_backup_renew").count() == 1


def test_turning_it_off_needs_a_valid_code(staff: User) -> None:
    _device, codes = enrol(staff)
    client, _response = password_login(staff)
    client.post("/accounts/otp/verify/", {"code": codes[0]})
    assert "2단계 인증을 끌까요?" in client.get("/accounts/otp/turn-off/").content.decode()

    response = client.post("/accounts/otp/turn-off/", {"code": "zzzzzzzz"})
    assert response.status_code == 400 and "코드가 맞지 않습니다" in response.content.decode()
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()

    forgive(staff)
    response = client.post("/accounts/otp/turn-off/", {"code": codes[1]})
    assert response["Location"] == "/accounts/otp/"
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    assert AuditRecord.objects.filter(action="user.otp_disable", actor=staff).count() == 1
    # next time the password is enough
    again, _response = password_login(staff)
    assert again.get("/home/").status_code == 200


# ----------------------------------------------------------------------------------------------------
# Required of staff (SORI_OTP_REQUIRED)


def test_required_mode_sends_staff_officers_and_admins_to_set_it_up_but_not_company_users(
    settings: Any, staff: User, officer: User, admin_user: User, company_user: User, login: Any
) -> None:
    settings.SORI_OTP_REQUIRED = True

    # staff, officers and administrators without a device are sent to set one up, with where they were going
    assert login(staff).get("/home/")["Location"] == "/accounts/otp/?next=%2Fhome%2F"
    assert login(officer).get("/staff/inbox/")["Location"] == "/accounts/otp/?next=%2Fstaff%2Finbox%2F"
    assert login(admin_user).get("/staff/users/")["Location"].startswith("/accounts/otp/")
    # a company user is not made to
    assert login(company_user).get("/company/").status_code == 200

    # the setup page says why; once set up, the page asked for opens
    client = login(staff)
    page = client.get("/accounts/otp/?next=/home/").content.decode()
    assert "2단계 인증을 요구합니다" in page
    client.post("/accounts/otp/start/", {"next": "/home/"})
    device = TOTPDevice.objects.get(user=staff)
    response = client.post("/accounts/otp/confirm/", {"code": app_code(device), "next": "/home/"})
    assert 'href="/home/"' in response.content.decode()
    assert client.get("/home/").status_code == 200

    # and a later login asks for the code, not for a new setup
    again, _response = password_login(staff)
    assert again.get("/home/")["Location"].startswith("/accounts/otp/verify/")


def test_without_the_requirement_staff_are_not_sent_anywhere(staff: User, login: Any) -> None:
    assert login(staff).get("/home/").status_code == 200


# ----------------------------------------------------------------------------------------------------
# An administrator resets a lost phone


def test_an_administrator_resets_a_users_second_factor_and_it_is_on_the_trail(
    officer: User, admin_user: User, login: Any
) -> None:
    # given: an officer who lost the phone with the app, stuck at the code step
    enrol(officer)
    stuck, _response = password_login(officer)
    assert stuck.get("/staff/inbox/")["Location"].startswith("/accounts/otp/verify/")
    admin = login(admin_user)
    page = admin.get(f"/staff/users/{officer.id}/").content.decode()
    assert "2단계 인증 초기화" in page and "data-confirm=" in page
    assert "켜짐" in admin.get("/staff/users/").content.decode()

    # when: the administrator resets it (the button asks first)
    response = admin.post(f"/staff/users/{officer.id}/otp-reset/")

    # then: the devices are gone, the trail says who did it, and the password alone logs the officer in
    assert response["Location"] == f"/staff/users/{officer.id}/"
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    record = AuditRecord.objects.get(action="user.otp_reset")
    assert record.actor == admin_user and record.target == f"auth.user:{officer.id}"
    assert "2단계 인증 초기화" in admin.get(f"/staff/users/{officer.id}/").content.decode()
    client, _response = password_login(officer)
    assert client.get("/staff/inbox/").status_code == 200
    # and the session stuck at the code step is let through, there being no code left to ask for
    assert stuck.get("/accounts/otp/verify/?next=/staff/inbox/")["Location"] == "/staff/inbox/"
    assert stuck.get("/staff/inbox/").status_code == 200


def test_an_administrator_cannot_reset_their_own_and_a_reset_of_none_records_nothing(
    admin_user: User, officer: User
) -> None:
    enrol(admin_user)
    with pytest.raises(ValidationError):
        otp_reset(user=admin_user, actor=admin_user)
    assert otp_reset(user=officer, actor=admin_user) is False
    assert not AuditRecord.objects.filter(action="user.otp_reset").exists()


def test_the_setup_page_reads_in_english(staff: User, login: Any) -> None:
    client = login(staff)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/accounts/otp/start/")
    page = client.get("/accounts/otp/").content.decode()
    main = page.split('<main id="main"', 1)[1].split("</main>")[0]
    assert "Two-step verification" in main and "Confirm and turn on" in main
    assert not re.search(r"[\uac00-\ud7a3]", main.replace("소리 Sori", ""))
