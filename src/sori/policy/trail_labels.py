"""How the demand trail names the answer's actions and fields (registered with ``sori.core.trail``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.policy.models import Instrument

ACTION_LABELS: dict[str, Any] = {
    "disposition.decide": _("처리결과 기록"),
    "amendment.create": _("조문 대비표 작성"),
    "amendment.update": _("조문 대비표 수정"),
    "amendment.delete": _("조문 대비표 삭제"),
    "milestone.create": _("이행 단계 추가"),
    "milestone.start": _("이행 단계 추진"),
    "milestone.complete": _("이행 단계 완료"),
    "milestone.delay": _("이행 단계 지연"),
    "milestone.drop": _("이행 단계 중단"),
}

FIELD_LABELS: dict[str, Any] = {
    "reason": _("사유"),
    "limits": _("한계"),
    "instrument": _("수단"),
    "due_date": _("이행 예정일"),
    "article": _("조문"),
    "current_text": _("현행"),
    "proposed_text": _("개정안"),
    "rationale": _("개정 이유"),
    "planned_date": _("예정일"),
}

CHOICES: dict[str, type[models.TextChoices]] = {"instrument": Instrument}
