"""Personal data in voices: where proposers' names are copied, and a person's proposals on their page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sori.core.panels import register_panel
from sori.core.privacy import register_copies
from sori.voices.models import Proposal


def person_proposals(_request: HttpRequest | None, person: Any) -> dict[str, Any]:
    """The proposals a person voiced and what became of them, newest first (they stay after erasure)."""
    return {
        "person_proposals": list(
            Proposal.objects.filter(person=person)
            .select_related("demand", "engagement", "organisation")
            .order_by("-received_at", "-id")
        )
    }


def register() -> None:
    # A proposal read from minutes can begin with its speaker's name; the minutes keep every speaker's.
    register_copies("voices.Proposal", ("text",))
    register_copies("voices.MinutesUpload", ("extraction", "candidates"))
    register_panel(
        "registry.person", template="voices/panels/person_proposals.html", context=person_proposals
    )
