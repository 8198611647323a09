"""The committee's figures (성과 지표), computed once from plain data.

Pure Python: no Django here. ``kpi_selector`` (in ``selectors``) turns the database into a ``KpiInput``;
``compute_kpis`` turns that into a ``KpiReport``; the dashboard, the PDF, the XLSX and ``sori report kpis``
all show that report, so they cannot disagree.

Definitions (each figure's period is the one its own date falls in):
- an organisation is *attracted* when it is a party (other than the city's departments and committees) to an
  MOU; it counts in the period of its first MOU;
- an *office opened* is an organisation with an office commitment fulfilled (or partly) in the period;
- jobs and investment *promised* are the targets of commitments in MOUs signed in the period, and *realised*
  the numbers recorded against those same commitments;
- MOU stages are today's stages of the MOUs signed in the period;
- proposals are those received in the period; *answered* means their demand has an outcome today.

Programme outcomes (지원사업 성과):
- the GPU figures count by month, as awards and the usage ledger do: a month is in the period when any of its
  days is (so ``--from 2021-01-15`` still counts January whole). An award partly inside the period counts only
  its months inside it, each with the units it held that month (after reclaims, supplements and renewals);
- *GPU-months awarded* are those units summed over the months, one unit being one GPU for a month; *GPU-hours
  used* are what the ledger counts in the same months (flagged jobs outside a term count only once accepted,
  in the term's nearest month, as on the award's page); *utilisation* is hours used ÷ (GPU-months awarded ×
  720 hours), a fraction (0.5 = 50 %) that may exceed 1, and None when nothing was awarded;
- the *renewal rate* is renewals approved ÷ renewals decided (approved or rejected) in the period, by the day
  of the decision, None when none was decided;
- trainees completed, placements, introductions, PoCs started and contracts signed are counted by the
  programs app for the period (``ProgramCounts``), each by the date it happened.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

# One unit (one GPU) for a 30-day month, as the programs app counts it.
HOURS_PER_GPU_MONTH = 30 * 24
PIPELINE = ("signed", "office_opened", "operating", "hq_relocated")
INTERNAL = frozenset({"department", "committee"})
INSTITUTION_KINDS = frozenset({"institution", "public_body"})
DONE = frozenset({"fulfilled", "partly"})
ADOPTED = frozenset({"adopted", "partly_adopted"})


@dataclass(frozen=True)
class OrgFact:
    id: int
    name: str
    kind: str
    field: str = ""
    origin: str = ""


@dataclass(frozen=True)
class MouFact:
    id: int
    signed_on: dt.date
    stage: str
    party_ids: tuple[int, ...]
    stalled_from: str = ""


@dataclass(frozen=True)
class CommitmentFact:
    mou_id: int
    kind: str
    status: str
    organisation_id: int | None = None
    target_date: dt.date | None = None
    target_number: int | None = None
    realised_number: int | None = None
    realised_on: dt.date | None = None


@dataclass(frozen=True)
class ProposalFact:
    received_on: dt.date
    organisation_id: int | None = None
    outcome: str = ""


@dataclass(frozen=True)
class GpuMonthFact:
    """One month of a GPU award's term: the units it held and the GPU-hours its ledger counts that month."""

    award_id: int
    month: dt.date
    units: int
    used_hours: float = 0.0


@dataclass(frozen=True)
class RenewalFact:
    """A decided renewal (연장) of an award: the day of the decision and whether it was approved."""

    decided_on: dt.date
    approved: bool


@dataclass(frozen=True)
class ProgramCounts:
    """The talent and midfielder figures, already counted for the period by the programs app."""

    trainees_completed: int = 0
    placements: int = 0
    introductions: int = 0
    pocs_started: int = 0
    contracts_signed: int = 0


@dataclass(frozen=True)
class KpiInput:
    """Everything the figures need; ``labels`` maps codes (field, stage, origin, outcome …) to words."""

    today: dt.date
    organisations: tuple[OrgFact, ...]
    mous: tuple[MouFact, ...]
    commitments: tuple[CommitmentFact, ...]
    proposals: tuple[ProposalFact, ...]
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    gpu_months: tuple[GpuMonthFact, ...] = ()
    renewals: tuple[RenewalFact, ...] = ()
    program_counts: ProgramCounts = ProgramCounts()


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class YearRow:
    year: int
    organisations: int
    cumulative: int
    mous: int
    offices: int


@dataclass(frozen=True)
class PromiseRow:
    key: str
    label: str
    count: int
    fulfilled: int
    promised: int
    realised: int


