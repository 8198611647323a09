"""The staff demands list and the JSON search behind the "기존 수요에 추가" picker."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.permissions import SignedInRequest, require
from sori.voices.forms import DemandFilterForm
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome
from sori.voices.selectors import demand_choices, staff_demands

SORTS = {"created": "created_at", "answer_due": "answer_due", "supporters": "org_count"}


@require("demand.view_all")
def demand_list(request: SignedInRequest) -> HttpResponse:
    """List demands with their supporters and deadlines; filter, search, sort, page, export."""
    filters = DemandFilterForm(request.GET)
    return listing.list_page(
        request,
        staff_demands(**filters.values()),
        search_fields=("title", "theme__name", "department__name"),
        sorts=SORTS,
        default_sort="-created",
        template="voices/demand_list.html",
        export=_export,
        context={"filters": filters},
    )


def _export(qs: QuerySet[Demand]) -> HttpResponse:
    headers = [
        _("번호"),
        _("수요"),
        _("분야"),
        _("요청 기관 수"),
        _("공감"),
        _("제안 수"),
        _("소관부서"),
        _("답변 기한"),
        _("단계"),
        _("처리결과"),
        _("공개"),
        _("생성일시"),
    ]
    rows = (
        [
            d.id,
            d.title,
            d.theme.name if d.theme else "",
            d.org_count,  # type: ignore[attr-defined]
            d.support_count,  # type: ignore[attr-defined]
            d.proposal_count,  # type: ignore[attr-defined]
            d.department.name if d.department else "",
            d.answer_due,
            d.get_stage_display(),
            str(Outcome(d.outcome).label) if d.outcome in Outcome.values else "",
            _("공개") if d.published else _("비공개"),
            d.created_at,
        ]
        for d in qs
    )
    return xlsx_response(_("정책 수요 목록") + ".xlsx", _("정책 수요"), headers, rows)


@require("demand.organise")
def demand_search(request: SignedInRequest) -> JsonResponse:
    """Return demands proposals may still join whose title matches ``?q=`` (id, title, stage)."""
    exclude = request.GET.get("exclude", "")
    found = demand_choices(
        q=request.GET.get("q", "").strip(), exclude_id=int(exclude) if exclude.isdigit() else None, limit=30
    )
    return JsonResponse(
        {
            "results": [
                {"id": d.id, "title": d.title, "stage": d.stage, "stage_label": str(d.get_stage_display())}
                for d in found
            ]
        }
    )
