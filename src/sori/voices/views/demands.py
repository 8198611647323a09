"""The staff demands list with its bulk actions, and the JSON search behind the "기존 수요에 추가" picker."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.voices.forms import DemandBulkForm, DemandFilterForm
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome
from sori.voices.selectors import demand_choices, staff_demands
from sori.voices.services.bulk import BulkAction, BulkRefused, BulkResult, demands_bulk
from sori.voices.views.common import fail, form_error_text, list_url

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
        context={"filters": filters, "can_bulk": can(request.user, "demand.organise")},
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


def _done_text(result: BulkResult, data: dict[str, Any]) -> str:
    """Say what a bulk action did, and what it left as it was."""
    n = len(result.changed)
    if result.action == BulkAction.ASSIGN:
        text = _("수요 %(n)s건을 %(department)s에 배정했습니다. 답변 기한은 수요마다 정해졌습니다.") % {
            "n": n,
            "department": data["department"],
        }
        same = _("이미 그 부서에 배정되어 있던 %(n)s건은 그대로 두었습니다.")
    elif result.action == BulkAction.THEME:
        text = _("수요 %(n)s건의 분야를 '%(theme)s'(으)로 정했습니다.") % {"n": n, "theme": data["theme"]}
        same = _("이미 그 분야였던 %(n)s건은 그대로 두었습니다.")
    elif result.action == BulkAction.PUBLISH:
        text = _("수요 %(n)s건을 공개 현황판에 게시했습니다.") % {"n": n}
        same = _("이미 공개되어 있던 %(n)s건은 그대로 두었습니다.")
    else:
        text = _("수요 %(n)s건을 공개 현황판에서 내렸습니다.") % {"n": n}
        same = _("이미 비공개였던 %(n)s건은 그대로 두었습니다.")
    if result.unchanged:
        text += " " + same % {"n": len(result.unchanged)}
    return text


@require("demand.organise")
@require_POST
def demand_bulk(request: SignedInRequest) -> HttpResponse:
    """Act on the ticked demands: first a page names them and asks for the department or theme, then do it.

    All or nothing: if one demand cannot be changed, the page lists each such demand with its reason and
    nothing is changed; the others can be sent again without them.
    """
    form = DemandBulkForm(request.POST)
    back = list_url("voices:demand_list", request.POST.get("query", ""))
    if not form.is_valid():
        return fail(request, form_error_text(form), back)
    data = form.cleaned_data
    action = BulkAction(data["action"])
    if action == BulkAction.ASSIGN and not can(request.user, "demand.assign"):
        raise PermissionDenied
    chosen = list(Demand.objects.filter(id__in=data["ids"]).select_related("department", "theme"))
    order = {demand_id: i for i, demand_id in enumerate(data["ids"])}
    chosen.sort(key=lambda d: order[d.id])
    context: dict[str, Any] = {"form": form, "action": action, "demands": chosen, "back": back}
    if data["confirm"]:
        try:
            result = demands_bulk(
                demand_ids=data["ids"],
                action=action,
                department=data["department"],
                theme=data["theme"],
                actor=request.user,
            )
        except BulkRefused as exc:
            refused = {r.demand_id for r in exc.refusals}
            context |= {"refusals": exc.refusals, "others": [d for d in chosen if d.id not in refused]}
            return render(request, "voices/demand_bulk.html", context, status=409)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
            return render(request, "voices/demand_bulk.html", context, status=400)
        messages.success(request, _done_text(result, data))
        return HttpResponseRedirect(back)
    return render(request, "voices/demand_bulk.html", context)
