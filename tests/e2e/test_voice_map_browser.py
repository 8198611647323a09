"""The map of the voices on the organise screen, in a real browser: points, their text, ticking them."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sori.voices import services
from sori.voices.models import ProposalVector

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINES = [
    "㈜광주AI: GPU 신청하고 배정받기까지 석 달을 기다렸습니다. 대기 시간을 줄여 주세요.",
    "㈜뿌리테크: 작은 공장은 AI 솔루션을 사고 싶어도 도입 비용이 너무 비쌉니다.",
    "㈜파킹: AI 집적단지에 주차 공간이 너무 부족합니다.",
]


def staff_context(browser: Any, live_server: Any, staff: Any, width: int = 1200) -> Any:
    client = Client()
    client.force_login(staff)
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": width, "height": 900}
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_points_show_their_text_and_tick_the_grouping_form(
    browser: Any, live_server: Any, staff: Any, meeting: Any
) -> None:
    # given: three waiting proposals, encoded when they were saved (the task runs after commit)
    said = services.proposals_record_lines(raw="\n".join(LINES), actor=staff, engagement=meeting)
    assert ProposalVector.objects.count() == 3
    context = staff_context(browser, live_server, staff)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(live_server.url + reverse("voices:organise"))

    # then: one point per waiting proposal
    points = page.locator("#organise-map .vm-point")
    assert points.count() == 3
    tip = page.locator("#organise-map [data-vm-tip]")

    # when: hovering a point, its proposal's words and speaker appear
    first = page.locator(f'#organise-map .vm-point[data-id="{said[0].id}"]')
    first.hover()
    assert tip.is_visible() and "대기 시간을 줄여" in tip.inner_text() and "㈜광주AI" in tip.inner_text()
    # and focusing another with the keyboard shows its words
    second = page.locator(f'#organise-map .vm-point[data-id="{said[1].id}"]')
    second.focus()
    assert "도입 비용" in tip.inner_text()

    # when: clicking a point, the proposal is ticked in the grouping form below
    box = page.locator(f'form[data-group-form] input[name=ids][value="{said[0].id}"]')
    assert not box.is_checked()
    first.click()
    assert box.is_checked()
    assert page.locator("[data-selected-count]").inner_text() == "1"
    assert first.get_attribute("aria-pressed") == "true"
    # and Enter on a focused point ticks it too
    second.focus()
    page.keyboard.press("Enter")
    assert page.locator(f'form[data-group-form] input[name=ids][value="{said[1].id}"]').is_checked()
    assert page.locator("[data-selected-count]").inner_text() == "2"
    context.close()


def test_the_map_scrolls_inside_its_box_on_a_phone(
    browser: Any, live_server: Any, staff: Any, meeting: Any
) -> None:
    services.proposals_record_lines(raw="\n".join(LINES), actor=staff, engagement=meeting)
    context = staff_context(browser, live_server, staff, width=375)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(live_server.url + reverse("voices:organise"))
    scroll = page.locator("#organise-map .vm-scroll")
    sizes = scroll.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] > sizes[1] and sizes[1] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    context.close()
