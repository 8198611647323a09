"""Applications (신청) and reviews (평가): several reviewers per application, conflicts excluded."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.programs.months import add_months, month_range_label


class RequestType(models.TextChoices):
    """Request types as the US ACCESS allocation system names them."""

    NEW = "new", _("신규")
    RENEWAL = "renewal", _("연장(갱신)")
    EXTENSION = "extension", _("기간 연장")
    SUPPLEMENT = "supplement", _("추가 배정")


# Follow-ups of an award run on the short track: one reviewer, scored on usage and outcomes.
SHORT_TRACK = frozenset({RequestType.RENEWAL, RequestType.EXTENSION, RequestType.SUPPLEMENT})


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("접수")
    SELECTED = "selected", _("선정")
    PARTLY = "partly", _("일부 선정")
    NOT_SELECTED = "not_selected", _("미선정")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")


class Application(models.Model):
    """An application (신청): ``amount`` units of ``resource`` per month for ``months`` months from a month.

    Renewal, extension and supplement requests point at the award they continue (``award``).
    """

    call = models.ForeignKey("programs.Call", on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("신청 기관"),
        on_delete=models.PROTECT,
        related_name="program_applications",
    )
    request_type = models.CharField(
        _("신청 유형"), max_length=16, choices=RequestType.choices, default=RequestType.NEW
    )
    award = models.ForeignKey(
        "programs.Award",
        verbose_name=_("이어지는 협약"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    title = models.CharField(_("과제명"), max_length=200)
    resource = models.CharField(_("자원"), max_length=40)
    amount = models.PositiveIntegerField(_("월 신청량"))
    min_amount = models.PositiveIntegerField(_("최소 수용량"), null=True, blank=True)
    start_month = models.DateField(_("시작 월"))
    months = models.PositiveSmallIntegerField(_("기간(개월)"))
    summary = models.TextField(_("과제 요약"))
    expected_outcomes = models.TextField(_("기대 성과"), blank=True)
    # Outcomes reported with a renewal request.
    outcome_products = models.TextField(_("제품·서비스"), blank=True)
    outcome_customers = models.TextField(_("고객·매출"), blank=True)
    outcome_papers = models.TextField(_("논문·특허"), blank=True)
    outcome_references = models.TextField(_("실증·레퍼런스"), blank=True)
    status = models.CharField(
        _("상태"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    recommended_amount = models.PositiveIntegerField(_("권고량"), null=True, blank=True)
    awarded_amount = models.PositiveIntegerField(_("배정량"), null=True, blank=True)
    # Why a renewal, extension or supplement was approved or rejected.
    decision_reason = models.TextField(_("결정 사유"), blank=True)
    # Weighted mean of the counted reviews (conflicted reviews never count); None until one is in.
    score = models.FloatField(_("평가 점수"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("신청")
        verbose_name_plural = _("신청")
        indexes = [models.Index(fields=["call", "request_type", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.title}"

    @property
    def end_month(self) -> dt.date:
        return add_months(self.start_month, self.months - 1)

    @property
    def period_label(self) -> str:
        return month_range_label(self.start_month, self.months)

    @property
    def short_track(self) -> bool:
        return self.request_type in SHORT_TRACK


class Review(models.Model):
    """One reviewer's review (평가) of an application; a declared conflict excludes it entirely."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="program_reviews"
    )
    conflict = models.BooleanField(_("이해충돌"), default=False)
    conflict_reason = models.CharField(_("이해충돌 사유"), max_length=300, blank=True)
    comment = models.TextField(_("평가 의견"), blank=True)
    # Weighted score 0–100 of this review (Σ weight × score / Σ weight); None until submitted.
    total = models.FloatField(_("점수"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        verbose_name = _("평가")
        verbose_name_plural = _("평가")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_one_per_reviewer"),
            models.CheckConstraint(
                name="review_conflict_has_no_score",
                condition=models.Q(conflict=False) | models.Q(total__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"

    @property
    def counts(self) -> bool:
        return not self.conflict and self.total is not None


class ReviewScore(models.Model):
    """A score (0–100) for one criterion in one review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("programs.Criterion", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("점수"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="review_score_unique"),
            models.CheckConstraint(name="review_score_0_100", condition=models.Q(score__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class ShortReview(models.Model):
    """The short-track review (간이 평가) of a renewal, extension or supplement: usage and outcomes."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="short_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    usage_score = models.PositiveSmallIntegerField(_("사용 실적 점수"))
    outcome_score = models.PositiveSmallIntegerField(_("성과 점수"))
    recommend = models.BooleanField(_("승인 권고"))
    recommended_amount = models.PositiveIntegerField(_("권고량"), null=True, blank=True)
    comment = models.TextField(_("의견"), blank=True)
    usage_share = models.FloatField(_("검토 시점 사용률"), null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("간이 평가")
        verbose_name_plural = _("간이 평가")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="short_review_one_per_reviewer"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application_id}"

    @property
    def total(self) -> float:
        return (self.usage_score + self.outcome_score) / 2
