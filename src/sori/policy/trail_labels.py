"""How the demand trail names the answer's actions and fields (registered with ``sori.core.trail``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.policy.models import Instrument

ACTION_LABELS: dict[str, Any] = {
    "disposition.decide": _("처리결과 기록"),
    "answer.draft": _("답변 임시저장"),
    "answer.submit": _("답변 결재 상신"),
    "answer.resubmit": _("답변 결재 재상신"),
    "answer.return": _("답변 결재 반려"),
    "answer.approve": _("답변 결재 승인"),
    "answer.confirm": _("답변 유지 확인"),
    "approval_rule.set": _("결재 규칙 설정"),
    "amendment.create": _("조문 대비표 작성"),
    "amendment.update": _("조문 대비표 수정"),
    "amendment.delete": _("조문 대비표 삭제"),
    "milestone.create": _("이행 단계 추가"),
    "milestone.start": _("이행 단계 추진"),
    "milestone.complete": _("이행 단계 완료"),
    "milestone.delay": _("이행 단계 지연"),
    "milestone.drop": _("이행 단계 중단"),
    "bill.create": _("입법 추진 등록"),
    "bill.advance": _("입법 단계 기록"),
    "bill.update": _("입법 추진 정보 수정"),
    "bill.link": _("입법 추진에 수요 연결"),
    "bill.unlink": _("입법 추진에서 수요 연결 해제"),
}

FIELD_LABELS: dict[str, Any] = {
    "reason": _("사유"),
    "limits": _("한계"),
    "comment": _("결재 의견"),
    "approver": _("결재권자"),
    "deputy": _("대결자"),
    "active": _("결재 필요"),
    "instrument": _("수단"),
    "due_date": _("이행 예정일"),
    "article": _("조문"),
    "current_text": _("현행"),
    "proposed_text": _("개정안"),
    "rationale": _("개정 이유"),
    "planned_date": _("예정일"),
    "bill_title": _("안건명"),
    "stage_date": _("단계 일자"),
    "stage_note": _("단계 메모"),
}

CHOICES: dict[str, type[models.TextChoices]] = {"instrument": Instrument}
