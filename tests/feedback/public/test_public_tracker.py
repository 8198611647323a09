"""The public tracker: a newspaper page of published demands, filters, sorting, paging and open data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from sori.engagement.models import Engagement
from sori.voices import services
from sori.voices.models import Theme


def test_tracker_shows_each_published_demand_as_an_article(client: Client, world) -> None:
    # when
    response = client.get("/tracker/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert world.demand.title in html
    assert "타 기관 이관" in html  # the coloured tag
    assert 'class="tag amber"' in html
    assert "GPU 배분 기준은 정보통신산업진흥원 소관입니다." in html  # the reason
    assert "시는 사용기간 연장을 공식 건의합니다." in html  # the limits
    assert "요청 기관 2곳" in html  # two organisations: the citizen has none
    assert "공감 0" in html
    assert "결정" in html


def test_tracker_never_shows_people_nor_unnamed_organisations(client: Client, world, private_strings) -> None:
    # when
    pages = [
        client.get("/tracker/").content.decode(),
        client.get("/tracker/?format=csv").content.decode("utf-8-sig"),
        client.get("/tracker/?format=json").content.decode(),
    ]
    # then
    for text in pages:
        for secret in private_strings:
            assert secret not in text


def test_unpublished_and_merged_demands_stay_off_the_tracker(client: Client, world, staff, proposer) -> None:
    # given: a draft demand, and a published one merged away into the answered demand
    draft = services.proposal_record(text="AI 사관학교 맞춤형 인재", actor=staff, person=proposer)
    services.demand_create(title="기업 맞춤형 AI 인재 양성(초안)", proposal_ids=[draft.id], actor=staff)
    other = services.proposal_record(text="GPU 1년", actor=staff, person=proposer)
    merged = services.demand_create(title="GPU 1년 보장(병합 전)", proposal_ids=[other.id], actor=staff)
    services.demand_publish(demand=merged, published=True, actor=staff)
    services.demand_merge(target=world.demand, others=[merged], actor=staff)
    # when
    html = client.get("/tracker/").content.decode()
    # then
    assert "초안" not in html
    assert "병합 전" not in html
    assert world.demand.title in html


@pytest.fixture
def second(world, staff, company, meeting) -> object:
    """A second published demand, on another theme, from round 2, still being organised."""
    round2 = Engagement.objects.create(
        series=meeting.series, round=2, title="제2차 AI기업 조찬간담회", starts_at=meeting.starts_at
    )
    education = Theme.objects.create(code="talent", name="인재·교육")
    p = services.proposal_record(
        text="제조업 AI 교육을 늘려 주세요", actor=staff, organisation=company, engagement=round2
    )
    demand = services.demand_create(
        title="제조업 재직자 AI 교육 확대", proposal_ids=[p.id], actor=staff, theme=education
    )
    return services.demand_publish(demand=demand, published=True, actor=staff)


def test_filters_by_theme_meeting_status_and_search(client: Client, world, second, theme) -> None:
    round2 = Engagement.objects.get(round=2)
    cases = {
        f"theme={theme.id}": world.demand.title,
        f"theme={second.theme_id}": second.title,
        f"meeting={round2.id}": second.title,
        f"meeting={Engagement.objects.get(round=1).id}": world.demand.title,
        "status=referred": world.demand.title,
        "status=open": second.title,
        "q=제조업": second.title,
        "q=데이터센터": world.demand.title,
    }
    for query, expected in cases.items():
        # when
        html = client.get(f"/tracker/?{query}").content.decode()
        # then
        shown = {t for t in (world.demand.title, second.title) if t in html}
        assert shown == {expected}, query
    # a series keeps every demand voiced in any of its rounds
    html = client.get(f"/tracker/?series={round2.series_id}").content.decode()
    assert world.demand.title in html and second.title in html
    # nothing matches: the page says what to do
    html = client.get("/tracker/?q=존재하지않는말").content.decode()
    assert "조건에 맞는 정책 수요가 없습니다" in html


def test_bad_filter_values_are_ignored_not_errors(client: Client, world) -> None:
    response = client.get("/tracker/?theme=abc&meeting=999999&status=nonsense&sort=evil&page=x")
    assert response.status_code == 200
    assert world.demand.title in response.content.decode()


def test_sorts_by_support_and_by_latest_decision(client: Client, world, second) -> None:
    # given: the unanswered demand has one supporter
    services.demand_support(demand=second, supporter_key="k1", basis="user")
    # when / then: most support first
    html = client.get("/tracker/?sort=support").content.decode()
    assert html.index(second.title) < html.index(world.demand.title)
    # latest decision first: the answered demand leads, the unanswered one follows
    html = client.get("/tracker/").content.decode()
    assert html.index(world.demand.title) < html.index(second.title)
    html = client.get("/tracker/?sort=orgs").content.decode()
    assert html.index(world.demand.title) < html.index(second.title)


def test_pages_twenty_at_a_time(client: Client, staff, proposer) -> None:
    # given
    for i in range(23):
        p = services.proposal_record(text=f"제안 {i}", actor=staff, person=proposer)
        d = services.demand_create(title=f"수요 번호 {i:02d}번", proposal_ids=[p.id], actor=staff)
        services.demand_publish(demand=d, published=True, actor=staff)
    # when
    first = client.get("/tracker/").content.decode()
    second = client.get("/tracker/?page=2").content.decode()
    # then
    assert "정책 수요 23건" in first
    assert first.count("<article>") == 20
    assert second.count("<article>") == 3
    assert "page=2" in first


def test_open_data_is_exactly_the_filtered_list(client: Client, world, second) -> None:
    # when
    response = client.get("/tracker/?format=json&status=referred")
    data = json.loads(response.content)
    # then
    assert response["Content-Type"].startswith("application/json")
    assert data["count"] == 1
    [row] = data["demands"]
    assert row["demand"] == world.demand.title
    assert row["status"] == "referred"
    assert row["status_label"] == "타 기관 이관"
    assert row["referred_to"] == "정보통신산업진흥원"
    assert row["organisations"] == 2
    assert row["url"].endswith(f"/tracker/{world.demand.id}/")
    # and CSV opens in Korean Excel (BOM) with the same rows
    response = client.get("/tracker/?format=csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["번호", "정책 수요", "분야"]
    assert {r[1] for r in rows[1:]} == {world.demand.title, second.title}
    # and XLSX for every list
    assert client.get("/tracker/?format=xlsx")["Content-Type"].startswith("application/vnd.openxml")


def test_tracker_query_count_does_not_grow_with_rows(
    client: Client, world, staff, proposer, django_assert_num_queries
) -> None:
    # given: many published, answered demands
    for i in range(15):
        p = services.proposal_record(text=f"제안 {i}", actor=staff, person=proposer)
        d = services.demand_create(title=f"수요 {i}", proposal_ids=[p.id], actor=staff)
        d = services.demand_publish(demand=d, published=True, actor=staff)
        services.demand_support(demand=d, supporter_key=f"k{i}", basis="user")
    # when / then: count, page, current dispositions, their milestones, the series heard, the filter menus
    with django_assert_num_queries(8):
        assert client.get("/tracker/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/tracker/?format=json").status_code == 200
