"""What each event says to a city system: ids, titles, statuses and links, never a person's name or contact.

Each function returns the ``data`` of one event; ``envelope`` wraps it with the event's name, the delivery id
and when it happened, as the JSON text that is posted and signed.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from sori.policy.models import Disposition
from sori.programs.models import Award, Program, UsageImport
from sori.registry.models import Organisation


def _site(name: str, *args: Any) -> str:
    return settings.SORI_SITE_URL.rstrip("/") + reverse(name, args=args)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def envelope(*, event: str, delivery_id: str, occurred_at: dt.datetime, data: dict[str, Any]) -> str:
    """Return the JSON text of one delivery (UTF-8, Korean kept as is); its exact bytes are what is signed."""
    body = {
        "event": event,
        "delivery_id": delivery_id,
        "occurred_at": timezone.localtime(occurred_at).isoformat(timespec="seconds"),
        "data": data,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _organisation(organisation: Organisation | None) -> dict[str, Any] | None:
    return None if organisation is None else {"id": organisation.id, "name": organisation.name}


def _program(program: Program) -> dict[str, Any]:
    return {"id": program.id, "name": program.name, "url": _site("programs:program_detail", program.id)}


def demand_answered(*, disposition: Disposition, previous: Disposition | None) -> dict[str, Any]:
    """Return the demand and the answer that was just released (a revised answer says so)."""
    demand = disposition.demand
    with translation.override(settings.LANGUAGE_CODE):
        outcome_label = str(disposition.get_outcome_display())
    return {
        "demand": {
            "id": demand.id,
            "title": demand.title,
            "status": demand.stage,
            "outcome": demand.outcome,
            "department": _organisation(demand.department),
            "url": _site("voices:demand_detail", demand.id),
            "public_url": _site("public:demand", demand.id) if demand.published else None,
        },
        "answer": {
            "id": disposition.id,
            "outcome": disposition.outcome,
            "outcome_label": outcome_label,
            "revised": previous is not None,
            "decided_at": timezone.localtime(disposition.decided_at).isoformat(timespec="seconds"),
            "due_date": _day(disposition.due_date),
        },
    }


def award_confirmed(*, award: Award) -> dict[str, Any]:
    """Return the award a confirmed selection made, with its call and program."""
    call = award.call
    return {
        "award": {
            "id": award.id,
            "title": award.application.title,
            "status": award.status,
            "organisation": _organisation(award.organisation),
            "resource": award.resource,
            "amount": award.amount,
            "start_month": award.start_month.strftime("%Y-%m"),
            "months": award.months,
            "url": _site("programs:award_detail", award.id),
        },
        "call": {"id": call.id, "title": call.title, "url": _site("programs:call_detail", call.id)},
        "program": _program(call.program),
    }


def usage_imported(*, usage_import: UsageImport) -> dict[str, Any]:
    """Return what one applied usage file added; ``needs_review`` when jobs outside a term wait for staff."""
    batch = usage_import
    return {
        "usage_import": {
            "id": batch.id,
            "name": batch.filename,
            "status": "needs_review" if batch.flagged else "applied",
            "format": batch.format,
            "added": batch.added,
            "updated": batch.updated,
            "unchanged": batch.unchanged,
            "flagged": batch.flagged,
            "gpu_hours": batch.gpu_hours,
            "url": _site("programs:program_detail", batch.program_id),
        },
        "program": _program(batch.program),
    }


def ping(*, subscription_id: int, name: str) -> dict[str, Any]:
    """Return the test event's data: which subscription it tests."""
    return {"subscription": {"id": subscription_id, "name": name}}
