"""The public tracker over the API: what anyone may read on the site, no token, no personal data."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from sori.api.paging import Id, Page, PageQuery, page_of
from sori.core.listing import MAX_SEARCH_WORDS
from sori.feedback.public_selectors import (
    STATUS_ASSIGNED,
    STATUS_OPEN,
    open_data_row,
    public_demand,
    tracker_demands,
    with_current_dispositions,
)
from sori.voices.outcomes import Outcome

router = Router(tags=["public"])


class TrackedDemand(Schema):
    id: int
    demand: str = Field(description="수요 제목")
    theme: str
    status: str = Field(
        description=f"처리결과 코드, 또는 {STATUS_ASSIGNED}(답변 준비 중)·{STATUS_OPEN}(정리 중)"
    )
    status_label: str
    reason: str
    limits: str
    referred_to: str
    instrument: str
    department: str
    decided_on: str = Field(description="답변한 날(YYYY-MM-DD), 답변 전에는 빈 값")
    due_date: str
    organisations: int = Field(description="요청한 기관 수")
    supports: int = Field(description="공감 수")
    url: str


class Answer(Schema):
    outcome: Outcome
    reason: str
    limits: str
    referred_to: str
    decided_at: dt.datetime


class TrackedDemandDetail(TrackedDemand):
    organisations_named: list[str] = Field(description="이름 공개에 동의한 요청 기관")
    answers: list[Answer] = Field(description="답변 이력, 최근 것이 먼저")


def _url(request: HttpRequest, demand_id: Id) -> str:
    return request.build_absolute_uri(reverse("public:demand", args=[demand_id]))


@router.get("/public/demands", response=Page[TrackedDemand], operation_id="public_demands_list", auth=None)
def public_demands_list(
    request: HttpRequest,
    page: Query[PageQuery],
    q: str = Query("", max_length=200, description="제목·분야에서 찾을 낱말(공백으로 나눔)"),
    status: Outcome | Literal["assigned", "open", ""] = "",
    theme_id: Id | None = None,
    sort: Literal["decided", "orgs", "support"] = "decided",
) -> dict:
    """The published demands as on the public tracker, with their current answer."""
    words = " ".join(q.split()[:MAX_SEARCH_WORDS])  # the web lists' cap on search words
    qs = tracker_demands(theme_id=theme_id, status=status, q=words, sort=sort)
    result = page_of(qs, page)
    demands = with_current_dispositions(result["results"])
    result["results"] = [open_data_row(d, url=_url(request, d.id)) for d in demands]
    return result


@router.get(
    "/public/demands/{demand_id}", response=TrackedDemandDetail, operation_id="public_demands_get", auth=None
)
def public_demands_get(request: HttpRequest, demand_id: Id) -> dict:
    page = public_demand(demand_id)
    if page is None:
        raise Http404("공개된 수요가 아닙니다. 번호를 확인해 주세요.")
    demand = with_current_dispositions([page.demand])[0]
    return {
        **open_data_row(demand, url=_url(request, demand.id)),
        "organisations_named": page.named_organisations,
        "answers": page.dispositions,
    }
