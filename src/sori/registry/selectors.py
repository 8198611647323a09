"""Reads for the registry pages and the staff to-do list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from sori.core import trail
from sori.core.audit import ref
from sori.core.models import AuditRecord, Profile
from sori.core.trail import TrailEntry
from sori.registry.models import (
    Commitment,
    CommitmentStatus,
    Mou,
    MouStage,
    Organisation,
    Person,
)


class OrganisationCounts(TypedDict):
    mou_count: int
    proposal_count: int


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    OrganisationRow: TypeAlias = WithAnnotations[Organisation, OrganisationCounts]


def organisation_list(
    *, kind: str = "", strategic_field: str = "", origin: str = "", with_mou: bool | None = None
) -> QuerySet[OrganisationRow]:
    """Return organisations with their MOU and proposal counts, filtered by kind, field and origin."""
    qs = Organisation.objects.annotate(
        mou_count=Count("mous", distinct=True),
        # Deleted proposals (``voices``) no longer count as voiced.
        proposal_count=Count("proposals", distinct=True, filter=Q(proposals__deleted_at__isnull=True)),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if strategic_field:
        qs = qs.filter(strategic_field=strategic_field)
    if origin:
        qs = qs.filter(origin=origin)
    if with_mou is True:
        qs = qs.filter(mou_count__gt=0)
    elif with_mou is False:
        qs = qs.filter(mou_count=0)
    return qs


def mou_list(*, stage: str = "", organisation: Organisation | None = None) -> QuerySet[Mou]:
    """Return MOUs with their parties and commitments prefetched, newest first."""
    qs = Mou.objects.select_related("engagement").prefetch_related(
        Prefetch("parties", queryset=Organisation.objects.order_by("name")),
        Prefetch("commitments", queryset=Commitment.objects.select_related("organisation")),
    )
    if stage:
        qs = qs.filter(stage=stage)
    if organisation is not None:
        qs = qs.filter(parties=organisation)
    return qs.annotate(commitment_count=Count("commitments", distinct=True))


def overdue_commitments(today: dt.date | None = None, *, awake: bool = False) -> QuerySet[Commitment]:
    """Return open commitments past their target date, of MOUs not withdrawn, oldest target first.

    ``awake`` leaves out those staff put aside (snoozed) until a later date.
    """
    today = today or timezone.localdate()
    qs = Commitment.objects.filter(status=CommitmentStatus.PENDING, target_date__lt=today)
    if awake:
        qs = qs.exclude(snoozed_until__gt=today)
    return (
        qs.exclude(mou__stage=MouStage.WITHDRAWN)
        .select_related("mou", "organisation")
        .order_by("target_date", "id")
    )


def mou_history(mou: Mou) -> QuerySet[AuditRecord]:
    """Return the audit trail of an MOU and its commitments, newest first."""
    return AuditRecord.objects.filter(Q(scope=ref(mou)) | Q(target=ref(mou)))


@dataclass(frozen=True)
class OrganisationPage:
    """Everything Sori knows of one organisation."""

    organisation: Organisation
    mous: list[Mou]
    people: list[Any]
    history: list[TrailEntry]


def organisation_page(organisation: Organisation) -> OrganisationPage:
    """Return the organisation's MOUs and commitments, people and history.

    What later apps know of it (proposals, meetings, program awards) they show as panels on its page.
    """
    mou_ids = list(organisation.mous.values_list("id", flat=True))
    history = trail.entries(
        AuditRecord.objects.filter(
            Q(target=ref(organisation)) | Q(scope__in=[f"registry.mou:{i}" for i in mou_ids])
        )[:100]
    )
    return OrganisationPage(
        organisation=organisation,
        mous=list(mou_list(organisation=organisation)),
        people=list(organisation.people.all()),
        history=history,
    )


class PersonCounts(TypedDict):
    proposal_count: int
    last_proposal_at: dt.datetime | None


if TYPE_CHECKING:
    PersonRow: TypeAlias = WithAnnotations[Person, PersonCounts]


def person_list(*, contact_consent: bool | None = None, erased: bool = False) -> QuerySet[PersonRow]:
    """Return people with their organisation, how many proposals they voiced and when last.

    Erased people (``erased_at`` set) are left out unless ``erased`` asks for them.
    """
    qs = Person.objects.select_related("organisation").annotate(
        proposal_count=Count("proposals", distinct=True, filter=Q(proposals__deleted_at__isnull=True)),
        last_proposal_at=Max("proposals__received_at", filter=Q(proposals__deleted_at__isnull=True)),
    )
    if not erased:
        qs = qs.filter(erased_at__isnull=True)
    if contact_consent is not None:
        qs = qs.filter(contact_consent=contact_consent)
    return qs


@dataclass(frozen=True)
class PersonPage:
    """What Sori keeps of one person, for staff; later apps add their parts as panels."""

    person: Person
    account: Any
    history: list[TrailEntry]


def person_page(person: Person) -> PersonPage:
    """Return the person's account (if one signs in as them) and the changes recorded on them."""
    account = Profile.objects.select_related("user").filter(person=person).first()
    return PersonPage(
        person=person,
        account=account.user if account is not None else None,
        history=trail.entries(AuditRecord.objects.filter(target=ref(person))[:100]),
    )
