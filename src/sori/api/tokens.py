"""Creating, revoking and checking API tokens; every write is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.api.models import ApiToken, Scope
from sori.core import audit

PREFIX = "sori_"
# Recording each use would write on every request; a minute's precision is enough to see a token is alive.
LAST_USE_PRECISION = dt.timedelta(minutes=1)
MAX_DAYS = 366


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scope: str, days: int | None, actor: User) -> tuple[ApiToken, str]:
    """Make a token for ``user``; return the row and the token itself, which is shown once and never again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("토큰 이름을 적어 주세요(예: 그룹웨어 연동).")})
    if scope not in Scope.values:
        raise ValidationError({"scope": _("권한 범위를 고르세요: 읽기 또는 읽기·쓰기.")})
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {"days": _("유효 기간은 1일에서 %(max)s일 사이로 정해 주세요.") % {"max": MAX_DAYS}}
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(PREFIX) + 4],
        digest=_digest(secret),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
    )
    audit.record(
        actor=actor,
        action="api.token_create",
        target=token,
        summary=name,
        after={"scope": scope, "user": user},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Stop a token from working at once; the row stays, so its uses remain explained."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api.token_revoke", target=token, summary=token.name)
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """Return the live token ``secret`` names (its user active), recording its use; None otherwise."""
    if not secret.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user", "user__profile").filter(digest=_digest(secret)).first()
    if token is None or not token.active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))
