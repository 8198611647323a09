"""Personal data in feedback: copies in letters and mail, mail to erased people, and the retention period.

The proposal form's consent notice (``public/propose.html``) promises that what a web proposer gives is kept
for ``SORI_CONTACT_RETENTION_DAYS`` after their proposals were dealt with, then destroyed. ``contacts_purge``
keeps that promise for e-mail addresses and phone numbers: it runs every night (beat task
``sori.privacy.purge``, or ``sori privacy purge`` from cron) and empties the contacts of each person who
consented on the web form and whose last proposal and last reply are older than the period, with every copy
of them in letters, mail and the trail, and writes one audit record per run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sori.core import audit, hooks
from sori.core.privacy import register_copies
from sori.feedback.models import DeliveryStatus, Feedback, MessageStatus, OutboxChannel, OutboxMessage
from sori.feedback.outbox import DELIVERABLE
from sori.registry.erasure import PERSON_ERASE, person_erase
from sori.registry.models import Person
from sori.voices.models import Proposal

PURGE_TARGET = "privacy.retention"


def retention_days() -> int:
    """Return how many days web proposers' contacts are kept (``SORI_CONTACT_RETENTION_DAYS``)."""
    return int(getattr(settings, "SORI_CONTACT_RETENTION_DAYS", 3 * 365))


def retention_period() -> str:
    """Return the period in words for the consent notice: "3년" for whole years of 365 days, else "N일"."""
    days = retention_days()
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return _("%(n)s년") % {"n": years}
    return ngettext("%(n)s일", "%(n)s일", days) % {"n": days}


# ----------------------------------------------------------------------------------------------------
# Mail that must not go out any more


def mail_stop(*, addresses: list[str]) -> int:
    """Take ``addresses`` out of every message not yet delivered; a message left with nobody is not sent.

    Return how many messages changed. Messages being handed over right now (``sending``) are left alone.
    """
    wanted = {a.strip().casefold() for a in addresses if a.strip()}
    if not wanted:
        return 0
    condition = Q()
    for address in wanted:
        condition |= Q(to__icontains=address)
    changed = 0
    # Only mail has people as recipients; a webhook's address is a city system's.
    waiting = OutboxMessage.objects.filter(channel=OutboxChannel.EMAIL, status__in=DELIVERABLE)
    for message in waiting.select_for_update().filter(condition):
        keep = [a for a in message.recipients if a.casefold() not in wanted]
        if keep == message.recipients:
            continue
        to = ", ".join(keep)
        if keep:
            OutboxMessage.objects.filter(pk=message.pk).update(to=to)
            mirror: dict[str, Any] = {"address": to}
        else:
            error = _("받는 사람의 개인정보를 삭제해 보내지 않았습니다.")
            OutboxMessage.objects.filter(pk=message.pk).update(
                to=to, status=MessageStatus.FAILED, next_attempt_at=None, last_error=error
            )
            mirror = {"address": to, "status": DeliveryStatus.FAILED, "last_error": error}
        if message.feedback_id is not None:
            Feedback.objects.filter(pk=message.feedback_id).update(**mirror)
        changed += 1
    return changed


def stop_mail_to_erased(*, person: Person, actor: User | None = None, **_: Any) -> None:
    """Hook of ``registry.person_erase``: no mail still waiting goes to the person being erased."""
    mail_stop(addresses=[person.email])


# ----------------------------------------------------------------------------------------------------
# The retention period


def contacts_due(*, now: dt.datetime | None = None) -> QuerySet[Person]:
    """Return the people whose contacts the retention period has run out for.

    They consented on the web form (a proposal with ``consent_at``), are not erased yet, and both
    their last proposal (by any channel) and the last reply about any of their proposals are older than
    ``retention_days()`` before ``now``.
    """
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days())
    web = Proposal.objects.filter(consent_at__isnull=False, person__isnull=False).values("person")
    return (
        Person.objects.filter(pk__in=web, erased_at__isnull=True)
        .annotate(
            last_proposal=Max("proposals__received_at"),
            last_reply=Max("proposals__feedback_items__feedback__created_at"),
            last_letter=Max("feedback__created_at"),
        )
        .filter(last_proposal__lt=cutoff)
        .filter(Q(last_reply__isnull=True) | Q(last_reply__lt=cutoff))
        .filter(Q(last_letter__isnull=True) | Q(last_letter__lt=cutoff))
        .order_by("id")
    )


@dataclass(frozen=True)
class Purge:
    """One run of the retention purge: people whose contacts were (or, dry, would be) destroyed."""

    people: int
    copies: int
    stopped: int
    dry_run: bool


@transaction.atomic
def contacts_purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> Purge:
    """Erase everyone ``contacts_due`` returns — name, e-mail, phone and every copy of them.

    Writes one audit record per run (with the count, none of the contacts), also when nobody was due; a dry
    run only counts and writes nothing.
    """
    due = list(contacts_due(now=now))
    if dry_run:
        return Purge(people=len(due), copies=0, stopped=0, dry_run=True)
    # The consent notice promises to destroy what was collected — name and contacts — after the period:
    # each person is erased as on request (their proposals and the answers stay, under "익명 제안자").
    copies = stopped = 0
    reason = _("보유 기간(%(period)s) 경과에 따른 파기") % {"period": retention_period()}
    for person in due:
        stopped += mail_stop(addresses=[person.email]) if person.email else 0
        copies += person_erase(person=person, actor=None, reason=reason).copies
    audit.record(
        actor=None,
        action="privacy.purge",
        target=PURGE_TARGET,
        summary=_("보유 기간(%(period)s)이 지난 개인정보 파기: %(n)s명")
        % {"period": retention_period(), "n": len(due)},
        after={"people": len(due), "copies": copies, "stopped": stopped, "days": retention_days()},
    )
    return Purge(people=len(due), copies=copies, stopped=stopped, dry_run=False)


def register() -> None:
    register_copies("feedback.Feedback", ("address", "subject", "body", "last_error"))
    register_copies("feedback.OutboxMessage", ("to", "subject", "body", "last_error"))
    hooks.register_hook(PERSON_ERASE, stop_mail_to_erased)
