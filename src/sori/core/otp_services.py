"""The second factor's writes: set it up, check a code, make new backup codes, turn it off, reset it.

A code is checked with django-otp (``django_otp.verify_token``), which commits a wrong try on its own so its
throttling holds: after each wrong code the device refuses codes for twice as long as the last time (1, 2,
4 … seconds). The services here therefore check first and write their own changes in a transaction after.
"""

from __future__ import annotations

import datetime as dt
import math

import django_otp
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device, ThrottlingMixin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sori.core import audit
from sori.core.otp import (
    BACKUP_CODE_COUNT,
    backup_codes_left,
    has_second_factor,
    is_app_code,
    normalise,
    totp_device,
)

APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


def _wait_text(locked_until: dt.datetime) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds < 120:
        return _("%(n)s초") % {"n": seconds}
    return _("%(n)s분") % {"n": math.ceil(seconds / 60)}


def _throttled(device: ThrottlingMixin) -> ValidationError | None:
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return None
    return ValidationError(
        _(
            "코드를 여러 번 틀려 잠시 막았습니다. %(wait)s 뒤에 인증 앱에 새로 보이는 코드를 입력해 주세요. "
            "계속 안 되면 관리자에게 2단계 인증 초기화를 부탁하세요."
        )
        % {"wait": _wait_text(info["locked_until"])},
        code="throttled",
    )


def _verify(user: User, device: Device | None, code: str, wrong: str) -> Device:
    """Return ``device`` once it accepts ``code``; else raise a ValidationError (``wrong``, or the wait).

    A wrong code is committed by django-otp before the error is raised, so the back-off counts it.
    """
    if device is None:
        raise ValidationError(wrong, code="wrong")
    if isinstance(device, ThrottlingMixin) and (refused := _throttled(device)):
        raise refused
    verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        raise ValidationError(wrong, code="wrong")
    return verified


def _new_backup_codes(user: User) -> list[str]:
    """Replace ``user``'s backup codes with ``BACKUP_CODE_COUNT`` new ones and return them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": BACKUP_DEVICE_NAME})
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in sorted(codes)])
    return sorted(codes)


def _summary(user: User) -> str:
    return f"{user.first_name} ({user.username})" if user.first_name else user.username


@transaction.atomic
def otp_enrol_start(*, user: User) -> TOTPDevice:
    """Return the authenticator-app device ``user`` is setting up, creating it (unconfirmed) if need be.

    Asking again shows the same secret, so a page reloaded halfway keeps the QR code already scanned.
    """
    User.objects.select_for_update().get(pk=user.pk)
    if totp_device(user) is not None:
        raise ValidationError(
            _("2단계 인증이 이미 켜져 있습니다. 휴대전화를 바꾸려면 먼저 끄고 다시 설정하세요.")
        )
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def otp_enrol_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the device being set up with a code from the app; return it and ten new backup codes.

    From then on ``user`` logs in with a code after the password. Only a correct code confirms the device.
    """
    device = totp_device(user, confirmed=False)
    if device is None:
        raise ValidationError(
            _("설정을 시작한 인증 앱이 없습니다. '2단계 인증 설정 시작'을 눌러 다시 시작해 주세요.")
        )
    code = normalise(code)
    wrong = _(
        "코드가 맞지 않습니다. 인증 앱에 방금 추가한 '소리 Sori' 항목의 6자리 숫자를 입력해 주세요. "
        "계속 틀리면 휴대전화의 시간이 자동으로 맞춰져 있는지 확인하세요."
    )
    if not is_app_code(code):
        raise ValidationError(_("인증 앱에 보이는 6자리 숫자를 입력해 주세요."), code="wrong")
    _verify(user, device, code, wrong)
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        audit.record(actor=user, action="user.otp_enable", target=user, summary=_summary(user))
    return device, codes


def _check(user: User, code: str) -> tuple[Device, bool]:
    """Return the device that accepts ``code`` and whether it was a backup code (which is then spent)."""
    code = normalise(code)
    app = is_app_code(code)
    device: Device | None = (
        totp_device(user) if app else StaticDevice.objects.filter(user=user, confirmed=True).first()
    )
    wrong = _(
        "코드가 맞지 않습니다. 인증 앱에 지금 보이는 6자리 숫자를 입력해 주세요(한 번 쓴 코드는 다시 쓸 수 "
        "없습니다). 휴대전화가 없으면 백업 코드 하나를 입력하세요."
    )
    return _verify(user, device, code, wrong), not app


def otp_login_check(*, user: User, code: str) -> Device:
    """Return the device that accepts ``code`` at login: the app for six digits, else a backup code.

    A backup code is spent once used, and its use is recorded on the account's trail.
    """
    device, backup = _check(user, code)
    if backup:
        with transaction.atomic():
            audit.record(
                actor=user,
                action="user.otp_backup_used",
                target=user,
                summary=_("남은 백업 코드 %(n)s개") % {"n": backup_codes_left(user)},
            )
    return device


@transaction.atomic
def otp_backup_renew(*, user: User) -> list[str]:
    """Replace ``user``'s backup codes with ten new ones and return them; the old ones stop working."""
    User.objects.select_for_update().get(pk=user.pk)
    if totp_device(user) is None:
        raise ValidationError(
            _("2단계 인증이 꺼져 있어 백업 코드를 만들 수 없습니다. 먼저 2단계 인증을 켜 주세요.")
        )
    codes = _new_backup_codes(user)
    audit.record(actor=user, action="user.otp_backup_renew", target=user, summary=_summary(user))
    return codes


def otp_disable(*, user: User, code: str) -> None:
    """Turn ``user``'s second factor off after a valid code (from the app, or a backup code)."""
    if totp_device(user) is None:
        raise ValidationError(_("2단계 인증이 이미 꺼져 있습니다."))
    _check(user, code)
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        _remove_devices(user)
        audit.record(actor=user, action="user.otp_disable", target=user, summary=_summary(user))


@transaction.atomic
def otp_reset(*, user: User, actor: User) -> bool:
    """Remove ``user``'s second factor for them (a lost phone); return whether there was one to remove.

    They log in with their password alone next time and, where one is required, set up a new one at once.
    Administrators turn off their own on their own page, with a code.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise ValidationError(
            _(
                "자기 2단계 인증은 여기서 초기화할 수 없습니다. '2단계 인증' 화면에서 코드를 입력해 끄거나 "
                "다른 관리자에게 부탁해 주세요."
            )
        )
    had = has_second_factor(user)
    _remove_devices(user)
    if had:
        audit.record(actor=actor, action="user.otp_reset", target=user, summary=_summary(user))
    return had


def _remove_devices(user: User) -> None:
    """Delete every device of ``user``: the app (set up or halfway) and the backup codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
