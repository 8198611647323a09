"""Deleting a proposal (제안 삭제) and restoring it: a soft delete, with who, when and why.

A deleted proposal keeps its row and its words, so a wrongly deleted one comes back whole; every list,
count, export and the API read through ``Proposal.objects``, which leaves it out.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.voices.models import Demand, Moderation, Proposal, Suggestion
from sori.voices.services.proposals import _suggest_demand_later


@transaction.atomic
def proposal_delete(*, proposal: Proposal, actor: User, reason: str) -> Demand | None:
    """Delete ``proposal`` with ``reason``; return the demand it left when that demand has no proposal left.

    Refused without a reason or when already deleted. The proposal leaves its demand, whose title, stage and
    answer stay as they are: a demand left empty is for staff to rename, merge or answer as it is.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            _(
                "삭제하는 이유를 적어 주세요. 변경 기록과 제안자의 상태 확인 페이지에 남습니다 — "
                "아무 것도 바뀌지 않았습니다."
            )
        )
    if len(reason) > 300:
        raise ValidationError(_("삭제 사유는 300자 이하로 줄여 주세요 — 아무 것도 바뀌지 않았습니다."))
    locked = Proposal.all_objects.select_for_update().filter(id=proposal.id).first()
    if locked is None or locked.deleted_at is not None:
        raise ValidationError(_("이미 삭제된 제안입니다. 삭제된 제안 목록에서 확인해 주세요."))
    demand = Demand.objects.filter(id=locked.demand_id).first() if locked.demand_id else None
    locked.deleted_at = timezone.now()
    locked.deleted_by = actor if actor.is_authenticated else None
    locked.deleted_reason = reason
    locked.demand = None
    locked.joined_at = None
    locked.save(update_fields=["deleted_at", "deleted_by", "deleted_reason", "demand", "joined_at"])
    # The organise screen shows no open suggestion for it; restoring places it afresh.
    Suggestion.objects.filter(proposal=locked, decision="", active=True).update(active=False)
    audit.record(
        actor=actor,
        action="proposal.delete",
        target=locked,
        # On the demand's trail too, so its page says where the proposal went.
        scope=demand if demand is not None else locked,
        summary=reason[:200],
        before={"demand": demand.id if demand is not None else None},
        after={"reason": reason},
    )
    proposal.refresh_from_db()
    if demand is not None and not demand.proposals.exists():
        return demand
    return None


@transaction.atomic
def proposal_restore(*, proposal: Proposal, actor: User) -> Proposal:
    """Put a deleted ``proposal`` back, waiting to be grouped; return it.

    It does not go back into the demand it left: that demand may since have been answered, merged or
    renamed, and its feedback sent, so staff group it again on purpose (the organise screen suggests a place).
    """
    locked = Proposal.all_objects.select_for_update().filter(id=proposal.id).first()
    if locked is None or locked.deleted_at is None:
        raise ValidationError(_("삭제되지 않은 제안입니다. 목록을 새로 고쳐 주세요."))
    before = {"deleted_at": locked.deleted_at, "reason": locked.deleted_reason}
    locked.deleted_at = None
    locked.deleted_by = None
    locked.deleted_reason = ""
    locked.save(update_fields=["deleted_at", "deleted_by", "deleted_reason"])
    audit.record(
        actor=actor,
        action="proposal.restore",
        target=locked,
        summary=_("삭제 사유였던 것: %(reason)s") % {"reason": before["reason"]},
        before=before,
    )
    if locked.moderation == Moderation.ACCEPTED:
        _suggest_demand_later(locked.id)
    proposal.refresh_from_db()
    return locked
