"""Proposals (what was said, word for word) and demands (what several proposals ask for)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from sori.policy.models import Disposition


class Theme(models.Model):
    """A theme (분야) that groups demands, e.g. 컴퓨팅·GPU or 실증·테스트베드."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("분야"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("분야")
        verbose_name_plural = _("분야")

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    MEETING = "meeting", _("간담회")
    WEB = "web", _("웹 제안")
    EMAIL = "email", _("이메일")
    DOCUMENT = "document", _("문서")


class Moderation(models.TextChoices):
    """Whether a proposal is in the workflow: web submissions wait for staff before they count."""

    PENDING = "pending", _("검토 대기")
    ACCEPTED = "accepted", _("접수")
    REJECTED = "rejected", _("반려")


class Proposal(models.Model):
    """One voiced request (건의사항·제안·애로사항), kept in its exact words with who said it."""

    text = models.TextField(_("내용"), validators=[MaxLengthValidator(settings.SORI_MAX_TEXT_LENGTH)])
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("기관"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("제안자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    source = models.CharField(_("경로"), max_length=16, choices=Source.choices, default=Source.MEETING)
    engagement = models.ForeignKey(
        "engagement.Engagement",
        verbose_name=_("간담회"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    received_at = models.DateTimeField(_("접수일시"))
    themes = models.ManyToManyField(Theme, verbose_name=_("분야"), blank=True, related_name="proposals")
    demand = models.ForeignKey(
        "Demand",
        verbose_name=_("정책 수요"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    moderation = models.CharField(
        _("접수 상태"), max_length=16, choices=Moderation.choices, default=Moderation.ACCEPTED
    )
    # When a web proposer agreed to the collection and use of personal data (개인정보 수집·이용 동의).
    consent_at = models.DateTimeField(null=True, blank=True)
    # One key per rendered form: a second POST of the same form returns the first proposal, not a copy.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("제안")
        verbose_name_plural = _("제안")
        indexes = [models.Index(fields=["moderation", "demand"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def proposer_label(self) -> str:
        """Return who voiced it, for staff pages: '기관 · 이름' or whichever is known."""
        person = self.person.name if self.person is not None else None
        parts = [str(p) for p in (self.organisation, person) if p]
        return " · ".join(parts) or str(_("익명"))


class Stage(models.TextChoices):
    """Where a demand is in the loop; transitions are checked in ``sori.voices.workflow``."""

    OPEN = "open", _("정리 중")
    ASSIGNED = "assigned", _("부서 검토 중")
    ANSWERED = "answered", _("처리결과 확정")
    MERGED = "merged", _("다른 수요에 병합")


class Demand(models.Model):
    """A demand (정책 수요): one sentence of what several proposals ask for."""

    title = models.CharField(_("수요"), max_length=300)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("분야"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
    )
    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("소관부서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_demands",
    )
    stage = models.CharField(_("단계"), max_length=16, choices=Stage.choices, default=Stage.OPEN)
    # The current disposition's outcome, copied here so lists filter and sort without a join.
    outcome = models.CharField(_("처리결과"), max_length=20, blank=True, db_index=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    answer_due = models.DateField(_("답변 기한"), null=True, blank=True)
    published = models.BooleanField(_("공개"), default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("정책 수요")
        verbose_name_plural = _("정책 수요")
        indexes = [models.Index(fields=["stage", "answer_due"]), models.Index(fields=["department", "stage"])]

    def __str__(self) -> str:
        return self.title

    @property
    def current_disposition(self) -> Disposition | None:
        """Return the latest disposition, or None before the first answer."""
        return self.dispositions.order_by("-decided_at", "-id").first()


class Support(models.Model):
    """A visitor's support (공감) for a published demand; one per demand and supporter."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="supports")
    # A hash of the session or account, never an address or a name.
    supporter_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("공감")
        verbose_name_plural = _("공감")
        constraints = [models.UniqueConstraint(fields=["demand", "supporter_key"], name="support_once")]

    def __str__(self) -> str:
        return f"{self.demand_id}: {self.supporter_key[:8]}"
