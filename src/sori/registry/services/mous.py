"""Writes to MOUs (업무협약) and their commitments; the follow-up stage moves only through ``mou_move``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.submissions import submission_claim, submission_complete
from sori.registry import workflow
from sori.registry.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Mou,
    MouStage,
    Organisation,
)

COMMITMENT_FIELDS = (
    "kind",
    "organisation",
    "description",
    "target_date",
    "target_number",
    "realised_number",
    "status",
    "realised_on",
)
# A commitment overdue and still open is reminded again after this many days.
REMIND_EVERY_DAYS = 30


def _mou_snapshot(mou: Mou) -> dict[str, Any]:
    return {
        "title": mou.title,
        "signed_on": mou.signed_on,
        "event": mou.event,
        "engagement": mou.engagement,
        "summary": mou.summary,
        "parties": [p.name for p in mou.parties.all()],
    }


@transaction.atomic
def mou_create(
    *,
    title: str,
    signed_on: dt.date,
    parties: Sequence[Organisation],
    actor: User | None,
    event: str = "",
    engagement: Any = None,
    summary: str = "",
    submission_key: str | None = None,
) -> Mou:
    """Record a signed MOU with at least one party; a repeated ``submission_key`` returns the first MOU."""
    if earlier := submission_claim(key=submission_key, action="mou.create", model=Mou):
        return earlier[0]
    if not parties:
        raise ValidationError(_("협약 기관을 한 곳 이상 고르세요."))
    if not title.strip():
        raise ValidationError(_("협약명을 적어 주세요."))
    mou = Mou.objects.create(
        title=title.strip(),
        signed_on=signed_on,
        event=event.strip(),
        engagement=engagement,
        summary=summary,
        stage=MouStage.SIGNED,
        stage_changed_on=signed_on,
    )
    mou.parties.set(parties)
    submission_complete(key=submission_key, targets=[mou])
    for org in parties:
        audit.record(
            actor=actor, action="mou.sign", target=org, scope=org, summary=mou.title, after={"mou": mou}
        )
    audit.record(actor=actor, action="mou.create", target=mou, summary=mou.title, after=_mou_snapshot(mou))
    return mou


@transaction.atomic
def mou_update(*, mou: Mou, actor: User, parties: Sequence[Organisation] | None = None, **fields: Any) -> Mou:
    """Change an MOU's title, date, event, meeting, summary or parties (not its stage: see ``mou_move``)."""
    allowed = {"title", "signed_on", "event", "engagement", "summary"}
    if set(fields) - allowed:
        raise TypeError(f"mou_update: unknown fields {sorted(set(fields) - allowed)}")
    mou = Mou.objects.select_for_update().get(pk=mou.pk)
    before = _mou_snapshot(mou)
    for f, v in fields.items():
        setattr(mou, f, v)
    mou.save()
    if parties is not None:
        if not parties:
            raise ValidationError(_("협약 기관을 한 곳 이상 고르세요."))
        mou.parties.set(parties)
    after = _mou_snapshot(mou)
    if before != after:
        audit.record(
            actor=actor, action="mou.update", target=mou, summary=mou.title, before=before, after=after
        )
    return mou


@transaction.atomic
def mou_move(*, mou: Mou, stage: str, actor: User | None, reason: str = "", on: dt.date | None = None) -> Mou:
    """Move an MOU along its follow-up pipeline; stalled and withdrawn need a ``reason``.

    A stalled MOU remembers where it stood; resuming is a move to a live stage.
    """
    mou = Mou.objects.select_for_update().get(pk=mou.pk)
    workflow.check_move(mou.stage, stage, reason)
    before = {"stage": mou.stage, "reason": mou.stage_reason}
    if stage == MouStage.STALLED:
        mou.stalled_from = mou.stage
    elif stage != MouStage.WITHDRAWN:
        mou.stalled_from = ""
    mou.stage = stage
    mou.stage_reason = reason.strip()
    mou.stage_changed_on = on or timezone.localdate()
    mou.save()
    audit.record(
        actor=actor,
        action="mou.move",
        target=mou,
        summary=f"{mou.title}: {MouStage(stage).label}",
        before=before,
        after={"stage": mou.stage, "reason": mou.stage_reason, "on": mou.stage_changed_on},
    )
    return mou


