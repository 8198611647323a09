"""Progress and transfer notices to proposers (진행 상황·이관 안내), through the outbox, once per slip.

Korean petition law asks that a proposer hear how things stand when handling takes long, with the reason
and the expected date, and be told when a proposal goes to another body. Sori writes:

- a **progress notice** when a demand is still unanswered the day after its first-answer deadline (once per
  deadline: a deadline set again and missed again is a new slip), and when a milestone slips (지연; once per
  delay, ``Milestone.slips``);
- a **transfer notice** when an answer refers the demand to another body (타 기관 이관), naming it.

Each goes to every proposer of the demand: one message per organisation (its contact people and its own
address) and one per person without an organisation, with a dedupe key per slip and recipient. Each slip
is one audit record on the demand. Proposers with no address to write to see the same on their status page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.formatting import kdate
from sori.core.workdays import add_days
from sori.feedback.links import status_url
from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.feedback.selectors import Owed, organisation_of
from sori.policy.models import Disposition, Milestone
from sori.registry.models import Person
from sori.voices.deadlines import answer_rule_for
from sori.voices.models import Demand, Moderation, Proposal, Stage
from sori.voices.outcomes import Outcome


def recipients_of(demand: Demand) -> list[Owed]:
    """Return who asked for ``demand``: one entry per organisation (with its contacts) and per person
    without one, each with no items — only whom to write to and where."""
    proposals = Proposal.objects.filter(demand=demand, moderation=Moderation.ACCEPTED).select_related(
        "person__organisation", "organisation"
    )
    found: dict[tuple[str, int], Owed] = {}
    for proposal in proposals.order_by("received_at", "id"):
        org_id = organisation_of(proposal)
        if org_id is not None:
            org = proposal.organisation or proposal.person.organisation  # type: ignore[union-attr]
            found.setdefault(("org", org_id), Owed(person=None, organisation=org))
        elif proposal.person is not None:
            found.setdefault(("person", proposal.person.id), Owed(person=proposal.person, organisation=None))
    org_ids = [o.organisation.id for o in found.values() if o.organisation is not None]
    contacts: dict[int, list[Person]] = {}
    for person in Person.objects.filter(organisation_id__in=org_ids, contact_consent=True).exclude(email=""):
        contacts.setdefault(person.organisation_id, []).append(person)  # type: ignore[arg-type]
    for entry in found.values():
        if entry.organisation is not None:
            entry.contacts = contacts.get(entry.organisation.id, [])
    return sorted(found.values(), key=lambda o: o.label)


@dataclass(frozen=True)
class Notice:
    """One slip or transfer to tell the proposers of a demand about."""

    kind: str  # "answer" (first answer late), "milestone" (a milestone slipped) or "transfer"
    slip: str  # what makes it the same slip: "answer:12:2025-11-28", "milestone:5:2", "transfer:31"
    demand: Demand
    reason: str
    new_date: dt.date | None = None
    milestone: Milestone | None = None
    referred_to: str = ""


def _subject(notice: Notice) -> str:
    if notice.kind == "transfer":
        return _("[소리] 제안하신 내용을 %(body)s(으)로 이관했습니다") % {"body": notice.referred_to}
    return _("[소리] 제안하신 내용의 진행 상황을 알려드립니다: %(title)s") % {
        "title": notice.demand.title[:100]
    }


def _notify(notice: Notice, *, actor: User | None) -> int:
    """Write the notice once per recipient (skipping those already told of this slip); return how many."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _subject(notice)
        written: list[str] = []
        unreachable: list[str] = []
        for recipient in recipients_of(notice.demand):
            addresses = recipient.addresses
            if not addresses:
                unreachable.append(recipient.label)
                continue
            key = f"notice:{notice.slip}:{recipient.key}"
            if OutboxMessage.objects.filter(dedupe_key=key).exists():
                continue
            body = render_to_string(
                "feedback/email/progress.txt",
                {
                    "notice": notice,
                    "recipient": recipient,
                    "status_url": status_url(person=recipient.person, organisation=recipient.organisation),
                },
            )
            try:
                with transaction.atomic():
                    message_enqueue(
                        kind=MessageKind.TRANSFER if notice.kind == "transfer" else MessageKind.PROGRESS,
                        to=addresses,
                        subject=subject,
                        body=body,
                        demand=notice.demand,
                        organisation=recipient.organisation,
                        dedupe_key=key,
                    )
            except IntegrityError:
                continue  # another run wrote it a moment ago
            written.append(recipient.label)
        if written:
            action = "transfer.notify" if notice.kind == "transfer" else "progress.notify"
            audit.record(
                actor=actor,
                action=action,
                target=notice.milestone or notice.demand,
                scope=notice.demand,
                summary=_("제안자 %(n)s곳에 안내: %(subject)s") % {"n": len(written), "subject": subject},
                after={
                    "to": written,
                    "unreachable": unreachable,
                    "reason": notice.reason,
                    "new_date": notice.new_date,
                    "referred_to": notice.referred_to,
                },
            )
    return len(written)


