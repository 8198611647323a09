"""Reads for the accounts pages: the list with its filters, one account, its trail, accounts by e-mail."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from sori.core import audit, trail
from sori.core.models import AuditRecord
from sori.core.roles import Role
from sori.core.trail import TrailEntry

NO_ROLE = "none"


def users(*, role: str = "", active: bool | None = None) -> QuerySet[User]:
    """Return accounts with their role and organisation (no N+1); ``role`` is a ``Role`` value or ``NO_ROLE``.

    A superuser is an administrator whatever its profile says, as ``sori.core.roles.role_of`` reads it.
    """
    qs = User.objects.select_related("profile__organisation")
    if role == Role.ADMIN:
        qs = qs.filter(Q(is_superuser=True) | Q(profile__role=Role.ADMIN))
    elif role in Role.values:
        qs = qs.filter(is_superuser=False, profile__role=role)
    elif role == NO_ROLE:
        qs = qs.filter(is_superuser=False, profile__isnull=True)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


def user_trail(user: User) -> list[TrailEntry]:
    """Return every change to ``user``'s account, newest first."""
    return trail.entries(AuditRecord.objects.filter(target=audit.ref(user)).order_by("-at", "-id"))


def active_users_with_email(email: str) -> list[User]:
    """Return the active accounts with ``email`` (ignoring case): whom "비밀번호를 잊으셨나요?" reaches."""
    email = (email or "").strip()
    if not email:
        return []
    return list(User.objects.filter(email__iexact=email, is_active=True).order_by("id"))
