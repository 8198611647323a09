"""A public demand page says when it was asked before: published earlier demands are links, no people."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sori.engagement.models import Engagement, Series
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices import services
from sori.voices.models import Demand

EARLIER_PERSON = "최예전"
EARLIER_EMAIL = "past@gpu.example.kr"
EARLIER_TEXT = "예전 회의에서 말씀드린 우리 회사의 GPU 사정입니다"


def _earlier(staff: User, title: str, year: int, *, published: bool) -> Demand:
    meeting = Engagement.objects.create(
        series=Series.objects.get_or_create(title=f"{year} AI 추진위원회")[0],
        round=1,
        title=f"{year} 추진위원회 회의",
        starts_at=timezone.make_aware(dt.datetime(year, 6, 2, 14, 0)),
    )
    org = Organisation.objects.create(name=f"㈜예전AI{year}", kind=OrganisationKind.COMPANY)
    person = Person.objects.create(name=EARLIER_PERSON, organisation=org, email=EARLIER_EMAIL)
    proposal = services.proposal_record(
        text=EARLIER_TEXT, actor=staff, person=person, engagement=meeting, received_at=meeting.starts_at
    )
    demand = services.demand_create(title=title, proposal_ids=[proposal.id], actor=staff)
    if published:
        services.demand_publish(demand=demand, published=True, actor=staff)
    return demand


@pytest.fixture
def history(staff: User, world: Any) -> tuple[Demand, Demand]:
    """The world's published GPU demand repeats a published 2020 demand and an unpublished 2023 one."""
    shown = _earlier(staff, "GPU 컴퓨팅 자원 사용기간 연장", 2020, published=True)
    hidden = _earlier(staff, "GPU 재선정 절차 간소화", 2023, published=False)
    services.repeat_confirm(demand=world.demand, earlier=hidden, actor=staff)
    services.repeat_confirm(demand=hidden, earlier=shown, actor=staff)
    return shown, hidden


def test_the_public_page_lists_earlier_demands_and_links_only_published_ones(
    client: Client, world: Any, history: tuple[Demand, Demand], private_strings: list[str]
) -> None:
    shown, hidden = history

    # when: a visitor opens the demand
    page = client.get(f"/tracker/{world.demand.id}/").content.decode()

    # then: both earlier demands, oldest first, by year; only the published one links to its page
    section = page.split('id="asked-before"')[1].split("</section>")[0]
    assert "이전에도 제기된 요구" in page
    assert section.index("2020년") < section.index("2023년")
    assert f'href="/tracker/{shown.id}/"' in section and shown.title in section
    assert hidden.title in section and f"/tracker/{hidden.id}/" not in section
    # and nobody's name, address or words, from this demand or the earlier ones
    for secret in [*private_strings, EARLIER_PERSON, EARLIER_EMAIL, EARLIER_TEXT, "㈜예전AI2023"]:
        assert secret not in page


def test_a_demand_with_no_history_shows_no_such_section(client: Client, world: Any) -> None:
    page = client.get(f"/tracker/{world.demand.id}/").content.decode()
    assert 'id="asked-before"' not in page
