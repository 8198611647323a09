"""Reads for intake: a meeting's proposals, whether a fast-entry form was saved, recent uploads."""

from __future__ import annotations

from django.db.models import QuerySet

from sori.core.submissions import submission_made
from sori.engagement.models import Engagement, ImportBatch
from sori.voices.models import Proposal


def meeting_proposals(engagement: Engagement) -> QuerySet[Proposal]:
    """Return what was said at a meeting and by whom, in the order it was recorded."""
    return (
        Proposal.objects.filter(engagement=engagement)
        .select_related("organisation", "person", "demand")
        .order_by("received_at", "id")
    )


def entry_recorded(submission_key: str) -> bool:
    """Return whether a fast-entry form with this key has already been saved."""
    return bool(submission_made(key=submission_key, model=Proposal))


def recent_batches(engagement: Engagement | None = None) -> QuerySet[ImportBatch]:
    """Return the latest uploads (of one meeting, when given) without their file bytes."""
    qs = ImportBatch.objects.defer("data").select_related("engagement", "uploaded_by")
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    return qs[:10]
