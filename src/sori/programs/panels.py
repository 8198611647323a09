"""What programs shows on the pages of the apps below it (registered from ``ProgramsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sori.core.panels import register_panel
from sori.programs.selectors import organisation_programs


def organisation_programs_panel(_request: HttpRequest | None, organisation: Any) -> dict[str, Any]:
    """The organisation's program applications and awards."""
    return {"op": organisation_programs(organisation_id=organisation.id)}


def register() -> None:
    register_panel(
        "registry.organisation",
        template="programs/panels/organisation_programs.html",
        context=organisation_programs_panel,
        order=40,
    )
