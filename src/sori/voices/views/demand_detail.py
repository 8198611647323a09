"""The staff demand page: who said what; rename, split, remove, merge, assign, publish; audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.attachments.selectors import attachments_by_owner
from sori.core.formatting import kdate
from sori.core.forms import new_key
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.voices import services
from sori.voices.forms import (
    AssignForm,
    DemandProposalsForm,
    MergeForm,
    PublishForm,
    RenameForm,
    RepeatForm,
)
from sori.voices.models import Demand, Proposal
from sori.voices.repeats import asked_before
from sori.voices.selectors import demand_choices, demand_for_user, demand_page, departments, may_view_demand
from sori.voices.views.common import UNDO_SESSION_KEY, fail, form_error_text, offer_undo, undo_offer


def _demand(demand_id: int) -> Demand:
    try:
        return demand_for_user(demand_id)
    except Demand.DoesNotExist as exc:
        raise Http404(_("없는 정책 수요입니다.")) from exc


@require("staff.area")
def demand_detail(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Show a demand with its proposals, decisions and audit trail, and the forms to organise it."""
    demand = _demand(demand_id)
    if not may_view_demand(request.user, demand):
        raise PermissionDenied
    page = demand_page(demand)
    files = attachments_by_owner(Proposal, [x.id for x in page.proposals])
    return render(
        request,
        "voices/demand_detail.html",
        {
            "p": page,
            "proposal_rows": [(x, files.get(x.id, [])) for x in page.proposals],
            "demand": demand,
            "asked": asked_before(demand),
            "repeat_form": RepeatForm(),
            "rename_form": RenameForm(initial={"title": demand.title, "theme": demand.theme_id}),
            "parts_form": DemandProposalsForm(initial={"submission_key": new_key()}),
            "merge_choices": demand_choices(exclude_id=demand.id),
            "merge_form": MergeForm(),
            "assign_form": AssignForm(
                initial={"department": demand.department_id, "answer_due": demand.answer_due}
            ),
            "departments": departments(),
            "undo": undo_offer(request),
            "can_organise": can(request.user, "demand.organise") and not page.is_merged,
            "can_correct": can(request.user, "proposal.record"),
            "can_assign": can(request.user, "demand.assign"),
        },
    )


def _back(demand: Demand) -> str:
    return reverse("voices:demand_detail", args=[demand.id])


def _act(request: HttpRequest, demand_id: int, form_class: type, act: Callable[..., str]) -> HttpResponse:
    """Validate the form, call ``act(demand, cleaned_data)`` and show its message; errors change nothing."""
    demand = _demand(demand_id)
    form = form_class(request.POST)
    if not form.is_valid():
        return fail(request, form_error_text(form), _back(demand))
    # Work done on the demand since the last grouping makes that grouping no longer "just done": stop offering
    # its undo (split, remove and merge offer their own again).
    request.session.pop(UNDO_SESSION_KEY, None)
    try:
        text = act(demand, form.cleaned_data)
    except ValidationError as exc:
        return fail(request, " ".join(exc.messages), _back(demand))
    messages.success(request, text)
    return HttpResponseRedirect(_back(demand))


@require("demand.organise")
@require_POST
def demand_rename(request: SignedInRequest, demand_id: int) -> HttpResponse:
    def act(demand: Demand, data: dict[str, Any]) -> str:
        services.demand_rename(demand=demand, title=data["title"], theme=data["theme"], actor=request.user)
        return _("수요의 제목과 분야를 저장했습니다.")

    return _act(request, demand_id, RenameForm, act)


@require("demand.organise")
@require_POST
def demand_proposals(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Split ticked proposals into a new demand (나누기) or take them out to be grouped again (빼기)."""

    def act(demand: Demand, data: dict[str, Any]) -> str:
        if data["action"] == "split":
            new = services.demand_split(
                demand=demand,
                proposal_ids=data["ids"],
                title=data["title"],
                actor=request.user,
                submission_key=data["submission_key"],
            )
            offer_undo(request)
            return format_html(
                _('제안 {count}건을 새 수요 <a href="{url}">{title}</a>(으)로 나눴습니다.')
                + " "
                + _("잘못했다면 '되돌리기'를 누르세요."),
                count=len(data["ids"]),
                url=_back(new),
                title=new.title,
            )
        services.demand_remove_proposals(demand=demand, proposal_ids=data["ids"], actor=request.user)
        offer_undo(request)
        return _(
            "제안 %(count)s건을 이 수요에서 뺐습니다. 제안 목록의 '묶기 대기'에서 다시 묶을 수 있습니다."
        ) % {"count": len(data["ids"])}

    return _act(request, demand_id, DemandProposalsForm, act)


@require("demand.organise")
@require_POST
def demand_merge(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Merge the chosen demands into this one; their proposals move here and they close as merged."""

    def act(demand: Demand, data: dict[str, Any]) -> str:
        services.demand_merge(
            target=demand, others=list(data["others"]), title=data["title"], actor=request.user
        )
        offer_undo(request)
        return _("수요 %(count)s건을 이 수요에 병합했습니다. 잘못했다면 '되돌리기'를 누르세요.") % {
            "count": len(data["others"])
        }

    return _act(request, demand_id, MergeForm, act)


@require("demand.assign")
@require_POST
def demand_assign(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Send the demand to its responsible department with a first-answer deadline."""

    def act(demand: Demand, data: dict[str, Any]) -> str:
        done = services.demand_assign(
            demand=demand, department=data["department"], answer_due=data["answer_due"], actor=request.user
        )
        if done.answer_due:
            return _("%(department)s에 배정했습니다. 답변 기한은 %(due)s입니다.") % {
                "department": done.department,
                "due": kdate(done.answer_due),
            }
        return _("%(department)s에 배정했습니다.") % {"department": done.department}

    return _act(request, demand_id, AssignForm, act)


@require("demand.organise")
@require_POST
def demand_publish(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Show or hide the demand on the public tracker."""

    def act(demand: Demand, data: dict[str, Any]) -> str:
        services.demand_publish(demand=demand, published=data["published"], actor=request.user)
        if data["published"]:
            return _("공개 현황판에 게시했습니다. 동의한 기관만 이름이 보이고, 연락처는 보이지 않습니다.")
        return _("공개 현황판에서 내렸습니다.")

    return _act(request, demand_id, PublishForm, act)
