"""How the demand trail names its actions and fields (registered with ``sori.core.trail``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.voices.models import Moderation, Stage
from sori.voices.outcomes import Outcome

ACTION_LABELS: dict[str, Any] = {
    "demand.create": _("새 수요로 묶음"),
    "demand.add": _("제안 추가"),
    "demand.remove": _("제안 빼기"),
    "demand.split": _("수요 나누기"),
    "demand.merge": _("다른 수요 병합"),
    "demand.merged_away": _("다른 수요에 병합됨"),
    "demand.rename": _("제목·분야 변경"),
    "demand.assign": _("소관부서 지정"),
    "demand.publish": _("공개 여부 변경"),
    "demand.undo": _("되돌리기"),
    "repeat.confirm": _("이전 요구로 연결"),
    "repeat.dismiss": _("이전 요구 아님"),
    "repeat.undo": _("이전 요구 판단 취소"),
    "proposal.record": _("제안 기록"),
    "proposal.moderate": _("접수 검토"),
    "proposal.correct": _("제안 고침"),
    "proposal.delete": _("제안 삭제"),
    "proposal.restore": _("삭제한 제안 되살림"),
}


FIELD_LABELS: dict[str, Any] = {
    "title": _("수요"),
    "theme": _("분야"),
    "stage": _("단계"),
    "department": _("소관부서"),
    "answer_due": _("답변 기한"),
    "published": _("공개"),
    "outcome": _("처리결과"),
    "moderation": _("접수 상태"),
    "organisation": _("기관"),
    "source": _("경로"),
    "engagement": _("간담회"),
}

CHOICES: dict[str, type[models.TextChoices]] = {
    "stage": Stage,
    "outcome": Outcome,
    "moderation": Moderation,
}
BOOLEANS = {"published": (_("비공개"), _("공개"))}
