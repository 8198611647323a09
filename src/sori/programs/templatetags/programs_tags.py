"""Template tags other apps use to show programs data without importing the app's views."""

from __future__ import annotations

from typing import Any

from django import template

from sori.programs.selectors import organisation_programs

register = template.Library()


@register.inclusion_tag("programs/_organisation_section.html")
def organisation_programs_section(organisation: Any) -> dict[str, Any]:
    """Render an organisation's program applications and awards (for its registry page)."""
    return {"op": organisation_programs(organisation_id=organisation.id)}
