"""Personal data (개인정보 보호법): access records of who handled proposers' data, and scrubbing copies.

Two duties meet here because both reach every app without importing any:

- **Access records** (접속기록, 개인정보의 안전성 확보조치 기준): each page or file that shows or exports
  proposers' names and contacts calls ``record_access`` (or ``record_export`` for lists that hold only names
  on the page) with one line; the records are read on the administrators' page.
- **Copies**: a person's name, e-mail or phone is copied into texts — audit summaries, outbox bodies and
  addresses, meeting minutes. Each app names the columns where it writes such copies
  (``register_copies`` from its ``AppConfig.ready``); ``scrub_copies`` replaces given strings in all of
  them, for erasure on request and the retention purge.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.http import HttpRequest

from sori.core.audit import actor_label
from sori.core.models import AccessAction, PersonalDataAccess

# Query-string values that turn a list page into a file.
FILE_FORMATS = frozenset({"xlsx", "csv"})

# What replaces an erased person's name, and an erased e-mail or phone, wherever a copy of it was written.
ERASED_NAME = "익명 제안자"
REMOVED = "(삭제됨)"


def _ip(request: HttpRequest) -> str | None:
    value = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _readable_path(request: HttpRequest) -> str:
    """Return the path with its query decoded ("?q=조춘호"), so the records read and can be scrubbed."""
    query = "&".join(f"{key}={value}" for key, values in request.GET.lists() for value in values)
    return (request.path + (f"?{query}" if query else ""))[:500]


def wants_file(request: HttpRequest) -> bool:
    """Return whether a list page is asked for its file (``?format=xlsx`` or ``csv``) rather than the page."""
    return request.GET.get("format", "") in FILE_FORMATS


def record_access(request: HttpRequest, action: str, what: str, people: int | None = None) -> None:
    """Record that the signed-in user viewed, exported or downloaded personal data (one row, never updated).

    ``action`` is an ``AccessAction`` value; ``"view"`` is recorded as ``"export"`` when the same view is
    asked for its file (``?format=xlsx``), so a list page that exports needs only this one call. ``what``
    names the page or file without personal data (``"registry.person:12"``, ``"voices.moderation"``);
    ``people`` counts the data subjects it held, where the view knows it. The request id is the one the ops
    middleware set.
    """
    if action == AccessAction.VIEW and wants_file(request):
        action = AccessAction.EXPORT
    user = request.user if isinstance(request.user, User) and request.user.is_authenticated else None
    PersonalDataAccess.objects.create(
        user=user,
        user_label=actor_label(user)[:200],
        action=AccessAction(action),
        what=what[:200],
        people=people,
        path=_readable_path(request),
        ip=_ip(request),
        request_id=str(getattr(request, "sori_request_id", "") or "")[:64],
    )


def record_export(request: HttpRequest, what: str, people: int | None = None) -> None:
    """Record an export of a list whose page shows only names: nothing for the page, one row for its file."""
    if wants_file(request):
        record_access(request, AccessAction.EXPORT, what, people)


# ----------------------------------------------------------------------------------------------------
# Copies of a person's data in other columns


_COPIES: dict[str, tuple[str, ...]] = {
    "core.AuditRecord": ("actor_label", "summary", "before", "after"),
    "core.PersonalDataAccess": ("path",),
    # Django's admin writes a person's name into its log when a row is changed there.
    "admin.LogEntry": ("object_repr", "change_message"),
}


def register_copies(model: str, fields: Iterable[str]) -> None:
    """Name the text or JSON columns of ``model`` (``"app.Model"``) where names or contacts are copied."""
    _COPIES[model] = tuple(dict.fromkeys([*_COPIES.get(model, ()), *fields]))


def copy_columns() -> list[tuple[type[models.Model], tuple[str, ...]]]:
    """Return each installed model with the columns registered as holding copies."""
    out = []
    for label, fields in _COPIES.items():
        try:
            out.append((apps.get_model(label), fields))
        except LookupError:
            continue
    return out


def json_forms(needle: str) -> list[str]:
    """Return ``needle`` as it may sit in JSON text: as is, and escaped (SQLite keeps ``\\uXXXX``)."""
    escaped = json.dumps(needle)[1:-1]
    return list(dict.fromkeys([needle, escaped]))


def _mentions(model: type[models.Model], fields: tuple[str, ...], needles: list[str]) -> Any:
    annotations: dict[str, Any] = {}
    condition = Q()
    for name in fields:
        field = model._meta.get_field(name)
        if isinstance(field, models.JSONField):
            alias = f"_privacy_{name}"
            annotations[alias] = Cast(name, TextField())
            for needle in needles:
                for form in json_forms(needle):
                    condition |= Q(**{f"{alias}__icontains": form})
        else:
            for needle in needles:
                condition |= Q(**{f"{name}__icontains": needle})
    # The base manager: erasure must reach rows a default manager hides (deleted proposals).
    return model._base_manager.alias(**annotations).filter(condition)


def _replacer(replacements: Mapping[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    # Longest first, so an e-mail is replaced whole before a name inside it could be.
    needles = sorted((n for n in replacements if n), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    return pattern, {n.casefold(): replacements[n] for n in needles}


def _scrub_value(value: Any, pattern: re.Pattern[str], table: dict[str, str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(lambda m: table.get(m.group(0).casefold(), m.group(0)), value)
    if isinstance(value, list):
        return [_scrub_value(v, pattern, table) for v in value]
    if isinstance(value, dict):
        return {_scrub_value(k, pattern, table): _scrub_value(v, pattern, table) for k, v in value.items()}
    return value


def scrub_text(text: str, replacements: Mapping[str, str]) -> str:
    """Return ``text`` with every string of ``replacements`` (case-insensitively) replaced by its value."""
    if not any(replacements):
        return text
    pattern, table = _replacer(replacements)
    result: str = _scrub_value(text, pattern, table)
    return result


def scrub_copies(replacements: Mapping[str, str]) -> int:
    """Replace each key of ``replacements`` by its value in every registered column; return the rows changed.

    Rows are written with ``update()``, so no ``save()`` side effect (timestamps, derived keys) runs. Call it
    inside the transaction of the service that erases or purges, after that service wrote its own rows.
    """
    needles = [n for n in replacements if n]
    if not needles:
        return 0
    pattern, table = _replacer(replacements)
    changed = 0
    for model, fields in copy_columns():
        for row in _mentions(model, fields, needles).only("pk", *fields):
            values = {}
            for name in fields:
                old = getattr(row, name)
                new = _scrub_value(old, pattern, table)
                if new != old:
                    values[name] = new
            if values:
                model._base_manager.filter(pk=row.pk).update(**values)
                changed += 1
    return changed


def find_mentions(needles: Iterable[str]) -> list[str]:
    """Return ``"app.Model.field:pk"`` for every text or JSON column of every model that holds a needle.

    Unlike ``scrub_copies`` this reads every installed model, registered or not: it answers "where is this
    person's data?" (a request to see it, or a check after erasure) and finds a copy nobody registered.
    """
    wanted = [n for n in needles if n]
    found: list[str] = []
    if not wanted:
        return found
    for model in apps.get_models():
        fields = tuple(
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        )
        for name in fields:
            for pk in _mentions(model, (name,), wanted).values_list("pk", flat=True):
                found.append(f"{model._meta.label}.{name}:{pk}")
    return found
