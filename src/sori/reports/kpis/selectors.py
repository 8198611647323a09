"""The plain data the KPI calculation reads, gathered from the registry, the voices loop and the programs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.programs import selectors_outcomes as outcomes
from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    IntroductionStage,
    ProgramKind,
    RequestType,
    UsageEntry,
    UsageReview,
)
from sori.programs.months import add_months
from sori.programs.usage_math import in_term
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
    GpuMonthFact,
    KpiInput,
    KpiReport,
    MouFact,
    OrgFact,
    ProgramCounts,
    ProposalFact,
    RenewalFact,
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
        "program": {
            "introductions": str(IntroductionStage.INTRODUCED.label),
            "pocs_started": str(IntroductionStage.POC.label),
            "contracts_signed": str(IntroductionStage.CONTRACT.label),
        },
    }


def gpu_month_facts() -> tuple[GpuMonthFact, ...]:
    """Return every month of every GPU award's term with its units and counted GPU-hours (two queries).

    The hours are those of the award's page (``usage_math.hours_by_month``), read for all awards at once:
    the ledger rows it counts (``UsageReview.COUNTED``: a job outside the term counts only once accepted),
    summed per month and moved into the term by the same ``in_term``.
    """
    awards = list(
        Award.objects.filter(call__program__kind=ProgramKind.COMPUTE).only(
            "id", "start_month", "months", "amount", "changes"
        )
    )
    by_month: dict[int, dict[dt.date, float]] = defaultdict(dict)
    for row in (
        UsageEntry.objects.filter(award__call__program__kind=ProgramKind.COMPUTE, review=UsageReview.COUNTED)
        .values("award_id", "month")
        .annotate(s=Sum("gpu_seconds"))
    ):
        by_month[row["award_id"]][row["month"]] = row["s"] / 3600
    facts = []
    for award in awards:
        used = in_term(award, by_month[award.id])
        for i in range(award.months):
            month = add_months(award.start_month, i)
            facts.append(GpuMonthFact(award.id, month, award.units_in(month), used.get(month, 0.0)))
    return tuple(facts)


def renewal_facts() -> tuple[RenewalFact, ...]:
    """Return every decided renewal (연장) with the day of its decision (one query).

    A renewal is not changed after its decision, so the day it was last saved is the day it was decided.
    """
    decided = (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)
    return tuple(
        RenewalFact(timezone.localtime(updated).date(), status == ApplicationStatus.APPROVED)
        for updated, status in Application.objects.filter(
            request_type=RequestType.RENEWAL, status__in=decided
        ).values_list("updated_at", "status")
    )


def program_counts(*, date_from: dt.date | None = None, date_to: dt.date | None = None) -> ProgramCounts:
    """Return the talent and midfielder figures of the period from the programs app (five queries)."""
    period = {"date_from": date_from, "date_to": date_to}
    return ProgramCounts(
        trainees_completed=outcomes.trainees_completed(**period),
        placements=outcomes.placements(**period),
        introductions=outcomes.introductions(**period),
        pocs_started=outcomes.pocs_started(**period),
        contracts_signed=outcomes.contracts_signed(**period),
    )


def kpi_input(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None, today: dt.date | None = None
) -> KpiInput:
    """Return the plain data the KPI report is computed from (thirteen queries, however many rows)."""
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
        gpu_months=gpu_month_facts(),
        renewals=renewal_facts(),
        program_counts=program_counts(date_from=date_from, date_to=date_to),
    )


def kpi_report(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None, today: dt.date | None = None
) -> KpiReport:
    """Return the committee's figures for the period, as every interface shows them."""
    return compute_kpis(kpi_input(date_from=date_from, date_to=date_to, today=today))
