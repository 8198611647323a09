"""Programs and their calls: the rules of a call are explicit fields, editable and audited."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.programs.months import add_months, month_range_label


class ProgramKind(models.TextChoices):
    COMPUTE = "compute", _("컴퓨팅 자원(GPU)")
    DEMONSTRATION = "demonstration", _("실증 공간")
    TALENT = "talent", _("인재 양성")
    OTHER = "other", _("기타")


class Program(models.Model):
    """A support program (지원사업) run by an operator, e.g. 정보통신산업진흥원, 인공지능산업융합사업단."""

    name = models.CharField(_("사업명"), max_length=200)
    kind = models.CharField(
        _("구분"), max_length=16, choices=ProgramKind.choices, default=ProgramKind.COMPUTE
    )
    operator = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("운영 기관"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operated_programs",
    )
    description = models.TextField(_("사업 개요"), blank=True)
    # The cluster the awards' Slurm accounts live on (sacctmgr Cluster=...), for compute programs.
    slurm_cluster = models.CharField(_("Slurm 클러스터"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("지원사업")
        verbose_name_plural = _("지원사업")

    def __str__(self) -> str:
        return self.name


class Call(models.Model):
    """A call for applications (공고) with its rules: window, criteria, capacity, term and renewal."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(_("공고명"), max_length=200)
    opens_on = models.DateField(_("접수 시작일"))
    closes_on = models.DateField(_("접수 마감일"))
    eligibility = models.TextField(_("신청 자격"), blank=True)
    # The region kinds (registry Origin values) an organisation must have to be awarded; empty: any.
    eligible_origins = models.JSONField(_("자격 지역 구분"), default=list, blank=True)
    # The call's horizon: awards may run from first_month for `months` months (the capacity window).
    first_month = models.DateField(_("지원 시작 월"))
    months = models.PositiveSmallIntegerField(_("지원 기간(개월)"), default=24)
    term_months = models.PositiveSmallIntegerField(_("1회 지원 기간(개월)"), default=12)
    max_renewals = models.PositiveSmallIntegerField(_("최대 연장 횟수"), default=1)
    renewal_requirements = models.TextField(
        _("연장 평가에 필요한 것"),
        blank=True,
        help_text=_("예: 사용률 50% 이상, 성과(제품·고객·논문·레퍼런스)"),
    )
    renewal_min_usage = models.FloatField(_("연장 최소 사용률"), default=0.5)
    max_awards_per_organisation = models.PositiveSmallIntegerField(
        _("기관당 최대 선정 수"), null=True, blank=True
    )
    newcomer_share = models.FloatField(_("신규 기업 몫"), default=0.0)
    allow_partial = models.BooleanField(_("부분 배정 허용"), default=True)
    low_use_threshold = models.FloatField(_("저사용 기준(배정 대비 비율)"), default=0.5)
    low_use_after_months = models.PositiveSmallIntegerField(_("저사용 판정 시점(개월)"), default=3)
    # Share of each award held back until a progress report is in (0 = released at once).
    tranche_share = models.FloatField(_("중간보고 후 배정 비율"), default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("공고")
        verbose_name_plural = _("공고")
        constraints = [
            models.CheckConstraint(
                name="call_closes_after_opens", condition=models.Q(closes_on__gte=models.F("opens_on"))
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_month(self) -> dt.date:
        return add_months(self.first_month, self.months - 1)

    @property
    def window_label(self) -> str:
        return month_range_label(self.first_month, self.months)

    def is_open(self, today: dt.date) -> bool:
        """Return whether applications may be submitted or changed on ``today`` (the close date included)."""
        return self.opens_on <= today <= self.closes_on


class Criterion(models.Model):
    """An evaluation criterion (평가 항목) with its weight; scores are 0–100 per criterion."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("평가 항목"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("배점(가중치)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("평가 항목")
        verbose_name_plural = _("평가 항목")

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Capacity(models.Model):
    """A resource of a call (공고 자원), drawn from a shared pool, e.g. H100 from 광주 AI데이터센터 H100.

    The pool's capacity is shared with every other call on it; ``units_per_month``, when set, is this call's
    own extra cap on what its awards may hold in a month.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="capacities")
    resource = models.CharField(_("자원"), max_length=40)
    pool = models.ForeignKey(
        "programs.ResourcePool",
        verbose_name=_("자원 풀"),
        on_delete=models.PROTECT,
        related_name="call_resources",
    )
    units_per_month = models.PositiveIntegerField(_("공고 월 한도"), null=True, blank=True)
    # The scheduler's GRES type (gres/gpu:<type>) for the sacctmgr limit; empty for a plain gres/gpu.
    gres_type = models.CharField(_("GRES 유형"), max_length=40, blank=True)

    class Meta:
        ordering = ["resource"]
        verbose_name = _("자원 용량")
        verbose_name_plural = _("자원 용량")
        constraints = [models.UniqueConstraint(fields=["call", "resource"], name="capacity_unique_resource")]

    def __str__(self) -> str:
        return f"{self.resource} ({self.pool_id})"
