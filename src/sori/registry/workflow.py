"""The MOU follow-up pipeline: which stage may follow which, checked here and nowhere else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sori.registry.models import MouStage

# signed → office opened → operating → headquarters relocated; any live stage may stall or be withdrawn,
# and a stalled MOU resumes at any earlier-or-equal live stage.
_LIVE = (MouStage.SIGNED, MouStage.OFFICE_OPENED, MouStage.OPERATING, MouStage.HQ_RELOCATED)
ALLOWED: dict[MouStage, frozenset[MouStage]] = {
    MouStage.SIGNED: frozenset({MouStage.OFFICE_OPENED, MouStage.STALLED, MouStage.WITHDRAWN}),
    MouStage.OFFICE_OPENED: frozenset({MouStage.OPERATING, MouStage.STALLED, MouStage.WITHDRAWN}),
    MouStage.OPERATING: frozenset({MouStage.HQ_RELOCATED, MouStage.STALLED, MouStage.WITHDRAWN}),
    MouStage.HQ_RELOCATED: frozenset({MouStage.STALLED, MouStage.WITHDRAWN}),
    MouStage.STALLED: frozenset({*_LIVE, MouStage.WITHDRAWN}),
    MouStage.WITHDRAWN: frozenset(),
}
NEEDS_REASON = frozenset({MouStage.STALLED, MouStage.WITHDRAWN})
# How far along the pipeline each live stage is; the funnel counts an MOU at every rank up to its own.
RANK = {stage: i for i, stage in enumerate(_LIVE)}


def next_stages(current: str) -> list[MouStage]:
    """Return the stages an MOU at ``current`` may move to, in pipeline order."""
    allowed = ALLOWED[MouStage(current)]
    return [s for s in MouStage if s in allowed]


def check_move(current: str, target: str, reason: str) -> None:
    """Raise ValidationError unless ``current`` → ``target`` is allowed and a needed reason is given."""
    frm, to = MouStage(current), MouStage(target)
    if to not in ALLOWED[frm]:
        raise ValidationError(
            _("'%(from)s' 단계에서 '%(to)s' 단계로 바꿀 수 없습니다. 가능한 단계: %(allowed)s")
            % {
                "from": frm.label,
                "to": to.label,
                "allowed": ", ".join(str(s.label) for s in next_stages(frm)) or _("없음(종료된 협약)"),
            }
        )
    if to in NEEDS_REASON and not reason.strip():
        raise ValidationError(
            _("'%(to)s'(으)로 바꾸려면 사유를 적어 주세요. 사유는 위원회 보고에 그대로 쓰입니다.")
            % {"to": to.label}
        )