def _check_commitment(values: dict[str, Any], mou: Mou) -> None:
    kind = CommitmentKind(values["kind"])
    org = values.get("organisation")
    if org is not None and not mou.parties.filter(id=org.id).exists():
        raise ValidationError(_("약속 기관은 이 협약의 협약 기관 중에서 고르세요."))
    for f in ("target_number", "realised_number"):
        if values.get(f) is not None and values[f] < 0:
            raise ValidationError(_("목표와 실적은 0 이상의 수로 적어 주세요."))
    if kind in (CommitmentKind.JOBS, CommitmentKind.INVESTMENT) and values.get("target_number") is None:
        raise ValidationError(
            _("'%(kind)s' 약속에는 목표(%(unit)s)를 적어 주세요.")
            % {"kind": kind.label, "unit": _("명") if kind == CommitmentKind.JOBS else _("원")}
        )
    status = values.get("status", CommitmentStatus.PENDING)
    if status in (CommitmentStatus.FULFILLED, CommitmentStatus.PARTLY) and not values.get("realised_on"):
        raise ValidationError(_("이행했거나 일부 이행한 약속에는 이행일을 적어 주세요."))


@transaction.atomic
def commitment_add(
    *, mou: Mou, actor: User | None, submission_key: str | None = None, **fields: Any
) -> Commitment:
    """Add a commitment (office, relocation, jobs, investment, joint project) to an MOU."""
    if earlier := submission_claim(key=submission_key, action="commitment.add", model=Commitment):
        return earlier[0]
    if set(fields) - set(COMMITMENT_FIELDS):
        raise TypeError(f"commitment_add: unknown fields {sorted(set(fields) - set(COMMITMENT_FIELDS))}")
    _check_commitment(fields, mou)
    item = Commitment.objects.create(mou=mou, **fields)
    submission_complete(key=submission_key, targets=[item])
    audit.record(
        actor=actor,
        action="commitment.add",
        target=item,
        scope=mou,
        summary=str(item),
        after={f: getattr(item, f) for f in COMMITMENT_FIELDS},
    )
    return item


@transaction.atomic
def commitment_update(*, commitment: Commitment, actor: User, **fields: Any) -> Commitment:
    """Record progress on a commitment: realised number, status, date of fulfilment, a new target."""
    if set(fields) - set(COMMITMENT_FIELDS):
        raise TypeError(f"commitment_update: unknown fields {sorted(set(fields) - set(COMMITMENT_FIELDS))}")
    item = Commitment.objects.select_for_update().select_related("mou").get(pk=commitment.pk)
    values = {f: getattr(item, f) for f in COMMITMENT_FIELDS}
    before = dict(values)
    values.update(fields)
    _check_commitment(values, item.mou)
    changed = {f: v for f, v in values.items() if before[f] != v}
    if not changed:
        return item
    for f, v in changed.items():
        setattr(item, f, v)
    item.save()
    audit.record(
        actor=actor,
        action="commitment.update",
        target=item,
        scope=item.mou,
        summary=str(item),
        before={f: before[f] for f in changed},
        after=changed,
    )
    return item


@dataclass(frozen=True)
class Reminder:
    """One overdue commitment to remind staff (and the firm's contact, once mail goes through the outbox)."""

    commitment: Commitment
    days_over: int
    recipients: tuple[str, ...]


def commitment_reminders_due(today: dt.date) -> list[Reminder]:
    """Return open commitments past their target date not reminded in the last 30 days, most overdue first.

    Commitments of withdrawn MOUs are not reminded. Nothing is sent here: the caller delivers and then marks
    them with ``commitment_reminded``.
    """
    from sori.registry.selectors import overdue_commitments

    due = []
    for item in overdue_commitments(today):
        if item.reminded_on and (today - item.reminded_on).days < REMIND_EVERY_DAYS:
            continue
        org = item.organisation
        recipients = tuple(e for e in ([org.email] if org is not None and org.email else []))
        assert item.target_date is not None  # overdue_commitments only returns dated ones
        due.append(Reminder(item, (today - item.target_date).days, recipients))
    return due


SNOOZE_DAYS = 30


@transaction.atomic
def commitment_snooze(
    *, commitment: Commitment, actor: User, days: int = SNOOZE_DAYS, today: dt.date | None = None
) -> Commitment:
    """Keep an overdue commitment off the home page for ``days``; it returns then if still unkept."""
    until = (today or timezone.localdate()) + dt.timedelta(days=days)
    Commitment.objects.filter(pk=commitment.pk).update(snoozed_until=until)
    commitment.snoozed_until = until
    audit.record(
        actor=actor,
        action="commitment.snooze",
        target=commitment,
        scope=commitment.mou,
        summary=str(commitment),
        after={"until": until},
    )
    return commitment


@transaction.atomic
def commitment_reminded(*, commitments: Sequence[Commitment], on: dt.date, actor: User | None = None) -> int:
    """Mark commitments as reminded on ``on``; return how many."""
    ids = [c.id for c in commitments]
    for item in Commitment.objects.filter(id__in=ids).select_related("mou"):
        audit.record(actor=actor, action="commitment.remind", target=item, scope=item.mou, summary=str(item))
    return Commitment.objects.filter(id__in=ids).update(reminded_on=on)
