"""Reads for bills (입법 추진): the list, a bill's page, a demand's bills, the versioned comparison tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from sori.core import audit, trail
from sori.core.models import AuditRecord
from sori.core.trail import TrailEntry
from sori.policy.comparison import Comparison, compare
from sori.policy.models import Amendment, Bill, BillKind, BillStage, LegislativeStage
from sori.policy.workflow import BILL_PATHS, bill_is_open
from sori.registry.models import Organisation
from sori.voices.models import Demand

__all__ = [
    "SnapshotTable",
    "TimelineStep",
    "bill_list",
    "bill_stages",
    "bill_timeline",
    "bill_trail",
    "bills_of_demand",
    "drafts_changed_since",
    "snapshot_tables",
    "table_snapshot",
]

# The parts of a drafted amendment kept in each stage's snapshot.
SNAPSHOT_FIELDS = ("title", "article", "current_text", "proposed_text")


def table_snapshot(bill: Bill) -> list[dict[str, Any]]:
    """Return the drafted amendments of the bill's demands as they stand now, one dict per article.

    Ordered by demand, then as drafted; each dict holds ``demand_id``, ``amendment_id`` and
    ``SNAPSHOT_FIELDS``. This is what a ``BillStage`` keeps, and what the next stage would keep.
    """
    rows = Amendment.objects.filter(demand__bills=bill).order_by("demand_id", "created_at", "id")
    return [
        {
            "demand_id": a.demand_id,
            "amendment_id": a.id,
            **{name: getattr(a, name) for name in SNAPSHOT_FIELDS},
        }
        for a in rows
    ]


@dataclass(frozen=True)
class SnapshotTable:
    """One article of a stage's comparison table, ready to show: the law, the article and its rows."""

    title: str
    article: str
    demand_id: int | None
    table: Comparison


def snapshot_tables(
    snapshot: Iterable[dict[str, Any]], *, elide_unchanged: bool = True
) -> list[SnapshotTable]:
    """Return the comparison tables of a stored snapshot (computed again: the snapshot keeps only texts)."""
    return [
        SnapshotTable(
            title=str(row.get("title", "")),
            article=str(row.get("article", "")),
            demand_id=row.get("demand_id"),
            table=compare(
                str(row.get("current_text", "")),
                str(row.get("proposed_text", "")),
                elide_unchanged=elide_unchanged,
            ),
        )
        for row in snapshot
    ]


def drafts_changed_since(bill: Bill, stage: BillStage | None) -> bool:
    """Return whether the demands' drafts differ from the table kept at ``stage``."""
    if stage is None:
        return False
    return table_snapshot(bill) != stage.snapshot


def bill_list(
    *,
    stage: str = "",
    kind: str = "",
    department: Organisation | None = None,
) -> QuerySet[Bill]:
    """Return bills with ``demand_count``, filtered by stage, kind and the department of their demands."""
    qs = Bill.objects.all()
    if stage:
        qs = qs.filter(stage=stage)
    if kind:
        qs = qs.filter(kind=kind)
    if department is not None:
        qs = qs.filter(Exists(Demand.objects.filter(bills=OuterRef("pk"), department=department)))
    return qs.annotate(demand_count=Count("demands", distinct=True))


def bills_of_demand(demand: Demand) -> list[Bill]:
    """Return the bills answering ``demand``, newest first, in one query."""
    return list(Bill.objects.filter(demands=demand).order_by("-created_at", "-id"))


def bill_stages(bill: Bill) -> list[BillStage]:
    """Return the stages the bill reached, in the order they were recorded, with who recorded them."""
    return list(bill.stages.select_related("recorded_by").order_by("recorded_at", "id"))


def bill_trail(bill: Bill) -> list[TrailEntry]:
    """Return the bill's own audit records, newest first (each is also kept on every demand it answers)."""
    records = AuditRecord.objects.filter(scope=audit.ref(bill)).order_by("-at", "-id")
    return trail.entries(records)


@dataclass(frozen=True)
class TimelineStep:
    """One stage on a bill's timeline: reached (with its record), current, skipped, or still to come."""

    stage: LegislativeStage
    row: BillStage | None
    state: str  # "done", "current", "skipped" or "upcoming"

    @property
    def label(self) -> str:
        return str(self.stage.label)


def bill_timeline(bill: Bill, rows: list[BillStage]) -> list[TimelineStep]:
    """Return the bill's stages in order: those reached, then, while it is on its way, those still to come.

    A stage of the kind's path passed over (입법예고 skipped) shows as skipped; a bill that ended (폐기, 철회,
    부결) shows only what it reached.
    """
    last = rows[-1] if rows else None
    current = LegislativeStage(bill.stage)
    ended = not bill_is_open(bill) and current != LegislativeStage.IN_FORCE
    if ended:
        return [TimelineStep(LegislativeStage(r.stage), r, "current" if r is last else "done") for r in rows]
    reached = {r.stage: r for r in rows}
    path = BILL_PATHS[BillKind(bill.kind)]
    at = path.index(current) if current in path else len(path)
    steps = []
    for n, stage in enumerate(path):
        row = reached.get(stage)
        if row is not None:
            steps.append(TimelineStep(stage, row, "current" if row is last else "done"))
        else:
            steps.append(TimelineStep(stage, None, "skipped" if n < at else "upcoming"))
    return steps
