"""In Chromium, a visitor without an account supports a demand by e-mail and confirms from the mail."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.feedback.models import MessageKind, OutboxMessage
from sori.voices import services
from sori.voices.models import Demand, Support, SupportBasis

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_supports_with_an_email_and_confirms_through_the_link(
    live_server: Any, page: Any, staff: User, answered_demand: Demand
) -> None:
    # given: an answered demand on the tracker
    services.demand_publish(demand=answered_demand, published=True, actor=staff)
    base = live_server.url
    page.goto(f"{base}/tracker/{answered_demand.id}/")
    assert "공감 0" in page.locator("article").inner_text()

    # when: the visitor gives their address
    page.get_by_label("공감하려면 이메일 주소를 입력하세요").fill("visitor@example.kr")
    page.locator("#support").get_by_role("button", name="공감하기").click()
    page.wait_for_load_state()

    # then: the page says a link is on its way, and nothing is counted yet
    assert "입력하신 주소로 확인 링크를 보냈습니다" in page.locator(".messages").inner_text()
    assert "공감 확인을 기다리고 있습니다" in page.locator("#support").inner_text()
    assert "공감 0" in page.locator("article").inner_text()
    assert not Support.objects.exists()

    # when: they open the link from the mail (read from the outbox)
    message = OutboxMessage.objects.get(kind=MessageKind.SUPPORT_LINK)
    found = re.search(r"/tracker/support/\S+/", message.body)
    assert found is not None
    page.goto(base + found.group(0))

    # then: the 공감 counts, once
    assert "공감이 반영되었습니다" in page.locator("main").inner_text()
    page.get_by_role("link", name="정책 수요 페이지로 가기").click()
    page.wait_for_load_state()
    assert "공감 1" in page.locator("article").inner_text()
    assert "공감함" in page.locator("#support").inner_text()
    assert list(Support.objects.values_list("basis", flat=True)) == [SupportBasis.EMAIL]
