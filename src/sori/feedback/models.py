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
    RETRYING = "retrying", _("재시도 대기")  # the last attempt failed; the outbox tries again by itself
    FAILED = "failed", _("발송 실패")  # every attempt failed: a person has to look at it
    RECORDED = "recorded", _("기록됨")  # letters handed over and links shared are recorded, not delivered


class Feedback(models.Model):
    """What was sent (회신) to one recipient about all their answered proposals, when, and how.

    The recipient is an organisation (``person`` empty: every voice of its people) or a person without
    an organisation. Rows written before letters went per organisation may name both.

    An e-mail is delivered through its ``OutboxMessage`` (``feedback.message``); ``status``, ``attempts``,
    ``last_error`` and ``sent_at`` here mirror that message, written in the same transaction, so the pages
    that list feedback filter and sort without a join.
    """

    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    channel = models.CharField(_("경로"), max_length=16, choices=Channel.choices)
    # Comma-separated: an organisation's message goes to each of its contact people and its own address.
    address = models.TextField(_("수신처"), blank=True)
    subject = models.CharField(_("제목"), max_length=300)
    body = models.TextField(_("본문"))
    # Staff's own words at the head of the message (덧붙이는 말), kept apart so the letter prints them too.
    note = models.TextField(_("덧붙이는 말"), blank=True)
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


class FeedbackDraft(models.Model):
    """A note being written to go with one recipient's feedback, seen only by its author until it is sent.

    The recipient is, as for ``Feedback``, an organisation (``person`` empty) or a person without one.
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("덧붙이는 말"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "person"],
                condition=models.Q(person__isnull=False),
                name="feedback_draft_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["author", "organisation"],
                condition=models.Q(person__isnull=True),
                name="feedback_draft_once_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.note[:40]


class OutboxChannel(models.TextChoices):
    """How an outbox message travels; each channel has a sender in ``sori.feedback.outbox.SENDERS``.

    A channel whose sender lives in a later app (webhooks) is named here and its sender registered from that
    app's ``ready`` (``sender_register``).
    """

    EMAIL = "email", _("이메일")
    WEBHOOK = "webhook", _("웹훅")
    # SMS and KakaoTalk (알림톡) join here, each with its own sender; nothing else changes.


class MessageKind(models.TextChoices):
    FEEDBACK = "feedback", _("제안자 회신")
    REMINDER = "reminder", _("답변 기한 알림")
    COMMITMENT = "commitment", _("협약 이행 약속 알림")
    DECISION = "decision", _("지원사업 선정 결과")
    MILESTONE = "milestone", _("이행 단계 알림")
    PROGRESS = "progress", _("진행 상황 안내")
    TRANSFER = "transfer", _("이관 안내")
    ACCOUNT = "account", _("계정 안내")
    ASSIGNMENT = "assignment", _("수요 배정 알림")
    ANSWERED = "answered", _("답변 등록 알림")
    VOICES_ADDED = "voices_added", _("새 목소리 알림")
    RECEIPT = "receipt", _("제안 접수 안내")
    STATUS_LINK = "status_link", _("상태 확인 링크 재발송")
    REJECTION = "rejection", _("제안 반려 안내")
    SUPPORT_LINK = "support_link", _("공감 확인 링크")
    WEBHOOK = "webhook", _("웹훅")
    DIGEST = "digest", _("하루 알림 모음")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("발송 대기")
    SENDING = "sending", _("발송 중")
    RETRYING = "retrying", _("재시도 대기")
    SENT = "sent", _("발송 완료")
    FAILED = "failed", _("발송 실패")
    # For a person who reads their notices once a day: kept for the digest, then sent inside it.
    HELD = "held", _("모아 보내기 대기")
    DIGESTED = "digested", _("모아 보냄")


class OutboxMessage(models.Model):
    """One message in the outbox (발송함), written in the same transaction as the decision that caused it.

    A worker claims it (status ``sending``), hands it to the channel's sender and marks it ``sent``; a failure
    schedules the next attempt (``next_attempt_at``) with back-off until the attempts run out (``failed``).
    ``message_id`` is fixed when the row is written, so a repeated delivery carries the same Message-ID.

    A notice for someone who chose the daily digest is ``held`` for them (``held_for``) and never sent alone:
    the digest that lists it is an outbox message of its own, and the notice then points at it (``digest``).
    """

    kind = models.CharField(_("종류"), max_length=16, choices=MessageKind.choices)
    channel = models.CharField(
        _("경로"), max_length=16, choices=OutboxChannel.choices, default=OutboxChannel.EMAIL
    )
    # Comma-separated addresses (e-mail; phone numbers for SMS later); a webhook's is the address it posts to.
    to = models.TextField(_("수신처"))
    subject = models.CharField(_("제목"), max_length=300)
    body = models.TextField(_("본문"))
    feedback = models.OneToOneField(
        Feedback, null=True, blank=True, on_delete=models.PROTECT, related_name="message"
    )
    demand = models.ForeignKey(
        "voices.Demand", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What makes a message the same message: a reminder is written once per demand, kind and day.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    status = models.CharField(
        _("상태"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("시도"), default=0)
    next_attempt_at = models.DateTimeField(_("다음 시도"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("마지막 오류"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("발송일시"), null=True, blank=True)
    held_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="digested"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("발송 메시지")
        verbose_name_plural = _("발송 메시지")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> list[str]:
        return [a.strip() for a in self.to.split(",") if a.strip()]
