"""Department officers' pages: the inbox of demands to answer, and the decision form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.exports import xlsx_response
from sori.core.formatting import dday
from sori.core.listing import paginate, query_without, search, sort
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import Role, role_of
from sori.policy.approval_forms import DraftForm
from sori.policy.approval_services import (
    ANSWER_FIELDS,
    answer_draft_save,
    answer_submit,
    approvals_waiting_count,
    needs_approval,
    open_draft,
)
from sori.policy.forms import REASON_FIELDS, DecisionForm, InboxFilterForm
from sori.policy.models import AnswerStatus
from sori.policy.repeats import asked_before_with_answers
from sori.policy.selectors import (
    decision_context,
    demand_to_decide,
    inbox_demands,
    may_decide,
    new_voices,
    overdue_milestones,
    proposers_owed_on,
    user_department,
)
from sori.policy.services import answer_confirm, disposition_decide
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome

INBOX_SORTS = {
    "due": "answer_due",
    "title": "title",
    "theme": "theme__name",
    "proposals": "proposal_count",
    "orgs": "org_count",
    "answered": "answered_at",
}
SEARCH_FIELDS = ("title", "proposals__text", "proposals__organisation__name")


def _filtered(qs: QuerySet[Demand], request: HttpRequest, values: dict[str, Any], default_sort: str) -> Any:
    if values.get("theme") is not None:
        qs = qs.filter(theme=values["theme"])
    qs, q = search(qs, request, SEARCH_FIELDS)
    if q:
        qs = qs.distinct()
    return sort(qs, request, INBOX_SORTS, default_sort)[0]


@require("staff.area")
def inbox(request: SignedInRequest) -> HttpResponse:
    """List a department's demands: unanswered first, oldest deadline first; then those already answered.

    An officer sees only their own department's. Staff and admins see every department's, or one department's
    view with ``?department=<id>``.
    """
    filters = InboxFilterForm(request.GET)
    values = filters.values()
    own = user_department(request.user)
    is_officer = role_of(request.user) == Role.OFFICER
    if is_officer and own is None:
        raise PermissionDenied
    department = own if is_officer else values.get("department")

    pending = _filtered(inbox_demands(department=department, answered=False), request, values, "due")
    if values.get("overdue"):
        pending = pending.filter(answer_due__lt=timezone.localdate())
    answered = _filtered(inbox_demands(department=department, answered=True), request, values, "-answered")

    if request.GET.get("format") == "xlsx":
        return _inbox_xlsx(pending, answered, department)

    answered_page = Paginator(answered, 50).get_page(request.GET.get("done_page"))
    return render(
        request,
        "policy/inbox.html",
        {
            "filters": filters,
            "department": department,
            "is_officer": is_officer,
            "pending": paginate(pending, request),
            "late_milestones": list(overdue_milestones(department=department)[:50]),
            "answered": answered_page,
            "sort": request.GET.get("sort", ""),
            "query": query_without(request, "sort", "page", "done_page"),
            "page_query": query_without(request, "page"),
            "done_query": query_without(request, "done_page"),
            "export_query": query_without(request, "page", "done_page", "format"),
            "today": timezone.localdate(),
            "approvals_waiting": approvals_waiting_count(request.user),
        },
    )


def _inbox_xlsx(pending: QuerySet[Any], answered: QuerySet[Any], department: Any) -> HttpResponse:
    headers = [
        _("상태"),
        _("수요"),
        _("분야"),
        _("소관부서"),
        _("제안 수"),
        _("기관 수"),
        _("답변 기한"),
        _("남은 기한"),
        _("처리결과"),
        _("답변일시"),
    ]
    rows = []
    for label, qs in ((_("답변 대기"), pending), (_("답변 완료"), answered)):
        for d in qs:
            rows.append(
                [
                    label,
                    d.title,
                    d.theme.name if d.theme else "",
                    d.department.name if d.department else "",
                    d.proposal_count,
                    d.org_count,
                    d.answer_due,
                    dday(d.answer_due) if not d.answered_at else "",
                    Outcome(d.outcome).label if d.outcome in Outcome.values else "",
                    d.answered_at,
                ]
            )
    name = department.name if department is not None else _("전체 부서")
    return xlsx_response(
        _("%(department)s 답변함.xlsx") % {"department": name}, _("부서 답변함"), headers, rows
    )


def _initial(demand: Demand, previous: Any) -> dict[str, Any]:
    """Start from the user's draft or the previous answer, so a revision changes only what changed."""
    initial: dict[str, Any] = {"department": demand.department_id}
    if previous is not None:
        initial.update(
            outcome=previous.outcome,
            reason_code=previous.reason_code,
            reason=previous.reason,
            limits=previous.limits,
            referred_to=previous.referred_to,
            instrument=previous.instrument,
            due_date=previous.due_date,
            department=previous.department_id or demand.department_id,
        )
    return initial


