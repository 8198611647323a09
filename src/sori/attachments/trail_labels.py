"""How trails name the attachment actions and fields (registered with ``sori.core.trail``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "attachment.add": _("파일 첨부"),
    "attachment.remove": _("첨부 파일 삭제"),
    "attachment.publish": _("첨부 파일 공개 설정"),
}
FIELD_LABELS: dict[str, Any] = {
    "name": _("파일 이름"),
    "size": _("크기"),
    "kind": _("형식"),
    "public": _("공개"),
}
