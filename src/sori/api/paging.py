"""One way to page, sort and make a POST idempotent across every list and create operation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import BaseModel

from sori.core.submissions import submission_claim, submission_complete

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

MAX_PAGE_SIZE = 200
# A row's number: positive and within the 64-bit integer every database stores.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class Page(BaseModel, Generic[T]):
    count: int = Field(description="조건에 맞는 전체 개수")
    page: int
    page_size: int
    results: list[T]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000, description="1부터 세는 쪽 번호")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"한 쪽의 개수(최대 {MAX_PAGE_SIZE})")


def page_of(
    qs: QuerySet[Any] | Sequence[Any], query: PageQuery, out: Callable[[Any], Any] | None = None
) -> dict:
    """Return ``{count, page, page_size, results}`` for one page of ``qs`` (an empty page past the end)."""
    count = qs.count() if isinstance(qs, QuerySet) else len(qs)
    start = (query.page - 1) * query.page_size
    rows = list(qs[start : start + query.page_size])
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "results": [out(r) for r in rows] if out else rows,
    }


def ordered(qs: QuerySet[M], sort: str) -> QuerySet[M]:
    """Sort by ``sort`` (a field, ``-`` first for descending), the id breaking ties so pages never overlap."""
    tie = "-id" if sort.startswith("-") else "id"
    return qs.order_by(sort, tie) if sort.lstrip("-") != "id" else qs.order_by(sort)


IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotency_key(user: User, header: str | None) -> str | None:
    """The caller's ``Idempotency-Key``, scoped to its user so two systems never share a key."""
    if not header:
        return None
    return f"api:{user.pk}:{header.strip()[:80]}"


@transaction.atomic
def created_once(*, key: str | None, action: str, model: type[M], make: Callable[[], M]) -> M:
    """Run ``make`` once per key for services that take no submission key of their own."""
    if earlier := submission_claim(key=key, action=action, model=model):
        return earlier[0]
    made = make()
    submission_complete(key=key, targets=[made])
    return made
