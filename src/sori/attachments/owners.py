"""Which things take attachments, and who may see and add them: one rule per kind of owner.

The app that owns a model registers its rule from ``AppConfig.ready`` (the meeting's from engagement, the
answer's from policy), so an attachment is shown to exactly those who may see the thing it belongs to, by the
same checks the owner's own pages use; a model with no rule takes no attachments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

Check = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class OwnerRule:
    """Who may see (``can_view(user, owner)``) and add (``can_attach(user, owner)``) an owner's files.

    ``is_released(owner)`` says whether files marked public may be shown to anyone; owners without it keep
    every file inside the office. ``page(owner)`` is the address to return to after adding or removing;
    ``scope(owner)`` the record whose trail shows the change (an answer's demand), the owner itself if None.
    """

    label: str
    can_view: Check
    can_attach: Check
    page: Callable[[Any], str]
    is_released: Callable[[Any], bool] | None = None
    scope: Callable[[Any], models.Model] | None = None


_RULES: dict[str, OwnerRule] = {}


def register_owner(model: type[models.Model], rule: OwnerRule) -> None:
    """Let ``model``'s rows take attachments under ``rule``."""
    _RULES[model._meta.label_lower] = rule


def rule_for(model_label: str) -> OwnerRule | None:
    """Return the rule for ``app_label.model``, or None when that model takes no attachments."""
    return _RULES.get(model_label)


def owner_label(obj: models.Model) -> str:
    return obj._meta.label_lower
