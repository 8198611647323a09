"""Sorting, searching and paging for list pages, driven by the query string."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

M = TypeVar("M", bound=Model)


def sort_key(request: HttpRequest, allowed: Mapping[str, str], default: str) -> str:
    """Return ``?sort=key`` or ``?sort=-key`` when ``key`` is in ``allowed``, else ``default``."""
    key = request.GET.get("sort", default)
    return key if key.lstrip("-") in allowed else default


def sort(
    qs: QuerySet[M], request: HttpRequest, allowed: Mapping[str, str], default: str
) -> tuple[QuerySet[M], str]:
    """Order by ``?sort=key`` or ``?sort=-key`` (``key`` in ``allowed``, key → field); return the key used."""
    key = sort_key(request, allowed, default)
    field = allowed[key.lstrip("-")]
    return qs.order_by(f"-{field}" if key.startswith("-") else field, "id"), key


# Words beyond these are ignored: each word is one more condition on every searched field.
MAX_SEARCH_WORDS = 8


def search(qs: QuerySet[M], request: HttpRequest, fields: tuple[str, ...]) -> tuple[QuerySet[M], str]:
    """Filter by ``?q=`` over ``fields`` (every word must match one of them); return the words used.

    A field across a relation (``proposals__text``) is matched through a subquery: chained filters on a
    to-many relation add a join per word, and the rows multiply with each one.
    """
    words = list(dict.fromkeys(request.GET.get("q", "").split()))[:MAX_SEARCH_WORDS]
    manager = qs.model._default_manager
    for word in words:
        cond = Q()
        for f in fields:
            if "__" in f:
                cond |= Q(pk__in=manager.filter(**{f"{f}__icontains": word}).values("pk"))
            else:
                cond |= Q(**{f"{f}__icontains": word})
        qs = qs.filter(cond)
    return qs, " ".join(words)


def paginate(qs: QuerySet[M] | list[Any], request: HttpRequest, per_page: int = 50) -> Page:
    """Return the page ``?page=N`` (out-of-range numbers give the last page)."""
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """Return the current query string without ``names``, for sort links and pagers that keep the filters."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def list_page(
    request: HttpRequest,
    qs: QuerySet[M],
    *,
    search_fields: tuple[str, ...],
    sorts: Mapping[str, str],
    default_sort: str,
    template: str,
    export: Callable[[QuerySet[M]], HttpResponse] | None = None,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
) -> HttpResponse:
    """Search, sort, then export (``?format=xlsx``) or render one page of ``qs``: every list page's steps.

    The template gets ``page``, ``q``, ``sort``, ``query`` (the whole query string), ``keep`` (without
    sort and page, for sort links) and ``keep_page`` (without page, for pagers), then ``context`` — a
    callable when it is needed only for the page, not the export. ``export`` is None where the user may
    not export.
    """
    qs, q = search(qs, request, search_fields)
    qs, key = sort(qs, request, sorts, default_sort)
    if export is not None and request.GET.get("format") == "xlsx":
        return export(qs)
    extra = context() if callable(context) else context or {}
    return render(
        request,
        template,
        {
            "page": paginate(qs, request),
            "q": q,
            "sort": key,
            "query": request.GET.urlencode(),
            "keep": query_without(request, "sort", "page"),
            "keep_page": query_without(request, "page"),
            **extra,
        },
    )
