"""Cross-cutting records: who a user is in Sori, and the audit trail of every state change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.core.roles import Role


class Profile(models.Model):
    """A user's role in Sori (역할) and, for officers and companies, the organisation they act for."""

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
