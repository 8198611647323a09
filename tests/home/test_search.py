"""The staff search box in the header: every kind at once, grouped, each row only if the user may open it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sori.engagement.models import Engagement, Series
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices import services
from sori.voices.models import Demand

pytestmark = pytest.mark.django_db

SEARCH = "/staff/search/"


@pytest.fixture
def world(
    staff: User,
    meeting: Engagement,
    department: Organisation,
    other_department: Organisation,
    company: Organisation,
) -> dict[str, Demand]:
    """Demands for two departments, a training school, its principal, and a meeting at the school."""
    school = Organisation.objects.create(
        name="광주AI사관학교", kind=OrganisationKind.INSTITUTION, sector="AI 인재 양성"
    )
    Person.objects.create(name="박교장", organisation=school, role="사관학교 교장")
    Engagement.objects.create(
        series=meeting.series,
        round=2,
        title="제2차 간담회: 사관학교 현장",
        starts_at=timezone.make_aware(dt.datetime(2025, 11, 25, 7, 30)),
        place="AI사관학교 강당",
    )

    def demand(title: str, text: str, to: Organisation | None) -> Demand:
        proposal = services.proposal_record(text=text, actor=staff, organisation=company, engagement=meeting)
        made = services.demand_create(title=title, proposal_ids=[proposal.id], actor=staff)
        if to is not None:
            made = services.demand_assign(demand=made, department=to, actor=staff)
        return made

    return {
        "mine": demand(
            "AI사관학교 졸업생 채용 연계", "사관학교 수료생을 채용하면 인건비를 지원해 주세요", department
        ),
        "theirs": demand("사관학교 교육장 확충", "사관학교 교육장이 좁습니다", other_department),
        "open": demand("GPU 바우처 확대", "GPU 바우처를 늘려 주세요", None),
    }


def _group(html: str, label: str) -> str:
    found = re.search(rf'<h2 id="found-\w+">{label}</h2>(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def test_staff_find_demands_organisations_people_and_meetings_from_the_header(
    login: Callable[[User], Client], staff: User, world: dict[str, Demand]
) -> None:
    client = login(staff)
    # given: every staff page has the search box in its header
    home = client.get("/home/").content.decode()
    assert 'role="search"' in home and 'action="/staff/search/"' in home
    assert '<label class="visually-hidden" for="top-search-q">' in home

    # when: they look for part of a word
    html = client.get(SEARCH, {"q": "사관학교"}).content.decode()

    # then: each kind comes in its own group
    assert world["mine"].title in _group(html, "정책 수요") and world["theirs"].title in _group(
        html, "정책 수요"
    )
    assert world["open"].title not in html
    assert "광주AI사관학교" in _group(html, "기관")
    assert "박교장" in _group(html, "인물")
    assert "제2차 간담회: 사관학교 현장" in _group(html, "간담회")
    assert "사관학교 수료생을 채용하면" in _group(html, "제안")


def test_every_word_must_match(
    login: Callable[[User], Client], staff: User, world: dict[str, Demand]
) -> None:
    html = login(staff).get(SEARCH, {"q": "사관학교 채용"}).content.decode()
    demands = _group(html, "정책 수요")
    assert world["mine"].title in demands and world["theirs"].title not in demands
    assert "찾지 못했습니다" in login(staff).get(SEARCH, {"q": "사관학교 없는낱말"}).content.decode()


def test_an_officer_finds_only_their_own_departments_demands(
    login: Callable[[User], Client], officer: User, world: dict[str, Demand]
) -> None:
    html = login(officer).get(SEARCH, {"q": "사관학교"}).content.decode()
    assert world["mine"].title in _group(html, "정책 수요")
    assert world["theirs"].title not in html
    # and nothing of the kinds only staff open
    assert not _group(html, "기관") and not _group(html, "인물") and "박교장" not in html


def test_companies_and_visitors_have_no_staff_search(
    login: Callable[[User], Client], company_user: User, client: Client
) -> None:
    assert login(company_user).get(SEARCH, {"q": "사관학교"}).status_code == 403
    assert 'action="/staff/search/"' not in client.get("/").content.decode()
    assert client.get(SEARCH, {"q": "사관학교"}).status_code == 302


def test_more_than_ten_link_to_the_list_with_the_same_query(
    login: Callable[[User], Client], staff: User, series: Series
) -> None:
    for i in range(12):
        Organisation.objects.create(name=f"사관학교 협력기관 {i:02d}", kind=OrganisationKind.COMPANY)
        Person.objects.create(name=f"사관학교 강사 {i:02d}")
    html = login(staff).get(SEARCH, {"q": "사관학교"}).content.decode()
    organisations = _group(html, "기관")
    assert organisations.count("<li>") == 10
    assert 'href="/staff/organisations/?q=%EC%82%AC%EA%B4%80%ED%95%99%EA%B5%90"' in organisations
    # people have no list page: "more" shows them here, alone
    people = login(staff).get(SEARCH, {"q": "사관학교", "kind": "people"}).content.decode()
    assert people.count("<li>") == 12 and not _group(people, "기관")


def test_the_search_page_query_count_is_fixed(
    login: Callable[[User], Client], staff: User, world: dict[str, Demand], django_assert_num_queries: Any
) -> None:
    client = login(staff)
    # session, user, profile, then one query per kind
    with django_assert_num_queries(8):
        assert client.get(SEARCH, {"q": "사관학교 채용 인건비 지원"}).status_code == 200
