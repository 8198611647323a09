"""The midfielder service (미드필더): introductions of AI firms to manufacturers, followed stage by stage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IntroductionStage(models.TextChoices):
    INTRODUCED = "introduced", _("소개")
    MEETING = "meeting", _("미팅")
    POC = "poc", _("실증/PoC")
    CONTRACT = "contract", _("계약")
    CLOSED = "closed", _("종료")
    STOPPED = "stopped", _("중단")


# An introduction at one of these stages is over: no reminder, no stall.
ENDED_STAGES = (IntroductionStage.CLOSED, IntroductionStage.STOPPED)
# Stages that mean a demonstration (PoC) was started: the PoC itself or what can only follow one.
POC_OR_LATER = (IntroductionStage.POC, IntroductionStage.CONTRACT, IntroductionStage.CLOSED)

# One colour per stage: under way blue, PoC teal, contract and its end green, stopped grey (not red).
INTRODUCTION_COLOURS = {
    IntroductionStage.INTRODUCED: "none",
    IntroductionStage.MEETING: "blue",
    IntroductionStage.POC: "teal",
    IntroductionStage.CONTRACT: "green",
    IntroductionStage.CLOSED: "green",
    IntroductionStage.STOPPED: "grey",
}


class Introduction(models.Model):
    """An introduction (기업 연결) of an AI firm to a manufacturer for one of its needs, by a coordinator.

    ``need`` keeps the manufacturer's need as it was written when the firm was introduced (the AI needs
    matching ranks firms for, or words of its own). ``match_score`` is the matching similarity (0–1), when
    the introduction came from the matching list.
    """

    manufacturer = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("수요 기업(제조)"),
        on_delete=models.PROTECT,
        related_name="introductions_received",
    )
    need = models.TextField(_("AI 수요"))
    ai_firm = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("AI기업"),
        on_delete=models.PROTECT,
        related_name="introductions_given",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("담당 코디네이터"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_introductions",
    )
    stage = models.CharField(
        _("단계"), max_length=16, choices=IntroductionStage.choices, default=IntroductionStage.INTRODUCED
    )
    introduced_on = models.DateField(_("소개일"))
    stop_reason = models.TextField(_("중단 사유"), blank=True)
    match_score = models.FloatField(_("매칭 유사도"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-introduced_on", "-id"]
        verbose_name = _("미드필더 연결")
        verbose_name_plural = _("미드필더 연결")

    def __str__(self) -> str:
        return f"{self.manufacturer_id} ↔ {self.ai_firm_id}"

    @property
    def colour(self) -> str:
        return INTRODUCTION_COLOURS[IntroductionStage(self.stage)]

    @property
    def is_open(self) -> bool:
        return self.stage not in ENDED_STAGES


class IntroductionStep(models.Model):
    """One stage an introduction reached (연결 단계): its date, a note, who recorded it."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("단계"), max_length=16, choices=IntroductionStage.choices)
    date = models.DateField(_("일자"))
    note = models.TextField(_("메모"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("연결 단계")
        verbose_name_plural = _("연결 단계")

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.date.isoformat()})"

    @property
    def colour(self) -> str:
        return INTRODUCTION_COLOURS[IntroductionStage(self.stage)]
