"""Staff decisions on the organise screen, recorded beside what the machine suggested.

Grouping goes through the ordinary grouping services, so the audit trail and "되돌리기" work as on the
proposals list; these services add the decision to each suggestion the grouping answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.submissions import submission_claim, submission_complete
from sori.voices.models import Decision, Demand, OrganisingRun, Proposal, Suggestion, SuggestionKind, Theme
from sori.voices.services.demands import demand_add_new_proposals, demand_create

CREATE = "create"
ADD = "add"


@transaction.atomic
def organise_accept(
    *,
    action: str,
    proposal_ids: Sequence[int],
    actor: User,
    title: str = "",
    theme: Theme | None = None,
    demand: Demand | None = None,
    run: OrganisingRun | None = None,
    group: int | None = None,
    submission_key: str = "",
) -> tuple[Demand, int]:
    """Group ticked proposals as a new demand (``create``) or into an existing one (``add``).

    Return (demand, how many proposals moved).

    Unticked members of a suggested group stay waiting (a split). Each answered suggestion records the
    decision: accepted when staff did what the machine suggested, changed otherwise. A repeated
    ``submission_key`` moves nothing and returns the demand the first submission grouped into.
    """
    if earlier := submission_claim(key=submission_key, action="organise.accept", model=Demand):
        return earlier[0], 0
    ids = [int(i) for i in proposal_ids]
    if action == CREATE:
        demand = demand_create(title=title, proposal_ids=ids, actor=actor, theme=theme)
        moved = len(ids)
    elif action == ADD:
        if demand is None:
            raise ValidationError(_("제안을 추가할 수요를 골라 주세요."))
        moved = demand_add_new_proposals(demand=demand, proposal_ids=ids, actor=actor)
    else:
        raise ValidationError(_("알 수 없는 작업입니다. 화면을 새로 고친 뒤 다시 해 주세요."))
    if moved:
        _decide(ids, demand=demand, created=action == CREATE, theme=theme, run=run, group=group, actor=actor)
    submission_complete(key=submission_key, targets=[demand])
    return demand, moved


def _decide(
    ids: list[int],
    *,
    demand: Demand,
    created: bool,
    theme: Theme | None,
    run: OrganisingRun | None,
    group: int | None,
    actor: User,
) -> None:
    open_ = Suggestion.objects.filter(proposal_id__in=ids, decision="", active=True)
    left_behind = False
    if group is not None:  # a group placed when its proposals were saved has no run
        left_behind = Suggestion.objects.filter(
            run=run,
            group=group,
            kind=SuggestionKind.NEW_GROUP,
            decision="",
            active=True,
            proposal__demand__isnull=True,
        ).exists()
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    decided = f"demand:{demand.id}"
    changed: list[Suggestion] = []
    for s in open_:
        if s.kind == SuggestionKind.NEW_GROUP:
            same_group = group is not None and s.run_id == (run.id if run else None) and s.group == group
            agreed = created and same_group and not left_behind
            s.decision, s.decided_value, s.decided_label = _verdict(agreed), decided, demand.title
        elif s.kind == SuggestionKind.DEMAND:
            s.decision, s.decided_value, s.decided_label = (
                _verdict(s.demand_id == demand.id),
                decided,
                demand.title,
            )
        elif s.kind == SuggestionKind.THEME and created:
            if theme is None:
                s.decision, s.decided_value, s.decided_label = Decision.REJECTED, "", "—"
            else:
                s.decision, s.decided_value, s.decided_label = (
                    _verdict(theme.code == s.value),
                    theme.code,
                    theme.name,
                )
        elif s.kind == SuggestionKind.DUPLICATE:
            original = int(s.value.split(":")[1])
            if not Proposal.objects.filter(id=original, demand=demand).exists() and original not in ids:
                continue
            s.decision, s.decided_value, s.decided_label = Decision.ACCEPTED, decided, demand.title
        else:
            continue
        s.decided_label = s.decided_label[:300]
        s.decided_by, s.decided_at = user, now
        changed.append(s)
    Suggestion.objects.bulk_update(
        changed, ["decision", "decided_value", "decided_label", "decided_by", "decided_at"]
    )


def _verdict(agreed: bool) -> str:
    return Decision.ACCEPTED if agreed else Decision.CHANGED


@transaction.atomic
def organise_dismiss(
    *, run: OrganisingRun | None, group: int, proposal_ids: Sequence[int], actor: User
) -> int:
    """Record that staff do not take a suggested group (묶지 않음); return how many proposals keep waiting.

    ``run`` is None for a group suggested when its proposals were saved. The proposals are not suggested
    together again.
    """
    rows = list(
        Suggestion.objects.filter(
            run=run,
            group=group,
            kind=SuggestionKind.NEW_GROUP,
            proposal_id__in=[int(i) for i in proposal_ids],
            decision="",
        )
    )
    if not rows:
        raise ValidationError(_("이미 결정했거나 더는 없는 묶음입니다. 화면을 새로 고쳐 주세요."))
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    for s in rows:
        s.decision, s.decided_label, s.decided_by, s.decided_at = Decision.REJECTED, _("묶지 않음"), user, now
    Suggestion.objects.bulk_update(rows, ["decision", "decided_label", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="organise.dismiss",
        target=run if run is not None else rows[0].proposal,
        summary=_("제안 묶음 %(n)s건 제안 거절: %(label)s") % {"n": len(rows), "label": rows[0].label[:120]},
        after={"group": group, "proposals": [s.proposal_id for s in rows]},
    )
    return len(rows)


@transaction.atomic
def organise_dismiss_suggestion(*, suggestion: Suggestion, actor: User) -> Suggestion:
    """Record that a proposal does not join the demand the machine suggested; it is not suggested again."""
    s = Suggestion.objects.select_for_update().select_related("proposal").get(id=suggestion.id)
    if s.kind != SuggestionKind.DEMAND or s.decision:
        raise ValidationError(_("이미 결정했거나 더는 없는 제안입니다. 화면을 새로 고쳐 주세요."))
    s.decision, s.decided_label = Decision.REJECTED, _("이 수요에 넣지 않음")
    s.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    s.decided_at = timezone.now()
    s.save(update_fields=["decision", "decided_label", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="organise.dismiss",
        target=s.proposal,
        summary=_("기존 수요 제안 거절: %(label)s") % {"label": s.label[:120]},
        after={"demand": s.demand_id, "proposal": s.proposal_id},
    )
    return s
