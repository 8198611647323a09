"""Reads for proposals and demands: staff lists, the demand page, and the public tracker's demands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from sori.core import audit, trail
from sori.core.models import AuditRecord
from sori.core.roles import can
from sori.core.trail import TrailEntry
from sori.engagement.models import Engagement, Series
from sori.registry.models import Organisation, OrganisationKind
from sori.voices.models import Demand, Moderation, Proposal, Stage, Support, Theme

# ----------------------------------------------------------------------------------------------------
# Proposals


def _organisation_of(user: object) -> int | None:
    profile = getattr(user, "profile", None)
    return getattr(profile, "organisation_id", None) if profile is not None else None


def may_view_demand(user: object, demand: Demand) -> bool:
    """Staff see every demand; a department officer only those assigned to their department."""
    if can(user, "demand.view_all"):
        return True
    department = _organisation_of(user)
    return can(user, "staff.area") and department is not None and demand.department_id == department


def staff_proposals(
    *,
    series: Series | None = None,
    engagement: Engagement | None = None,
    organisation: Organisation | None = None,
    theme: Theme | None = None,
    source: str = "",
    grouped: bool | None = None,
    moderation: str = "",
) -> QuerySet[Proposal]:
    """Return proposals for the staff list, with who said it, where, and the demand they are in (no N+1)."""
    qs = Proposal.objects.select_related("organisation", "person", "engagement__series", "demand")
    if series is not None:
        qs = qs.filter(engagement__series=series)
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if theme is not None:
        # A proposal belongs to a theme through its own tags or through its demand's theme.
        qs = qs.filter(Q(themes=theme) | Q(demand__theme=theme)).distinct()
    if source:
        qs = qs.filter(source=source)
    if grouped is not None:
        qs = qs.filter(demand__isnull=not grouped)
    if moderation:
        qs = qs.filter(moderation=moderation)
    return qs.annotate(
        groupable=Case(
            When(moderation=Moderation.ACCEPTED, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def deleted_proposals() -> QuerySet[Proposal]:
    """Return proposals staff deleted, the latest deletion first, with who said and who deleted each."""
    return (
        Proposal.all_objects.filter(deleted_at__isnull=False)
        .select_related("organisation", "person", "engagement", "deleted_by")
        .order_by("-deleted_at", "-id")
    )


def pending_proposals() -> QuerySet[Proposal]:
    """Return submissions waiting for moderation, oldest first, with the submitter and their organisation."""
    return (
        Proposal.objects.filter(moderation=Moderation.PENDING)
        .select_related("person", "organisation")
        .order_by("received_at", "id")
    )


def proposals_by_ids(ids: list[int], *, pending_only: bool = False) -> list[Proposal]:
    """Return the proposals with these ids (for moderation, only those still waiting)."""
    qs = pending_proposals() if pending_only else Proposal.objects.all()
    return list(qs.filter(id__in=ids))


# ----------------------------------------------------------------------------------------------------
# Demands: counts are annotated in SQL, one subquery each, so lists stay at a fixed number of queries.


def _org_count() -> Coalesce:
    return Coalesce(
        Subquery(
            Proposal.objects.filter(demand=OuterRef("pk"), moderation=Moderation.ACCEPTED)
            .order_by()
            .values("demand")
            .annotate(n=Count("organisation", distinct=True))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _proposal_count() -> Coalesce:
    return Coalesce(
        Subquery(
            Proposal.objects.filter(demand=OuterRef("pk"))
            .order_by()
            .values("demand")
            .annotate(n=Count("id"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _support_count() -> Coalesce:
    return Coalesce(
        Subquery(
            Support.objects.filter(demand=OuterRef("pk"))
            .order_by()
            .values("demand")
            .annotate(n=Count("id"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def with_counts(qs: QuerySet[Demand]) -> QuerySet[Demand]:
    """Annotate ``org_count`` (distinct organisations asking), ``support_count``, ``proposal_count``."""
    return qs.annotate(
        org_count=_org_count(), support_count=_support_count(), proposal_count=_proposal_count()
    )


def staff_demands(
    *,
    theme: Theme | None = None,
    department: Organisation | None = None,
    stage: str = "",
    outcome: str = "",
    published: bool | None = None,
    overdue: bool = False,
    today: dt.date | None = None,
    counts: bool = True,
) -> QuerySet[Demand]:
    """Return demands for the staff list with their counts; merged demands only when asked for by stage.

    ``counts=False`` leaves out the three count subqueries, for readers that show none (the API).
    """
    qs = Demand.objects.select_related("theme", "department")
    qs = qs.filter(stage=stage) if stage else qs.exclude(stage=Stage.MERGED)
    if theme is not None:
        qs = qs.filter(theme=theme)
    if department is not None:
        qs = qs.filter(department=department)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if published is not None:
        qs = qs.filter(published=published)
    if overdue:
        qs = qs.filter(stage=Stage.ASSIGNED, answer_due__lt=today or timezone.localdate())
    if not counts:
        return qs
    return with_counts(qs).annotate(
        awaiting=Case(
            When(stage=Stage.ASSIGNED, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def published_demands() -> QuerySet[Demand]:
    """Return demands on the public tracker: published, not merged, with ``org_count``, ``support_count``."""
    return with_counts(
        Demand.objects.filter(published=True)
        .exclude(stage=Stage.MERGED)
        .select_related("theme", "department")
    )


def demand_organisations(demand: Demand) -> QuerySet[Organisation]:
    """Return the organisations that asked for ``demand``, by name; public pages name only consenting ones."""
    return (
        Organisation.objects.filter(proposals__demand=demand, proposals__moderation=Moderation.ACCEPTED)
        .distinct()
        .order_by("name")
    )


def demand_choices(*, q: str = "", exclude_id: int | None = None, limit: int = 200) -> QuerySet[Demand]:
    """Return demands proposals may join, newest first, matching words of ``q``.

    Answered demands are included: a new voice asking for what was already decided joins that demand, and its
    proposer is then owed the existing answer. Only merged demands are closed.
    """
    qs = Demand.objects.exclude(stage=Stage.MERGED)
    for word in q.split():
        qs = qs.filter(title__icontains=word)
    if exclude_id is not None:
        qs = qs.exclude(id=exclude_id)
    return qs.order_by("-created_at", "-id")[:limit]


def departments() -> QuerySet[Organisation]:
    """Return the city departments a demand can be assigned to."""
    return Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by("name")


# ----------------------------------------------------------------------------------------------------
# The demand page


def audit_trail(demand: Demand) -> list[TrailEntry]:
    """Return every state change of ``demand`` and its parts (proposals moved, dispositions), newest first.

    An undo whose demand is gone (an undone split) is recorded against the undone entry, not a demand, so it
    is fetched through that entry: the page never shows a split without the undo that reversed it.
    """
    ref = audit.ref(demand)
    records = list(AuditRecord.objects.filter(Q(scope=ref) | Q(target=ref)))
    undone = [f"core.auditrecord:{r.id}" for r in records]
    records += list(AuditRecord.objects.filter(action="demand.undo", target__in=undone))
    records.sort(key=lambda r: (r.at, r.id), reverse=True)
    return trail.entries(records)


@dataclass(frozen=True)
class DemandPage:
    """Everything the staff demand page shows."""

    demand: Demand
    proposals: list[Proposal]
    org_count: int
    support_count: int
    trail: list[TrailEntry]
    merged_from: list[Demand]

    @property
    def is_merged(self) -> bool:
        return self.demand.stage == Stage.MERGED

    @property
    def is_open(self) -> bool:
        """Return whether the demand is still being organised (no department yet)."""
        return self.demand.stage == Stage.OPEN

    @property
    def is_awaiting(self) -> bool:
        """Return whether the department's answer is still owed, so the deadline counts."""
        return self.demand.stage == Stage.ASSIGNED


def demand_page(demand: Demand) -> DemandPage:
    """Return the demand with its proposals (who said what), dispositions newest first and audit trail."""
    proposals = list(
        demand.proposals.select_related("organisation", "person", "engagement").order_by("received_at", "id")
    )
    counted = (
        with_counts(Demand.objects.filter(id=demand.id))
        .values(  # type: ignore[misc]
            "org_count", "support_count"
        )
        .get()
    )
    return DemandPage(
        demand=demand,
        proposals=proposals,
        org_count=counted["org_count"],
        support_count=counted["support_count"],
        trail=audit_trail(demand),
        merged_from=list(Demand.objects.filter(merged_into=demand).order_by("id")),
    )


def demand_for_user(demand_id: int) -> Demand:
    """Return a demand with what its page header needs; raises Demand.DoesNotExist."""
    return Demand.objects.select_related("theme", "department", "merged_into").get(id=demand_id)
