"""Reads for the programs pages, the organisation page and the sacctmgr export."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from sori.alloc import SlurmGrant, sacctmgr_commands
from sori.core.roles import Role, role_of
from sori.feedback.models import OutboxMessage
from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    AwardStatus,
    Call,
    Capacity,
    Program,
    Review,
    ReviewScore,
    RuleException,
    SelectionRun,
    UsageEntry,
    UsageReview,
)
from sori.programs.months import HOURS_PER_UNIT_MONTH
from sori.programs.services.rules import Breach, follow_up_breaches
from sori.programs.services.selection_notices import notice_key
from sori.programs.usage_math import BurnRow, UseCheck, burn_down, in_term, use_check


class ProgramCounts(TypedDict):
    call_count: int
    application_count: int
    award_count: int


class ReviewCounts(TypedDict):
    review_count: int
    conflict_count: int


class ApplicationCount(TypedDict):
    application_count: int


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    ProgramRow: TypeAlias = WithAnnotations[Program, ProgramCounts]
    ApplicationRow: TypeAlias = WithAnnotations[Application, ReviewCounts]
    CallRow: TypeAlias = WithAnnotations[Call, ApplicationCount]


def company_of(user: Any) -> int | None:
    """Return the organisation id a company user acts for, None for staff."""
    return user.profile.organisation_id if role_of(user) == Role.COMPANY else None


def program_list() -> QuerySet[ProgramRow]:
    """Return programs with their operator and counts of calls, applications and awards."""
    return Program.objects.select_related("operator").annotate(
        call_count=Count("calls", distinct=True),
        application_count=Count("calls__applications", distinct=True),
        award_count=Count("calls__awards", distinct=True),
    )


def open_calls(today: dt.date) -> QuerySet[Call]:
    return Call.objects.filter(opens_on__lte=today, closes_on__gte=today).select_related("program")


def application_list(
    *, call: Call | None = None, organisation_id: int | None = None
) -> QuerySet[ApplicationRow]:
    """Return applications with what list pages show, without a query per row."""
    qs = Application.objects.select_related("organisation", "call", "award").annotate(
        review_count=Count("reviews", filter=Q(reviews__conflict=False, reviews__submitted_at__isnull=False)),
        conflict_count=Count("reviews", filter=Q(reviews__conflict=True)),
    )
    if call is not None:
        qs = qs.filter(call=call)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs


@dataclass(frozen=True)
class AwardRow:
    award: Award
    used_hours: float
    check: UseCheck


def award_rows(awards: QuerySet[Award], today: dt.date) -> list[AwardRow]:
    """Return each award with its use against the pro-rata budget; two queries for any number of awards."""
    rows = list(awards.select_related("organisation", "call", "application"))
    by_month: dict[int, dict[dt.date, float]] = defaultdict(dict)
    for row in (
        UsageEntry.objects.filter(award__in=rows, review=UsageReview.COUNTED)
        .values("award_id", "month")
        .annotate(s=Sum("gpu_seconds"))
    ):
        by_month[row["award_id"]][row["month"]] = row["s"] / 3600
    used = {a.id: in_term(a, by_month[a.id]) for a in rows}
    return [AwardRow(a, sum(used[a.id].values()), use_check(a, used[a.id], today)) for a in rows]


@dataclass(frozen=True)
class ProgramPage:
    calls: list[CallRow]
    awards: list[AwardRow]
    low_use: list[AwardRow]
    imports: list[Any]
    sites: list[Any]


def program_page(program: Program, today: dt.date) -> ProgramPage:
    rows = award_rows(
        Award.objects.filter(call__program=program).exclude(status=AwardStatus.RECLAIMED), today
    )
    calls = list(
        program.calls.annotate(application_count=Count("applications")).prefetch_related(
            Prefetch("capacities", queryset=Capacity.objects.select_related("pool"))
        )
    )
    return ProgramPage(
        calls=calls,
        awards=rows,
        low_use=[r for r in rows if r.check.low],
        imports=list(program.usage_imports.select_related("uploaded_by")[:10]),
        sites=list(program.sites.select_related("owner")),
    )


@dataclass(frozen=True)
class AwardPage:
    award: Award
    rows: list[BurnRow]
    check: UseCheck
    follow_ups: list[Application]
    reports: list[Any]
    released_hours: float
    allotted_hours: float
    used_hours: float
    exceptions: list[RuleException]
    outside: list[UsageEntry]
    rule_checks: dict[int, list[Breach]]

    @property
    def follow_up_rows(self) -> list[tuple[Application, list[Breach] | None]]:
        """Return each follow-up with the rules approving it would break (None once decided)."""
        return [(a, self.rule_checks.get(a.id)) for a in self.follow_ups]


def award_page(award: Award, today: dt.date) -> AwardPage:
    """Return what an award's page shows, with the rules each undecided follow-up would break if approved."""
    from sori.programs.usage_math import hours_by_month

    used = hours_by_month(award)
    follow_ups = list(award.follow_ups.prefetch_related("short_reviews__reviewer").order_by("-created_at"))
    checks = {
        app.id: follow_up_breaches(
            application=app, award=award, units=app.recommended_amount or app.amount, today=today
        )
        for app in follow_ups
        if app.status == ApplicationStatus.SUBMITTED
    }
    return AwardPage(
        award=award,
        rows=burn_down(award, used),
        check=use_check(award, used, today),
        follow_ups=follow_ups,
        reports=list(award.progress_reports.select_related("submitted_by")),
        released_hours=award.released_hours,
        allotted_hours=award.allotted_hours,
        used_hours=sum(used.values()),
        exceptions=list(award.rule_exceptions.select_related("approved_by", "application", "line")),
        outside=list(award.usage.exclude(review=UsageReview.COUNTED).order_by("review", "month", "id")),
        rule_checks=checks,
    )


