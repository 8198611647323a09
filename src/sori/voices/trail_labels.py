"""How the demand trail names its actions and fields (registered with ``sori.core.trail``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.policy.models import Instrument, Outcome
from sori.voices.models import Moderation, Stage

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
    "disposition.decide": _("처리결과 기록"),
    "proposal.record": _("제안 기록"),
    "proposal.moderate": _("접수 검토"),
    "feedback.item": _("회신 발송"),
    "amendment.create": _("조문 대비표 작성"),
    "amendment.update": _("조문 대비표 수정"),
    "amendment.delete": _("조문 대비표 삭제"),
    "deadline.remind": _("답변 기한 알림"),
    "outbox.retry": _("알림 다시 보내기"),
}


FIELD_LABELS: dict[str, Any] = {
    "title": _("수요"),
    "theme": _("분야"),
    "stage": _("단계"),
    "department": _("소관부서"),
    "answer_due": _("답변 기한"),
    "published": _("공개"),
    "outcome": _("처리결과"),
    "reason": _("사유"),
    "limits": _("한계"),
    "instrument": _("수단"),
    "due_date": _("이행 예정일"),
    "moderation": _("접수 상태"),
    "organisation": _("기관"),
    "source": _("경로"),
    "engagement": _("간담회"),
    "article": _("조문"),
    "current_text": _("현행"),
    "proposed_text": _("개정안"),
    "rationale": _("개정 이유"),
}

CHOICES: dict[str, type[models.TextChoices]] = {
    "stage": Stage,
    "outcome": Outcome,
    "instrument": Instrument,
    "moderation": Moderation,
}
BOOLEANS = {"published": (_("비공개"), _("공개"))}
