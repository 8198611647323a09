"""Notices at the hand-offs, through the outbox, written in the transaction that hands the work over.

- A demand sent to a department (소관부서 지정): its officers and its own address hear of it, with the
  deadline and the page to answer on.
- An answer recorded: the committee's staff hear of it, to send the replies it makes owed.
- New voices joining a demand already answered: its department is asked whether the answer still stands
  (at most one notice per demand a day, however many additions).
- A proposal from the public site: the proposer, if they gave an address and agreed to be written to, gets a
  receipt with their private status link — the page they were shown is otherwise the only place it is.
- A web submission rejected by staff: the proposer hears why.
- A proposer who lost the link asks for it again with their address (``status_links_resend``).

Each is one message per event and recipient (a dedupe key), so a repeated request sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.core.roles import Role
from sori.feedback.deadlines import department_addresses
from sori.feedback.links import status_url
from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.policy.models import Disposition
from sori.policy.selectors import new_voices
from sori.registry.models import Person
from sori.voices.models import Demand, Proposal, Stage


def _site(path: str) -> str:
    return settings.SORI_SITE_URL.rstrip("/") + path


def _write(*, key: str, kind: str, to: list[str], template: str, subject: str, **context: Any) -> bool:
    """Write one message unless its key is in the outbox already; return whether it was written."""
    if not to or OutboxMessage.objects.filter(dedupe_key=key).exists():
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        try:
            with transaction.atomic():
                message_enqueue(
                    kind=kind,
                    to=to,
                    subject=str(subject),
                    body=body,
                    demand=context.get("demand"),
                    organisation=context.get("organisation"),
                    dedupe_key=key,
                )
        except IntegrityError:
            return False  # written a moment ago by the same request sent twice
    return True


def assignment_notify(*, demand: Demand, actor: User | None) -> bool:
    """Tell the department a demand is now theirs to answer (each assignment once)."""
    department = demand.department
    if department is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] 답변할 정책 수요가 배정되었습니다: %(title)s") % {"title": demand.title[:100]}
    stamp = demand.assigned_at.isoformat() if demand.assigned_at else ""
    return _write(
        key=f"assigned:{demand.id}:{department.id}:{stamp}",
        kind=MessageKind.ASSIGNMENT,
        to=department_addresses(department),
        template="feedback/email/assigned.txt",
        subject=subject,
        demand=demand,
        organisation=department,
        proposals=demand.proposals.count(),
        url=_site(reverse("policy:decide", args=[demand.id])),
    )


def voices_added_notify(*, demand: Demand, proposal_ids: list[int], actor: User | None) -> bool:
    """Ask an answered demand's department whether its answer still stands for the voices just added."""
    department = demand.department
    if demand.stage != Stage.ANSWERED or department is None:
        return False
    voices = new_voices(demand)
    if voices is None or not voices.proposals:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] 답변한 수요에 새 목소리가 더해졌습니다: %(title)s") % {
            "title": demand.title[:100]
        }
    # One a day per demand: a morning of additions is one question, not one mail per click.
    return _write(
        key=f"voices_added:{demand.id}:{timezone.localdate().isoformat()}",
        kind=MessageKind.VOICES_ADDED,
        to=department_addresses(department),
        template="feedback/email/voices_added.txt",
        subject=subject,
        demand=demand,
        organisation=department,
        voices=voices,
        url=_site(reverse("policy:decide", args=[demand.id]) + "#new-voices"),
    )


def answer_notify(*, disposition: Disposition, previous: Disposition | None, actor: User | None) -> int:
    """Tell the committee's staff (other than the one who recorded it) that a demand has its answer."""
    staff = User.objects.filter(is_active=True, profile__role=Role.STAFF).exclude(email="")
    if actor is not None:
        staff = staff.exclude(id=actor.id)
    demand = disposition.demand
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] 답변이 등록되었습니다: %(title)s") % {"title": demand.title[:100]}
    written = 0
    for user in staff.order_by("id"):
        written += _write(
            key=f"answered:{disposition.id}:{user.id}",
            kind=MessageKind.ANSWERED,
            to=[user.email],
            template="feedback/email/answered.txt",
            subject=subject,
            demand=demand,
            disposition=disposition,
            revised=previous is not None,
            url=_site(reverse("feedback:owed")),
            demand_url=_site(reverse("voices:demand_detail", args=[demand.id])),
        )
    return written


def _to_web_proposer(
    proposal: Proposal, *, key: str, kind: str, template: str, subject: str, **extra: Any
) -> bool:
    """Write to the person behind a web proposal, if they gave an address and agreed to be written to."""
    person = proposal.person
    if person is None or not person.email or not person.contact_consent:
        return False
    return _write(
        key=key,
        kind=kind,
        to=[person.email],
        template=template,
        subject=subject,
        proposal=proposal,
        person=person,
        status_url=status_url(person=person, organisation=None),
        **extra,
    )


def receipt_notify(*, proposal: Proposal, actor: User | None) -> bool:
    """Send a web proposer the receipt of their proposal with their private status link."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] 제안을 접수했습니다")
    return _to_web_proposer(
        proposal,
        key=f"receipt:{proposal.id}",
        kind=MessageKind.RECEIPT,
        template="feedback/email/receipt.txt",
        subject=subject,
    )


def rejection_notify(*, proposal: Proposal, actor: User | None) -> bool:
    """Tell a web proposer who agreed to be written to that their proposal was not taken, and why."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] 보내주신 제안을 접수하지 못했습니다")
    return _to_web_proposer(
        proposal,
        key=f"rejected:{proposal.id}",
        kind=MessageKind.REJECTION,
        template="feedback/email/rejected.txt",
        subject=subject,
        contact_url=_site(reverse("public:contact")),
    )


def status_links_resend(*, email: str, now: dt.datetime | None = None) -> bool:
    """Send the status links of every proposal made with ``email``, at most once an hour per address.

    Returns whether a message was written; the page says the same thing either way, so nobody learns from
    it whether an address has proposed.
    """
    email = email.strip()
    people = list(Person.objects.filter(email__iexact=email).order_by("id")) if email else []
    if not people:
        return False
    hour = (now or timezone.now()).strftime("%Y%m%d%H")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] 제안 처리 상황을 확인하는 링크입니다")
    return _write(
        key=f"relink:{email.lower()}:{hour}",
        kind=MessageKind.STATUS_LINK,
        to=[people[0].email],
        template="feedback/email/status_links.txt",
        subject=subject,
        links=[(p, status_url(person=p, organisation=None)) for p in people],
    )
