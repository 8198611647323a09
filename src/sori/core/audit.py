"""Write audit records. Called only from services, inside their transaction."""

from __future__ import annotations

from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from sori.core.models import AuditRecord

# Who acts: a signed-in user, a visitor on the public site, or the system itself (None: tasks, imports).
Actor: TypeAlias = User | AnonymousUser | None


def ref(obj: models.Model) -> str:
    """Return the stable reference ``app_label.model:pk`` used in audit targets and scopes."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def actor_label(actor: Actor) -> str:
    """Return how an actor is shown in the trail: full name, else username, else '시스템'."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "시스템" if actor is None else "방문자"
    assert isinstance(actor, User)
    return actor.get_full_name() or actor.get_username()


def record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | str,
    scope: models.Model | None = None,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRecord:
    """Write one audit record for ``action`` on ``target`` (and the aggregate ``scope`` it belongs to).

    ``target`` may be a reference string instead of a row for work on no single row (``"privacy.retention"``).
    """
    user = actor if isinstance(actor, User) and actor.is_authenticated else None
    target_ref = target if isinstance(target, str) else ref(target)
    return AuditRecord.objects.create(
        actor=user,
        actor_label=actor_label(actor),
        action=action,
        target=target_ref,
        scope=ref(scope) if scope is not None else target_ref,
        summary=summary[:500],
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, models.Model):
            out[key] = str(value)
        elif isinstance(value, (list, tuple, set)):
            out[key] = sorted(str(v) for v in value)
        elif value is None or isinstance(value, (bool, int, float, str, dict)):
            out[key] = value
        else:
            out[key] = str(value)
    return out
