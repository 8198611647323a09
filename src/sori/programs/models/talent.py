"""The talent programme (인재 양성): cohorts, their trainees, placements in firms, firms' needs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    ACADEMY = "academy", _("AI사관학교")
    MANUFACTURER = "manufacturer", _("제조기업 AI 과정")


class Cohort(models.Model):
    """A cohort (기수) of a talent course, e.g. AI사관학교 6기: its seats, dates and operator."""

    name = models.CharField(_("기수명"), max_length=200)
    course_kind = models.CharField(
        _("과정 구분"), max_length=16, choices=CourseKind.choices, default=CourseKind.ACADEMY
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("지원사업"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohorts",
    )
    seats = models.PositiveSmallIntegerField(_("정원"))
    starts_on = models.DateField(_("교육 시작일"))
    ends_on = models.DateField(_("교육 종료일"))
    operator = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("운영 기관"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent_cohorts",
    )
    description = models.TextField(_("과정 소개"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("교육 기수")
        verbose_name_plural = _("교육 기수")
        constraints = [
            models.CheckConstraint(
                name="cohort_ends_after_starts", condition=models.Q(ends_on__gte=models.F("starts_on"))
            )
        ]

    def __str__(self) -> str:
        return self.name


class TraineeStatus(models.TextChoices):
    APPLIED = "applied", _("지원")
    SELECTED = "selected", _("선발")
    COMPLETED = "completed", _("수료")
    DROPPED = "dropped", _("중도 포기")


# One colour per status: on the course blue, completed green, dropped grey (a reasoned stop, not red).
TRAINEE_COLOURS = {
    TraineeStatus.APPLIED: "none",
    TraineeStatus.SELECTED: "blue",
    TraineeStatus.COMPLETED: "green",
    TraineeStatus.DROPPED: "grey",
}

# The trainees who hold a seat of their cohort.
SEATED_STATUSES = (TraineeStatus.SELECTED, TraineeStatus.COMPLETED)


class Trainee(models.Model):
    """A trainee (교육생) of a cohort: 지원 → 선발 → 수료, or 중도 포기 with its reason.

    The contact is for the course staff only (개인정보 보호법): it never leaves the staff pages. The dates
    of selection, completion and drop are kept for the committee's figures over a period.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="trainees")
    name = models.CharField(_("이름"), max_length=100)
    contact = models.CharField(_("연락처"), max_length=200, blank=True)
    status = models.CharField(
        _("상태"), max_length=16, choices=TraineeStatus.choices, default=TraineeStatus.APPLIED
    )
    attendance_rate = models.DecimalField(
        _("출석률(%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    applied_on = models.DateField(_("지원일"))
    selected_on = models.DateField(_("선발일"), null=True, blank=True)
    completed_on = models.DateField(_("수료일"), null=True, blank=True)
    dropped_on = models.DateField(_("중도 포기일"), null=True, blank=True)
    drop_reason = models.TextField(_("중도 포기 사유"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "name", "id"]
        verbose_name = _("교육생")
        verbose_name_plural = _("교육생")

    def __str__(self) -> str:
        return self.name

    @property
    def colour(self) -> str:
        return TRAINEE_COLOURS[TraineeStatus(self.status)]


class PlacementKind(models.TextChoices):
    HIRE = "hire", _("채용")
    INTERN = "intern", _("인턴")
    PROJECT = "project", _("프로젝트")


class NeedKind(models.TextChoices):
    PROJECT = "project", _("프로젝트형 교육 주제")
    INTERN = "intern", _("인턴")
    HIRE = "hire", _("채용")


class TalentNeed(models.Model):
    """A firm's talent need (기업 인재 수요): a project topic for a course, interns or hires; open or not."""

    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("기업"),
        on_delete=models.PROTECT,
        related_name="talent_needs",
    )
    kind = models.CharField(_("구분"), max_length=16, choices=NeedKind.choices, default=NeedKind.HIRE)
    title = models.CharField(_("제목"), max_length=200)
    description = models.TextField(_("내용"), blank=True)
    count = models.PositiveSmallIntegerField(_("인원"), default=1)
    is_open = models.BooleanField(_("모집 중"), default=True)
    posted_on = models.DateField(_("등록일"))
    closed_on = models.DateField(_("마감일"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_open", "-posted_on", "-id"]
        verbose_name = _("기업 인재 수요")
        verbose_name_plural = _("기업 인재 수요")

    def __str__(self) -> str:
        return self.title


class Placement(models.Model):
    """A trainee hired or hosted by a firm (채용·인턴·프로젝트): which firm took whom, from when."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="placements")
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("기업"),
        on_delete=models.PROTECT,
        related_name="talent_placements",
    )
    kind = models.CharField(
        _("구분"), max_length=16, choices=PlacementKind.choices, default=PlacementKind.HIRE
    )
    starts_on = models.DateField(_("시작일"))
    note = models.CharField(_("메모"), max_length=300, blank=True)
    need = models.ForeignKey(
        TalentNeed,
        verbose_name=_("인재 수요"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("인재 배치")
        verbose_name_plural = _("인재 배치")

    def __str__(self) -> str:
        return f"{self.trainee_id} @ {self.organisation_id}"