@dataclass(frozen=True)
class QuarterRow:
    """One quarter's GPU-months awarded and used (GPU-hours used ÷ 720), for the quarters of the period."""

    year: int
    quarter: int
    awarded: int
    used: float

    @property
    def share(self) -> float | None:
        """Return GPU-months used ÷ awarded in the quarter, None when nothing was awarded."""
        return self.used / self.awarded if self.awarded else None


@dataclass(frozen=True)
class KpiReport:
    """The committee's figures for one period (``date_from``..``date_to``, both inclusive, None = open)."""

    today: dt.date
    date_from: dt.date | None
    date_to: dt.date | None
    organisations_attracted: int
    institutions_attracted: int
    companies_attracted: int
    mous_signed: int
    offices_opened: int
    hq_relocated: int
    jobs_promised: int
    jobs_realised: int
    investment_promised: int
    investment_realised: int
    local: int
    relocated: int
    proposals_voiced: int
    proposals_answered: int
    proposals_adopted: int
    overdue_commitments: int
    gpu_months_awarded: int
    gpu_hours_used: float
    gpu_utilisation: float | None
    renewals_decided: int
    renewals_approved: int
    renewal_rate: float | None
    trainees_completed: int
    placements: int
    introductions: int
    pocs_started: int
    contracts_signed: int
    by_field: tuple[Row, ...]
    by_year: tuple[YearRow, ...]
    mous_by_stage: tuple[Row, ...]
    funnel: tuple[Row, ...]
    by_origin: tuple[Row, ...]
    promises: tuple[PromiseRow, ...]
    answers: tuple[Row, ...]
    gpu_by_quarter: tuple[QuarterRow, ...]
    outcome_funnel: tuple[Row, ...]


