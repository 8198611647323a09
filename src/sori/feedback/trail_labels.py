"""How trails name the feedback and reminder actions (registered with ``sori.core.trail``)."""

from __future__ import annotations

from typing import Any

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
