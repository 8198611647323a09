"""Recording proposals: one at a time, a meeting's lines at once, or from the public site."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.attachments.services import attachment_add
from sori.core import audit, hooks
from sori.core.roles import Role, role_of
from sori.core.submissions import submission_claim, submission_complete
from sori.engagement.models import Engagement
from sori.registry.models import Organisation, Person
from sori.registry.services import organisation_get_or_create, person_create
from sori.voices import events
from sori.voices.intake.lines import entry_plan, line_resolve
from sori.voices.models import Moderation, Proposal, Source, Theme

# "조직명: 내용" — a short prefix before the first colon names the organisation.
_PREFIX = re.compile(r"^\s*(?P<org>[^:：\n]{1,60}?)\s*[:：]\s*(?P<text>\S.*)$")
_BULLET = re.compile(r"^\s*(?:[-*•▲△○●▶·]|\d{1,3}[.)])\s*")


_batch = threading.local()


@contextmanager
def suggestions_batched() -> Iterator[None]:
    """Within the block, the proposals recorded ask for their demand suggestions in one task, after commit.

    Without it each proposal queues its own task: right for one entry, wasteful for an import of thousands.
    Use it inside the caller's transaction; if the block fails, nothing is queued.
    """
    if getattr(_batch, "ids", None) is not None:
        yield  # already batching: the outer block queues
        return
    _batch.ids = []
    try:
        yield
        ids = list(_batch.ids)
    finally:
        _batch.ids = None
    if ids:
        transaction.on_commit(partial(_queue_suggestions, ids))


def _queue_suggestions(proposal_ids: list[int]) -> None:
    from sori.voices.organise.suggest import suggest_after_commit

    suggest_after_commit(proposal_ids)


def _suggest_demand_later(proposal_id: int) -> None:
    pending = getattr(_batch, "ids", None)
    if pending is not None:
        pending.append(proposal_id)
    else:
        transaction.on_commit(partial(_queue_suggestions, [proposal_id]))


def validate_text(text: str) -> str:
    """Return the stripped text or raise ValidationError saying what to do."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("내용이 비어 있습니다. 제안 내용을 입력해 주세요."))
    limit = settings.SORI_MAX_TEXT_LENGTH
    if len(text) > limit:
        raise ValidationError(
            _("내용이 %(length)s자로 너무 깁니다. %(limit)s자 이하로 나누어 입력해 주세요.")
            % {"length": f"{len(text):,}", "limit": f"{limit:,}"}
        )
    return text