def application_reviews(application: Application) -> list[Review]:
    return list(
        application.reviews.select_related("reviewer").prefetch_related(
            Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion"))
        )
    )


def run_lines(run: SelectionRun) -> QuerySet[Any]:
    return run.lines.select_related("application__organisation")


def latest_run(call: Call) -> SelectionRun | None:
    return call.runs.first()


def sacctmgr_text(program: Program) -> str:
    """Return the sacctmgr commands for the program's live awards that have a Slurm account."""
    awards = (
        Award.objects.filter(call__program=program, status=AwardStatus.ACTIVE, slurm_account__isnull=False)
        .select_related("organisation", "application", "call")
        .prefetch_related("call__capacities")
        .order_by("slurm_account")
    )
    grants = []
    for a in awards:
        gres = {c.resource: c.gres_type for c in a.call.capacities.all()}.get(a.resource) or None
        grants.append(
            SlurmGrant(
                account=a.slurm_account or "",
                organisation=a.organisation.name,
                users=tuple(a.users),
                gpu_minutes=round(a.released_hours * 60),
                gpu_type=gres,
                description=f"Sori award {a.id}: {a.resource} x{a.amount_now(a.start_month)} {a.term_label}",
            )
        )
    header = [
        f"# Sori — {program.name}: {len(grants)} award(s)",
        f"# GPU-minutes = unit-months x {HOURS_PER_UNIT_MONTH * 60}"
        " (held-back tranches excluded until released)",
        "# Needs AccountingStorageEnforce=limits and PriorityDecayHalfLife=0 (see docs/alloc.md)."
        " Review before running.",
    ]
    return "\n".join([*header, *sacctmgr_commands(grants, cluster=program.slurm_cluster or None)]) + "\n"


@dataclass(frozen=True)
class OrganisationPrograms:
    applications: list[Application]
    awards: list[Award]


def organisation_programs(*, organisation_id: int) -> OrganisationPrograms:
    """Return an organisation's program applications and awards for its registry page."""
    return OrganisationPrograms(
        applications=list(
            Application.objects.filter(organisation_id=organisation_id)
            .select_related("call__program")
            .order_by("-created_at")[:50]
        ),
        awards=list(
            Award.objects.filter(organisation_id=organisation_id).select_related(
                "call__program", "application"
            )
        ),
    )


def reviewer_queue(user: Any) -> QuerySet[Review]:
    """Return the reviews assigned to ``user`` that still wait for a score or a conflict declaration."""
    return Review.objects.filter(reviewer=user, submitted_at__isnull=True).select_related(
        "application__organisation", "application__call"
    )


@dataclass(frozen=True)
class NoticeCount:
    told: int
    without_address: list[str]


def decision_notice_count(*, run: SelectionRun) -> NoticeCount:
    """Return how many applicants of ``run`` were written to, and the organisations that could not be."""
    told = set(
        OutboxMessage.objects.filter(dedupe_key__startswith=f"program-decision:{run.id}:").values_list(
            "dedupe_key", flat=True
        )
    )
    missing = [
        line.application.organisation.name
        for line in run.lines.select_related("application__organisation")
        if notice_key(line) not in told
    ]
    return NoticeCount(len(told), sorted(set(missing)))
