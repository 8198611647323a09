"""The decision form: one form for an answer, refusing a reasonless 'no' and saying why next to each field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sori.policy.models import Disposition, ReasonCode
from sori.policy.services import disposition_decide
from sori.voices.models import Stage
from sori.voices.outcomes import Outcome


@pytest.fixture
def demand(make_demand, department, proposer, second_proposer):
    return make_demand(
        "GPU 사용기간을 최소 12개월로", department=department, proposers=[proposer, second_proposer]
    )


def url(demand) -> str:
    return reverse("policy:decide", args=[demand.id])


NOT_ADOPTED = {
    "outcome": Outcome.NOT_ADOPTED,
    "reason_code": ReasonCode.NATIONAL_LAW,
    "reason": "GPU 배분 기간은 국가AI데이터센터 운영 지침으로 정해져 있습니다.",
    "limits": "시가 기간을 바꿀 수는 없지만, 재선정 절차 간소화를 건의하겠습니다.",
    "instrument": "law_revision",
    "due_date": "2026-03-31",
}


def test_url_shape(demand) -> None:
    assert url(demand) == f"/staff/demands/{demand.id}/decide/"


def test_anonymous_is_sent_to_login(client, demand) -> None:
    response = client.get(url(demand))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_company_user_is_refused(login, company_user, demand) -> None:
    assert login(company_user).get(url(demand)).status_code == 403
    assert login(company_user).post(url(demand), NOT_ADOPTED).status_code == 403
    assert not Disposition.objects.exists()


def test_officer_of_another_department_gets_403(login, other_officer, demand) -> None:
    assert login(other_officer).get(url(demand)).status_code == 403
    assert login(other_officer).post(url(demand), NOT_ADOPTED).status_code == 403
    assert not Disposition.objects.exists()


def test_unknown_demand_is_404(login, officer) -> None:
    assert login(officer).get("/staff/demands/999999/decide/").status_code == 404


def test_officer_sees_the_demand_and_who_said_what(login, officer, demand) -> None:
    response = login(officer).get(url(demand))
    html = response.content.decode()
    assert response.status_code == 200
    assert "GPU 사용기간을 최소 12개월로" in html
    assert "㈜아이티앱스 · 조춘호" in html and "㈜빛고을데이터 · 김다온" in html
    for label in ("반영", "일부 반영", "검토 중", "중장기 검토", "반영 곤란", "타 기관 이관"):
        assert label in html
    assert "지금 할 수 없는 것과" in html
    assert 'name="submission_key"' in html


def test_non_adoption_without_reason_is_refused_next_to_each_field(login, officer, demand) -> None:
    # when
    response = login(officer).post(url(demand), {"outcome": Outcome.NOT_ADOPTED, "submission_key": "k1"})
    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"reason_code", "reason", "limits"}
    html = response.content.decode()
    assert "사유를 적어 주세요." in html
    assert "아무 것도 저장되지 않았습니다" in html
    assert not Disposition.objects.exists()
    demand.refresh_from_db()
    assert demand.stage == Stage.ASSIGNED


def test_referral_must_name_the_body(login, officer, demand) -> None:
    data = {**NOT_ADOPTED, "outcome": Outcome.REFERRED, "reason_code": ReasonCode.OTHER_BODY}
    response = login(officer).post(url(demand), data)
    assert "referred_to" in response.context["form"].errors
    assert "정보통신산업진흥원" in response.content.decode()
    assert not Disposition.objects.exists()


def test_officer_saves_and_returns_to_inbox_with_what_comes_next(login, officer, demand) -> None:
    # when
    response = login(officer).post(url(demand), {**NOT_ADOPTED, "submission_key": "k2"}, follow=True)
    # then
    assert response.redirect_chain[-1][0] == reverse("policy:inbox")
    assert "처리결과를 저장했습니다. 제안자 2명에게 보낼 회신이 준비되었습니다." in response.content.decode()
    [d] = Disposition.objects.all()
    assert (d.outcome, d.reason_code, d.instrument, str(d.due_date)) == (
        Outcome.NOT_ADOPTED,
        ReasonCode.NATIONAL_LAW,
        "law_revision",
        "2026-03-31",
    )
    assert d.department_id == demand.department_id
    assert d.decided_by == officer
    demand.refresh_from_db()
    assert (demand.stage, demand.outcome) == (Stage.ANSWERED, Outcome.NOT_ADOPTED)


def test_staff_are_sent_to_the_demand_page(login, staff, demand) -> None:
    response = login(staff).post(url(demand), {"outcome": Outcome.ADOPTED, "submission_key": "k3"})
    assert response.status_code == 302
    assert response["Location"] == reverse("voices:demand_detail", args=[demand.id])


def test_double_submit_makes_one_disposition(login, officer, demand) -> None:
    client = login(officer)
    data = {**NOT_ADOPTED, "submission_key": "same-form"}
    first = client.post(url(demand), data)
    second = client.post(url(demand), data)
    assert first.status_code == second.status_code == 302
    assert Disposition.objects.count() == 1


def test_a_new_decision_adds_a_row_and_keeps_history(login, officer, demand) -> None:
    # given an earlier answer
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.UNDER_REVIEW,
        reason_code=ReasonCode.UNDER_STUDY,
        reason="수요 조사를 하고 있습니다.",
        limits="결과는 내년 1월에 나옵니다.",
    )
    client = login(officer)
    # when the form opens, it starts from that answer and shows it
    page = client.get(url(demand))
    assert page.context["form"].initial["outcome"] == Outcome.UNDER_REVIEW
    assert "이전 처리결과" in page.content.decode() and "수요 조사를 하고 있습니다." in page.content.decode()
    # and a new answer is saved beside it
    client.post(url(demand), {"outcome": Outcome.ADOPTED, "instrument": "budget", "submission_key": "k4"})
    assert list(Disposition.objects.order_by("id").values_list("outcome", flat=True)) == [
        Outcome.UNDER_REVIEW,
        Outcome.ADOPTED,
    ]
    demand.refresh_from_db()
    assert demand.outcome == Outcome.ADOPTED


def test_staff_cannot_answer_a_demand_without_department(login, staff, make_demand, company) -> None:
    open_demand = make_demand("정리 중인 수요", department=None, proposers=[company])
    response = login(staff).post(url(open_demand), {"outcome": Outcome.ADOPTED, "submission_key": "k5"})
    assert response.status_code == 200
    assert "먼저 소관부서를 지정해 주세요." in response.content.decode()
    assert not Disposition.objects.exists()
