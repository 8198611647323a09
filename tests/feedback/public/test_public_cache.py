"""Public pages come from the cache until something they show changes, and 공감 still works on them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from sori.feedback.models import MessageKind, OutboxMessage
from sori.voices import services

pytestmark = [pytest.mark.django_db(transaction=True)]  # the version moves on commit


@pytest.fixture(autouse=True)
def _cache_on() -> Any:
    cache.clear()
    with override_settings(SORI_PUBLIC_CACHE_SECONDS=60):
        yield
    cache.clear()


@pytest.fixture
def published(staff, proposer, meeting) -> Any:
    proposal = services.proposal_record(
        text="GPU 기간 연장", actor=staff, person=proposer, engagement=meeting
    )
    demand = services.demand_create(title="GPU 사용기간 연장", proposal_ids=[proposal.id], actor=staff)
    return services.demand_publish(demand=demand, published=True, actor=staff)


def test_the_second_visitor_gets_the_cached_page_until_a_demand_is_published(
    published, staff, proposer
) -> None:
    first = Client().get(reverse("public:tracker"))
    assert "X-Sori-Cache" not in first and "GPU 사용기간 연장" in first.content.decode()
    second = Client().get(reverse("public:tracker"))
    assert second["X-Sori-Cache"] == "hit" and "GPU 사용기간 연장" in second.content.decode()

    proposal = services.proposal_record(text="실증 공간", actor=staff, person=proposer)
    other = services.demand_create(title="실증 공간 확대", proposal_ids=[proposal.id], actor=staff)
    services.demand_publish(demand=other, published=True, actor=staff)
    third = Client().get(reverse("public:tracker"))
    assert "X-Sori-Cache" not in third and "실증 공간 확대" in third.content.decode()


def test_a_cached_demand_page_gives_each_visitor_a_working_token(published) -> None:
    url = reverse("public:demand", args=[published.id])
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page["X-Sori-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None and token.group(1) != "__sori_csrf_token__"
    response = visitor.post(
        reverse("public:support", args=[published.id]),
        {"csrfmiddlewaretoken": token.group(1), "email": "visitor@example.kr"},
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(kind=MessageKind.SUPPORT_LINK).count() == 1


def test_a_visitor_waiting_for_their_link_sees_it_and_nobody_else_does(published) -> None:
    # given: the page is cached for everyone, then a visitor asks for a link
    url = reverse("public:demand", args=[published.id])
    Client().get(url)
    visitor = Client()
    visitor.post(reverse("public:support", args=[published.id]), {"email": "visitor@example.kr"})
    # when
    theirs = visitor.get(url)
    others = Client().get(url)
    # then: the visitor gets their own page; the next visitor the shared one, without that state
    assert "X-Sori-Cache" not in theirs and "공감 확인을 기다리고 있습니다" in theirs.content.decode()
    assert others["X-Sori-Cache"] == "hit" and "공감 확인을 기다리고 있습니다" not in others.content.decode()


def test_signed_in_visitors_and_visitors_with_a_session_get_their_own_page(published, login, staff) -> None:
    url = reverse("public:tracker")
    Client().get(url)
    assert "X-Sori-Cache" not in login(staff).get(url)
    assert Client().get(url)["X-Sori-Cache"] == "hit"


@override_settings(SORI_PUBLIC_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(published) -> None:
    Client().get(reverse("public:tracker"))
    assert "X-Sori-Cache" not in Client().get(reverse("public:tracker"))
