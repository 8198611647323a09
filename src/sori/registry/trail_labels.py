"""How registry changes read in an organisation's or an MOU's history."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "organisation.create": _("기관 등록"),
    "organisation.update": _("기관 정보 수정"),
    "person.create": _("인물 등록"),
    "person.erase": _("개인정보 삭제"),
    "mou.create": _("업무협약 등록"),
    "mou.sign": _("업무협약 체결"),
    "mou.update": _("업무협약 수정"),
    "mou.move": _("후속 단계 변경"),
    "commitment.add": _("이행 약속 추가"),
    "commitment.update": _("이행 약속 수정"),
    "commitment.remind": _("이행 약속 알림"),
    "commitment.snooze": _("이행 약속 나중에 보기"),
    "registry.import_upload": _("가져오기 파일 올림"),
    "registry.import_apply": _("가져오기 저장"),
}
FIELD_LABELS = {
    "on": _("날짜"),
    "until": _("다시 볼 날"),
    "mou": _("업무협약"),
    # What an erasure (person.erase) did besides the person's own row.
    "copies": _("지운 사본"),
    "account_closed": _("계정 닫음"),
}
