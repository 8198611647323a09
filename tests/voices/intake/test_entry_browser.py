"""Fast entry in a real Chromium: live count and preview, a draft that survives a reload until saved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from sori.voices.models import Proposal

pytestmark = pytest.mark.e2e


@pytest.fixture
def chromium_page(browser, live_server, staff) -> Iterator[Any]:
    client = Client()
    client.force_login(staff)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_typing_previewing_reloading_and_saving(chromium_page, live_server, meeting) -> None:
    page = chromium_page
    url = f"{live_server.url}/staff/meetings/{meeting.pk}/"
    page.goto(url)
    box = page.locator("textarea[name=raw]")
    # given two lines typed, one with an organisation prefix
    box.fill("㈜아이티앱스: GPU 사용기간을 늘려 주세요\n실증 공간이 필요합니다")
    # then the count and the preview follow the typing, as the server reads the lines
    expect(page.locator("#entry-count")).to_have_text("2건")
    expect(page.locator("#entry-unattributed")).to_have_text("발언자 모름 1줄")
    expect(page.locator("#entry-preview .org").first).to_have_text("㈜아이티앱스")
    # when the page reloads before saving, the draft comes back
    page.reload()
    assert box.input_value().startswith("㈜아이티앱스: GPU")
    assert page.locator("#entry-restored").is_visible()
    # when Ctrl+Enter saves it
    box.press("Control+Enter")
    page.wait_for_url("**saved=**")
    # then both proposals are recorded and the draft is gone, even after another reload
    assert Proposal.objects.filter(engagement=meeting).count() == 2
    page.goto(url)
    assert box.input_value() == ""
    assert "GPU 사용기간을 늘려 주세요" in page.content()
