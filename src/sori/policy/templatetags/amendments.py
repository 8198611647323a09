"""``{% amendments_section demand %}``: the comparison tables kept with a demand, on the demand page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from sori.core.roles import can
from sori.policy.amendment_services import amendments_of, needs_legal_text
from sori.policy.models import LEGAL_INSTRUMENTS, ReasonCode

register = template.Library()


def _eligible(context: Any, demand: Any) -> bool:
    """Use the dispositions the demand page already loaded (newest first), else ask the database."""
    page = context.get("p")
    dispositions = getattr(page, "dispositions", None)
    if dispositions is None:
        return needs_legal_text(demand)
    current = dispositions[0] if dispositions else None
    return current is not None and (
        current.instrument in LEGAL_INSTRUMENTS or current.reason_code == ReasonCode.NATIONAL_LAW
    )


@register.inclusion_tag("policy/_amendments_section.html", takes_context=True)
def amendments_section(context: Any, demand: Any) -> dict[str, Any]:
    """Render the demand's drafts and, for staff, the way to a new one (nothing until the URLs are wired)."""
    try:
        create_url = reverse("amendments:create", args=[demand.id])
    except NoReverseMatch:
        return {"create_url": ""}
    return {
        "demand": demand,
        "create_url": create_url,
        "amendments": list(amendments_of(demand)),
        "eligible": _eligible(context, demand),
        "can_edit": can(context.get("user"), "demand.organise"),
    }
