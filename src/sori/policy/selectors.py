"""Reads for department officers: their inbox, and what the decision form shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DateTimeField, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from sori.core.roles import Role, can, role_of
from sori.policy.models import OPEN_MILESTONE_STATUSES, AnswerConfirmation, Disposition, Milestone
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
    qs = with_counts(qs).annotate(answered_at=_answered_at())
    if answered:
        qs = qs.annotate(confirmed_at=_confirmed_at()).annotate(new_voice_count=_new_voice_count())
    return qs


def _confirmed_at() -> Subquery:
    """The latest confirmation of each demand row's current answer (None if it has none)."""
    return Subquery(
        AnswerConfirmation.objects.filter(
            disposition__demand=OuterRef("pk"), disposition_id=_current_disposition_id("disposition__demand")
        )
        .order_by("-confirmed_at", "-id")
        .values("confirmed_at")[:1],
        output_field=DateTimeField(),
    )


def _new_voice_count() -> Subquery:
    """Count, per demand row, the accepted proposals that joined after its answer or last confirmation.

    Needs ``answered_at`` and ``confirmed_at`` on the row. Coalesce first: SQLite's GREATEST is null when
    any argument is.
    """
    since = Greatest(OuterRef("answered_at"), Coalesce(OuterRef("confirmed_at"), OuterRef("answered_at")))
    return Subquery(
        Proposal.objects.filter(demand=OuterRef("pk"), moderation=Moderation.ACCEPTED, joined_at__gt=since)
        .order_by()
        .values("demand")
        .annotate(n=Count("id"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class NewVoices:
    """The voices that joined a demand after its current answer (답변 이후 새 목소리).

    ``since`` is the later of the answer and its latest confirmation; ``confirmation`` that confirmation.
    """

    disposition: Disposition
    confirmation: AnswerConfirmation | None
    since: dt.datetime
    proposals: list[Proposal]


def new_voices(demand: Demand) -> NewVoices | None:
    """Return the demand's voices since its current answer was decided or last confirmed; None unanswered.

    Three queries: the current answer, its latest confirmation, the proposals that joined since.
    """
    current = (
        Disposition.objects.filter(demand=demand)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
        .first()
    )
    if current is None:
        return None
    confirmation = (
        AnswerConfirmation.objects.filter(disposition=current)
        .select_related("confirmed_by")
        .order_by("-confirmed_at", "-id")
        .first()
    )
    since = max(current.decided_at, confirmation.confirmed_at) if confirmation else current.decided_at
    proposals = list(
        Proposal.objects.filter(demand=demand, moderation=Moderation.ACCEPTED, joined_at__gt=since)
        .select_related("organisation", "person")
        .order_by("joined_at", "id")
    )
    return NewVoices(disposition=current, confirmation=confirmation, since=since, proposals=proposals)


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
    for person_id, organisation_id, person_org_id in Proposal.objects.filter(
        demand=demand, moderation=Moderation.ACCEPTED
    ).values_list("person_id", "organisation_id", "person__organisation_id"):
        # One letter per organisation, covering all its people; a personal one only without an organisation.
        if organisation_id or person_org_id:
            proposers.add(("org", organisation_id or person_org_id))
        elif person_id:
            proposers.add(("person", person_id))
    return len(proposers)


# ----------------------------------------------------------------------------------------------------
# Milestones (이행 단계)


def _current_disposition_id(demand_ref: str) -> Subquery:
    return Subquery(
        Disposition.objects.filter(demand=OuterRef(demand_ref))
        .order_by("-decided_at", "-id")
        .values("id")[:1],
        output_field=IntegerField(),
    )


def open_milestones(*, department: Organisation | None = None) -> QuerySet[Milestone]:
    """Return the milestones of current answers still owing work (예정, 추진 중, 지연), soonest first.

    With ``department`` only those it carries out (the disposition's department, else the demand's).
    """
    qs = Milestone.objects.filter(status__in=OPEN_MILESTONE_STATUSES).filter(
        disposition_id=_current_disposition_id("disposition__demand")
    )
    if department is not None:
        qs = qs.filter(
            Q(disposition__department=department)
            | Q(disposition__department__isnull=True, disposition__demand__department=department)
        )
    return qs.select_related("disposition__demand__department", "disposition__department").order_by(
        "planned_date", "id"
    )


def overdue_milestones(
    *, department: Organisation | None = None, today: dt.date | None = None
) -> QuerySet[Milestone]:
    """Return open milestones of current answers whose planned date has passed, oldest first.

    A milestone is overdue from the day after its planned date.
    """
    today = today or timezone.localdate()
    return open_milestones(department=department).filter(planned_date__lt=today)


def milestones_of(disposition: Disposition | None) -> list[Milestone]:
    """Return the milestones of an answer in planned order (none for no answer)."""
    if disposition is None:
        return []
    return list(disposition.milestones.order_by("planned_date", "id"))
