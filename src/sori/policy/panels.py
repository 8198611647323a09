"""What policy shows on the pages of the apps below it (registered from ``PolicyConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from sori.core.panels import register_panel
from sori.core.roles import can
from sori.policy.amendment_services import amendments_of
from sori.policy.approval_services import demand_drafts
from sori.policy.bill_selectors import bills_of_demand
from sori.policy.bill_services import bill_blocked
from sori.policy.milestone_services import may_keep_milestones
from sori.policy.models import LEGAL_INSTRUMENTS, Disposition, ReasonCode, commits_to_something
from sori.policy.selectors import may_decide, new_voices
from sori.voices.models import Stage


def demand_answers(request: HttpRequest | None, demand: Any) -> dict[str, Any]:
    """The demand's answers, newest first, and the comparison tables (신·구조문대비표) kept with it."""
    dispositions = list(
        Disposition.objects.filter(demand=demand)
        .select_related("decided_by", "department")
        .order_by("-decided_at", "-id")
    )
    current = dispositions[0] if dispositions else None
    eligible = current is not None and (
        current.instrument in LEGAL_INSTRUMENTS or current.reason_code == ReasonCode.NATIONAL_LAW
    )
    user = getattr(request, "user", None)
    return {
        "dispositions": dispositions,
        "create_url": reverse("amendments:create", args=[demand.id]),
        "amendments": list(amendments_of(demand)),
        "eligible": eligible,
        "can_edit": can(user, "demand.organise"),
    }


def demand_milestones(request: HttpRequest | None, demand: Any) -> dict[str, Any] | None:
    """The current answer's milestones (완료, 지연, 중단 with reasons and evidence), once answered."""
    if not getattr(demand, "outcome", ""):
        return None  # not answered yet: nothing to carry out, and no query spent on it
    current = (
        Disposition.objects.filter(demand=demand)
        .select_related("department", "demand__department")
        .order_by("-decided_at", "-id")
        .first()
    )
    if current is None:
        return None
    return {
        "demand": demand,
        "milestones": list(current.milestones.order_by("planned_date", "id")),
        "commits": commits_to_something(current),
        "may_keep": may_keep_milestones(getattr(request, "user", None), current),
    }


def demand_bills(request: HttpRequest | None, demand: Any) -> dict[str, Any] | None:
    """The bills (입법 추진) answering the demand, with their stage, and the way to register one."""
    if not getattr(demand, "outcome", ""):
        return None  # not answered yet: no legal text is called for, and no query spent on it
    bills = bills_of_demand(demand)
    may_register = can(getattr(request, "user", None), "demand.organise") and not bill_blocked(demand)
    if not bills and not may_register:
        return None
    return {
        "demand": demand,
        "bills": bills,
        "may_register": may_register,
        "create_url": reverse("bills:create", args=[demand.id]),
    }


def demand_approval(request: HttpRequest | None, demand: Any) -> dict[str, Any]:
    """Answers in the making the user may see (own, or all as the approver), and the print button."""
    user = getattr(request, "user", None)
    if getattr(demand, "stage", "") == Stage.OPEN:
        return {"drafts": []}  # no department yet: nobody can have written an answer
    return {"drafts": demand_drafts(user, demand)}


def demand_new_voices(request: HttpRequest | None, demand: Any) -> dict[str, Any] | None:
    """The voices that joined after the current answer, and the way to confirm or revise it."""
    if not getattr(demand, "outcome", ""):
        return None  # not answered yet: every voice is new to the first answer, and no query spent on it
    voices = new_voices(demand)
    if voices is None or not voices.proposals:
        return None
    may = may_decide(getattr(request, "user", None), demand)
    return {"voices": voices, "decide_url": reverse("policy:decide", args=[demand.id]) if may else ""}


def register() -> None:
    register_panel(
        "voices.demand", template="policy/panels/demand_new_voices.html", context=demand_new_voices, order=90
    )
    register_panel("voices.demand", template="policy/panels/demand_answers.html", context=demand_answers)
    register_panel(
        "voices.demand", template="policy/panels/demand_milestones.html", context=demand_milestones, order=110
    )
    register_panel(
        "voices.demand", template="policy/panels/demand_bills.html", context=demand_bills, order=105
    )
    register_panel(
        "voices.demand", template="policy/panels/demand_approval.html", context=demand_approval, order=95
    )
