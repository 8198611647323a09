"""How the talent programme's and the midfielder service's changes read in an audit trail."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "cohort.create": _("교육 기수 등록"),
    "cohort.update": _("교육 기수 수정"),
    "trainee.add": _("지원자 등록"),
    "trainee.import": _("지원자 가져오기"),
    "trainee.select": _("교육생 선발"),
    "trainee.attendance": _("출석률 기록"),
    "trainee.complete": _("수료"),
    "trainee.drop": _("중도 포기"),
    "placement.record": _("인재 배치 기록"),
    "talent_need.post": _("인재 수요 등록"),
    "talent_need.close": _("인재 수요 마감"),
    "introduction.create": _("AI기업 소개"),
    "introduction.advance": _("연결 단계 기록"),
    "introduction.stop": _("연결 중단"),
    "introduction.remind": _("멈춘 연결 알림"),
}