def milestone_slip_notify(*, milestone: Milestone, previous_date: dt.date, actor: User) -> int:
    """Tell the proposers a milestone slipped, why and to when (called in the delay's transaction)."""
    notice = Notice(
        kind="milestone",
        slip=f"milestone:{milestone.id}:{milestone.slips}",
        demand=milestone.disposition.demand,
        reason=milestone.reason,
        new_date=milestone.planned_date,
        milestone=milestone,
    )
    return _notify(notice, actor=actor)


def transfer_notify(*, disposition: Disposition, previous: Disposition | None, actor: User) -> int:
    """Tell the proposers their demand went to another body, when an answer newly refers it there."""
    if disposition.outcome != Outcome.REFERRED:
        return 0
    if (
        previous is not None
        and previous.outcome == Outcome.REFERRED
        and previous.referred_to.strip() == disposition.referred_to.strip()
    ):
        return 0  # a revised wording of the same referral: they were told already
    notice = Notice(
        kind="transfer",
        slip=f"transfer:{disposition.id}",
        demand=disposition.demand,
        reason=disposition.reason,
        referred_to=disposition.referred_to,
    )
    return _notify(notice, actor=actor)


def expected_answer_date(demand: Demand, today: dt.date) -> dt.date:
    """Return the date a late first answer is now expected: one more answer period (the demand's own rule),
    counted from the missed deadline or from today, whichever is later."""
    assert demand.answer_due is not None
    rule = answer_rule_for(demand)
    start = max(demand.answer_due, today)
    return add_days(start, rule.days, working=rule.working)


@dataclass(frozen=True)
class NoticeSummary:
    written: int = 0
    demands: int = 0


def progress_notices_send(*, today: dt.date | None = None) -> NoticeSummary:
    """Tell the proposers of every demand unanswered past its first-answer deadline; once per deadline.

    Safe to run any number of times: each (deadline, recipient) is written once.
    """
    today = today or timezone.localdate()
    written = demands = 0
    late = Demand.objects.filter(
        stage=Stage.ASSIGNED, answer_due__lt=today, department__isnull=False
    ).select_related("department")
    for demand in late.order_by("answer_due", "id"):
        assert demand.answer_due is not None and demand.department is not None
        with translation.override(settings.LANGUAGE_CODE):
            reason = _(
                "%(department)s의 검토가 답변 기한(%(due)s) 안에 끝나지 않았습니다. 위원회 사무국이 답변을 "
                "독촉하고 있습니다."
            ) % {"department": demand.department.name, "due": kdate(demand.answer_due)}
        notice = Notice(
            kind="answer",
            slip=f"answer:{demand.id}:{demand.answer_due.isoformat()}",
            demand=demand,
            reason=reason,
            new_date=expected_answer_date(demand, today),
        )
        n = _notify(notice, actor=None)
        written += n
        demands += 1 if n else 0
    return NoticeSummary(written=written, demands=demands)
