"""While a proposal is typed on the meeting page, similar earlier proposals appear beside it, with reasons."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sori.voices import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_typing_a_line_shows_the_similar_earlier_proposal(
    browser: Any, live_server: Any, staff: Any, meeting: Any
) -> None:
    # given an earlier proposal about GPU terms at the data center
    services.proposal_record(
        text="국가AI데이터센터 GPU 사용기간을 6개월에서 최소 12개월로 늘려 주세요",
        actor=staff,
        engagement=meeting,
    )
    services.proposal_record(
        text="제조기업 대상 AI 교육 과정을 신설해 주세요", actor=staff, engagement=meeting
    )
    client = Client()
    client.force_login(staff)
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # the first query builds the index and loads the morphology model
    page.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/")
    # when a staff member types a line that asks the same in other words
    page.locator("textarea[name=raw]").fill("㈜아이티앱스: GPU 사용기간을 12개월 이상으로 늘려야 합니다")
    page.locator("textarea[name=raw]").press("End")
    # then the earlier GPU proposal appears beside the entry with its score and shared keywords
    panel = page.locator("#similar")
    panel.locator("li").first.wait_for()
    best = panel.locator("li").first.inner_text()
    assert "GPU 사용기간을 6개월에서" in best and "점수" in best
    assert "GPU" in panel.locator("li").first.locator(".kw").all_inner_texts()
    context.close()
