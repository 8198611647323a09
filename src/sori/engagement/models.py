"""Meeting series, meetings, their agenda and who attended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Series(models.Model):
    """A meeting series (간담회 시리즈), e.g. "2025 AI기업 조찬간담회"."""

    title = models.CharField(_("제목"), max_length=200, unique=True)
    host = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("주최"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_series",
    )
    description = models.TextField(_("설명"), blank=True)
    # First-answer deadline for demands voiced in this series; None falls back to SORI_ANSWER_DAYS.
    answer_days = models.PositiveSmallIntegerField(_("답변 기한(일)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("간담회 시리즈")
        verbose_name_plural = _("간담회 시리즈")

    def __str__(self) -> str:
        return self.title


class Engagement(models.Model):
    """One meeting (간담회·회의) of a series; ``round`` is its 차수."""

    series = models.ForeignKey(
        Series, verbose_name=_("시리즈"), on_delete=models.PROTECT, related_name="engagements"
    )
    round = models.PositiveSmallIntegerField(_("차수"))
    title = models.CharField(_("제목"), max_length=200)
    theme = models.CharField(_("주제"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("일시"))
    place = models.CharField(_("장소"), max_length=200, blank=True)
    attendee_count = models.PositiveIntegerField(_("참석 인원"), null=True, blank=True)
    minutes = models.TextField(_("회의록"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["series", "round"]
        verbose_name = _("간담회")
        verbose_name_plural = _("간담회")
        constraints = [models.UniqueConstraint(fields=["series", "round"], name="engagement_unique_round")]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """A presentation (발제) on a meeting's agenda."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    presenter = models.CharField(_("발제자"), max_length=100)
    presenter_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("발제 기관"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.CharField(_("주제"), max_length=300)

    class Meta:
        ordering = ["engagement", "order", "id"]
        verbose_name = _("발제")
        verbose_name_plural = _("발제")

    def __str__(self) -> str:
        return f"{self.presenter}: {self.topic}"


class Attendance(models.Model):
    """A person's attendance (참석) at a meeting."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="attendances")

    class Meta:
        verbose_name = _("참석")
        verbose_name_plural = _("참석")
        constraints = [models.UniqueConstraint(fields=["engagement", "person"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.engagement}"


class ImportStatus(models.TextChoices):
    """Where an uploaded file is: waiting for its column mapping, or applied (its proposals saved)."""

    UPLOADED = "uploaded", _("매핑 대기")
    APPLIED = "applied", _("가져오기 완료")


class ImportBatch(models.Model):
    """An uploaded CSV/XLSX file of proposals (제안 가져오기), kept between upload, mapping and saving.

    The bytes stay in the database (at most 10 MB) so the mapping step needs no re-upload and the same code
    runs on SQLite and PostgreSQL. A batch is applied at most once.
    """

    filename = models.CharField(_("파일명"), max_length=255)
    data = models.BinaryField(editable=False)
    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("간담회"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("상태"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    row_count = models.PositiveIntegerField(_("데이터 행 수"), default=0)
    # Field name → column index, as applied.
    mapping = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    created_proposals = models.PositiveIntegerField(default=0)
    created_organisations = models.PositiveIntegerField(default=0)
    created_people = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("제안 가져오기")
        verbose_name_plural = _("제안 가져오기")

    def __str__(self) -> str:
        return self.filename
