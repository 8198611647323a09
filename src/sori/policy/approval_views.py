"""Approval pages (결재): the approver's inbox, reading and deciding one answer, autosave, and the rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.formatting import kdatetime
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.policy.approval_forms import ApprovalRuleForm, DraftForm, ReviewForm
from sori.policy.approval_services import (
    answer_approve,
    answer_draft_save,
    answer_return,
    approval_rule_of,
    approval_rule_set,
    approval_rules,
    approvals_waiting,
    drafts_of,
    may_see_draft,
)
from sori.policy.models import AnswerDraft, AnswerStatus
from sori.policy.selectors import demand_to_decide, may_decide, proposers_owed_on
from sori.voices.models import Demand


@require("disposition.decide")
def approvals(request: SignedInRequest) -> HttpResponse:
    """List the answers waiting for the user's approval, and the user's own answers not yet approved."""
    return render(
        request,
        "policy/approvals.html",
        {
            "waiting": list(approvals_waiting(request.user)),
            "mine": list(drafts_of(request.user)),
            "perms_rules": can(request.user, "registry.manage"),
        },
    )


@require("disposition.decide")
def approval_review(request: SignedInRequest, draft_id: int) -> HttpResponse:
    """Show one answer as submitted; its approver or deputy approves it or returns it with a comment."""
    draft = (
        AnswerDraft.objects.select_related("demand__department", "demand__theme", "author", "department")
        .filter(id=draft_id)
        .first()
    )
    if draft is None:
        raise Http404
    if not may_see_draft(request.user, draft):
        raise PermissionDenied(_("이 답변은 기안자와 부서의 결재권자만 볼 수 있습니다."))
    rule = approval_rule_of(draft.demand.department_id)
    may_review = (
        draft.status == AnswerStatus.SUBMITTED
        and rule is not None
        and rule.may_approve(request.user)
        and draft.author_id != request.user.id
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied(
                _("이 답변을 결재할 수 없습니다. 결재를 기다리는 다른 사람의 답변만 결재합니다.")
            )
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            try:
                if request.POST.get("decision") == "approve":
                    answer_approve(draft=draft, actor=request.user, comment=comment)
                    owed = proposers_owed_on(draft.demand)
                    messages.success(
                        request,
                        _("답변을 승인했습니다. 제안자 %(n)s명에게 보낼 회신이 준비되었습니다.")
                        % {"n": owed},
                    )
                else:
                    answer_return(draft=draft, actor=request.user, comment=comment)
                    messages.success(
                        request, _("답변을 반려했습니다. 기안자가 고쳐 다시 올리면 여기에 다시 보입니다.")
                    )
            except ValidationError as error:
                for field, errs in getattr(error, "message_dict", {"__all__": error.messages}).items():
                    form.add_error("comment" if field == "comment" else None, errs)
            else:
                return redirect("policy:approvals")
        messages.error(request, _("표시된 내용을 고쳐 다시 해 주세요 — 아무 것도 바뀌지 않았습니다."))
    return render(
        request,
        "policy/approval_review.html",
        {"draft": draft, "demand": draft.demand, "form": form, "may_review": may_review, "rule": rule},
    )


@require("disposition.decide")
@require_POST
def decide_draft(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Save the decision form as a draft without leaving the page (the page posts it every half minute)."""
    try:
        demand: Demand = demand_to_decide(demand_id)
    except Demand.DoesNotExist as exc:
        raise Http404 from exc
    if not may_decide(request.user, demand):
        raise PermissionDenied(_("다른 부서에 배정된 수요에는 답변할 수 없습니다."))
    try:
        answer_draft_save(demand=demand, actor=request.user, **DraftForm(request.POST).values())
    except ValidationError as error:
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=409)
    return JsonResponse(
        {"saved": True, "message": _("%(time)s에 임시저장했습니다.") % {"time": kdatetime(timezone.now())}}
    )


@require("registry.manage")
def approval_rule_list(request: SignedInRequest) -> HttpResponse:
    """Show each department's approval rule and set one: whether answers need approval, and by whom."""
    form = ApprovalRuleForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                approval_rule_set(
                    department=data["department"],
                    actor=request.user,
                    approver=data["approver"],
                    deputy=data["deputy"],
                    active=data["active"],
                )
            except ValidationError as error:
                for field, errs in getattr(error, "message_dict", {"__all__": error.messages}).items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(
                    request,
                    _("%(department)s의 결재 규칙을 저장했습니다.") % {"department": data["department"]},
                )
                return redirect("policy:approval_rules")
        messages.error(request, _("표시된 칸을 고쳐 다시 저장해 주세요 — 아무 것도 저장되지 않았습니다."))
    return render(request, "policy/approval_rules.html", {"rules": approval_rules(), "form": form})
