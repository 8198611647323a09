"""Every write to series, meetings, agenda and attendance."""

from sori.engagement.services.meetings import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    attendance_add,
    attendance_remove,
    engagement_create,
    engagement_update,
)
from sori.engagement.services.series import RoundPlan, round_dates, series_create, series_update

__all__ = [
    "RoundPlan",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "attendance_add",
    "attendance_remove",
    "engagement_create",
    "engagement_update",
    "round_dates",
    "series_create",
    "series_update",
]
