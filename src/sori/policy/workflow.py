"""The moves allowed between statuses, checked in one place: milestones (이행 단계) and bills (입법 추진).

A planned or running milestone may start, finish, slip or stop; a slipped one may slip again (each delay is
a new slip with its own reason and date), restart, finish or stop. 완료 and 중단 are final: what comes next is
a new milestone.

An ordinance bill goes 초안 → 입법예고 → 발의 → 상임위원회 심사 → 본회의 의결 → 공포 → 시행; 입법예고 may be
skipped (a council member's bill is often introduced without one). A law revision is proposed to the
government: 초안 → 건의 송부 → 회신, then, if the ministry revises the law, 공포 → 시행. Until the plenary
decides (or the ministry replies), a bill may be discarded (폐기) or withdrawn (철회) with a reason. A bill
the plenary voted down (부결) goes no further; 시행, 폐기 and 철회 are final.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sori.policy.models import Bill, BillKind, LegislativeStage, Milestone, MilestoneStatus

_M = MilestoneStatus
MILESTONE_TRANSITIONS: dict[MilestoneStatus, frozenset[MilestoneStatus]] = {
    _M.PLANNED: frozenset({_M.IN_PROGRESS, _M.DONE, _M.DELAYED, _M.DROPPED}),
    _M.IN_PROGRESS: frozenset({_M.DONE, _M.DELAYED, _M.DROPPED}),
    _M.DELAYED: frozenset({_M.IN_PROGRESS, _M.DONE, _M.DELAYED, _M.DROPPED}),
    _M.DONE: frozenset(),
    _M.DROPPED: frozenset(),
}


def milestone_may_move(milestone: Milestone, new: MilestoneStatus) -> bool:
    """Return whether ``milestone`` may move to ``new``."""
    return new in MILESTONE_TRANSITIONS[MilestoneStatus(milestone.status)]


def milestone_next_statuses(milestone: Milestone) -> list[MilestoneStatus]:
    """Return the statuses ``milestone`` may move to, in the order of the choices."""
    allowed = MILESTONE_TRANSITIONS[MilestoneStatus(milestone.status)]
    return [s for s in MilestoneStatus if s in allowed]


def check_milestone(milestone: Milestone, new: MilestoneStatus) -> None:
    """Raise ValidationError, saying what to do instead, unless ``milestone`` may move to ``new``."""
    if milestone_may_move(milestone, new):
        return
    current = MilestoneStatus(milestone.status)
    if current in (_M.DONE, _M.DROPPED):
        raise ValidationError(
            _("'%(status)s' 상태의 이행 단계는 바꿀 수 없습니다. 이어지는 일은 새 이행 단계로 추가해 주세요.")
            % {"status": current.label}
        )
    raise ValidationError(
        _("'%(current)s' 상태의 이행 단계는 '%(new)s'(으)로 바꿀 수 없습니다.")
        % {"current": current.label, "new": new.label}
    )


# ----------------------------------------------------------------------------------------------------
# Bills

_B = LegislativeStage
_ENDS = frozenset({_B.DISCARDED, _B.WITHDRAWN})
BILL_TRANSITIONS: dict[BillKind, dict[LegislativeStage, frozenset[LegislativeStage]]] = {
    BillKind.ORDINANCE: {
        _B.DRAFT: frozenset({_B.PRE_ANNOUNCED, _B.INTRODUCED}) | _ENDS,
        _B.PRE_ANNOUNCED: frozenset({_B.INTRODUCED}) | _ENDS,
        _B.INTRODUCED: frozenset({_B.COMMITTEE}) | _ENDS,
        _B.COMMITTEE: frozenset({_B.PLENARY}) | _ENDS,
        # Passed: promulgation follows (부결 ends the bill, see ``bill_next_stages``).
        _B.PLENARY: frozenset({_B.PROMULGATED}),
        _B.PROMULGATED: frozenset({_B.IN_FORCE}),
    },
    BillKind.LAW_REVISION: {
        _B.DRAFT: frozenset({_B.SENT}) | _ENDS,
        _B.SENT: frozenset({_B.REPLIED}) | _ENDS,
        # The ministry answered: it revises the law, or the proposal is closed with its reason.
        _B.REPLIED: frozenset({_B.PROMULGATED}) | _ENDS,
        _B.PROMULGATED: frozenset({_B.IN_FORCE}),
    },
}

# The path a bill of each kind takes when all goes well, for timelines that show the stages still to come.
BILL_PATHS: dict[BillKind, tuple[LegislativeStage, ...]] = {
    BillKind.ORDINANCE: (
        _B.DRAFT,
        _B.PRE_ANNOUNCED,
        _B.INTRODUCED,
        _B.COMMITTEE,
        _B.PLENARY,
        _B.PROMULGATED,
        _B.IN_FORCE,
    ),
    BillKind.LAW_REVISION: (_B.DRAFT, _B.SENT, _B.REPLIED, _B.PROMULGATED, _B.IN_FORCE),
}

# What each stage needs recorded with it (the names of ``bill_advance``'s arguments); ``date`` listed here is
# required, elsewhere it defaults to today.
BILL_STAGE_NEEDS: dict[LegislativeStage, tuple[str, ...]] = {
    _B.DRAFT: (),
    _B.PRE_ANNOUNCED: (),
    _B.INTRODUCED: ("bill_number", "sponsor"),
    _B.COMMITTEE: ("committee",),
    _B.PLENARY: ("plenary_result", "date"),
    _B.SENT: ("sent_to", "date"),
    _B.REPLIED: ("reply", "date"),
    _B.PROMULGATED: ("date",),
    _B.IN_FORCE: ("date",),
    _B.DISCARDED: ("reason",),
    _B.WITHDRAWN: ("reason",),
}


def bill_next_stages(bill: Bill) -> list[LegislativeStage]:
    """Return the stages ``bill`` may move to next, in the order of the choices (none once it has ended)."""
    current = LegislativeStage(bill.stage)
    if current == _B.PLENARY and bill.rejected:
        return []
    allowed = BILL_TRANSITIONS[BillKind(bill.kind)].get(current, frozenset())
    return [s for s in LegislativeStage if s in allowed]


def bill_is_open(bill: Bill) -> bool:
    """Return whether the bill may still move on."""
    return bool(bill_next_stages(bill))


def check_bill(bill: Bill, new: LegislativeStage) -> None:
    """Raise ValidationError, naming the stages that may come next, unless ``bill`` may move to ``new``."""
    allowed = bill_next_stages(bill)
    if new in allowed:
        return
    current = LegislativeStage(bill.stage)
    if not allowed:
        raise ValidationError(
            _("'%(stage)s' 단계에서 끝난 건입니다. 더 기록할 단계가 없습니다.") % {"stage": bill.stage_label}
        )
    raise ValidationError(
        _("'%(current)s' 단계의 건은 '%(new)s'(으)로 옮길 수 없습니다. 다음에 올 수 있는 단계: %(allowed)s.")
        % {
            "current": current.label,
            "new": new.label,
            "allowed": ", ".join(str(s.label) for s in allowed),
        }
    )
