"""The statuses of a milestone (이행 단계) and the moves allowed between them, checked in one place.

A planned or running milestone may start, finish, slip or stop; a slipped one may slip again (each delay is
a new slip with its own reason and date), restart, finish or stop. 완료 and 중단 are final: what comes next is
a new milestone.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sori.policy.models import Milestone, MilestoneStatus

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
