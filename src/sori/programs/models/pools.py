"""Resource pools: the machines an operator gives out, shared by every call that draws on them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourcePool(models.Model):
    """A resource pool (자원 풀): units of one resource an operator has, e.g. 광주 AI데이터센터 H100.

    Every call resource draws on one pool, so calls that overlap in months share its capacity.
    """

    operator = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("운영 기관"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resource_pools",
    )
    name = models.CharField(_("풀 이름"), max_length=200, unique=True)
    resource = models.CharField(_("자원"), max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("자원 풀")
        verbose_name_plural = _("자원 풀")

    def __str__(self) -> str:
        return self.name


class PoolCapacity(models.Model):
    """A pool's capacity from a month on (풀 용량): a month's capacity is the latest row at or before it."""

    pool = models.ForeignKey(ResourcePool, on_delete=models.CASCADE, related_name="capacities")
    from_month = models.DateField(_("적용 시작 월"))
    units_per_month = models.PositiveIntegerField(_("월 용량"))
    reason = models.CharField(_("변경 사유"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pool", "from_month"]
        verbose_name = _("풀 용량")
        verbose_name_plural = _("풀 용량")
        constraints = [
            models.UniqueConstraint(fields=["pool", "from_month"], name="pool_capacity_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.pool_id} {self.from_month:%Y-%m}: {self.units_per_month}"


def capacity_in(rows: list[PoolCapacity], month: dt.date) -> int:
    """Return the capacity in ``month`` from a pool's rows sorted by month (0 before the first row)."""
    units = 0
    for row in rows:
        if row.from_month > month:
            break
        units = row.units_per_month
    return units
