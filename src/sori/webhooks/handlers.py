"""Hooks of the earlier apps' events: each writes its deliveries in the transaction that fired it."""

from __future__ import annotations

from typing import Any

from sori.policy.models import Disposition
from sori.programs.models import Award, UsageImport
from sori.webhooks import payloads
from sori.webhooks.models import WebhookEvent
from sori.webhooks.services import webhook_event_enqueue


def demand_answered(*, disposition: Disposition, previous: Disposition | None, **_: Any) -> None:
    """``DISPOSITION_DECIDED``: fired only when an answer is released (saved, or approved under 결재)."""
    data = payloads.demand_answered(disposition=disposition, previous=previous)
    webhook_event_enqueue(event=WebhookEvent.DEMAND_ANSWERED, data=data)


def award_confirmed(*, award: Award, **_: Any) -> None:
    webhook_event_enqueue(event=WebhookEvent.AWARD_CONFIRMED, data=payloads.award_confirmed(award=award))


def usage_imported(*, usage_import: UsageImport, **_: Any) -> None:
    webhook_event_enqueue(
        event=WebhookEvent.USAGE_IMPORTED, data=payloads.usage_imported(usage_import=usage_import)
    )
