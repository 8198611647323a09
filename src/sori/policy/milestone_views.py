"""The department's page for carrying out an answer: its milestones, adding one, moving one on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.core.forms import add_service_errors
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import Role, role_of
from sori.policy.milestone_forms import MilestoneForm, MilestoneUpdateForm
from sori.policy.milestone_services import (
    may_keep_milestones,
    milestone_complete,
    milestone_create,
    milestone_delay,
    milestone_drop,
    milestone_start,
)
from sori.policy.models import Disposition, Milestone, MilestoneStatus, commits_to_something
from sori.policy.selectors import demand_to_decide, may_decide, milestones_of
from sori.voices.models import Demand

NOT_SAVED = gettext_lazy("표시된 칸을 고쳐 다시 저장해 주세요 — 아무 것도 저장되지 않았습니다.")


def _current(demand: Demand) -> Disposition | None:
    return (
        Disposition.objects.filter(demand=demand)
        .select_related("department", "demand__department")
        .order_by("-decided_at", "-id")
        .first()
    )


@require("disposition.decide")
def milestones(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """List the milestones of the demand's current answer; the department in charge (or staff) adds one."""
    try:
        demand = demand_to_decide(demand_id)
    except Demand.DoesNotExist as exc:
        raise Http404 from exc
    current = _current(demand)
    allowed = may_keep_milestones(request.user, current) if current else may_decide(request.user, demand)
    if not allowed:
        raise PermissionDenied(_("이행 단계는 소관부서 담당자나 위원회 사무국만 고칠 수 있습니다."))
    form = MilestoneForm(request.POST or None)
    if request.method == "POST":
        if current is None:
            raise PermissionDenied(_("처리결과가 없는 수요에는 이행 단계를 둘 수 없습니다."))
        if form.is_valid():
            try:
                milestone = milestone_create(
                    disposition=current,
                    title=form.cleaned_data["title"],
                    planned_date=form.cleaned_data["planned_date"],
                    actor=request.user,
                    submission_key=form.cleaned_data["submission_key"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("이행 단계 '%(title)s'을(를) 추가했습니다.") % {"title": milestone.title}
                )
                return redirect("policy:milestones", demand.id)
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "policy/milestones.html",
        {
            "demand": demand,
            "current": current,
            "commits": current is not None and commits_to_something(current),
            "milestones": milestones_of(current),
            "form": form,
            "is_officer": role_of(request.user) == Role.OFFICER,
            "today": timezone.localdate(),
        },
    )


@require("disposition.decide")
def milestone_update(request: SignedInRequest, demand_id: int, pk: int) -> HttpResponse:
    """Move one milestone on: start, complete with evidence, delay with reason and new date, or stop."""
    milestone = get_object_or_404(
        Milestone.objects.select_related("disposition__demand__department", "disposition__department"),
        id=pk,
        disposition__demand_id=demand_id,
    )
    if not may_keep_milestones(request.user, milestone.disposition):
        raise PermissionDenied(_("이행 단계는 소관부서 담당자나 위원회 사무국만 고칠 수 있습니다."))
    form = MilestoneUpdateForm(request.POST or None, milestone=milestone)
    if request.method == "POST":
        if form.is_valid():
            try:
                _apply(form, milestone, request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                milestone.refresh_from_db()
                messages.success(
                    request,
                    _("'%(title)s'을(를) '%(status)s'(으)로 바꿨습니다.")
                    % {"title": milestone.title, "status": milestone.get_status_display()},
                )
                return redirect("policy:milestones", demand_id)
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "policy/milestone_update.html",
        {"milestone": milestone, "demand": milestone.disposition.demand, "form": form},
    )


def _apply(form: MilestoneUpdateForm, milestone: Milestone, actor: User) -> Milestone:
    """Call the one service of the chosen move."""
    data = form.cleaned_data
    evidence = {
        "note": data["evidence_note"],
        "url": data["evidence_url"],
        "figure": data["figure"],
        "figure_label": data["figure_label"],
    }
    new = form.new_status
    if new == MilestoneStatus.IN_PROGRESS:
        return milestone_start(milestone=milestone, actor=actor, **evidence)
    if new == MilestoneStatus.DONE:
        return milestone_complete(
            milestone=milestone, actor=actor, completed_on=data["completed_on"], **evidence
        )
    if new == MilestoneStatus.DELAYED:
        return milestone_delay(
            milestone=milestone, actor=actor, reason=data["reason"], new_planned_date=data["new_planned_date"]
        )
    return milestone_drop(milestone=milestone, actor=actor, reason=data["reason"])
