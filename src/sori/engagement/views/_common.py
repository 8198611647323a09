"""Helpers shared by the engagement views."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest

from sori.core.listing import query_without


def add_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field when it names fields, else on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def sort_links(request: HttpRequest, keys: Iterable[str], current: str) -> dict[str, str]:
    """Return key → query string that sorts by that key (descending when it is already ascending)."""
    base = query_without(request, "sort", "page")
    prefix = f"{base}&" if base else ""
    return {key: f"?{prefix}sort={'-' if current == key else ''}{key}" for key in keys}
