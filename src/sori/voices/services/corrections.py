"""Correcting a recorded proposal: its words, the meeting it was heard at, who said it — with a reason.

Minutes are misheard and speakers misattributed; the record must be put right without losing what it said
before. Every correction is one audit record (before → after, with the reason) on the proposal's demand, the
letters and status pages read the corrected text, and a changed text is placed by meaning again.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sori.core import audit
from sori.engagement.models import Engagement
from sori.registry.models import Organisation, Person
from sori.voices.models import Moderation, Proposal, ProposalVector
from sori.voices.services.proposals import _suggest_demand_later, validate_text


@transaction.atomic
def proposal_correct(
    *,
    proposal: Proposal,
    actor: User,
    reason: str,
    text: str,
    engagement: Engagement | None,
    person: Person | None,
    organisation: Organisation | None,
) -> Proposal:
    """Put ``proposal`` right and return it; refused without a reason, or when nothing would change."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            _("고치는 이유를 적어 주세요. 변경 기록에 남습니다 — 아무 것도 바뀌지 않았습니다.")
        )
    text = validate_text(text)
    if person is not None and organisation is None:
        organisation = person.organisation
    proposal = Proposal.objects.select_for_update().get(id=proposal.id)
    fields: dict[str, Any] = {
        "text": text,
        "engagement": engagement,
        "person": person,
        "organisation": organisation,
    }
    before = {name: getattr(proposal, name) for name in fields if getattr(proposal, name) != fields[name]}
    if not before:
        raise ValidationError(_("바뀐 내용이 없습니다. 고칠 곳을 바꾼 뒤 저장해 주세요."))
    for name in before:
        setattr(proposal, name, fields[name])
    proposal.save(update_fields=list(before))
    audit.record(
        actor=actor,
        action="proposal.correct",
        target=proposal,
        scope=proposal.demand if proposal.demand_id is not None else proposal,
        summary=reason[:200],
        before=before,
        after={**{name: fields[name] for name in before}, "reason": reason},
    )
    if "text" in before:
        # Its meaning changed: encode it again, and place it again if it still waits to be grouped.
        ProposalVector.objects.filter(proposal=proposal).delete()
        if proposal.demand_id is None and proposal.moderation == Moderation.ACCEPTED:
            _suggest_demand_later(proposal.id)
    return proposal
