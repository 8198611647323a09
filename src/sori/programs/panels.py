"""What programs shows on the pages of the apps below it (registered from ``ProgramsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sori.core.panels import register_panel
from sori.programs.selectors import organisation_programs
from sori.programs.selectors_introductions import organisation_introductions
from sori.programs.selectors_talent import organisation_talent


def organisation_programs_panel(_request: HttpRequest | None, organisation: Any) -> dict[str, Any]:
    """The organisation's program applications and awards."""
    return {"op": organisation_programs(organisation_id=organisation.id)}


def organisation_introductions_panel(
    _request: HttpRequest | None, organisation: Any
) -> dict[str, Any] | None:
    """The introductions the organisation is part of (as manufacturer or AI firm); nothing when none."""
    rows = list(organisation_introductions(organisation.id)[:11])
    return {"rows": rows[:10], "more": len(rows) > 10, "org": organisation} if rows else None


def organisation_talent_panel(_request: HttpRequest | None, organisation: Any) -> dict[str, Any] | None:
    """The firm's talent needs and the trainees it hired or hosted; nothing when none."""
    talent = organisation_talent(organisation.id)
    return {**talent, "org": organisation} if talent["needs"] or talent["placements"] else None


def register() -> None:
    register_panel(
        "registry.organisation",
        template="programs/panels/organisation_programs.html",
        context=organisation_programs_panel,
        order=40,
    )
    register_panel(
        "registry.organisation",
        template="programs/panels/organisation_introductions.html",
        context=organisation_introductions_panel,
        order=45,
    )
    register_panel(
        "registry.organisation",
        template="programs/panels/organisation_talent.html",
        context=organisation_talent_panel,
        order=46,
    )
