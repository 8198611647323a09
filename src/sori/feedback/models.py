"""Feedback to proposers: one message per proposer, written to an outbox and then delivered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("이메일")
    LETTER = "letter", _("서면")
    LINK = "link", _("상태 확인 링크")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("발송 대기")
    SENT = "sent", _("발송 완료")
    FAILED = "failed", _("발송 실패")
    RECORDED = "recorded", _("기록됨")  # letters handed over and links shared are recorded, not delivered


class Feedback(models.Model):
    """What was sent (회신) to one proposer about all their answered proposals, when, and how."""

    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    channel = models.CharField(_("경로"), max_length=16, choices=Channel.choices)
    address = models.CharField(_("수신처"), max_length=254, blank=True)
    subject = models.CharField(_("제목"), max_length=300)
    body = models.TextField(_("본문"))
    status = models.CharField(
        _("상태"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("발송일시"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("회신")
        verbose_name_plural = _("회신")
        constraints = [
            models.CheckConstraint(
                name="feedback_has_recipient",
                condition=models.Q(person__isnull=False) | models.Q(organisation__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.subject


class FeedbackItem(models.Model):
    """One proposal covered by a feedback message, with the answer as it stood when sent."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="items")
    proposal = models.ForeignKey("voices.Proposal", on_delete=models.PROTECT, related_name="feedback_items")
    disposition = models.ForeignKey("policy.Disposition", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "disposition"], name="feedback_item_once_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id}: {self.proposal_id}"
