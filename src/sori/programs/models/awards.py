"""Selection runs, awards with terms, progress reports, and the GPU-hour ledger kept by Sori itself."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.programs.months import HOURS_PER_UNIT_MONTH, add_months, month_range_label, months_between


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("실행 대기")
    DONE = "done", _("완료")
    FAILED = "failed", _("실패")
    CONFIRMED = "confirmed", _("선정 확정")


class SelectionRun(models.Model):
    """One optimiser run (선정 실행) for a call: the input, the solver's figures and the greedy baseline."""

    call = models.ForeignKey("programs.Call", on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(_("상태"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    solver_status = models.CharField(_("최적화 결과"), max_length=16, blank=True)
    objective = models.FloatField(_("목적값"), null=True, blank=True)
    best_bound = models.FloatField(_("상한"), null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    wall_time_s = models.FloatField(_("계산 시간(초)"), null=True, blank=True)
    utilisation = models.FloatField(_("가동률"), null=True, blank=True)
    baseline_objective = models.FloatField(_("점수순 배정 목적값"), null=True, blank=True)
    baseline_utilisation = models.FloatField(_("점수순 배정 가동률"), null=True, blank=True)
    message = models.TextField(blank=True)
    problem = models.JSONField(default=dict, editable=False)
    result = models.JSONField(default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("선정 실행")
        verbose_name_plural = _("선정 실행")

    def __str__(self) -> str:
        return f"{self.call} #{self.pk}"


class SelectionLine(models.Model):
    """One application's outcome in a run: rank, optimiser grant, greedy grant, why, and any override."""

    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="lines")
    application = models.ForeignKey(
        "programs.Application", on_delete=models.CASCADE, related_name="selection_lines"
    )
    score = models.FloatField(_("평가 점수"))
    rank = models.PositiveIntegerField(_("순위"))
    requested = models.PositiveIntegerField(_("신청량"))
    optimised = models.PositiveIntegerField(_("최적화 배정량"))
    greedy = models.PositiveIntegerField(_("점수순 배정량"))
    # The amount that will be awarded: the optimiser's unless staff overrode it with a reason.
    final = models.PositiveIntegerField(_("최종 배정량"))
    reasons = models.JSONField(_("사유"), default=list)
    override_reason = models.TextField(_("조정 사유"), blank=True)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "application"], name="selection_line_unique")]

    def __str__(self) -> str:
        return f"#{self.rank} {self.application_id}: {self.final}"

    @property
    def overridden(self) -> bool:
        return self.final != self.optimised


class AwardStatus(models.TextChoices):
    ACTIVE = "active", _("지원 중")
    ENDED = "ended", _("종료")
    RECLAIMED = "reclaimed", _("회수")


class Award(models.Model):
    """An award (협약·배정) with a term: ``amount`` units per month from ``start_month``, ``months`` long.

    ``changes`` holds later per-month amounts as ``[["2026-07-01", 2], ...]`` (sorted): a reclaim lowers the
    amount from a month on, a supplement raises it, a renewal at another amount sets it for the new term.
    """

    application = models.OneToOneField(
        "programs.Application", on_delete=models.PROTECT, related_name="granted_award"
    )
    call = models.ForeignKey("programs.Call", on_delete=models.PROTECT, related_name="awards")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="program_awards"
    )
    resource = models.CharField(_("자원"), max_length=40)
    # The pool the award's units are booked on; renewals, extensions and supplements stay on it.
    pool = models.ForeignKey(
        "programs.ResourcePool", verbose_name=_("자원 풀"), on_delete=models.PROTECT, related_name="awards"
    )
    amount = models.PositiveIntegerField(_("월 배정량"))
    start_month = models.DateField(_("시작 월"))
    months = models.PositiveSmallIntegerField(_("기간(개월)"))
    status = models.CharField(
        _("상태"), max_length=16, choices=AwardStatus.choices, default=AwardStatus.ACTIVE
    )
    renewals_used = models.PositiveSmallIntegerField(_("연장 횟수"), default=0)
    changes = models.JSONField(_("배정량 변경"), default=list, blank=True)
    # Budget held back until a progress report; released by staff.
    tranche_share = models.FloatField(_("보류 비율"), default=0.0)
    tranche_released_at = models.DateTimeField(_("2차분 배정일"), null=True, blank=True)
    slurm_account = models.CharField(_("Slurm 계정"), max_length=64, unique=True, null=True, blank=True)
    slurm_users = models.CharField(_("Slurm 사용자"), max_length=300, blank=True, help_text=_("쉼표로 구분"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_month", "id"]
        verbose_name = _("협약")
        verbose_name_plural = _("협약")

    def __str__(self) -> str:
        return f"{self.organisation} {self.resource} {self.amount}/월"

    @property
    def end_month(self) -> dt.date:
        return add_months(self.start_month, self.months - 1)

    @property
    def term_label(self) -> str:
        return month_range_label(self.start_month, self.months)

    def units_in(self, month: dt.date) -> int:
        """Return the units this award holds in ``month`` (0 outside the term)."""
        offset = months_between(self.start_month, month)
        if offset < 0 or offset >= self.months:
            return 0
        return self.amount_now(month)

    def amount_now(self, month: dt.date) -> int:
        """Return the per-month amount in force in ``month`` (its last change, even past the term)."""
        units = self.amount
        for since, changed in self.changes:
            if dt.date.fromisoformat(since) <= month:
                units = changed
        return units

    def unit_months(self) -> int:
        return sum(self.units_in(add_months(self.start_month, i)) for i in range(self.months))

    @property
    def allotted_hours(self) -> float:
        """Return the GPU-hours of the whole term (720 per unit-month)."""
        return self.unit_months() * HOURS_PER_UNIT_MONTH

    @property
    def released_hours(self) -> float:
        """Return the GPU-hours usable now: the held-back tranche counts only once released."""
        if self.tranche_share and self.tranche_released_at is None:
            return self.allotted_hours * (1 - self.tranche_share)
        return self.allotted_hours

    @property
    def users(self) -> list[str]:
        return [u.strip() for u in self.slurm_users.split(",") if u.strip()]


class ProgressReport(models.Model):
    """A progress report (중간 보고) from an awardee; the held-back tranche is released only after one."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="progress_reports")
    text = models.TextField(_("진행 내용"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("중간 보고")
        verbose_name_plural = _("중간 보고")

    def __str__(self) -> str:
        return f"{self.award_id} {self.submitted_at:%Y-%m-%d}"


class UsageFormat(models.TextChoices):
    SACCT = "sacct", _("sacct --parsable2")
    CSV = "csv", _("CSV")


class UsageImport(models.Model):
    """One applied usage file (사용량 반영): what it added to the ledger."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="usage_imports")
    filename = models.CharField(_("파일명"), max_length=255)
    format = models.CharField(_("형식"), max_length=8, choices=UsageFormat.choices)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    gpu_hours = models.FloatField(default=0.0)
    # New jobs dated outside their award's term: kept apart until staff accept or reject them.
    flagged = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("사용량 반영")
        verbose_name_plural = _("사용량 반영")

    def __str__(self) -> str:
        return self.filename


class UsageReview(models.TextChoices):
    """Whether a ledger row counts: a job dated outside its award's term waits for staff to decide."""

    COUNTED = "counted", _("반영")
    FLAGGED = "flagged", _("기간 밖 확인 대기")
    REJECTED = "rejected", _("제외")


class UsageEntry(models.Model):
    """A ledger row (사용 기록): one scheduler job charged to one award, unique per (award, job).

    Only ``COUNTED`` rows count towards use; a row dated outside the award's term is stored ``FLAGGED`` until
    staff accept it (counted in the term's nearest month) or reject it.
    """

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="usage")
    job_id = models.CharField(max_length=100)
    user = models.CharField(max_length=64, blank=True)
    month = models.DateField()
    gpu_seconds = models.BigIntegerField()
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    source = models.ForeignKey(
        UsageImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    review = models.CharField(
        _("반영 여부"), max_length=12, choices=UsageReview.choices, default=UsageReview.COUNTED
    )

    class Meta:
        ordering = ["month", "id"]
        constraints = [models.UniqueConstraint(fields=["award", "job_id"], name="usage_unique_award_job")]
        indexes = [models.Index(fields=["award", "month"])]

    def __str__(self) -> str:
        return f"{self.award_id}:{self.job_id}"

    @property
    def gpu_hours(self) -> float:
        return self.gpu_seconds / 3600