@transaction.atomic
def proposal_record(
    *,
    text: str,
    actor: User | None,
    organisation: Organisation | None = None,
    person: Person | None = None,
    engagement: Engagement | None = None,
    source: str = Source.MEETING,
    received_at: dt.datetime | None = None,
    themes: Iterable[Theme] = (),
    moderation: str = Moderation.ACCEPTED,
    submission_key: str | None = None,
) -> Proposal:
    """Record one proposal in its exact words. A repeated ``submission_key`` returns the first proposal."""
    if earlier := submission_claim(key=submission_key, action="proposal.record", model=Proposal):
        return earlier[0]
    text = validate_text(text)
    if person is not None and organisation is None:
        organisation = person.organisation
    proposal = Proposal.objects.create(
        text=text,
        organisation=organisation,
        person=person,
        engagement=engagement,
        source=source,
        received_at=received_at or timezone.now(),
        moderation=moderation,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    proposal.themes.set(list(themes))
    audit.record(
        actor=actor,
        action="proposal.record",
        target=proposal,
        summary=text[:200],
        after={"organisation": organisation, "source": source, "engagement": engagement},
    )
    submission_complete(key=submission_key, targets=[proposal])
    if moderation == Moderation.ACCEPTED:
        # The existing demand it most likely joins is suggested after commit, off the entry's critical path.
        _suggest_demand_later(proposal.id)
    return proposal


@transaction.atomic
def proposals_record_lines(
    *,
    raw: str,
    actor: User,
    engagement: Engagement | None = None,
    source: str = Source.MEETING,
    received_at: dt.datetime | None = None,
    submission_key: str | None = None,
) -> list[Proposal]:
    """Record every line of fast entry as a proposal, all or nothing.

    Each line's speaker is read by :mod:`sori.voices.intake.lines` (the minutes' speaker grammar, then a
    "조직명:" prefix); unknown organisations and people are registered. A line that is too long aborts the
    whole entry with the line number in the message, so nothing is half-saved. A repeated
    ``submission_key`` records nothing again.
    """
    if earlier := submission_claim(key=submission_key, action="proposal.record_lines", model=Proposal):
        return earlier
    planned = [p for p in entry_plan(raw) if not p.line.header or p.error]
    if not planned:
        raise ValidationError(_("입력된 제안이 없습니다. 한 줄에 하나씩 입력해 주세요."))
    errors = [p.error for p in planned if p.error]
    if errors:
        raise ValidationError(errors)
    when = received_at or (engagement.starts_at if engagement is not None else None) or timezone.now()
    recorded = []
    with suggestions_batched():
        for plan in planned:
            line = plan.line
            org, person = line_resolve(plan, actor=actor)
            recorded.append(
                proposal_record(
                    text=line.text,
                    actor=actor,
                    organisation=org,
                    person=person,
                    engagement=engagement,
                    source=source,
                    received_at=when,
                )
            )
    submission_complete(key=submission_key, targets=recorded)
    return recorded


@transaction.atomic
def proposal_submit_public(
    *,
    name: str,
    email: str,
    text: str,
    consent: bool,
    organisation_name: str = "",
    contact_consent: bool = False,
    submission_key: str | None = None,
    files: Sequence[tuple[str, bytes]] = (),
    uploader: User | None = None,
) -> Proposal:
    """Take a proposal from the public site; it waits for staff before it counts or shows anywhere.

    The personal-data consent (개인정보 수집·이용 동의) is required by law before anything is stored.
    ``files`` (name, bytes) are attached as ``uploader`` — a company user speaking for the organisation; a
    file that is refused refuses the whole proposal, so nothing is half-kept.
    """
    if earlier := submission_claim(key=submission_key, action="proposal.submit_public", model=Proposal):
        return earlier[0]
    if not consent:
        raise ValidationError(_("개인정보 수집·이용에 동의해야 제안을 접수할 수 있습니다."))
    if not name.strip():
        raise ValidationError(_("이름을 입력해 주세요."))
    # A company user speaks for their own organisation; a name typed by anyone else is only a claim until
    # staff accept the proposal, so nobody posts in a registered company's name or fills the registry.
    org = _speaks_for(uploader)
    claimed = "" if org is not None else " ".join(organisation_name.split())[:200]
    person = person_create(
        name=name, actor=None, organisation=org, email=email.strip(), contact_consent=contact_consent
    )
    proposal = proposal_record(
        text=text,
        actor=None,
        organisation=org,
        person=person,
        source=Source.WEB,
        moderation=Moderation.PENDING,
    )
    proposal.consent_at = timezone.now()
    proposal.claimed_organisation = claimed
    proposal.save(update_fields=["consent_at", "claimed_organisation"])
    if files and uploader is None:
        raise ValidationError(_("파일은 기업·기관 계정으로 로그인해 제안할 때 첨부할 수 있습니다."))
    for name, data in files:
        assert uploader is not None
        attachment_add(owner=proposal, name=name, data=data, actor=uploader)
    submission_complete(key=submission_key, targets=[proposal])
    hooks.fire(events.PROPOSAL_SUBMITTED, proposal=proposal, actor=uploader)
    return proposal


def _speaks_for(user: User | None) -> Organisation | None:
    """The organisation a signed-in company user acts for, else None."""
    if user is None or role_of(user) != Role.COMPANY:
        return None
    return user.profile.organisation


def _take_claim(proposal: Proposal, actor: User) -> None:
    """On acceptance, the organisation the proposer typed becomes theirs (found in the registry, or added)."""
    name = proposal.claimed_organisation
    if not name:
        return
    org, _created = organisation_get_or_create(name=name, actor=actor)
    proposal.organisation = org
    proposal.claimed_organisation = ""
    person = proposal.person
    if person is not None and person.organisation_id is None:
        person.organisation = org
        person.save(update_fields=["organisation"])


@transaction.atomic
def proposal_moderate(*, proposals: Sequence[Proposal], accept: bool, actor: User, reason: str = "") -> int:
    """Accept pending proposals into the workflow or reject them with ``reason``; return how many changed.

    A rejection needs its reason: the proposer is told it (status page, and a notice by mail where they
    agreed to be written to).
    """
    new = Moderation.ACCEPTED if accept else Moderation.REJECTED
    reason = "" if accept else " ".join(reason.split())[:300]
    if not accept and not reason:
        raise ValidationError(_("반려 사유를 골라 주세요. 제안자에게 그대로 알려집니다."))
    with suggestions_batched():
        changed = _moderate(proposals, new, actor, reason)
    return changed


def _moderate(proposals: Sequence[Proposal], new: str, actor: User, reason: str) -> int:
    changed = 0
    for proposal in proposals:
        if proposal.moderation == new:
            continue
        before = proposal.moderation
        proposal.moderation = new
        proposal.rejection_reason = reason
        if new == Moderation.ACCEPTED:
            _take_claim(proposal, actor)
        proposal.save(
            update_fields=["moderation", "rejection_reason", "organisation", "claimed_organisation"]
        )
        audit.record(
            actor=actor,
            action="proposal.moderate",
            target=proposal,
            summary=proposal.text[:200],
            before={"moderation": before},
            after={
                "moderation": new,
                **({"reason": reason} if reason else {}),
                **({"organisation": proposal.organisation} if new == Moderation.ACCEPTED else {}),
            },
        )
        if new == Moderation.REJECTED:
            hooks.fire(events.PROPOSAL_REJECTED, proposal=proposal, actor=actor)
        if new == Moderation.ACCEPTED:
            # Accepted into the workflow: encoded and placed after commit, like a proposal recorded by staff.
            _suggest_demand_later(proposal.id)
        changed += 1
    return changed
