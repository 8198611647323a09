"""Demands and proposals take attachments: a department's supporting document, a company's written proposal.

A demand's files are seen by those who see the demand (staff, and the officers of the department it is
assigned to). A proposal's are seen by them and by the company that made it, which may add them when it
proposes; staff who record proposals may add them too.
"""

from __future__ import annotations

from django.urls import reverse

from sori.attachments.owners import OwnerRule, register_owner
from sori.core.roles import can
from sori.voices.models import Demand, Proposal
from sori.voices.selectors import may_view_demand


def _organisation_of(user: object) -> int | None:
    profile = getattr(user, "profile", None)
    return getattr(profile, "organisation_id", None) if profile is not None else None


def _proposal_company(user: object, proposal: Proposal) -> bool:
    organisation = _organisation_of(user)
    return (
        can(user, "company.portal") and organisation is not None and proposal.organisation_id == organisation
    )


def _may_view_proposal(user: object, proposal: Proposal) -> bool:
    if _proposal_company(user, proposal):
        return True
    if can(user, "demand.view_all"):
        return True
    return proposal.demand is not None and may_view_demand(user, proposal.demand)


def _may_attach_proposal(user: object, proposal: Proposal) -> bool:
    return can(user, "proposal.record") or _proposal_company(user, proposal)


def _proposal_page(proposal: Proposal) -> str:
    if proposal.demand_id is not None:
        return reverse("voices:demand_detail", args=[proposal.demand_id])
    return reverse("voices:proposal_list")


def register() -> None:
    register_owner(
        Demand,
        OwnerRule(
            label="demand",
            can_view=may_view_demand,
            can_attach=may_view_demand,
            page=lambda demand: reverse("voices:demand_detail", args=[demand.pk]),
        ),
    )
    register_owner(
        Proposal,
        OwnerRule(
            label="proposal",
            can_view=_may_view_proposal,
            can_attach=_may_attach_proposal,
            page=_proposal_page,
            scope=lambda proposal: proposal.demand if proposal.demand_id is not None else proposal,
        ),
    )
