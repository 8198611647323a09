"""The demand stages and the transitions allowed between them, checked in one place."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sori.voices.models import Stage

TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.OPEN: frozenset({Stage.ASSIGNED, Stage.MERGED}),
    Stage.ASSIGNED: frozenset({Stage.ASSIGNED, Stage.ANSWERED, Stage.MERGED, Stage.OPEN}),
    Stage.ANSWERED: frozenset({Stage.ANSWERED, Stage.ASSIGNED}),
    Stage.MERGED: frozenset(),
}


def check_transition(current: str, new: Stage) -> None:
    """Raise ValidationError unless a demand may move from ``current`` to ``new``."""
    if new not in TRANSITIONS[Stage(current)]:
        raise ValidationError(
            _("'%(current)s' 단계의 수요는 '%(new)s'(으)로 바꿀 수 없습니다.")
            % {"current": Stage(current).label, "new": new.label}
        )
