"""Reads for the series and meeting pages, shaped so each page runs a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from sori.engagement.models import AgendaItem, Attendance, Engagement, Series


def series_queryset() -> QuerySet[Series]:
    """Return series with their host, number of meetings, number of proposals and first meeting date."""
    return Series.objects.select_related("host").annotate(
        meeting_count=Count("engagements", distinct=True),
        proposal_count=Count("engagements__proposals", distinct=True),
        first_meeting=Min("engagements__starts_at"),
    )


def series_meetings(series: Series) -> QuerySet[Engagement]:
    """Return a series' meetings in round order, with proposal and recorded-attendance counts."""
    return (
        Engagement.objects.filter(series=series)
        .annotate(
            # Deleted proposals (``voices``) no longer count as heard.
            proposal_count=Count("proposals", distinct=True, filter=Q(proposals__deleted_at__isnull=True)),
            attendance_count=Count("attendances", distinct=True),
        )
        .order_by("round")
    )


def meeting_detail(engagement_id: int) -> Engagement:
    """Return a meeting with its series, agenda and attendance loaded; raise DoesNotExist if unknown."""
    return (
        Engagement.objects.select_related("series", "series__host")
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("presenter_organisation")),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person__organisation").order_by(
                    "person__organisation__name", "person__name"
                ),
            ),
        )
        .get(pk=engagement_id)
    )
