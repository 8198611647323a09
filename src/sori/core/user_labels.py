"""How an account's changes read in its trail (registered with ``sori.core.trail`` by ``CoreConfig.ready``).

Name, e-mail and ``is_active`` are the user model's own fields and read by its labels; the role and the
organisation live on the profile, so they are recorded under names of their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from sori.core.models import NoticeMode
from sori.core.roles import Role

ACTION_LABELS: dict[str, Any] = {
    "user.create": _("사용자 등록"),
    "user.update": _("사용자 정보 변경"),
    "user.deactivate": _("비활성화"),
    "user.reactivate": _("다시 활성화"),
    "user.password_link": _("비밀번호 설정 링크 발송"),
    "user.password_set": _("비밀번호 설정"),
    "user.otp_enable": _("2단계 인증 켬"),
    "user.otp_disable": _("2단계 인증 끔"),
    "user.otp_backup_renew": _("백업 코드 새로 만듦"),
    "user.otp_backup_used": _("백업 코드로 로그인"),
    "user.otp_reset": _("2단계 인증 초기화"),
    "user.notice_mode": _("알림 받는 방법 변경"),
}
FIELD_LABELS: dict[str, Any] = {
    "account_role": _("역할"),
    "account_organisation": _("소속 기관·부서"),
    "notice_mode": _("알림 받는 방법"),
}
CHOICES: dict[str, type[TextChoices]] = {"account_role": Role, "notice_mode": NoticeMode}
BOOLEANS = {"is_active": (_("비활성"), _("활성"))}
