"""Demonstration sites (실증 공간) and the firms placed on them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    PUBLIC_SPACE = "public_space", _("공공 공간")
    ROAD = "road", _("도로·교통")
    FACTORY = "factory", _("공장·제조 현장")
    HOSPITAL = "hospital", _("의료 기관")
    ENERGY = "energy", _("에너지 시설")
    CULTURE = "culture", _("문화 시설")


class DemoSite(models.Model):
    """A demonstration site (실증 공간): who owns it, where, what can be tested there, and when."""

    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.SET_NULL, related_name="sites"
    )
    name = models.CharField(_("공간명"), max_length=200)
    kind = models.CharField(_("유형"), max_length=16, choices=SiteKind.choices, default=SiteKind.PUBLIC_SPACE)
    owner = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("제공 기관"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demo_sites",
    )
    place = models.CharField(_("위치"), max_length=200)
    testable = models.TextField(_("실증 가능 분야"))
    available_from = models.DateField(_("이용 가능 시작일"))
    available_until = models.DateField(_("이용 가능 종료일"))
    capacity = models.PositiveSmallIntegerField(_("동시 수용 기업 수"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("실증 공간")
        verbose_name_plural = _("실증 공간")

    def __str__(self) -> str:
        return self.name


class SitePlacement(models.Model):
    """A firm placed on a site for a period (실증 배정); placements use up the site's capacity."""

    site = models.ForeignKey(DemoSite, on_delete=models.CASCADE, related_name="placements")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="site_placements"
    )
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))
    note = models.CharField(_("메모"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("실증 배정")
        verbose_name_plural = _("실증 배정")

    def __str__(self) -> str:
        return f"{self.organisation_id} @ {self.site_id}"
