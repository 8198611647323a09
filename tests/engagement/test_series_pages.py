"""Series: creating one with its rounds, the list (sort, search, filter, export) and the detail page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from sori.core.models import AuditRecord
from sori.engagement.models import Series
from sori.engagement.services import RoundPlan, round_dates, series_create
from sori.voices.services import proposals_record_lines


def test_round_dates_tuesdays_and_fridays_in_november() -> None:
    dates = round_dates(first_date=dt.date(2025, 11, 11), weekdays=frozenset({1, 4}), count=6)
    assert [d.day for d in dates] == [11, 14, 18, 21, 25, 28]


def test_round_dates_without_weekdays_are_weekly() -> None:
    dates = round_dates(first_date=dt.date(2025, 11, 11), weekdays=frozenset(), count=3)
    assert dates == [dt.date(2025, 11, 11), dt.date(2025, 11, 18), dt.date(2025, 11, 25)]


def test_staff_create_the_breakfast_series_with_six_rounds(staff, login) -> None:
    # given the staff member fills in the new-series form with "회차 자동 생성"
    client = login(staff)
    form = {
        "title": "2025 AI기업 조찬간담회",
        "host_name": "광주광역시의회 AI특별위원회",
        "description": "AI기업의 건의사항을 듣는 조찬간담회",
        "answer_days": "14",
        "submission_key": "key-1",
        "round_count": "6",
        "first_date": "2025-11-11",
        "weekdays": ["1", "4"],
        "time": "07:30",
        "place": "광주광역시의회 대회의실",
    }
    # when it is submitted twice (a double click)
    first = client.post(reverse("engagement:series_create"), form)
    second = client.post(reverse("engagement:series_create"), form)
    # then one series exists with six meetings on the right days, and both answers lead to it
    series = Series.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("engagement:series_detail", args=[series.pk])
    meetings = list(series.engagements.order_by("round"))
    assert [timezone.localtime(m.starts_at).strftime("%m-%d %H:%M") for m in meetings] == [
        "11-11 07:30",
        "11-14 07:30",
        "11-18 07:30",
        "11-21 07:30",
        "11-25 07:30",
        "11-28 07:30",
    ]
    assert meetings[0].title == "제1차 AI기업 조찬간담회" and meetings[0].place == "광주광역시의회 대회의실"
    assert series.host is not None and series.host.name == "광주광역시의회 AI특별위원회"
    assert series.answer_days == 14
    assert AuditRecord.objects.filter(action="engagement.create").count() == 6
    # and the detail page lists them with Korean dates
    page = client.get(first["Location"])
    assert "2025. 11. 28.(금) 07:30" in page.content.decode()
    assert "시리즈와 간담회 6회를 만들었습니다" in page.content.decode()


def test_series_title_must_be_unique_and_rounds_need_a_first_date(staff, login, series) -> None:
    client = login(staff)
    response = client.post(reverse("engagement:series_create"), {"title": series.title, "round_count": "3"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "첫 회 날짜를 적어 주세요" in html
    response = client.post(reverse("engagement:series_create"), {"title": series.title})
    assert "같은 제목의 시리즈가 이미 있습니다" in response.content.decode()
    assert Series.objects.count() == 1


def test_series_edit_changes_and_audits(staff, login, series) -> None:
    client = login(staff)
    response = client.post(
        reverse("engagement:series_edit", args=[series.pk]),
        {
            "title": "2025 AI기업 조찬간담회(수정)",
            "host_name": "",
            "description": "설명",
            "answer_days": "30",
        },
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title.endswith("(수정)") and series.answer_days == 30
    record = AuditRecord.objects.get(action="series.update")
    assert record.before["answer_days"] is None and record.after["answer_days"] == 30


def _many_series(staff, count: int) -> None:
    for i in range(count):
        s = series_create(
            title=f"시리즈 {i:02d}",
            host_name="광주광역시의회" if i % 2 else "광주광역시 인공지능산업과",
            actor=staff,
            rounds=RoundPlan(
                count=2, first_date=dt.date(2025, 1, 1 + i), weekdays=frozenset(), time=dt.time(9)
            ),
        )
        proposals_record_lines(raw="가\n나", actor=staff, engagement=s.engagements.first())


def test_series_list_sorts_searches_filters_and_exports(staff, login, django_assert_num_queries) -> None:
    # given twelve series with meetings and proposals
    _many_series(staff, 12)
    client = login(staff)
    # when the list is shown, its query count does not grow with the rows
    with django_assert_num_queries(6):
        response = client.get(reverse("engagement:series_list"), {"sort": "title"})
    html = response.content.decode()
    assert html.index("시리즈 00") < html.index("시리즈 11")
    # then descending sort, search and host filter work
    html = client.get(reverse("engagement:series_list"), {"sort": "-title"}).content.decode()
    assert html.index("시리즈 11") < html.index("시리즈 00")
    html = client.get(reverse("engagement:series_list"), {"q": "시리즈 03"}).content.decode()
    assert "시리즈 03" in html and "시리즈 04" not in html
    host = Series.objects.get(title="시리즈 01").host
    html = client.get(reverse("engagement:series_list"), {"host": host.pk}).content.decode()
    assert "시리즈 01" in html and "시리즈 02" not in html
    html = client.get(reverse("engagement:series_list"), {"q": "없는 말"}).content.decode()
    assert "조건에 맞는 시리즈가 없습니다" in html
    # and the export is a spreadsheet
    export = client.get(reverse("engagement:series_list"), {"format": "xlsx", "q": "시리즈"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_series_detail_counts_proposals_per_meeting(
    staff, login, series, meeting, django_assert_num_queries
) -> None:
    proposals_record_lines(raw="하나\n둘\n셋", actor=staff, engagement=meeting)
    client = login(staff)
    with django_assert_num_queries(5):
        response = client.get(reverse("engagement:series_detail", args=[series.pk]))
    html = response.content.decode()
    assert "제1차 AI기업 조찬간담회" in html and "3건" in html and "70명" in html
    export = client.get(reverse("engagement:series_detail", args=[series.pk]), {"format": "xlsx"})
    assert export.status_code == 200
