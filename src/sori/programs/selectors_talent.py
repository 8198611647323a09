"""Reads of the talent programme: cohorts with their figures, trainees, placements and firms' needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from sori.programs.models import Cohort, Placement, TalentNeed, Trainee, TraineeStatus
from sori.registry.models import Origin

# Firms in Gwangju: grown here, or moved here from the capital region (역외 기업 are not).
LOCAL_ORIGINS = (Origin.LOCAL, Origin.RELOCATED)


@dataclass(frozen=True)
class CohortFigures:
    """A cohort's figures (기수 성과).

    ``selected`` counts everyone ever selected (those who dropped out after selection included), so the
    completion rate is completed ÷ selected. ``placed_local`` counts completed trainees with at least one
    placement in a Gwangju firm (local or relocated); the local placement rate is that ÷ completed.
    """

    applicants: int = 0
    selected: int = 0
    completed: int = 0
    dropped: int = 0
    placements: int = 0
    placed_local: int = 0

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.selected if self.selected else None

    @property
    def local_rate(self) -> float | None:
        return self.placed_local / self.completed if self.completed else None


def _figure_counts(p: str = "") -> dict[str, Count]:
    """Return the figures as aggregates over trainees (``p`` "") or a cohort's trainees ("trainees__")."""
    trainee = f"{p}id"
    completed = Q(**{f"{p}status": TraineeStatus.COMPLETED})
    local = completed & Q(**{f"{p}placements__organisation__origin__in": LOCAL_ORIGINS})
    return {
        "n_applicants": Count(trainee, distinct=True),
        "n_selected": Count(trainee, filter=Q(**{f"{p}selected_on__isnull": False}), distinct=True),
        "n_completed": Count(trainee, filter=completed, distinct=True),
        "n_dropped": Count(trainee, filter=Q(**{f"{p}status": TraineeStatus.DROPPED}), distinct=True),
        "n_placements": Count(f"{p}placements", distinct=True),
        "n_placed_local": Count(trainee, filter=local, distinct=True),
    }


def _figures(row: object) -> CohortFigures:
    return CohortFigures(
        applicants=getattr(row, "n_applicants", 0),
        selected=getattr(row, "n_selected", 0),
        completed=getattr(row, "n_completed", 0),
        dropped=getattr(row, "n_dropped", 0),
        placements=getattr(row, "n_placements", 0),
        placed_local=getattr(row, "n_placed_local", 0),
    )


def cohort_list() -> QuerySet[Cohort]:
    """Return every cohort with its operator, program and figures (``figures``), newest first; one query."""
    return Cohort.objects.select_related("operator", "program").annotate(**_figure_counts("trainees__"))


def cohort_figures(cohort: Cohort) -> CohortFigures:
    """Return one cohort's figures (one query)."""
    row = Trainee.objects.filter(cohort=cohort).aggregate(**_figure_counts())
    return CohortFigures(
        applicants=row["n_applicants"],
        selected=row["n_selected"],
        completed=row["n_completed"],
        dropped=row["n_dropped"],
        placements=row["n_placements"],
        placed_local=row["n_placed_local"],
    )


def figures_of(cohort: Cohort) -> CohortFigures:
    """Return the figures ``cohort_list`` annotated on a cohort."""
    return _figures(cohort)


def cohort_trainees(cohort: Cohort) -> QuerySet[Trainee]:
    """Return the cohort's trainees with their placements and firms, by status then name."""
    placements = Placement.objects.select_related("organisation", "need").order_by("starts_on", "id")
    dropped_last = Case(When(status=TraineeStatus.DROPPED, then=Value(1)), default=Value(0))
    return cohort.trainees.prefetch_related(Prefetch("placements", queryset=placements)).order_by(
        dropped_last, "name", "id"
    )


def cohort_placements(cohort: Cohort) -> QuerySet[Placement]:
    """Return the placements of the cohort's trainees, latest first."""
    return Placement.objects.filter(trainee__cohort=cohort).select_related("trainee", "organisation", "need")


def open_needs() -> QuerySet[TalentNeed]:
    """Return the open talent needs with their firms, newest first."""
    return (
        TalentNeed.objects.filter(is_open=True).select_related("organisation").order_by("-posted_on", "-id")
    )


def need_list(*, is_open: bool | None = None, kind: str = "") -> QuerySet[TalentNeed]:
    """Return talent needs (open ones first) with their firm and how many placements answered each."""
    qs = TalentNeed.objects.select_related("organisation").annotate(placement_count=Count("placements"))
    if is_open is not None:
        qs = qs.filter(is_open=is_open)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def organisation_talent(organisation_id: int) -> dict[str, list]:
    """Return a firm's talent needs and the trainees it hired or hosted (two queries)."""
    needs = list(
        TalentNeed.objects.filter(organisation_id=organisation_id).order_by("-is_open", "-posted_on")[:20]
    )
    placements = list(
        Placement.objects.filter(organisation_id=organisation_id)
        .select_related("trainee__cohort")
        .order_by("-starts_on", "-id")[:20]
    )
    return {"needs": needs, "placements": placements}
