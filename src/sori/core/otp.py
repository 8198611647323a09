"""The second factor at login (2단계 인증): who must use one, and what a session still owes.

A user with a confirmed TOTP device (an authenticator app) enters its 6-digit code, or one of ten one-time
backup codes, after the password; until then the session is signed in but not verified (django-otp keeps the
device that verified it in the session) and ``SecondFactorMiddleware`` opens only the code step. Whether a
session owes a code is decided once, at login, and kept in the session, so pages of users without a second
factor cost no query. With ``SORI_OTP_REQUIRED`` committee staff, officers and administrators without a device
are sent to set one up first; company users may set one up but are not made to.

The writes (enrolling, checking a code, turning it off, an administrator's reset) are in
``sori.core.otp_services``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sori.core.roles import Role, role_of

# Set at login when the account has a second factor: the session still owes a code.
PENDING_KEY = "sori_otp_pending"
REQUIRED_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.OFFICER})
BACKUP_CODE_COUNT = 10
TOTP_DIGITS = 6


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    """Return the user's confirmed authenticator app, or with ``confirmed=False`` the one being set up."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def has_second_factor(user: User) -> bool:
    """Return whether ``user`` logs in with a second factor (a confirmed authenticator app)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    """Return how many unused backup codes ``user`` has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def with_second_factor(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate each account with ``has_otp``: whether it logs in with a second factor (one subquery)."""
    devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return users.annotate(has_otp=Exists(devices))


def must_enrol(user: Any) -> bool:
    """Return whether ``user``'s role must log in with a second factor (``SORI_OTP_REQUIRED``)."""
    return bool(settings.SORI_OTP_REQUIRED) and role_of(user) in REQUIRED_ROLES


def is_verified(user: Any) -> bool:
    """Return whether this request's user entered a code in this session (django-otp's ``is_verified``)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if check is not None else False


def _owes_code(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return session is not None and bool(session.get(PENDING_KEY))


def code_pending(request: HttpRequest) -> bool:
    """Return whether the signed-in session still owes the code of the second factor it has."""
    return _owes_code(request) and not is_verified(request.user)


def second_factor_due(request: HttpRequest) -> bool:
    """Return whether the user must still enter a code or set up a second factor before pages open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_verified(user):
        return False
    return _owes_code(request) or must_enrol(user)


def mark_pending_on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """At login, note in the session that it owes a code when the account has a second factor."""
    if request is not None and has_second_factor(user):
        request.session[PENDING_KEY] = True


def normalise(code: str) -> str:
    """Return a typed code without spaces or hyphens, in lower case (backup codes are shown ``abcd-efgh``)."""
    return "".join(ch for ch in (code or "") if ch not in " -\t").lower()


def is_app_code(code: str) -> bool:
    """Return whether a normalised code has the shape of an authenticator app's (six digits)."""
    return len(code) == TOTP_DIGITS and code.isascii() and code.isdigit()
