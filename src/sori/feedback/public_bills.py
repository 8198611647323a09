"""Reads for the public page of a bill (입법 추진) and the links to it from demands' pages.

A bill is public when at least one demand it answers is on the public tracker (the tracker's own rule,
``published_demands``), and its page lists only those demands. Like the rest of the public site it names no
staff member: the stages carry their dates and notes, never who recorded them. The sponsor, a council
member or the mayor acting in office, is part of the public record and is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from sori.policy.bill_selectors import SnapshotTable, TimelineStep, bill_timeline, snapshot_tables
from sori.policy.models import Bill, BillStage
from sori.voices.models import Demand
from sori.voices.selectors import published_demands

__all__ = ["PublicBill", "public_bill", "public_bills", "public_bills_by_demand", "public_bills_of"]


def public_bills() -> QuerySet[Bill]:
    """Return the bills that answer at least one demand the public tracker shows."""
    shown = published_demands().filter(bills=OuterRef("pk"))
    return Bill.objects.filter(Exists(shown))


def public_bills_of(demand: Demand) -> list[Bill]:
    """Return the bills answering a published demand (each is then public), oldest first, in one query."""
    return list(Bill.objects.filter(demands=demand).order_by("created_at", "id"))


def public_bills_by_demand(demand_ids: set[int]) -> dict[int, list[Bill]]:
    """Return, for each of these demands, the bills answering it that have a public page; one query."""
    if not demand_ids:
        return {}
    through = Bill.demands.through
    links = (
        through.objects.filter(demand_id__in=demand_ids, bill__in=public_bills())
        .select_related("bill")
        .order_by("bill__created_at", "bill_id")
    )
    found: dict[int, list[Bill]] = {}
    for link in links:
        found.setdefault(link.demand_id, []).append(link.bill)
    return found


@dataclass(frozen=True)
class PublicBill:
    """What a bill's public page shows: its stages with dates, the published demands, the current table."""

    bill: Bill
    timeline: list[TimelineStep]
    demands: list[Demand]
    current: BillStage | None
    tables: list[SnapshotTable]


def public_bill(bill_id: int) -> PublicBill | None:
    """Return a bill's public page, or None when it is unknown or none of its demands is published."""
    bill = Bill.objects.filter(id=bill_id).first()
    if bill is None:
        return None
    demands = list(published_demands().filter(bills=bill).order_by("id"))
    if not demands:
        return None
    rows = list(bill.stages.order_by("recorded_at", "id"))
    current = rows[-1] if rows else None
    return PublicBill(
        bill=bill,
        timeline=bill_timeline(bill, rows),
        demands=demands,
        current=current,
        tables=snapshot_tables(current.snapshot) if current else [],
    )
