"""Webhooks: the city's systems hear of decisions as signed JSON posts, delivered through the outbox."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Only web addresses: a ``javascript:``, ``ftp:`` or ``file:`` address is refused before anything is sent.
web_url = URLValidator(
    schemes=["http", "https"], message=_("http:// 또는 https://로 시작하는 주소를 적어 주세요.")
)


class WebhookEvent(models.TextChoices):
    """What a city system may subscribe to; ``PING`` is only sent by hand, to test a subscription."""

    DEMAND_ANSWERED = "demand.answered", _("정책 수요 답변 등록")
    AWARD_CONFIRMED = "award.confirmed", _("지원사업 협약 확정")
    USAGE_IMPORTED = "usage.imported", _("자원 사용량 반영")
    PING = "ping", _("연결 시험")


SUBSCRIBABLE = [e for e in WebhookEvent if e != WebhookEvent.PING]


class WebhookSubscription(models.Model):
    """A city system's subscription (웹훅 구독): where it takes posts, which events, its signing secret.

    ``secret`` (서명 비밀값) is made by Sori, shown once when made or rotated, and signs every delivery with
    HMAC-SHA256; a retry is signed with the secret as it is when sent. Only an active subscription gets new
    deliveries, and deliveries still waiting when it stops are not sent.
    """

    name = models.CharField(_("이름"), max_length=100)
    url = models.URLField(_("수신 주소"), max_length=500, validators=[web_url])
    # Event names (``WebhookEvent`` values), sorted; a list because SQLite has no JSON "contains".
    events = models.JSONField(_("이벤트"), default=list)
    secret = models.CharField(_("서명 비밀값"), max_length=128, editable=False)
    secret_set_at = models.DateTimeField(_("비밀값 발급일시"))
    active = models.BooleanField(_("사용"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("웹훅 구독")
        verbose_name_plural = _("웹훅 구독")

    def __str__(self) -> str:
        return self.name

    def event_labels(self) -> list[str]:
        return [str(WebhookEvent(e).label) for e in self.events if e in WebhookEvent.values]


class WebhookDelivery(models.Model):
    """Which subscription an outbox message (발송 메시지) is for, so its sender finds the address and secret.

    The message row itself belongs to the outbox (status, attempts, errors); feedback never imports webhooks,
    so the link lives here.
    """

    message = models.OneToOneField(
        "feedback.OutboxMessage", on_delete=models.CASCADE, related_name="webhook_delivery"
    )
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("이벤트"), max_length=40, choices=WebhookEvent.choices)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("웹훅 발송")
        verbose_name_plural = _("웹훅 발송")

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id}"
