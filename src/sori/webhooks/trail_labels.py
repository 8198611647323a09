"""How changes to webhook subscriptions read in an audit trail."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "webhook.create": _("웹훅 구독 등록"),
    "webhook.rotate": _("서명 비밀값 재발급"),
    "webhook.stop": _("웹훅 구독 사용 중지"),
    "webhook.resume": _("웹훅 구독 다시 사용"),
    "webhook.delete": _("웹훅 구독 삭제"),
    "webhook.ping": _("웹훅 시험 이벤트"),
}
