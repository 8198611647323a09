"""Similar while typing (JSON), the machine's view of a demand, and the suggestion-vs-decision list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.voices.models import Demand, Stage, Suggestion
from sori.voices.organise import selectors
from sori.voices.organise.demand_view import demand_machine
from sori.voices.organise.forms import SuggestionFilterForm
from sori.voices.selectors import demand_for_user, may_view_demand

MAX_QUERY_CHARS = 2000


@require("proposal.record")
def proposal_similar(request: SignedInRequest) -> JsonResponse:
    """Return the proposals and the demand most similar to ``?text=``, each with score and shared keywords."""
    text = request.GET.get("text", "")[:MAX_QUERY_CHARS]
    return JsonResponse(selectors.similar_to(text))


@require("staff.area")
def demand_machine_view(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Show the machine's summary, its suggestions beside staff decisions, and earlier similar demands.

    The demand page loads this as a fragment (``?fragment=1``) after it has shown, so the analysis never
    delays the page; opened directly it is a page of its own.
    """
    try:
        demand = demand_for_user(demand_id)
    except Demand.DoesNotExist as exc:
        raise Http404(_("없는 정책 수요입니다.")) from exc
    if not may_view_demand(request.user, demand):
        raise PermissionDenied
    template = (
        "voices/organise/_machine.html" if request.GET.get("fragment") else "voices/organise/machine.html"
    )
    return render(
        request,
        template,
        {
            "demand": demand,
            "m": demand_machine(demand),
            "can_organise": can(request.user, "demand.organise") and demand.stage != Stage.MERGED,
        },
    )


SORTS = {"created": "created_at", "score": "score", "kind": "kind", "decided": "decided_at"}


@require("demand.organise")
def suggestion_list(request: SignedInRequest) -> HttpResponse:
    """List every suggestion beside the decision staff took; filter, search, sort, page, export to XLSX."""
    filters = SuggestionFilterForm(request.GET)
    return listing.list_page(
        request,
        selectors.suggestion_rows(**filters.values()),
        search_fields=("proposal__text", "label", "decided_label", "proposal__organisation__name"),
        sorts=SORTS,
        default_sort="-created",
        template="voices/organise/suggestions.html",
        export=_export,
        context={"filters": filters},
    )


def _export(qs: QuerySet[Suggestion]) -> HttpResponse:
    headers = [
        _("제안 번호"),
        _("기관 · 제안자"),
        _("제안 내용"),
        _("종류"),
        _("기계 제안"),
        _("점수"),
        _("근거(공통 핵심어)"),
        _("제안 일시"),
        _("실행"),
        _("결정"),
        _("담당자 결정"),
        _("결정한 사람"),
        _("결정 일시"),
        _("현재 정책 수요"),
    ]
    rows = (
        [
            s.proposal_id,
            s.proposal.proposer_label,
            s.proposal.text,
            s.get_kind_display(),
            s.label,
            s.score,
            ", ".join(s.reasons),
            s.created_at,
            f"#{s.run_id}" if s.run_id else _("입력 즉시"),
            s.get_decision_display() if s.decision else _("결정 전"),
            s.decided_label,
            (s.decided_by.get_full_name() or s.decided_by.username) if s.decided_by else "",
            s.decided_at,
            s.proposal.demand.title if s.proposal.demand else "",
        ]
        for s in qs.iterator(chunk_size=500)
    )
    return xlsx_response(_("기계 제안과 담당자 결정") + ".xlsx", _("기계 제안"), headers, rows)
