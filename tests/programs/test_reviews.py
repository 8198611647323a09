"""Reviews: several reviewers, weighted scores, conflicts of interest excluded."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sori.core.models import Profile
from sori.core.roles import Role
from sori.programs import services
from sori.programs.models import Review


def test_reviewer_scores_every_criterion_and_the_weighted_mean_counts(
    login, company, apply, reviewer, reviewer2, staff
):
    # given an application with two reviewers
    app = apply(company)
    r1 = services.review_assign(application=app, reviewer=reviewer, actor=staff)
    r2 = services.review_assign(application=app, reviewer=reviewer2, actor=staff)
    ids = [c.id for c in app.call.criteria.all()]  # weights 40, 30, 30
    # when each scores through the review page
    login(reviewer).post(
        reverse("programs:review", args=[r1.id]),
        {"action": "score", f"c{ids[0]}": 100, f"c{ids[1]}": 50, f"c{ids[2]}": 50, "comment": "우수"},
    )
    login(reviewer2).post(
        reverse("programs:review", args=[r2.id]),
        {"action": "score", f"c{ids[0]}": 60, f"c{ids[1]}": 60, f"c{ids[2]}": 60},
    )
    # then the application's score is the mean of the weighted totals (70 and 60)
    app.refresh_from_db()
    assert app.score == 65.0


def test_conflict_excludes_the_reviewer_and_their_score_never_counts(
    login, company, apply, reviewer, reviewer2, staff
):
    # given two reviewers who have scored
    app = apply(company)
    ids = [c.id for c in app.call.criteria.all()]
    r1 = services.review_assign(application=app, reviewer=reviewer, actor=staff)
    r2 = services.review_assign(application=app, reviewer=reviewer2, actor=staff)
    services.review_submit(review=r1, scores=dict.fromkeys(ids, 90), comment="", actor=reviewer)
    services.review_submit(review=r2, scores=dict.fromkeys(ids, 50), comment="", actor=reviewer2)
    # when the first declares a conflict
    response = login(reviewer).post(
        reverse("programs:review", args=[r1.id]), {"action": "conflict", "reason": "최근 공동 연구"}
    )
    assert response.status_code == 302
    # then only the second review counts, and the first can no longer score
    app.refresh_from_db()
    assert app.score == 50.0
    r1.refresh_from_db()
    assert r1.conflict and r1.total is None
    with pytest.raises(ValidationError, match="이해충돌"):
        services.review_submit(review=r1, scores=dict.fromkeys(ids, 100), comment="", actor=reviewer)
    app.refresh_from_db()
    assert app.score == 50.0
    page = login(staff).get(reverse("programs:application_detail", args=[app.id])).content.decode()
    assert "이해충돌 — 집계 제외" in page


def test_reviewer_from_the_applicants_organisation_is_refused(login, company, apply, reviewer, staff):
    # given a staff reviewer whose profile belongs to the applicant
    Profile.objects.filter(user=reviewer).update(organisation=company)
    app = apply(company)
    # when staff assign them
    response = login(staff).post(
        reverse("programs:review_assign", args=[app.id]), {"reviewer": reviewer.id}, follow=True
    )
    # then it is refused and said why
    assert "이해충돌" in response.content.decode()
    assert not Review.objects.exists()


def test_only_the_assigned_reviewer_may_open_a_review(login, company, apply, reviewer, reviewer2, staff):
    app = apply(company)
    review = services.review_assign(application=app, reviewer=reviewer, actor=staff)
    assert login(reviewer2).get(reverse("programs:review", args=[review.id])).status_code == 403
    assert login(reviewer).get(reverse("programs:review", args=[review.id])).status_code == 200


def test_company_user_cannot_be_assigned_as_reviewer(company, apply, company_user, staff):
    app = apply(company)
    assert company_user.profile.role == Role.COMPANY
    with pytest.raises(ValidationError):
        services.review_assign(application=app, reviewer=company_user, actor=staff)
