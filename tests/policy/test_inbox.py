"""The department inbox: an officer sees only their department's demands, oldest deadline first."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sori.policy.services import disposition_decide
from sori.voices.outcomes import Outcome

URL = "/staff/inbox/"


def test_url_name() -> None:
    assert reverse("policy:inbox") == URL


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_company_user_is_refused(login, company_user) -> None:
    assert login(company_user).get(URL).status_code == 403


def test_officer_sees_only_own_department_oldest_deadline_first(
    login, officer, department, other_department, make_demand, proposer, company
) -> None:
    # given
    today = timezone.localdate()
    make_demand(
        "GPU 사용기간 연장", department=department, proposers=[proposer], due=today + dt.timedelta(days=3)
    )
    make_demand(
        "실증 공간 제공", department=department, proposers=[company], due=today - dt.timedelta(days=3)
    )
    make_demand("다른 부서의 수요", department=other_department, proposers=[company])
    # when
    response = login(officer).get(URL)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "다른 부서의 수요" not in html
    assert html.index("실증 공간 제공") < html.index("GPU 사용기간 연장")
    assert "3일 초과" in html and "D-3" in html
    assert 'class="due over"' in html


def test_officer_cannot_peek_at_another_department_through_the_query(
    login, officer, department, other_department, make_demand, company
) -> None:
    make_demand("다른 부서의 수요", department=other_department, proposers=[company])
    response = login(officer).get(URL, {"department": other_department.id})
    assert response.status_code == 200
    assert "다른 부서의 수요" not in response.content.decode()


def test_counts_proposals_and_distinct_organisations(
    login, officer, department, make_demand, proposer, company, second_proposer
) -> None:
    # two proposals from ㈜아이티앱스 (one through its representative), one from ㈜빛고을데이터
    make_demand("GPU 사용기간 연장", department=department, proposers=[proposer, company, second_proposer])
    response = login(officer).get(URL)
    demand = response.context["pending"][0]
    assert (demand.proposal_count, demand.org_count) == (3, 2)


def test_answered_demands_move_to_the_second_section(
    login, officer, department, make_demand, proposer
) -> None:
    # given
    demand = make_demand("GPU 사용기간 연장", department=department, proposers=[proposer])
    disposition_decide(demand=demand, actor=officer, outcome=Outcome.ADOPTED)
    # when
    response = login(officer).get(URL)
    # then
    assert list(response.context["pending"]) == []
    assert [d.title for d in response.context["answered"]] == ["GPU 사용기간 연장"]
    assert "답변을 기다리는 수요가 없습니다." in response.content.decode()


def test_staff_see_every_department_or_one_department_view(
    login, staff, admin_user, department, other_department, make_demand, company
) -> None:
    make_demand("인공지능산업과 수요", department=department, proposers=[company])
    make_demand("기업육성과 수요", department=other_department, proposers=[company])
    all_html = login(staff).get(URL).content.decode()
    assert "인공지능산업과 수요" in all_html and "기업육성과 수요" in all_html
    one = login(admin_user).get(URL, {"department": other_department.id}).content.decode()
    assert "기업육성과 수요" in one and "인공지능산업과 수요" not in one


def test_search_theme_and_overdue_filters(login, officer, department, make_demand, company) -> None:
    today = timezone.localdate()
    make_demand(
        "GPU 사용기간 연장", department=department, proposers=[company], due=today + dt.timedelta(days=5)
    )
    make_demand(
        "실증 공간 제공", department=department, proposers=[company], due=today - dt.timedelta(days=1)
    )
    client = login(officer)
    assert [d.title for d in client.get(URL, {"q": "GPU"}).context["pending"]] == ["GPU 사용기간 연장"]
    assert [d.title for d in client.get(URL, {"overdue": "on"}).context["pending"]] == ["실증 공간 제공"]
    titles = [d.title for d in client.get(URL, {"sort": "-due"}).context["pending"]]
    assert titles == ["GPU 사용기간 연장", "실증 공간 제공"]


def test_exports_xlsx(login, officer, department, make_demand, company) -> None:
    make_demand("GPU 사용기간 연장", department=department, proposers=[company])
    response = login(officer).get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("상태", "수요")
    assert rows[1][:2] == ("답변 대기", "GPU 사용기간 연장")


def test_query_count_does_not_grow_with_rows(
    login, officer, department, make_demand, company, proposer, django_assert_num_queries
) -> None:
    for i in range(12):
        d = make_demand(f"수요 {i}", department=department, proposers=[company, proposer])
        if i % 2:
            disposition_decide(demand=d, actor=officer, outcome=Outcome.ADOPTED)
    client = login(officer)
    with django_assert_num_queries(11):  # the 9 before, the overdue milestones, answers awaiting approval
        response = client.get(URL)
    assert response.status_code == 200
