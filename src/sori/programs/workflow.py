"""The statuses of applications, awards and selection runs, and the moves allowed between them.

Services check a move here before they make it; nothing else compares statuses to decide what may happen.
A status that may move to itself is still open to work: a submitted application takes reviewers, scores and
short reviews; an active award takes follow-ups and reclaims; a finished run takes overrides. Calls have no
status of their own: whether one takes applications is a matter of its dates.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.programs.models import Application, ApplicationStatus, Award, AwardStatus, RunStatus, SelectionRun

_A = ApplicationStatus
# A new application is decided by a selection run; a follow-up (renewal, extension, supplement) on the short
# track. A decided application is final: the next step is a new application.
DECIDED_BY_SELECTION = frozenset({_A.SELECTED, _A.PARTLY, _A.NOT_SELECTED})
DECIDED_ON_SHORT_TRACK = frozenset({_A.APPROVED, _A.REJECTED})
APPLICATION_TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    _A.SUBMITTED: frozenset({_A.SUBMITTED, *DECIDED_BY_SELECTION, *DECIDED_ON_SHORT_TRACK}),
    **{status: frozenset() for status in (*DECIDED_BY_SELECTION, *DECIDED_ON_SHORT_TRACK)},
}

# An active award ends with its term or is reclaimed in full; either is final.
AWARD_TRANSITIONS: dict[AwardStatus, frozenset[AwardStatus]] = {
    AwardStatus.ACTIVE: frozenset({AwardStatus.ACTIVE, AwardStatus.ENDED, AwardStatus.RECLAIMED}),
    AwardStatus.ENDED: frozenset(),
    AwardStatus.RECLAIMED: frozenset(),
}

# queued → done (or failed) → confirmed; a failed run is left as it is and the call is run again.
RUN_TRANSITIONS: dict[RunStatus, frozenset[RunStatus]] = {
    RunStatus.QUEUED: frozenset({RunStatus.DONE, RunStatus.FAILED}),
    RunStatus.DONE: frozenset({RunStatus.DONE, RunStatus.CONFIRMED}),
    RunStatus.FAILED: frozenset(),
    RunStatus.CONFIRMED: frozenset(),
}


def application_may_move(application: Application, new: ApplicationStatus) -> bool:
    """Return whether ``application`` may move to ``new`` (to its own status: may still be reviewed)."""
    if new not in APPLICATION_TRANSITIONS[ApplicationStatus(application.status)]:
        return False
    track = DECIDED_ON_SHORT_TRACK if application.short_track else DECIDED_BY_SELECTION
    return new == _A.SUBMITTED or new in track


def check_application(application: Application, new: ApplicationStatus) -> None:
    """Raise ValidationError, saying what to do instead, unless ``application`` may move to ``new``."""
    if application_may_move(application, new):
        return
    current = ApplicationStatus(application.status)
    if current != _A.SUBMITTED:
        raise ValidationError(
            _(
                "'%(title)s'은(는) 이미 '%(status)s'(으)로 결정된 신청이라 바꿀 수 없습니다. "
                "필요하면 새로 신청해 주세요."
            )
            % {"title": application.title, "status": current.label}
        )
    if application.short_track:
        raise ValidationError(
            _("연장·추가 신청은 선정 실행이 아니라 간이 평가 후 승인 또는 반려로 결정합니다.")
        )
    raise ValidationError(_("신규 신청은 승인·반려가 아니라 공고의 선정 실행을 확정해 결정합니다."))


def award_may_move(award: Award, new: AwardStatus) -> bool:
    """Return whether ``award`` may move to ``new`` (to its own status: may still be changed)."""
    return new in AWARD_TRANSITIONS[AwardStatus(award.status)]


def check_award(award: Award, new: AwardStatus) -> None:
    """Raise ValidationError, saying what to do instead, unless ``award`` may move to ``new``."""
    if not award_may_move(award, new):
        raise ValidationError(
            _("'%(status)s' 상태의 협약은 바꿀 수 없습니다. 지원이 더 필요하면 새 공고에 신청해 주세요.")
            % {"status": AwardStatus(award.status).label}
        )


def run_may_move(run: SelectionRun, new: RunStatus) -> bool:
    """Return whether ``run`` may move to ``new`` (to its own status: its grants may still be overridden)."""
    return new in RUN_TRANSITIONS[RunStatus(run.status)]


_RUN_ADVICE = {
    RunStatus.QUEUED: gettext_lazy("계산이 끝날 때까지 기다린 뒤 다시 해 주세요."),
    RunStatus.DONE: gettext_lazy("결과를 확인하고 확정해 주세요."),
    RunStatus.FAILED: gettext_lazy("실패 사유를 고친 뒤 공고에서 선정을 다시 실행해 주세요."),
    RunStatus.CONFIRMED: gettext_lazy(
        "이미 확정된 선정입니다. 바꿀 것은 각 협약에서 연장·회수로 처리해 주세요."
    ),
}


def check_run(run: SelectionRun, new: RunStatus) -> None:
    """Raise ValidationError, saying what to do instead, unless ``run`` may move to ``new``."""
    if not run_may_move(run, new):
        current = RunStatus(run.status)
        raise ValidationError(
            _("'%(status)s' 상태의 선정은 이 작업을 할 수 없습니다. %(advice)s")
            % {"status": current.label, "advice": _RUN_ADVICE[current]}
        )
