"""Reading attachments: an owner's files, and whether a user may have one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import models

from sori.attachments.models import Attachment
from sori.attachments.owners import rule_for


def _of_model(model: type[models.Model] | models.Model) -> models.Q:
    # By name through a join, not by a cached ContentType: one query however warm the cache is.
    meta = model._meta
    return models.Q(owner_type__app_label=meta.app_label, owner_type__model=meta.model_name)


def attachments_of(owner: models.Model) -> list[Attachment]:
    """Return ``owner``'s attachments, oldest first, in one query."""
    return list(Attachment.objects.filter(_of_model(owner), owner_id=owner.pk))


def attachments_by_owner(model: type[models.Model], ids: Iterable[int]) -> dict[int, list[Attachment]]:
    """Return the attachments of many rows of ``model`` at once, by owner id (for lists: one query)."""
    found: dict[int, list[Attachment]] = {}
    rows = Attachment.objects.filter(_of_model(model), owner_id__in=list(ids))
    for attachment in rows:
        found.setdefault(attachment.owner_id, []).append(attachment)
    return found


def released(attachment: Attachment, owner: models.Model | None = None) -> bool:
    """Return whether anyone may have ``attachment``: marked public, and its owner released to the public."""
    if not attachment.public:
        return False
    owner = owner if owner is not None else attachment.owner
    rule = rule_for(owner._meta.label_lower) if owner is not None else None
    return rule is not None and rule.is_released is not None and rule.is_released(owner)


def public_attachments_of(owner: models.Model) -> list[Attachment]:
    """Return the attachments of ``owner`` that the public may read (none until it is released)."""
    rule = rule_for(owner._meta.label_lower)
    if rule is None or rule.is_released is None or not rule.is_released(owner):
        return []
    return [a for a in attachments_of(owner) if a.public]


def with_public_files(owners: Sequence[models.Model]) -> None:
    """Give each of ``owners`` (rows of one model) its ``public_files``, for lists: one query in all.

    Like ``prefetch_related(to_attr=…)``: ``{% public_attachments owner %}`` then reads the attribute.
    """
    if not owners:
        return
    rule = rule_for(owners[0]._meta.label_lower)
    released_ids = [
        o.pk for o in owners if rule is not None and rule.is_released is not None and rule.is_released(o)
    ]
    found = attachments_by_owner(type(owners[0]), released_ids) if released_ids else {}
    for owner in owners:
        owner.public_files = [a for a in found.get(owner.pk, []) if a.public]  # type: ignore[attr-defined]


def may_view(user: object, attachment: Attachment) -> bool:
    """Return whether ``user`` may download ``attachment``: by its owner's rule, or because it is released."""
    owner = attachment.owner
    if owner is None:
        return False
    rule = rule_for(owner._meta.label_lower)
    if rule is None:
        return False
    return released(attachment, owner) or rule.can_view(user, owner)


def may_attach(user: object, owner: models.Model) -> bool:
    """Return whether ``user`` may add files to ``owner`` (and change its files)."""
    rule = rule_for(owner._meta.label_lower)
    return rule is not None and getattr(user, "is_authenticated", False) and rule.can_attach(user, owner)


def may_publish(owner: models.Model) -> bool:
    """Return whether ``owner``'s files may be marked public (an answer's may; a meeting's stay inside)."""
    rule = rule_for(owner._meta.label_lower)
    return rule is not None and rule.is_released is not None
