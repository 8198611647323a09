"""The statuses of applications, awards, runs, trainees and introductions, and the moves between them.

Services check a move here before they make it; nothing else compares statuses to decide what may happen.
A status that may move to itself is still open to work: a submitted application takes reviewers, scores and
short reviews; an active award takes follow-ups and reclaims; a finished run takes overrides. Calls have no
status of their own: whether one takes applications is a matter of its dates.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    AwardStatus,
    Introduction,
    IntroductionStage,
    RunStatus,
    SelectionRun,
    Trainee,
    TraineeStatus,
)

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


# ----------------------------------------------------------------------------------------------------
# Trainees (인재 양성): 지원 → 선발 → 수료; an applicant may withdraw and a selected trainee drop out (중도
# 포기, with a reason). 수료 and 중도 포기 are final. A selected trainee may stay selected: attendance is
# recorded against that status.

_T = TraineeStatus
TRAINEE_TRANSITIONS: dict[TraineeStatus, frozenset[TraineeStatus]] = {
    _T.APPLIED: frozenset({_T.SELECTED, _T.DROPPED}),
    _T.SELECTED: frozenset({_T.SELECTED, _T.COMPLETED, _T.DROPPED}),
    _T.COMPLETED: frozenset(),
    _T.DROPPED: frozenset(),
}


def trainee_may_move(trainee: Trainee, new: TraineeStatus) -> bool:
    """Return whether ``trainee`` may move to ``new`` (to its own status: attendance may be recorded)."""
    return new in TRAINEE_TRANSITIONS[TraineeStatus(trainee.status)]


def trainee_next_statuses(trainee: Trainee) -> list[TraineeStatus]:
    """Return the statuses ``trainee`` may move to, its own left out, in the order of the choices."""
    allowed = TRAINEE_TRANSITIONS[TraineeStatus(trainee.status)]
    return [s for s in TraineeStatus if s in allowed and s != trainee.status]


def check_trainee(trainee: Trainee, new: TraineeStatus) -> None:
    """Raise ValidationError, saying what to do instead, unless ``trainee`` may move to ``new``."""
    if trainee_may_move(trainee, new):
        return
    current = TraineeStatus(trainee.status)
    if current in (_T.COMPLETED, _T.DROPPED):
        raise ValidationError(
            _(
                "%(name)s 교육생은 이미 '%(status)s' 상태라 바꿀 수 없습니다. "
                "다시 교육받으려면 다음 기수에 지원해 주세요."
            )
            % {"name": trainee.name, "status": current.label}
        )
    raise ValidationError(
        _("'%(current)s' 상태의 교육생은 '%(new)s'(으)로 바꿀 수 없습니다. 먼저 선발해 주세요.")
        % {"current": current.label, "new": new.label}
    )


# ----------------------------------------------------------------------------------------------------
# Introductions (미드필더 연결): 소개 → 미팅 → 실증/PoC → 계약 → 종료. A contract may follow a meeting
# without a PoC, and a PoC may end (종료) without a contract; at any open stage the introduction may be
# stopped (중단) with a reason. 종료 and 중단 are final: what comes next is a new introduction.

_I = IntroductionStage
INTRODUCTION_TRANSITIONS: dict[IntroductionStage, frozenset[IntroductionStage]] = {
    _I.INTRODUCED: frozenset({_I.MEETING, _I.STOPPED}),
    _I.MEETING: frozenset({_I.POC, _I.CONTRACT, _I.STOPPED}),
    _I.POC: frozenset({_I.CONTRACT, _I.CLOSED, _I.STOPPED}),
    _I.CONTRACT: frozenset({_I.CLOSED, _I.STOPPED}),
    _I.CLOSED: frozenset(),
    _I.STOPPED: frozenset(),
}

# The path an introduction takes when all goes well, for timelines that show the stages still to come.
INTRODUCTION_PATH: tuple[IntroductionStage, ...] = (_I.INTRODUCED, _I.MEETING, _I.POC, _I.CONTRACT, _I.CLOSED)


def introduction_next_stages(introduction: Introduction) -> list[IntroductionStage]:
    """Return the stages ``introduction`` may move to next, in the order of the choices (none once ended)."""
    allowed = INTRODUCTION_TRANSITIONS[IntroductionStage(introduction.stage)]
    return [s for s in IntroductionStage if s in allowed]


def check_introduction(introduction: Introduction, new: IntroductionStage) -> None:
    """Raise ValidationError, naming the stages that may come next, unless the move to ``new`` is allowed."""
    allowed = introduction_next_stages(introduction)
    if new in allowed:
        return
    current = IntroductionStage(introduction.stage)
    if not allowed:
        raise ValidationError(
            _("'%(stage)s'(으)로 끝난 연결입니다. 이어서 할 일이 있으면 새로 소개해 주세요.")
            % {"stage": current.label}
        )
    raise ValidationError(
        _(
            "'%(current)s' 단계의 연결은 '%(new)s'(으)로 옮길 수 없습니다. "
            "다음에 올 수 있는 단계: %(allowed)s."
        )
        % {
            "current": current.label,
            "new": new.label,
            "allowed": ", ".join(str(s.label) for s in allowed),
        }
    )
