"""Grouping actions that create a demand, made idempotent for double-submitted forms.

A form that creates a demand carries a ``submission_key``; the key is kept in the audit record of the action,
so a second POST of the same form returns the demand the first one made instead of making another (and moving
the proposals to it, which would leave the first demand empty).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction

from sori.core import audit
from sori.core.models import AuditRecord
from sori.voices.models import Demand, Proposal, Theme
from sori.voices.services.demands import demand_add_proposals, demand_create, demand_split


def _earlier(action: str, submission_key: str) -> Demand | None:
    if not submission_key:
        return None
    record = AuditRecord.objects.filter(action=action, after__submission_key=submission_key).first()
    if record is None or not record.target.startswith("voices.demand:"):
        return None
    return Demand.objects.filter(id=int(record.target.split(":")[1])).first()


def _remember(action: str, demand: Demand, submission_key: str) -> None:
    if not submission_key:
        return
    record = AuditRecord.objects.filter(action=action, target=audit.ref(demand)).order_by("-id").first()
    if record is not None:
        record.after = {**record.after, "submission_key": submission_key}
        record.save(update_fields=["after"])


@transaction.atomic
def demand_create_once(
    *,
    title: str,
    proposal_ids: Sequence[int],
    actor: User,
    theme: Theme | None = None,
    submission_key: str = "",
) -> tuple[Demand, bool]:
    """Group proposals into a new demand unless ``submission_key`` already did; return (demand, created)."""
    earlier = _earlier("demand.create", submission_key)
    if earlier is not None:
        return earlier, False
    demand = demand_create(title=title, proposal_ids=proposal_ids, actor=actor, theme=theme)
    _remember("demand.create", demand, submission_key)
    return demand, True


@transaction.atomic
def demand_split_once(
    *, demand: Demand, proposal_ids: Sequence[int], title: str, actor: User, submission_key: str = ""
) -> tuple[Demand, bool]:
    """Split proposals into a new demand unless ``submission_key`` already did; return (new, created)."""
    earlier = _earlier("demand.split", submission_key)
    if earlier is not None:
        return earlier, False
    new = demand_split(demand=demand, proposal_ids=proposal_ids, title=title, actor=actor)
    _remember("demand.split", new, submission_key)
    return new, True


@transaction.atomic
def demand_add_new_proposals(*, demand: Demand, proposal_ids: Sequence[int], actor: User) -> int:
    """Add the proposals not yet in ``demand`` and return how many moved; a repeated POST adds nothing.

    Without this, a double-submitted "기존 수요에 추가" would write a second, empty grouping action and the
    user's "되돌리기" would undo that no-op instead of the real one.
    """
    ids = [int(i) for i in proposal_ids]
    already = set(Proposal.objects.filter(id__in=ids, demand=demand).values_list("id", flat=True))
    new = [i for i in ids if i not in already]
    if ids and not new:
        return 0
    demand_add_proposals(demand=demand, proposal_ids=new, actor=actor)
    return len(new)
