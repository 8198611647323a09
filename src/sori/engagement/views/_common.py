"""Helpers shared by the engagement views."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from sori.core.listing import query_without


def sort_links(request: HttpRequest, keys: Iterable[str], current: str) -> dict[str, str]:
    """Return key → query string that sorts by that key (descending when it is already ascending)."""
    base = query_without(request, "sort", "page")
    prefix = f"{base}&" if base else ""
    return {key: f"?{prefix}sort={'-' if current == key else ''}{key}" for key in keys}
