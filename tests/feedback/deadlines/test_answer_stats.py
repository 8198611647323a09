"""Time to answer, by department and overall; the page, its export, and the staff home page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sori.feedback.deadlines import answer_time_stats
from sori.home.selectors import overdue_demands
from sori.voices import services

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def history(assigned, department, other_department):
    """인공지능산업과 answered in 3, 5 and 20 days (deadline 14) and owes one; 기업육성과 answered in 10."""
    on = D(2025, 11, 3)
    due = D(2025, 11, 17)
    for title, days in (("가", 3), ("나", 5), ("다", 20)):
        assigned(title, department, on=on, due=due, answered=on + dt.timedelta(days=days))
    assigned("라", department, on=on, due=due)
    assigned("마", other_department, on=D(2025, 12, 1), due=D(2025, 12, 15), answered=D(2025, 12, 11))


def test_figures_by_department_and_overall(history) -> None:
    stats = answer_time_stats(today=D(2025, 12, 20))
    ai, biz = stats.departments[1], stats.departments[0]  # by name: 기업육성과, 인공지능산업과
    assert ai.department == "광주광역시 인공지능산업과" and biz.department == "광주광역시 기업육성과"
    assert (ai.assigned, ai.answered, ai.waiting, ai.overdue) == (4, 3, 1, 1)
    assert (ai.median_days, ai.p90_days, ai.within_deadline) == (5, 20, 2)
    assert ai.share_within_deadline == pytest.approx(2 / 3)
    assert (biz.median_days, biz.p90_days, biz.share_within_deadline) == (10, 10, 1.0)
    overall = stats.overall
    assert (overall.assigned, overall.answered, overall.median_days, overall.p90_days) == (5, 4, 7.5, 20)
    assert overall.share_within_deadline == 0.75


def test_figures_for_a_period(history) -> None:
    stats = answer_time_stats(date_from=D(2025, 12, 1), date_to=D(2025, 12, 31))
    assert [d.department for d in stats.departments] == ["광주광역시 기업육성과"]
    assert stats.overall.answered == 1


def test_the_page_shows_the_table_and_exports_it(login, staff, history, django_assert_num_queries) -> None:
    client = login(staff)
    with django_assert_num_queries(4):
        html = client.get(reverse("feedback:deadlines")).content.decode()
    assert "답변 기한과 소요일" in html and "광주광역시 인공지능산업과" in html and "전체" in html
    assert "67%" in html and "(2/3)" in html and "부서 지정일부터 14일" in html
    rows = list(
        load_workbook(
            io.BytesIO(client.get(reverse("feedback:deadlines"), {"format": "xlsx"}).content)
        ).active.values
    )
    assert rows[0][:3] == ("소관부서", "지정", "답변")
    assert rows[-1][0] == "전체" and rows[-1][5] == 7.5 and rows[-1][8] == 0.75
    filtered = client.get(reverse("feedback:deadlines"), {"date_from": "2025-12-01"}).content.decode()
    assert "광주광역시 인공지능산업과" not in filtered


def test_the_home_page_links_to_the_figures(login, staff) -> None:
    html = login(staff).get(reverse("home:home")).content.decode()
    assert reverse("feedback:deadlines") in html and reverse("feedback:outbox") in html


def test_working_day_deadlines_drive_assignment_and_the_overdue_list(
    settings, monkeypatch, staff, department, series, meeting
) -> None:
    # given deadlines counted in working days, 5 for this series
    settings.SORI_ANSWER_DAY_KIND = "working"
    series.answer_days = 5
    series.save()
    p = services.proposal_record(text="실증 확인서를 발급해 주세요.", actor=staff, engagement=meeting)
    demand = services.demand_create(title="실증 확인서 발급", proposal_ids=[p.id], actor=staff)
    # when the demand is assigned on Wednesday 1 October 2025, before the 추석 holidays
    assigned_at = timezone.make_aware(dt.datetime(2025, 10, 1, 10))
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: assigned_at)
        demand = services.demand_assign(demand=demand, department=department, actor=staff)
    # then the deadline skips 개천절, the weekend, 추석 with its substitute and 한글날
    assert demand.answer_due == D(2025, 10, 14)
    assert demand not in overdue_demands(D(2025, 10, 14))
    assert demand in overdue_demands(D(2025, 10, 15))


def test_web_submissions_follow_their_channel_setting(settings, staff, department) -> None:
    settings.SORI_ANSWER_DAYS_BY_SOURCE = {"web": 7}
    p = services.proposal_record(text="웹으로 낸 제안입니다.", actor=staff, source="web")
    demand = services.demand_create(title="웹 제안 수요", proposal_ids=[p.id], actor=staff)
    demand = services.demand_assign(demand=demand, department=department, actor=staff)
    assert demand.answer_due == timezone.localdate() + dt.timedelta(days=7)
