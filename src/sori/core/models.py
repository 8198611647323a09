"""Cross-cutting records: who a user is in Sori, and the audit trail of every state change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.core.roles import Role


class NoticeMode(models.TextChoices):
    """How a user hears of work landing on their desk (알림 받는 방법)."""

    IMMEDIATE = "immediate", _("즉시")
    DIGEST = "digest", _("하루 한 번 모아서")


class Profile(models.Model):
    """A user's role in Sori (역할) and, for officers and companies, the organisation they act for.

    ``notice_mode`` applies to staff, officers and administrators only: company users' mail is never held.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("역할"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("소속 기관·부서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    person = models.OneToOneField(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="account"
    )
    notice_mode = models.CharField(
        _("알림 받는 방법"), max_length=16, choices=NoticeMode.choices, default=NoticeMode.IMMEDIATE
    )

    class Meta:
        verbose_name = _("사용자 역할")
        verbose_name_plural = _("사용자 역할")
        constraints = [
            models.CheckConstraint(
                name="profile_officer_company_need_organisation",
                condition=~models.Q(role__in=["officer", "company"]) | models.Q(organisation__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class AuditRecord(models.Model):
    """One state change (감사 기록): who, when, what, before → after. Only services write these."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    # The record that changed, as "app.model:pk", and the aggregate it belongs to (e.g. its demand),
    # so a demand's page can show every change to it and to its parts in one query.
    target = models.CharField(max_length=100, db_index=True)
    scope = models.CharField(max_length=100, db_index=True, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("감사 기록")
        verbose_name_plural = _("감사 기록")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target}"

    def changes(self) -> list[tuple[str, object, object]]:
        """Return ``(field, before, after)`` for each field whose value differs."""
        keys = list(dict.fromkeys([*self.before.keys(), *self.after.keys()]))
        return [
            (k, self.before.get(k), self.after.get(k))
            for k in keys
            if self.before.get(k) != self.after.get(k)
        ]


class SubmissionKey(models.Model):
    """A form submission that has been acted on (제출 키), so the same form posted again does nothing new.

    The row is inserted before the work and guarded by the unique key, so of two identical POSTs the database
    lets exactly one through; ``targets`` names what that one made, as ``app.model:pk`` references, once done.
    Unlike audit records these rows are bookkeeping: a later submission may take over a key whose work was
    undone.
    """

    key = models.CharField(max_length=100, unique=True)
    action = models.CharField(max_length=64)
    targets = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("제출 키")
        verbose_name_plural = _("제출 키")

    def __str__(self) -> str:
        return f"{self.action} {self.key}"


class AccessAction(models.TextChoices):
    VIEW = "view", _("조회")
    EXPORT = "export", _("내려받기(목록)")
    DOWNLOAD = "download", _("내려받기(문서)")


class PersonalDataAccess(models.Model):
    """One access to proposers' personal data (개인정보 접속기록): who, when, from where, what, how many.

    The safety-measure standard (개인정보의 안전성 확보조치 기준) asks for the account, the time, the address
    it came from, the data subjects handled and the task; ``what`` names the page or file
    (``registry.person:12``, ``voices.moderation``) and ``path`` the address with its filters, so the set
    shown can be told again.
    Rows are only ever added: nothing edits or deletes them except erasure scrubbing a name out of ``path``.
    """

    at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The account as it was named then, so the record still reads after the account changes or goes.
    user_label = models.CharField(_("계정"), max_length=200, blank=True)
    action = models.CharField(_("수행 업무"), max_length=16, choices=AccessAction.choices, db_index=True)
    what = models.CharField(_("대상"), max_length=200, db_index=True)
    # How many people's data the page or file held; None where the page does not count them.
    people = models.PositiveIntegerField(_("정보주체 수"), null=True, blank=True)
    path = models.CharField(_("주소"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("접속지"), null=True, blank=True)
    request_id = models.CharField(_("요청 ID"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("개인정보 접속기록")
        verbose_name_plural = _("개인정보 접속기록")
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {self.what}"
