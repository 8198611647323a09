"""What engagement shows on the pages of the apps below it (registered from ``EngagementConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sori.core.panels import register_panel
from sori.engagement.models import Engagement


def _attended(organisation: Any) -> QuerySet[Engagement]:
    return Engagement.objects.filter(attendances__person__organisation=organisation).distinct()


def organisation_meetings(_request: HttpRequest | None, organisation: Any) -> dict[str, Any]:
    """The meetings the organisation's people attended, newest first, with how many of them came."""
    meetings = (
        _attended(organisation)
        .select_related("series")
        .annotate(attendees=Count("attendances", filter=Q(attendances__person__organisation=organisation)))
        .order_by("-starts_at")
    )
    return {"org_meetings": list(meetings)}


def organisation_meeting_count(_request: HttpRequest | None, organisation: Any) -> dict[str, Any]:
    return {"figure_value": _attended(organisation).count(), "figure_label": _("참석한 회의")}


def register() -> None:
    register_panel(
        "registry.organisation",
        template="engagement/panels/organisation_meetings.html",
        context=organisation_meetings,
        order=20,
    )
    register_panel(
        "registry.organisation.figures",
        template="core/_figure.html",
        context=organisation_meeting_count,
        order=20,
    )
