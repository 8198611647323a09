"""Prometheus figures read from the record at scrape time: the outbox, overdue answers, failed runs.

Request counts and latencies come from django-prometheus' middleware; the figures here are gauges computed
when ``/metrics`` is read, so they are right on every instance without any bookkeeping in the services.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from prometheus_client.core import REGISTRY, GaugeMetricFamily
from prometheus_client.registry import Collector

from sori.feedback.models import MessageStatus, OutboxMessage
from sori.home.selectors import overdue_demands
from sori.policy.selectors import overdue_milestones
from sori.programs.models import SelectionRun
from sori.voices.models import OrganisingRun

WAITING = (MessageStatus.QUEUED, MessageStatus.RETRYING, MessageStatus.SENDING)


def figures() -> dict[str, Any]:
    """Return the figures the health page and ``/metrics`` show, read now."""
    waiting = OutboxMessage.objects.filter(status__in=WAITING)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {
        "outbox_waiting": waiting.count(),
        "outbox_failed": OutboxMessage.objects.filter(status=MessageStatus.FAILED).count(),
        "outbox_oldest_seconds": age,
        "outbox_oldest_minutes": int(age // 60),
        "overdue_answers": overdue_demands().count(),
        "overdue_milestones": overdue_milestones().count(),
        "failed_runs": {
            "organising": OrganisingRun.objects.filter(status="failed").count(),
            "selection": SelectionRun.objects.filter(status="failed").count(),
        },
    }


_NAMES = (
    "sori_outbox_waiting",
    "sori_outbox_failed",
    "sori_outbox_oldest_waiting_seconds",
    "sori_overdue_answers",
    "sori_overdue_milestones",
    "sori_failed_runs",
)


class SoriCollector(Collector):
    def describe(self) -> Iterator[GaugeMetricFamily]:
        """Name the metrics without reading the database (registration happens before migrations)."""
        for name in _NAMES:
            yield GaugeMetricFamily(name, "")

    def collect(self) -> Iterator[GaugeMetricFamily]:
        f = figures()
        yield GaugeMetricFamily(
            "sori_outbox_waiting", "Messages queued, sending or waiting to retry", value=f["outbox_waiting"]
        )
        yield GaugeMetricFamily(
            "sori_outbox_failed", "Messages whose attempts ran out", value=f["outbox_failed"]
        )
        yield GaugeMetricFamily(
            "sori_outbox_oldest_waiting_seconds",
            "Age of the oldest message still waiting to be sent",
            value=f["outbox_oldest_seconds"],
        )
        yield GaugeMetricFamily(
            "sori_overdue_answers", "Demands past their first-answer deadline", value=f["overdue_answers"]
        )
        yield GaugeMetricFamily(
            "sori_overdue_milestones", "Open milestones past their date", value=f["overdue_milestones"]
        )
        runs = GaugeMetricFamily("sori_failed_runs", "Background runs that failed", labels=["kind"])
        for kind, count in f["failed_runs"].items():
            runs.add_metric([kind], count)
        yield runs


_collector = SoriCollector()


def register_collector() -> None:
    """Register the collector once per process (``ready`` may run more than once in tests)."""
    if _collector not in REGISTRY._collector_to_names:
        REGISTRY.register(_collector)
