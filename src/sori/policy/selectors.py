"""Reads for department officers: their inbox, and what the decision form shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery

from sori.core.roles import Role, can, role_of
from sori.policy.models import Disposition
from sori.registry.models import Organisation
from sori.voices.models import Demand, Moderation, Proposal, Stage
from sori.voices.selectors import with_counts


def user_department(user: object) -> Organisation | None:
    """Return the department an officer acts for, or None for other roles."""
    if role_of(user) != Role.OFFICER:
        return None
    organisation: Organisation | None = user.profile.organisation  # type: ignore[attr-defined]
    return organisation


def may_decide(user: object, demand: Demand) -> bool:
    """Return whether ``user`` may answer ``demand``: staff any, an officer only their own department's."""
    if not can(user, "disposition.decide"):
        return False
    if role_of(user) == Role.OFFICER:
        department = user_department(user)
        return department is not None and demand.department_id == department.id
    return True


def _answered_at() -> Subquery:
    return Subquery(
        Disposition.objects.filter(demand=OuterRef("pk"))
        .order_by("-decided_at", "-id")
        .values("decided_at")[:1],
        output_field=DateTimeField(),
    )


def inbox_demands(*, department: Organisation | None, answered: bool) -> QuerySet[Demand]:
    """Return a department's demands awaiting an answer (or already answered), with their counts.

    ``department=None`` means every department (the staff view). Each row carries ``proposal_count``,
    ``org_count`` (distinct organisations that asked) and ``answered_at`` (the latest decision, if any).
    """
    qs = Demand.objects.filter(stage=Stage.ANSWERED if answered else Stage.ASSIGNED).select_related(
        "theme", "department"
    )
    if department is not None:
        qs = qs.filter(department=department)
    return with_counts(qs).annotate(answered_at=_answered_at())


@dataclass(frozen=True)
class DecisionContext:
    """What an officer sees while answering: the demand, who said what, and the answers so far."""

    demand: Demand
    proposals: list[Proposal]
    org_count: int
    dispositions: list[Disposition]

    @property
    def previous(self) -> Disposition | None:
        return self.dispositions[0] if self.dispositions else None


def decision_context(demand: Demand) -> DecisionContext:
    """Return the demand with its proposals (and who said them) and its decisions, newest first."""
    proposals = list(
        demand.proposals.select_related("organisation", "person", "engagement").order_by("received_at", "id")
    )
    return DecisionContext(
        demand=demand,
        proposals=proposals,
        org_count=len({p.organisation_id for p in proposals if p.organisation_id}),
        dispositions=list(
            demand.dispositions.select_related("decided_by", "department").order_by("-decided_at", "-id")
        ),
    )


def demand_to_decide(demand_id: int) -> Demand:
    """Return a demand with what the decision form shows; raises Demand.DoesNotExist."""
    return Demand.objects.select_related("theme", "department").get(id=demand_id)


def proposers_owed_on(demand: Demand) -> int:
    """Return how many proposers a new answer on ``demand`` owes feedback: each person, or organisation
    for proposals voiced without a person; anonymous lines from a meeting have nobody to answer."""
    proposers = set()
    for person_id, organisation_id in Proposal.objects.filter(
        demand=demand, moderation=Moderation.ACCEPTED
    ).values_list("person_id", "organisation_id"):
        if person_id:
            proposers.add(("person", person_id))
        elif organisation_id:
            proposers.add(("org", organisation_id))
    return len(proposers)
