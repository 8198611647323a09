"""What feedback shows on the pages of the apps below it (registered from ``FeedbackConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sori.core.panels import register_panel
from sori.feedback.journey import Audience, journey


def demand_journey(_request: HttpRequest | None, demand: Any) -> dict[str, Any]:
    """The demand's journey as staff see it: who asked by name, every step to the result."""
    return {"j": journey(demand, audience=Audience.STAFF)}


def register() -> None:
    register_panel("voices.demand", template="feedback/journey/panel.html", context=demand_journey, order=120)
