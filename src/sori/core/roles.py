"""Roles and who may do what. Every permission check in Sori goes through this module."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("관리자")
    STAFF = "staff", _("위원회·정책 사무")
    OFFICER = "officer", _("소관부서 담당자")
    COMPANY = "company", _("기업·기관 사용자")


# What each role may do; views ask for a capability, never for a role by name.
CAPABILITIES: dict[str, frozenset[Role]] = {
    "engagement.manage": frozenset({Role.ADMIN, Role.STAFF}),
    "proposal.record": frozenset({Role.ADMIN, Role.STAFF}),
    "proposal.moderate": frozenset({Role.ADMIN, Role.STAFF}),
    "demand.organise": frozenset({Role.ADMIN, Role.STAFF}),
    "demand.assign": frozenset({Role.ADMIN, Role.STAFF}),
    "demand.view_all": frozenset({Role.ADMIN, Role.STAFF}),
    "disposition.decide": frozenset({Role.ADMIN, Role.STAFF, Role.OFFICER}),
    "feedback.send": frozenset({Role.ADMIN, Role.STAFF}),
    "registry.manage": frozenset({Role.ADMIN, Role.STAFF}),
    "registry.kpis": frozenset({Role.ADMIN, Role.STAFF, Role.OFFICER}),
    "department.inbox": frozenset({Role.OFFICER}),
    "company.portal": frozenset({Role.COMPANY}),
    "staff.area": frozenset({Role.ADMIN, Role.STAFF, Role.OFFICER}),
    "ops.health": frozenset({Role.ADMIN}),
    "users.manage": frozenset({Role.ADMIN}),
    # Which city systems hear of decisions, and the secrets that sign what they are sent.
    "webhooks.manage": frozenset({Role.ADMIN}),
    # Reading the access records of personal data, and erasing a person on request (개인정보 보호법).
    "privacy.audit": frozenset({Role.ADMIN}),
    "privacy.erase": frozenset({Role.ADMIN}),
    "program.manage": frozenset({Role.ADMIN, Role.STAFF}),
    # Reviewers are staff users assigned to an application; the assignment is checked per object.
    "program.review": frozenset({Role.ADMIN, Role.STAFF}),
    "program.apply": frozenset({Role.COMPANY}),
    # Everyone with a role may make API tokens; a token acts with its maker's role, never more.
    "api.tokens": frozenset({Role.ADMIN, Role.STAFF, Role.OFFICER, Role.COMPANY}),
}


def role_of(user: object) -> Role | None:
    """Return the user's role, or None for anonymous users and accounts without a profile."""
    if not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return Role(profile.role) if profile is not None else None


def can(user: object, capability: str) -> bool:
    """Return whether ``user`` holds ``capability`` (a key of ``CAPABILITIES``)."""
    role = role_of(user)
    return role is not None and role in CAPABILITIES[capability]
