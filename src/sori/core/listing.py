"""Sorting, searching and paging for list pages, driven by the query string."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

M = TypeVar("M", bound=Model)


def sort(
    qs: QuerySet[M], request: HttpRequest, allowed: Mapping[str, str], default: str
) -> tuple[QuerySet[M], str]:
    """Order by ``?sort=key`` or ``?sort=-key`` (``key`` in ``allowed``, key → field); return the key used."""
    key = request.GET.get("sort", default)
    name = key.lstrip("-")
    if name not in allowed:
        key, name = default, default.lstrip("-")
    field = allowed[name]
    return qs.order_by(f"-{field}" if key.startswith("-") else field, "id"), key


def search(qs: QuerySet[M], request: HttpRequest, fields: tuple[str, ...]) -> tuple[QuerySet[M], str]:
    """Filter by ``?q=`` over ``fields`` (every word must match one of them)."""
    q = request.GET.get("q", "").strip()
    for word in q.split():
        cond = Q()
        for f in fields:
            cond |= Q(**{f"{f}__icontains": word})
        qs = qs.filter(cond)
    return qs, q


def paginate(qs: QuerySet[M] | list[Any], request: HttpRequest, per_page: int = 50) -> Page:
    """Return the page ``?page=N`` (out-of-range numbers give the last page)."""
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """Return the current query string without ``names``, for sort links and pagers that keep the filters."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
