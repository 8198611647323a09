"""Show audit records as people read them: actions in words, fields and values by their labels.

Apps register the words for their own actions (``register_actions``) from their ``AppConfig.ready``; field
and choice labels come from the target model itself, so a new field needs no registration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.core.formatting import kdate
from sori.core.models import AuditRecord

_ACTIONS: dict[str, Any] = {}
_FIELDS: dict[str, Any] = {}
_CHOICES: dict[str, Any] = {}
_BOOLEANS: dict[str, tuple[Any, Any]] = {}
# Bookkeeping kept in audit records for undo and idempotency, not a change a reader needs to see.
HIDDEN_KEYS = frozenset({"undo", "submission_key"})


def register_actions(labels: Mapping[str, Any]) -> None:
    """Give audit actions (``"demand.merge"``) the words shown in trails."""
    _ACTIONS.update(labels)


def register_fields(labels: Mapping[str, Any]) -> None:
    """Name fields that are not model fields (or read better otherwise) in trails."""
    _FIELDS.update(labels)


def register_choices(choices: Mapping[str, type[models.TextChoices]]) -> None:
    """Name the choices of values recorded under a name that is not a field of the record's model."""
    _CHOICES.update(choices)


def register_booleans(labels: Mapping[str, tuple[Any, Any]]) -> None:
    """Say what a recorded true/false means for a name, e.g. ``published``: (비공개, 공개)."""
    _BOOLEANS.update(labels)


def action_label(action: str) -> str:
    return str(_ACTIONS.get(action, action))


@dataclass(frozen=True)
class TrailEntry:
    """One line of an audit trail, ready to show."""

    at: dt.datetime
    who: str
    action: str
    summary: str
    changes: list[tuple[str, str, str]]


def _model_of(target: str) -> type[models.Model] | None:
    label = target.split(":", 1)[0]
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def display(field: models.Field[Any, Any] | None, value: Any, name: str = "") -> str:
    """Return a stored value as a reader expects it: choice labels, Korean dates, '—' for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        no, yes = _BOOLEANS.get(name, (_("아니오"), _("예")))
        return str(yes if value else no)
    if field is not None and field.many_to_one and (isinstance(value, int) or str(value).isdigit()):
        # Older records kept a related row by its id: name it, as newer records do.
        related = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(related) if related is not None else _("(지워진 항목 %(id)s)") % {"id": value}
    if field is not None and field.choices:
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if field is None and name in _CHOICES and value in _CHOICES[name].values:
        return str(_CHOICES[name](value).label)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return kdate(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def changes(record: AuditRecord) -> list[tuple[str, str, str]]:
    """Return ``(label, before, after)`` for each field the record changed, in words."""
    model = _model_of(record.target)
    shown = []
    for name, before, after in record.changes():
        if name in HIDDEN_KEYS:
            continue
        field = _field(model, name)
        label = _FIELDS.get(name) or (field.verbose_name if field is not None else name)
        old, new = display(field, before, name), display(field, after, name)
        if old != new:
            shown.append((str(label), old, new))
    return shown


def entries(records: Iterable[AuditRecord]) -> list[TrailEntry]:
    """Return the records as trail lines, in the order given."""
    return [
        TrailEntry(
            at=r.at,
            who=r.actor_label,
            action=action_label(r.action),
            summary=r.summary,
            changes=changes(r),
        )
        for r in records
    ]
