"""Writing feedback to the outbox and delivering it."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.feedback.models import Channel, DeliveryStatus, Feedback, FeedbackItem
from sori.feedback.selectors import Owed, feedback_owed
from sori.registry.models import Organisation, Person

log = logging.getLogger(__name__)


def status_url(*, person: Person | None, organisation: Organisation | None) -> str:
    """Return the proposer's private status link (no login needed)."""
    token = person.status_token if person is not None else organisation.status_token  # type: ignore[union-attr]
    return f"{settings.SORI_SITE_URL}/status/{token}/"


def compose(owed: Owed) -> tuple[str, str]:
    """Return the subject and plain-text body of one proposer's feedback, covering all their proposals."""
    subject = _("[소리] 제안하신 내용의 처리 결과를 알려드립니다")
    body = render_to_string(
        "feedback/email/feedback.txt",
        {
            "owed": owed,
            "status_url": status_url(person=owed.person, organisation=owed.organisation),
        },
    )
    return subject, body


def owed_for(*, person: Person | None = None, organisation: Organisation | None = None) -> Owed | None:
    """Return what one proposer is owed, or None if nothing."""
    for owed in feedback_owed():
        if (person is not None and owed.person == person) or (
            organisation is not None and owed.person is None and owed.organisation == organisation
        ):
            return owed
    return None


@transaction.atomic
def feedback_send(
    *, actor: Any, person: Person | None = None, organisation: Organisation | None = None, channel: str = ""
) -> Feedback:
    """Write one proposer's feedback to the outbox and deliver it once the transaction commits.

    The channel defaults to e-mail when there is an address the proposer agreed to be contacted at, otherwise
    a letter to be handed over. Sending twice is harmless: proposals already told of their current answer are
    left out, and with nothing left the call refuses with a message.
    """
    owed = owed_for(person=person, organisation=organisation)
    if owed is None or not owed.items:
        raise ValidationError(_("이 제안자에게 새로 알릴 처리 결과가 없습니다."))
    address = owed.address
    channel = channel or (Channel.EMAIL if address else Channel.LETTER)
    if channel == Channel.EMAIL and not address:
        raise ValidationError(_("연락에 동의한 이메일 주소가 없습니다. 서면이나 상태 확인 링크로 알려 주세요."))
    subject, body = compose(owed)
    feedback = Feedback.objects.create(
        person=owed.person,
        organisation=owed.organisation if owed.person is None else owed.person.organisation,  # type: ignore[union-attr]
        channel=channel,
        address=address if channel == Channel.EMAIL else "",
        subject=subject,
        body=body,
        status=DeliveryStatus.QUEUED if channel == Channel.EMAIL else DeliveryStatus.RECORDED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        sent_at=None if channel == Channel.EMAIL else timezone.now(),
    )
    FeedbackItem.objects.bulk_create(
        FeedbackItem(feedback=feedback, proposal=proposal, disposition=disposition)
        for proposal, disposition in owed.items
    )
    audit.record(
        actor=actor,
        action="feedback.send",
        target=feedback,
        summary=_("%(who)s에게 %(count)s건 회신 (%(channel)s)")
        % {"who": owed.label, "count": len(owed.items), "channel": feedback.get_channel_display()},
        after={"channel": channel, "proposals": [p.id for p, _d in owed.items]},
    )
    for proposal, _d in owed.items:
        if proposal.demand_id:
            audit.record(actor=actor, action="feedback.item", target=proposal, scope=proposal.demand,
                         summary=_("%(who)s에게 회신") % {"who": owed.label})
    if channel == Channel.EMAIL:
        from sori.feedback.tasks import deliver

        transaction.on_commit(lambda: deliver.delay(feedback.id))
    return feedback


def feedback_deliver(*, feedback_id: int) -> Feedback:
    """Deliver one queued e-mail; a message already sent is never sent again."""
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(id=feedback_id)
        if feedback.status != DeliveryStatus.QUEUED and feedback.status != DeliveryStatus.FAILED:
            return feedback
        feedback.attempts += 1
        feedback.save(update_fields=["attempts"])
    message = EmailMessage(
        subject=feedback.subject, body=feedback.body, to=[feedback.address], from_email=settings.DEFAULT_FROM_EMAIL
    )
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any transport failure leaves the message queued for a retry
        log.warning("feedback %s not delivered: %s", feedback.id, exc)
        Feedback.objects.filter(id=feedback.id).update(status=DeliveryStatus.FAILED, last_error=str(exc)[:2000])
    else:
        Feedback.objects.filter(id=feedback.id).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
        )
    feedback.refresh_from_db()
    return feedback
