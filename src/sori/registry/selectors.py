"""Reads for the registry pages, the staff to-do list and the KPI report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import trail
from sori.core.audit import ref
from sori.core.models import AuditRecord
from sori.core.trail import TrailEntry
from sori.registry.kpis import (
    CommitmentFact,
    KpiInput,
    KpiReport,
    MouFact,
    OrgFact,
    ProposalFact,
    compute_kpis,
)
from sori.registry.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Mou,
    MouStage,
    Organisation,
    OrganisationKind,
    Origin,
    StrategicField,
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
        mou_count=Count("mous", distinct=True), proposal_count=Count("proposals", distinct=True)
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


def overdue_commitments(today: dt.date | None = None) -> QuerySet[Commitment]:
    """Return open commitments past their target date, of MOUs not withdrawn, oldest target first."""
    today = today or timezone.localdate()
    return (
        Commitment.objects.filter(status=CommitmentStatus.PENDING, target_date__lt=today)
        .exclude(mou__stage=MouStage.WITHDRAWN)
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
    proposals: list[Any]
    meetings: list[Any]
    people: list[Any]
    history: list[TrailEntry]


def organisation_page(organisation: Organisation) -> OrganisationPage:
    """Return the organisation's MOUs and commitments, proposals and their answers, meetings and history."""
    from sori.engagement.models import Engagement
    from sori.voices.models import Moderation, Proposal

    proposals = list(
        Proposal.objects.filter(organisation=organisation)
        .exclude(moderation=Moderation.REJECTED)
        .select_related("demand", "engagement", "person")
        .order_by("-received_at", "-id")
    )
    meetings = list(
        Engagement.objects.filter(attendances__person__organisation=organisation)
        .select_related("series")
        .annotate(attendees=Count("attendances", filter=Q(attendances__person__organisation=organisation)))
        .distinct()
        .order_by("-starts_at")
    )
    mou_ids = list(organisation.mous.values_list("id", flat=True))
    history = trail.entries(
        AuditRecord.objects.filter(
            Q(target=ref(organisation)) | Q(scope__in=[f"registry.mou:{i}" for i in mou_ids])
        )[:100]
    )
    return OrganisationPage(
        organisation=organisation,
        mous=list(mou_list(organisation=organisation)),
        proposals=proposals,
        meetings=meetings,
        people=list(organisation.people.all()),
        history=history,
    )


def kpi_labels() -> dict[str, dict[str, str]]:
    """Return the words for the codes in a KPI report, in the active language."""
    from sori.policy.models import Outcome

    return {
        "field": {**{c.value: str(c.label) for c in StrategicField}, "none": _("분야 미지정")},
        "stage": {c.value: str(c.label) for c in MouStage},
        "origin": {**{c.value: str(c.label) for c in Origin}, "unknown": _("미확인")},
        "commitment": {c.value: str(c.label) for c in CommitmentKind},
        "kind": {c.value: str(c.label) for c in OrganisationKind},
        "outcome": {c.value: str(c.label) for c in Outcome},
    }


def kpi_input(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None, today: dt.date | None = None
) -> KpiInput:
    """Return the plain data the KPI report is computed from (five queries)."""
    from sori.voices.models import Moderation, Proposal

    orgs = tuple(
        OrgFact(o["id"], o["name"], o["kind"], o["strategic_field"], o["origin"])
        for o in Organisation.objects.values("id", "name", "kind", "strategic_field", "origin")
    )
    parties: dict[int, list[int]] = {}
    for mou_id, org_id in Mou.parties.through.objects.values_list("mou_id", "organisation_id"):
        parties.setdefault(mou_id, []).append(org_id)
    mous = tuple(
        MouFact(
            m["id"], m["signed_on"], m["stage"], tuple(sorted(parties.get(m["id"], []))), m["stalled_from"]
        )
        for m in Mou.objects.values("id", "signed_on", "stage", "stalled_from")
    )
    commitments = tuple(
        CommitmentFact(
            c["mou_id"],
            c["kind"],
            c["status"],
            c["organisation_id"],
            c["target_date"],
            c["target_number"],
            c["realised_number"],
            c["realised_on"],
        )
        for c in Commitment.objects.values(
            "mou_id",
            "kind",
            "status",
            "organisation_id",
            "target_date",
            "target_number",
            "realised_number",
            "realised_on",
        )
    )
    proposals = tuple(
        ProposalFact(
            timezone.localtime(p["received_at"]).date(), p["organisation_id"], p["demand__outcome"] or ""
        )
        for p in Proposal.objects.filter(moderation=Moderation.ACCEPTED).values(
            "received_at", "organisation_id", "demand__outcome"
        )
    )
    return KpiInput(
        today=today or timezone.localdate(),
        organisations=orgs,
        mous=mous,
        commitments=commitments,
        proposals=proposals,
        date_from=date_from,
        date_to=date_to,
        labels=kpi_labels(),
    )


def kpi_report(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None, today: dt.date | None = None
) -> KpiReport:
    """Return the committee's figures for the period, as every interface shows them."""
    return compute_kpis(kpi_input(date_from=date_from, date_to=date_to, today=today))
