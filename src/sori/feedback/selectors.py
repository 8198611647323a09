"""Reads for feedback: who is owed an answer, and what each proposer can see on their status page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from sori.feedback.models import Feedback, FeedbackItem
from sori.policy.models import Disposition
from sori.registry.models import Organisation, Person
from sori.voices.models import Moderation, Proposal


@dataclass
class Owed:
    """A proposer and the answered proposals they have not yet been told about."""

    person: Person | None
    organisation: Organisation | None
    items: list[tuple[Proposal, Disposition]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"person-{self.person.id}" if self.person else f"org-{self.organisation.id}"  # type: ignore[union-attr]

    @property
    def label(self) -> str:
        if self.person:
            return str(self.person)
        return str(self.organisation)

    @property
    def address(self) -> str:
        """Return the e-mail to write to: the person's if they consented, else the organisation's."""
        if self.person is not None:
            if self.person.email and self.person.contact_consent:
                return self.person.email
            return ""
        return self.organisation.email if self.organisation else ""


def latest_dispositions(demand_ids: set[int]) -> dict[int, Disposition]:
    """Return each demand's current disposition in one query."""
    latest: dict[int, Disposition] = {}
    for d in Disposition.objects.filter(demand_id__in=demand_ids).order_by("demand_id", "-decided_at", "-id"):
        latest.setdefault(d.demand_id, d)
    return latest


def feedback_owed(*, person: Person | None = None, organisation: Organisation | None = None) -> list[Owed]:
    """Return every proposer owed feedback: proposals whose current answer they have not been sent.

    With ``person`` (or ``organisation``, for proposals voiced without a person) only that proposer is read.
    """
    qs = Proposal.objects.filter(moderation=Moderation.ACCEPTED, demand__isnull=False)
    if person is not None:
        qs = qs.filter(person=person)
    elif organisation is not None:
        qs = qs.filter(organisation=organisation, person__isnull=True)
    proposals = list(
        qs.select_related("person__organisation", "organisation", "demand").order_by("received_at", "id")
    )
    latest = latest_dispositions({p.demand_id for p in proposals if p.demand_id})
    sent = set(
        FeedbackItem.objects.filter(disposition_id__in=[d.id for d in latest.values()]).values_list(
            "proposal_id", "disposition_id"
        )
    )
    owed: dict[tuple[str, int], Owed] = {}
    for proposal in proposals:
        disposition = latest.get(proposal.demand_id)  # type: ignore[arg-type]
        if disposition is None or (proposal.id, disposition.id) in sent:
            continue
        if proposal.person_id:
            key = ("person", proposal.person_id)
            entry = owed.setdefault(key, Owed(person=proposal.person, organisation=None))
        elif proposal.organisation_id:
            key = ("org", proposal.organisation_id)
            entry = owed.setdefault(key, Owed(person=None, organisation=proposal.organisation))
        else:
            continue  # nobody to answer: an anonymous line from a meeting
        entry.items.append((proposal, disposition))
    return sorted(owed.values(), key=lambda o: o.label)


def outbox(*, status: str = "", channel: str = "") -> QuerySet[Feedback]:
    """Return feedback written to the outbox, newest first, with its recipient and item count (no N+1)."""
    qs = Feedback.objects.select_related(
        "person__organisation", "organisation", "created_by", "message"
    ).annotate(item_count=Count("items"))
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    return qs
