"""Answers take attachments: a department's review document, the notice it published.

While an answer is a draft its files are the draft's, seen by its author and the approver; when the answer is
released (approved, or saved where no approval is needed) they pass to it. Files of a released answer marked
public are shown with it on the public tracker once the demand is published there; the rest stay with those
who see the demand.
"""

from __future__ import annotations

from django.urls import reverse

from sori.attachments.owners import OwnerRule, register_owner
from sori.policy.approval_services import may_see_draft
from sori.policy.models import AnswerDraft, AnswerStatus, Disposition
from sori.policy.selectors import may_decide
from sori.voices.models import Stage
from sori.voices.selectors import may_view_demand


def _released(disposition: Disposition) -> bool:
    demand = disposition.demand
    return demand.published and demand.stage != Stage.MERGED


def _may_change_draft(user: object, draft: AnswerDraft) -> bool:
    return getattr(user, "id", None) == draft.author_id and draft.status in (
        AnswerStatus.DRAFT,
        AnswerStatus.RETURNED,
    )


def register() -> None:
    register_owner(
        Disposition,
        OwnerRule(
            label="answer",
            can_view=lambda user, disposition: may_view_demand(user, disposition.demand),
            can_attach=lambda user, disposition: may_decide(user, disposition.demand),
            page=lambda disposition: reverse("policy:decide", args=[disposition.demand_id]),
            is_released=_released,
            scope=lambda disposition: disposition.demand,
        ),
    )
    register_owner(
        AnswerDraft,
        OwnerRule(
            label="answer draft",
            can_view=may_see_draft,
            can_attach=_may_change_draft,
            page=lambda draft: reverse("policy:decide", args=[draft.demand_id]),
            # Marked public now, shown once the draft is approved and its answer published.
            is_released=lambda draft: False,
            scope=lambda draft: draft.demand,
        ),
    )
