"""Exceptions to a call's rules (예외 승인): an approval that breaks a rule stands only with one."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sori.programs.months import add_months, month_range_label


class RuleCode(models.TextChoices):
    """The rules of a call that approvals are checked against."""

    RENEWAL_MIN_USAGE = "renewal_min_usage", _("연장 최소 사용률")
    MAX_RENEWALS = "max_renewals", _("최대 연장 횟수")
    ELIGIBILITY = "eligibility", _("신청 자격")
    NEWCOMER_RESERVE = "newcomer_reserve", _("신규 기업 몫")
    ORGANISATION_MAX = "organisation_max", _("기관당 최대 선정 수")
    CAPACITY = "capacity", _("자원 풀 용량")


class RuleException(models.Model):
    """An approved exception (예외 승인) to one rule, for an award, a follow-up request or a selection line.

    ``detail`` keeps the figures at the time ("사용률 0% < 연장 최소 사용률 50%"). A capacity exception also
    names the pool, months and units it lets the award hold above the pool's capacity.
    """

    rule = models.CharField(_("규칙"), max_length=24, choices=RuleCode.choices)
    award = models.ForeignKey(
        "programs.Award",
        verbose_name=_("협약"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rule_exceptions",
    )
    application = models.ForeignKey(
        "programs.Application",
        verbose_name=_("신청"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rule_exceptions",
    )
    line = models.ForeignKey(
        "programs.SelectionLine",
        verbose_name=_("선정 줄"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rule_exceptions",
    )
    detail = models.CharField(_("위반 내용"), max_length=500)
    reason = models.TextField(_("예외 사유"))
    pool = models.ForeignKey(
        "programs.ResourcePool",
        verbose_name=_("자원 풀"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rule_exceptions",
    )
    first_month = models.DateField(_("시작 월"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("기간(개월)"), null=True, blank=True)
    units = models.PositiveIntegerField(_("월 단위"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("승인자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("승인 일시"), default=timezone.now)

    class Meta:
        ordering = ["approved_at", "id"]
        verbose_name = _("규칙 예외")
        verbose_name_plural = _("규칙 예외")
        constraints = [
            models.CheckConstraint(
                name="rule_exception_has_a_subject",
                condition=models.Q(award__isnull=False)
                | models.Q(application__isnull=False)
                | models.Q(line__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: {self.detail}"

    def covers(self, month: dt.date) -> bool:
        """Return whether this capacity exception spans ``month``."""
        if self.first_month is None or not self.months:
            return False
        return self.first_month <= month <= add_months(self.first_month, self.months - 1)

    @property
    def months_label(self) -> str:
        if self.first_month is None or not self.months:
            return ""
        return month_range_label(self.first_month, self.months)

    @property
    def approver_label(self) -> str:
        user = self.approved_by
        if user is None:
            return ""
        return user.get_full_name() or user.get_username()
