"""The staff proposals list, where grouping is selecting: tick proposals, then group them or add them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.forms import new_key
from sori.core.permissions import SignedInRequest, require
from sori.core.privacy import record_export
from sori.voices.forms import GroupForm, ProposalFilterForm
from sori.voices.models import Demand, Proposal
from sori.voices.selectors import demand_choices, staff_proposals
from sori.voices.services.demands import demand_add_new_proposals, demand_create, grouping_undo
from sori.voices.views.common import (
    UNDO_SESSION_KEY,
    fail,
    form_error_text,
    list_url,
    offer_undo,
    safe_next,
    undo_offer,
)

DRAFT_SESSION_KEY = "voices_group_draft"
SORTS = {"received": "received_at", "organisation": "organisation__name"}


@require("demand.organise")
def proposal_list(request: SignedInRequest) -> HttpResponse:
    """List proposals with filters, search, sort and paging; export to XLSX; tick rows to group them."""
    filters = ProposalFilterForm(request.GET)
    record_export(request, "voices.proposals")

    def page_context() -> dict[str, Any]:
        draft = request.session.pop(DRAFT_SESSION_KEY, None) or {}
        return {
            "filters": filters,
            "group_form": GroupForm(initial={"submission_key": new_key(), **draft.get("initial", {})}),
            "selected": set(draft.get("ids", [])),
            "open_demands": demand_choices(),
            "undo": undo_offer(request),
        }

    return listing.list_page(
        request,
        staff_proposals(**filters.values()),
        search_fields=("text", "organisation__name"),
        sorts=SORTS,
        default_sort="-received",
        template="voices/proposal_list.html",
        export=_export,
        context=page_context,
    )


def _export(qs: QuerySet[Proposal]) -> HttpResponse:
    headers = [
        _("접수일시"),
        _("기관"),
        _("제안자"),
        _("내용"),
        _("경로"),
        _("간담회"),
        _("정책 수요"),
        _("접수 상태"),
    ]
    rows = (
        [
            p.received_at,
            p.organisation.name if p.organisation else "",
            p.person.name if p.person else "",
            p.text,
            p.get_source_display(),
            p.engagement.title if p.engagement else "",
            p.demand.title if p.demand else "",
            p.get_moderation_display(),
        ]
        for p in qs.iterator(chunk_size=500)
    )
    return xlsx_response(_("제안 목록") + ".xlsx", _("제안"), headers, rows)


@require("demand.organise")
@require_POST
def proposal_group(request: SignedInRequest) -> HttpResponse:
    """Group ticked proposals into a new demand, or add them to an existing one; offer undo afterwards."""
    form = GroupForm(request.POST)
    back = list_url("voices:proposal_list", request.POST.get("query", ""))
    if not form.is_valid():
        return _keep_draft(request, form, form_error_text(form), back)
    data = form.cleaned_data
    try:
        if data["action"] == "create":
            demand = demand_create(
                title=data["title"],
                proposal_ids=data["ids"],
                actor=request.user,
                theme=data["theme"],
                submission_key=data["submission_key"],
            )
            count = len(data["ids"])
            text = _('제안 %(count)s건을 새 수요 <a href="{url}">{title}</a>(으)로 묶었습니다.')
        else:
            demand = data["demand"]
            count = demand_add_new_proposals(demand=demand, proposal_ids=data["ids"], actor=request.user)
            text = _('제안 %(count)s건을 수요 <a href="{url}">{title}</a>에 추가했습니다.')
    except ValidationError as exc:
        return _keep_draft(request, form, " ".join(exc.messages), back)
    if count == 0:
        messages.info(request, _("선택한 제안은 이미 그 수요에 들어 있습니다. 바뀐 것은 없습니다."))
        return HttpResponseRedirect(back)
    offer_undo(request)
    text = text % {"count": count} + " " + _("잘못 묶었다면 '되돌리기'를 누르세요.")
    messages.success(
        request, format_html(text, url=reverse("voices:demand_detail", args=[demand.id]), title=demand.title)
    )
    return HttpResponseRedirect(back)


def _keep_draft(request: HttpRequest, form: GroupForm, error: str, back: str) -> HttpResponse:
    """Go back to the list with the same rows ticked and the title kept, and say what to fix."""
    request.session[DRAFT_SESSION_KEY] = {
        "ids": form.cleaned_data.get("ids", []) if hasattr(form, "cleaned_data") else [],
        "initial": {"title": request.POST.get("title", ""), "action": request.POST.get("action", "")},
    }
    return fail(request, error, back)


@require("demand.organise")
@require_POST
def grouping_undo_view(request: SignedInRequest) -> HttpResponse:
    """Undo the user's last grouping action (되돌리기)."""
    back = safe_next(request, reverse("voices:proposal_list"))
    try:
        entry = grouping_undo(actor=request.user)
    except ValidationError as exc:
        return fail(request, " ".join(exc.messages), back)
    request.session.pop(UNDO_SESSION_KEY, None)
    messages.success(
        request, _("되돌렸습니다: %(summary)s. 제안이 원래 자리로 돌아갔습니다.") % {"summary": entry.summary}
    )
    if not _still_there(back):
        back = reverse("voices:proposal_list")
    return HttpResponseRedirect(back)


def _still_there(url: str) -> bool:
    """Return False when ``url`` is the page of a demand the undo just deleted."""
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return False
    demand_id = match.kwargs.get("demand_id")
    return demand_id is None or Demand.objects.filter(id=demand_id).exists()
