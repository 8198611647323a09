"""Reviews: reviewers are assigned, declare a conflict or score every criterion; conflicts never count."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.roles import can
from sori.programs.models import Application, ApplicationStatus, Review, ReviewScore
from sori.programs.workflow import check_application


def weighted(scores: Mapping[int, int], weights: Mapping[int, int]) -> float:
    """Return Σ weight × score / Σ weight over criteria (scores 0–100, so the result is 0–100)."""
    total = sum(weights.values())
    return sum(weights[c] * scores[c] for c in weights) / total if total else 0.0


def application_rescore(application: Application) -> float | None:
    """Store and return the mean of the counted reviews' totals (None when no review counts)."""
    totals = [r.total for r in application.reviews.all() if r.total is not None and not r.conflict]
    application.score = round(sum(totals) / len(totals), 2) if totals else None
    application.save(update_fields=["score", "updated_at"])
    return application.score


@transaction.atomic
def review_assign(*, application: Application, reviewer: Any, actor: User) -> Review:
    """Assign a reviewer; one from the applicant's own organisation is refused outright."""
    if not can(reviewer, "program.review"):
        raise ValidationError(_("평가위원은 위원회·정책 사무 계정이어야 합니다."))
    profile = getattr(reviewer, "profile", None)
    if profile is not None and profile.organisation_id == application.organisation_id:
        raise ValidationError(
            _(
                "%(who)s은(는) 신청 기관(%(org)s) 소속이라 평가할 수 없습니다(이해충돌). "
                "다른 평가위원을 배정하세요."
            )
            % {"who": reviewer.get_full_name() or reviewer.username, "org": application.organisation.name}
        )
    check_application(application, ApplicationStatus.SUBMITTED)
    review, created = Review.objects.get_or_create(application=application, reviewer=reviewer)
    if created:
        audit.record(
            actor=actor,
            action="review.assign",
            target=review,
            scope=application,
            summary=_("평가위원 배정: %s") % (reviewer.get_full_name() or reviewer.username),
        )
    return review


def _own(review: Review, actor: User) -> None:
    if review.reviewer_id != getattr(actor, "id", None):
        raise PermissionDenied
    check_application(review.application, ApplicationStatus.SUBMITTED)


@transaction.atomic
def review_declare_conflict(*, review: Review, reason: str, actor: User) -> Review:
    """Declare a conflict of interest: the review is excluded and any score it had is dropped."""
    _own(review, actor)
    if not reason.strip():
        raise ValidationError(_("이해충돌 사유를 적어 주세요(예: 최근 3년 내 공동 연구)."))
    had = review.total
    review.conflict, review.conflict_reason, review.total = True, reason.strip(), None
    review.submitted_at = timezone.now()
    review.save()
    review.scores.all().delete()
    application_rescore(review.application)
    audit.record(
        actor=actor,
        action="review.conflict",
        target=review,
        scope=review.application,
        summary=_("이해충돌 신고로 평가에서 제외: %s") % reason,
        before={"total": had},
        after={"total": None},
    )
    return review


@transaction.atomic
def review_submit(*, review: Review, scores: Mapping[int, int], comment: str, actor: User) -> Review:
    """Score every criterion (0–100) and comment; a reviewer who declared a conflict cannot score."""
    _own(review, actor)
    if review.conflict:
        raise ValidationError(
            _("이해충돌을 신고한 평가위원은 점수를 낼 수 없습니다. 이 평가는 집계에서 빠집니다.")
        )
    criteria = list(review.application.call.criteria.all())
    weights = {c.id: c.weight for c in criteria}
    missing = [c.name for c in criteria if c.id not in scores]
    bad = [c.name for c in criteria if c.id in scores and not 0 <= scores[c.id] <= 100]
    if missing or bad:
        raise ValidationError(_("모든 평가 항목에 0~100점을 적어 주세요: %s") % ", ".join(missing + bad))
    review.scores.all().delete()
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion_id=c, score=scores[c]) for c in weights
    )
    before = review.total
    review.total = round(weighted(scores, weights), 2)
    review.comment = comment
    review.submitted_at = timezone.now()
    review.save()
    application_rescore(review.application)
    audit.record(
        actor=actor,
        action="review.submit",
        target=review,
        scope=review.application,
        summary=_("평가 제출: %(t)s점") % {"t": review.total},
        before={"total": before},
        after={"total": review.total},
    )
    return review