def _within(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    return day is not None and (start is None or day >= start) and (end is None or day <= end)


def _label(data: KpiInput, group: str, key: str) -> str:
    return data.labels.get(group, {}).get(key, key) or key


def _rows(data: KpiInput, group: str, counts: Counter[str], order: tuple[str, ...] = ()) -> tuple[Row, ...]:
    keys = [k for k in order if k in counts] + sorted(
        (k for k in counts if k not in order), key=lambda k: (-counts[k], k)
    )
    return tuple(Row(k, _label(data, group, k), counts[k]) for k in keys)


def _month_within(month: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """Return whether any day of ``month`` (its first day) lies in ``start``..``end``."""
    return (start is None or month >= start.replace(day=1)) and (end is None or month <= end)


def _quarters(months: list[GpuMonthFact]) -> tuple[QuarterRow, ...]:
    """Return one row per quarter from the first to the last with units or use, gaps included."""
    awarded: Counter[int] = Counter()
    used: dict[int, float] = {}
    for m in months:
        if m.units or m.used_hours:
            index = m.month.year * 4 + (m.month.month - 1) // 3
            awarded[index] += m.units
            used[index] = used.get(index, 0.0) + m.used_hours
    if not used:
        return ()
    return tuple(
        QuarterRow(i // 4, i % 4 + 1, awarded[i], round(used.get(i, 0.0) / HOURS_PER_GPU_MONTH, 2))
        for i in range(min(used), max(used) + 1)
    )


def compute_kpis(data: KpiInput) -> KpiReport:
    """Return the report for ``data``'s period. Pure: same input, same figures."""
    start, end = data.date_from, data.date_to
    orgs = {o.id: o for o in data.organisations}
    external = {o.id for o in data.organisations if o.kind not in INTERNAL}

    # First MOU of every external organisation, over all time: attraction happens once.
    first_mou: dict[int, dt.date] = {}
    for mou in sorted(data.mous, key=lambda m: (m.signed_on, m.id)):
        for pid in mou.party_ids:
            if pid in external:
                first_mou.setdefault(pid, mou.signed_on)
    attracted = [orgs[i] for i, day in first_mou.items() if _within(day, start, end)]
    mous = [m for m in data.mous if _within(m.signed_on, start, end)]
    mou_ids = {m.id for m in mous}
    promised = [c for c in data.commitments if c.mou_id in mou_ids]

    offices = {
        c.organisation_id or c.mou_id * -1
        for c in data.commitments
        if c.kind == "office" and c.status in DONE and _within(c.realised_on, start, end)
    }
    relocations = {
        c.organisation_id or c.mou_id * -1
        for c in data.commitments
        if c.kind == "hq_relocation" and c.status in DONE and _within(c.realised_on, start, end)
    }

    def total(kind: str, attr: str) -> int:
        return sum(getattr(c, attr) or 0 for c in promised if c.kind == kind)

    promise_rows = []
    for kind in ("office", "hq_relocation", "jobs", "investment", "joint_project"):
        items = [c for c in promised if c.kind == kind]
        promise_rows.append(
            PromiseRow(
                kind,
                _label(data, "commitment", kind),
                len(items),
                sum(1 for c in items if c.status in DONE),
                total(kind, "target_number"),
                total(kind, "realised_number"),
            )
        )

    stage_counts = Counter(m.stage for m in mous)
    funnel = []
    for rank, stage in enumerate(PIPELINE):
        reached = sum(
            1
            for m in mous
            if (
                PIPELINE.index(m.stage)
                if m.stage in PIPELINE
                else PIPELINE.index(m.stalled_from)
                if m.stalled_from in PIPELINE
                else 0
            )
            >= rank
        )
        funnel.append(Row(stage, _label(data, "stage", stage), reached))

    withdrawn = {m.id for m in data.mous if m.stage == "withdrawn"}
    origins = Counter(o.origin or "unknown" for o in attracted)
    proposals = [p for p in data.proposals if _within(p.received_on, start, end)]
    answers = Counter(p.outcome for p in proposals if p.outcome)

    years: dict[int, list[int]] = {}
    for o in attracted:
        years.setdefault(first_mou[o.id].year, [0, 0, 0])[0] += 1
    for m in mous:
        years.setdefault(m.signed_on.year, [0, 0, 0])[1] += 1
    for c in data.commitments:
        if c.kind == "office" and c.status in DONE and _within(c.realised_on, start, end):
            assert c.realised_on is not None
            years.setdefault(c.realised_on.year, [0, 0, 0])[2] += 1
    by_year, running = [], 0
    if years:
        for year in range(min(years), max(years) + 1):
            new, signed, opened = years.get(year, [0, 0, 0])
            running += new
            by_year.append(YearRow(year, new, running, signed, opened))

    # Programme outcomes: GPU months touching the period, renewals decided in it, the programs app's counts.
    gpu_months = [m for m in data.gpu_months if _month_within(m.month, start, end)]
    gpu_awarded = sum(m.units for m in gpu_months)
    gpu_used = sum(m.used_hours for m in gpu_months)
    decided = [r for r in data.renewals if _within(r.decided_on, start, end)]
    approved = sum(1 for r in decided if r.approved)
    counts = data.program_counts

    return KpiReport(
        today=data.today,
        date_from=start,
        date_to=end,
        organisations_attracted=len(attracted),
        institutions_attracted=sum(1 for o in attracted if o.kind in INSTITUTION_KINDS),
        companies_attracted=sum(1 for o in attracted if o.kind not in INSTITUTION_KINDS),
        mous_signed=len(mous),
        offices_opened=len(offices),
        hq_relocated=len(relocations),
        jobs_promised=total("jobs", "target_number"),
        jobs_realised=total("jobs", "realised_number"),
        investment_promised=total("investment", "target_number"),
        investment_realised=total("investment", "realised_number"),
        local=origins.get("local", 0),
        relocated=origins.get("relocated", 0),
        proposals_voiced=len(proposals),
        proposals_answered=sum(1 for p in proposals if p.outcome),
        proposals_adopted=sum(1 for p in proposals if p.outcome in ADOPTED),
        overdue_commitments=sum(
            1
            for c in data.commitments
            if c.status == "pending"
            and c.target_date is not None
            and c.target_date < data.today
            and c.mou_id not in withdrawn
        ),
        by_field=_rows(data, "field", Counter(o.field or "none" for o in attracted)),
        by_year=tuple(by_year),
        mous_by_stage=_rows(data, "stage", stage_counts, tuple(data.labels.get("stage", {}))),
        funnel=tuple(funnel),
        by_origin=_rows(data, "origin", origins, tuple(data.labels.get("origin", {}))),
        promises=tuple(promise_rows),
        answers=_rows(data, "outcome", answers, tuple(data.labels.get("outcome", {}))),
        gpu_months_awarded=gpu_awarded,
        gpu_hours_used=round(gpu_used, 2),
        gpu_utilisation=round(gpu_used / (gpu_awarded * HOURS_PER_GPU_MONTH), 4) if gpu_awarded else None,
        renewals_decided=len(decided),
        renewals_approved=approved,
        renewal_rate=round(approved / len(decided), 4) if decided else None,
        trainees_completed=counts.trainees_completed,
        placements=counts.placements,
        introductions=counts.introductions,
        pocs_started=counts.pocs_started,
        contracts_signed=counts.contracts_signed,
        gpu_by_quarter=_quarters(gpu_months),
        outcome_funnel=tuple(
            Row(key, _label(data, "program", key), getattr(counts, key))
            for key in ("introductions", "pocs_started", "contracts_signed")
        ),
    )
