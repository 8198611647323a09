"""Writing feedback to the outbox and delivering it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.core import audit
from sori.feedback.links import status_url
from sori.feedback.models import (
    Channel,
    DeliveryStatus,
    Feedback,
    FeedbackItem,
    MessageKind,
    OutboxMessage,
)
from sori.feedback.notes import check_note, feedback_drafts_end, latest_note_for
from sori.feedback.outbox import message_enqueue, message_requeue
from sori.feedback.selectors import Owed, feedback_owed
from sori.policy.models import Disposition
from sori.policy.repeats import AskedBeforeAnswers, EarlierAnswer, asked_before_with_answers_many
from sori.registry.models import Organisation, Person

log = logging.getLogger(__name__)


def compose(owed: Owed, note: str = "") -> tuple[str, str]:
    """Return the subject and plain-text body of one proposer's feedback, covering all their proposals.

    ``note`` is staff's own words, put after the greeting. Written in the site's language (Korean), whatever
    language the sending staff member reads the site in.
    """
    history = asked_before_with_answers_many({d.demand_id for _p, d in owed.items}) if owed.items else {}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] 제안하신 내용의 처리 결과를 알려드립니다")
        body = render_to_string(
            "feedback/email/feedback.txt",
            {
                "owed": owed,
                "note": note,
                "rows": [(p, d, _earlier(history, d)) for p, d in owed.items],
                "status_url": status_url(person=owed.person, organisation=owed.organisation),
            },
        )
    return subject, body


def _earlier(history: dict[int, AskedBeforeAnswers], disposition: Disposition) -> tuple[EarlierAnswer, ...]:
    """Return the earlier demands the answered demand repeats, each with its answer (for the message)."""
    found = history.get(disposition.demand_id)
    return found.answers if found is not None else ()


def owed_for(*, person: Person | None = None, organisation: Organisation | None = None) -> Owed | None:
    """Return what one recipient is owed, or None if nothing.

    A person who belongs to an organisation is answered in its letter: asking for them returns the
    organisation's.
    """
    if person is not None and person.organisation_id is not None:
        organisation, person = person.organisation, None
    if person is None and organisation is None:
        return None
    for owed in feedback_owed(person=person, organisation=organisation):
        if (person is not None and owed.person == person) or (
            organisation is not None and owed.person is None and owed.organisation == organisation
        ):
            return owed
    return None


@transaction.atomic
def feedback_send(
    *,
    actor: User,
    person: Person | None = None,
    organisation: Organisation | None = None,
    channel: str = "",
    note: str | None = None,
) -> Feedback:
    """Write one recipient's feedback to the outbox and deliver it once the transaction commits.

    An organisation gets one message covering every voice of its people, e-mailed to its contact people
    (those who agreed to be written to) and its own address; a person without an organisation gets their
    own. Each proposal covered is one ``FeedbackItem``. The channel defaults to e-mail when there is an
    address, otherwise a letter to be handed over. Sending twice is harmless: proposals already told of
    their current answer are left out, and with nothing left the call refuses with a message.

    ``note`` (덧붙이는 말) goes at the head of the message; None takes the latest draft note for the
    recipient. Every draft note for the recipient ends with the message.
    """
    owed = owed_for(person=person, organisation=organisation)
    if owed is None or not owed.items:
        raise ValidationError(_("이 제안자에게 새로 알릴 처리 결과가 없습니다."))
    addresses = owed.addresses
    address = ", ".join(addresses)
    channel = channel or (Channel.EMAIL if address else Channel.LETTER)
    if channel == Channel.EMAIL and not address:
        raise ValidationError(
            _("연락에 동의한 이메일 주소가 없습니다. 서면이나 상태 확인 링크로 알려 주세요.")
        )
    if note is None:
        note = latest_note_for(person=owed.person, organisation=None if owed.person else owed.organisation)
    note = check_note(note)
    subject, body = compose(owed, note)
    feedback = Feedback.objects.create(
        person=owed.person,
        organisation=owed.organisation,
        channel=channel,
        address=address if channel == Channel.EMAIL else "",
        subject=subject,
        body=body,
        note=note,
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
        after={
            "channel": channel,
            "proposals": [p.id for p, _d in owed.items],
            "people": owed.people,
            "to": addresses if channel == Channel.EMAIL else [],
            "note": note,
        },
    )
    feedback_drafts_end(person=owed.person, organisation=None if owed.person else owed.organisation)
    for proposal, _d in owed.items:
        if proposal.demand_id:
            audit.record(
                actor=actor,
                action="feedback.item",
                target=proposal,
                scope=proposal.demand,
                summary=_("%(who)s에게 회신") % {"who": owed.label},
            )
    if channel == Channel.EMAIL:
        message_enqueue(
            kind=MessageKind.FEEDBACK,
            to=addresses,
            subject=subject,
            body=body,
            feedback=feedback,
            organisation=feedback.organisation,
        )
    return feedback


@dataclass(frozen=True)
class SendSummary:
    """What one "모두 보내기" did: messages per channel and delivery state, and who could not be sent to."""

    sent: int = 0
    queued: int = 0
    failed: int = 0
    letters: int = 0
    links: int = 0
    skipped: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.sent + self.queued + self.failed + self.letters + self.links


def feedback_send_all(*, actor: User) -> SendSummary:
    """Send every proposer owed feedback their message, each through its own ``feedback_send`` call.

    Each proposer is one transaction, so one failure neither blocks nor undoes the others. The channel is each
    proposer's default: e-mail where they consented to an address, otherwise a letter to print.
    """
    ids: list[int] = []
    skipped: list[str] = []
    for owed in feedback_owed():
        try:
            feedback = feedback_send(
                actor=actor, person=owed.person, organisation=None if owed.person else owed.organisation
            )
        except (ValidationError, IntegrityError):
            # Sent meanwhile by someone else, or nothing left to tell: nothing to undo, nothing to count.
            skipped.append(owed.label)
            continue
        ids.append(feedback.id)
    counts = {"sent": 0, "queued": 0, "failed": 0, "letters": 0, "links": 0}
    for channel, status in Feedback.objects.filter(id__in=ids).values_list("channel", "status"):
        if channel == Channel.LETTER:
            counts["letters"] += 1
        elif channel == Channel.LINK:
            counts["links"] += 1
        elif status == DeliveryStatus.SENT:
            counts["sent"] += 1
        elif status in (DeliveryStatus.FAILED, DeliveryStatus.RETRYING):
            counts["failed"] += 1  # not delivered yet; a retrying one goes again by itself
        else:
            counts["queued"] += 1
    return SendSummary(**counts, skipped=tuple(skipped))


@transaction.atomic
def feedback_retry(*, feedback: Feedback, actor: User) -> Feedback:
    """Send a failed or retry-waiting e-mail now, once the transaction commits; other messages are refused."""
    feedback = Feedback.objects.select_for_update().get(id=feedback.id)
    waiting = (DeliveryStatus.FAILED, DeliveryStatus.RETRYING)
    message = OutboxMessage.objects.filter(feedback=feedback).first()
    if feedback.channel != Channel.EMAIL or feedback.status not in waiting or message is None:
        raise ValidationError(_("발송에 실패한 이메일만 다시 보낼 수 있습니다."))
    before = {"status": feedback.status, "last_error": feedback.last_error[:200]}
    feedback.status = DeliveryStatus.QUEUED
    feedback.save(update_fields=["status"])
    message_requeue(message=message)
    audit.record(
        actor=actor,
        action="feedback.retry",
        target=feedback,
        summary=_("%(address)s로 다시 보내기 (%(attempts)s번째 시도 예정)")
        % {"address": feedback.address, "attempts": feedback.attempts + 1},
        before=before,
        after={"status": DeliveryStatus.QUEUED},
    )
    return feedback
