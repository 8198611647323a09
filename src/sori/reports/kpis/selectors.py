"""The plain data the KPI calculation reads, gathered from the registry and the voices loop."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from sori.registry.models import (
    Commitment,
    CommitmentKind,
    Mou,
    MouStage,
    Organisation,
    OrganisationKind,
    Origin,
    StrategicField,
)
from sori.reports.kpis.calculation import (
    CommitmentFact,
    KpiInput,
    KpiReport,
    MouFact,
    OrgFact,
    ProposalFact,
    compute_kpis,
)
from sori.voices.models import Moderation, Proposal
from sori.voices.outcomes import Outcome


def kpi_labels() -> dict[str, dict[str, str]]:
    """Return the words for the codes in a KPI report, in the active language."""
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
