"""How trails name the feedback and reminder actions (registered with ``sori.core.trail``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "feedback.item": _("회신 발송"),
    "deadline.remind": _("답변 기한 알림"),
    "outbox.retry": _("알림 다시 보내기"),
    "milestone.remind": _("이행 예정일 알림"),
    "progress.notify": _("제안자에게 진행 상황 안내"),
    "transfer.notify": _("제안자에게 이관 안내"),
    "privacy.purge": _("보유 기간이 지난 개인정보 파기"),
}


class ReminderKind(models.TextChoices):
    """When a reminder went: before the date, on the first day after it, or weekly after that."""

    BEFORE = "before", _("기한 전 알림")
    OVERDUE = "overdue", _("기한 초과 알림")
    WEEKLY = "weekly", _("기한 초과 매주 알림")


# The keys notices write in their records, which belong to no model field.
FIELD_LABELS: dict[str, Any] = {
    "to": _("받는 곳"),
    "unreachable": _("연락할 주소가 없는 곳"),
    "reminder": _("알림 종류"),
}
CHOICES = {"reminder": ReminderKind}