@require("disposition.decide")
def decide(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Record the answer to a demand; a non-adoption without reason and limits is refused, nothing saved."""
    try:
        demand = demand_to_decide(demand_id)
    except Demand.DoesNotExist as exc:
        raise Http404 from exc
    if not may_decide(request.user, demand):
        raise PermissionDenied(_("다른 부서에 배정된 수요에는 답변할 수 없습니다."))
    context = decision_context(demand)
    draft = open_draft(request.user, demand)
    approval = needs_approval(request.user, demand)
    if request.method == "POST" and request.POST.get("intent") == "draft":
        try:
            answer_draft_save(demand=demand, actor=request.user, **DraftForm(request.POST).values())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("임시저장했습니다. 이 화면에서 이어 쓸 수 있습니다."))
        return redirect("policy:decide", demand.id)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            answer = {name: data[name] for name in ANSWER_FIELDS}
            try:
                if approval:
                    answer_submit(demand=demand, actor=request.user, **answer)
                else:
                    disposition_decide(
                        demand=demand, actor=request.user, submission_key=data["submission_key"], **answer
                    )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                if approval:
                    messages.success(
                        request,
                        _("답변을 결재에 올렸습니다. 결재권자가 승인하면 제안자에게 보낼 회신이 준비됩니다."),
                    )
                    return redirect("policy:inbox")
                owed = proposers_owed_on(demand)
                if owed:
                    messages.success(
                        request,
                        _("처리결과를 저장했습니다. 제안자 %(n)s명에게 보낼 회신이 준비되었습니다.")
                        % {"n": owed},
                    )
                else:
                    messages.success(request, _("처리결과를 저장했습니다. 새로 보낼 회신은 없습니다."))
                if role_of(request.user) == Role.OFFICER:
                    return redirect("policy:inbox")
                return redirect("voices:demand_detail", demand.id)
        messages.error(request, _("표시된 칸을 고쳐 다시 저장해 주세요 — 아무 것도 저장되지 않았습니다."))
    else:
        form = DecisionForm(initial=_initial(demand, draft or context.previous))
    voices = new_voices(demand) if context.previous is not None else None
    return render(
        request,
        "policy/decide.html",
        {
            "ctx": context,
            "demand": demand,
            "asked": asked_before_with_answers(demand),
            "form": form,
            "reason_fields": [form[name] for name in REASON_FIELDS],
            "is_officer": role_of(request.user) == Role.OFFICER,
            "adopted": Outcome.ADOPTED.value,
            "draft": draft,
            "approval": approval,
            "locked": draft is not None and draft.status == AnswerStatus.SUBMITTED,
            "voices": voices if voices is not None and voices.proposals else None,
            "confirm_url": reverse("policy:confirm_answer", args=[demand.id]),
        },
    )


@require("disposition.decide")
@require_POST
def confirm_answer(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Keep the current answer for the voices that joined after it (답변 유지); nothing changes on refusal."""
    try:
        demand = demand_to_decide(demand_id)
    except Demand.DoesNotExist as exc:
        raise Http404 from exc
    if not may_decide(request.user, demand):
        raise PermissionDenied(_("다른 부서에 배정된 수요에는 답변할 수 없습니다."))
    seen = [int(v) for v in request.POST.getlist("seen") if v.isdigit()]
    try:
        answer_confirm(
            demand=demand, actor=request.user, note=request.POST.get("note", "")[:2000], seen_ids=seen or None
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("policy:decide", demand.id)
    messages.success(
        request,
        _("현재 답변을 새 목소리에도 유지한다고 기록했습니다. 새 제안자에게는 현재 답변이 회신됩니다."),
    )
    if role_of(request.user) == Role.OFFICER:
        return redirect("policy:inbox")
    return redirect("voices:demand_detail", demand.id)
