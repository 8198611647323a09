"""Every write to series, meetings, agenda, attendance and proposal imports."""

from sori.engagement.services.imports import import_batch_create, import_plan, proposals_import
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
    "import_batch_create",
    "import_plan",
    "proposals_import",
    "round_dates",
    "series_create",
    "series_update",
]
