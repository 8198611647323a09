"""Reads for feedback: who is owed an answer, and what each proposer can see on their status page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from sori.feedback.models import Feedback, FeedbackItem
from sori.policy.models import Disposition
from sori.registry.models import Organisation, Person
from sori.voices.models import Moderation, Proposal


@dataclass
class Owed:
    """A recipient and the answered proposals they have not yet been told about.

    An organisation gets one message covering every voice of its people (``person`` is None); a person
    without an organisation gets their own (``organisation`` is None). ``contacts`` are the organisation's
    people who agreed to be written to at their e-mail.
    """

    person: Person | None
    organisation: Organisation | None
    items: list[tuple[Proposal, Disposition]] = field(default_factory=list)
    contacts: list[Person] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"person-{self.person.id}" if self.person else f"org-{self.organisation.id}"  # type: ignore[union-attr]

    @property
    def label(self) -> str:
        if self.person:
            return str(self.person)
        return str(self.organisation)

    @property
    def people(self) -> list[str]:
        """Return the names of the people whose proposals are covered, in the order they first spoke."""
        return list(dict.fromkeys(p.person.name for p, _d in self.items if p.person is not None))

    @property
    def addresses(self) -> list[str]:
        """Return where to write: the person's consented e-mail; for an organisation, its people's
        consented e-mails and its own address."""
        if self.person is not None:
            return [self.person.email] if self.person.email and self.person.contact_consent else []
        found = [p.email for p in self.contacts if p.email and p.contact_consent]
        if self.organisation is not None and self.organisation.email:
            found.append(self.organisation.email)
        return list(dict.fromkeys(found))

    @property
    def address(self) -> str:
        """Return the addresses as one line ("a@x.kr, b@x.kr"); empty when there is none to write to."""
        return ", ".join(self.addresses)


def latest_dispositions(demand_ids: set[int]) -> dict[int, Disposition]:
    """Return each demand's current disposition in one query."""
    latest: dict[int, Disposition] = {}
    for d in Disposition.objects.filter(demand_id__in=demand_ids).order_by("demand_id", "-decided_at", "-id"):
        latest.setdefault(d.demand_id, d)
    return latest


def organisation_of(proposal: Proposal) -> int | None:
    """Return the id of the organisation a proposal speaks for: its own, else its person's."""
    if proposal.organisation_id:
        return proposal.organisation_id
    return proposal.person.organisation_id if proposal.person is not None else None


def _of_organisation(organisation: Organisation) -> Q:
    return Q(organisation=organisation) | Q(organisation__isnull=True, person__organisation=organisation)


def feedback_owed(*, person: Person | None = None, organisation: Organisation | None = None) -> list[Owed]:
    """Return every recipient owed feedback: proposals whose current answer they have not been sent.

    Recipients are organisations (every voice of their people, and proposals voiced in their name) and
    people without an organisation. With ``organisation`` (or a ``person``, whose organisation is read if
    they have one) only that recipient is read. Three queries, whatever the number of proposals.
    """
    qs = Proposal.objects.filter(moderation=Moderation.ACCEPTED, demand__isnull=False)
    if person is not None and person.organisation_id is not None:
        organisation, person = person.organisation, None
    if person is not None:
        qs = qs.filter(person=person)
    elif organisation is not None:
        qs = qs.filter(_of_organisation(organisation))
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
        org_id = organisation_of(proposal)
        if org_id is not None:
            org = proposal.organisation or proposal.person.organisation  # type: ignore[union-attr]
            entry = owed.setdefault(("org", org_id), Owed(person=None, organisation=org))
        elif proposal.person_id:
            entry = owed.setdefault(
                ("person", proposal.person_id), Owed(person=proposal.person, organisation=None)
            )
        else:
            continue  # nobody to answer: an anonymous line from a meeting
        entry.items.append((proposal, disposition))
    org_ids = [o.organisation.id for o in owed.values() if o.organisation is not None]
    if org_ids:
        contacts: dict[int, list[Person]] = {}
        for contact in (
            Person.objects.filter(organisation_id__in=org_ids, contact_consent=True)
            .exclude(email="")
            .order_by("id")
        ):
            contacts.setdefault(contact.organisation_id, []).append(contact)  # type: ignore[arg-type]
        for entry in owed.values():
            if entry.organisation is not None:
                entry.contacts = contacts.get(entry.organisation.id, [])
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
