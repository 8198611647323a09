"""Minutes in a real Chromium: upload on the meeting page, edit and reject candidates, accept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from sori.minutes.samples import ROUND1, render
from sori.voices.models import Proposal

pytestmark = pytest.mark.e2e


@pytest.fixture
def staff_page(browser, live_server, staff) -> Iterator[Any]:
    client = Client()
    client.force_login(staff)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    # a phone's width: the review must work at 375 px
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 375, "height": 800}
    )
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_upload_edit_reject_and_accept_minutes_on_a_phone(
    staff_page, live_server, meeting, tmp_path: Path
) -> None:
    page = staff_page
    data, name = render(ROUND1, "hwpx")
    minutes = tmp_path / name
    minutes.write_bytes(data)
    # given the meeting page
    page.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/")
    # when the minutes file is chosen by its label and uploaded
    page.get_by_label("회의록 파일 (HWPX, HWP, DOCX, PDF, XLSX, CSV, TXT)").set_input_files(str(minutes))
    page.get_by_role("button", name="회의록 올리고 후보 보기").click()
    # then the review lists the candidates, each beside its paragraph
    expect(page.get_by_role("heading", name="후보 16건")).to_be_visible()
    expect(page.get_by_text("16건을 찾았습니다")).to_be_visible()
    assert _fits_the_screen(page)
    first = page.locator(".mr-card").first
    expect(first.locator("blockquote")).to_contain_text("미드필더가 필요하다")
    expect(first.locator(".mr-who")).to_contain_text("김종민")

    # when the first candidate's text is edited
    first.get_by_label("후보 내용").fill("제조업과 AI기업을 잇는 미드필더 역할의 지원 조직이 필요합니다.")
    first.get_by_role("button", name="고친 내용 저장").click()
    expect(page.get_by_text("후보 내용을 고쳤습니다.")).to_be_visible()

    # and the start-up complaint is left out
    # (the card whose own text says it, not the one whose source paragraph does)
    startup = page.locator(".mr-card").filter(
        has=page.get_by_role("textbox", name="후보 내용").filter(has_text="버티기")
    )
    startup.get_by_role("button", name="빼기").click()
    expect(page.get_by_text("후보를 뺐습니다.")).to_be_visible()
    rejected = page.locator(".mr-card").filter(
        has=page.locator(".mr-rejected-text", has_text="버티기 어렵습니다")
    )
    expect(rejected.locator(".mr-status")).to_have_text("뺌")

    # when the rest is saved as proposals
    page.get_by_role("button", name="고른 후보를 제안으로 저장").click()

    # then the meeting page shows 15 proposals, the edited one in its new words, the rejected one absent
    expect(page.get_by_role("heading", name="이 간담회의 제안 15건")).to_be_visible()
    proposals = page.locator("#proposals")
    expect(proposals).to_contain_text("미드필더 역할의 지원 조직이 필요합니다")
    expect(proposals).not_to_contain_text("버티기 어렵습니다")
    expect(proposals).to_contain_text("㈜아이티앱스 · 조춘호")
    expect(page.get_by_role("heading", name="참석자 명단 7명")).to_be_visible()
    assert Proposal.objects.filter(engagement=meeting).count() == 15
    assert _fits_the_screen(page)


def test_the_entry_preview_shows_whose_each_line_is_before_saving(
    staff_page, live_server, meeting, company
) -> None:
    page = staff_page
    page.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/")
    # when lines in the minutes' speaker forms are typed
    page.locator("textarea[name=raw]").fill(
        "김세영 ㈜엑스알에이아이 이사: 실증 공간이 필요합니다\n"
        "○ 위원장 강수훈: 가점이 필요합니다\n"
        "(주)아이티앱: GPU를 늘려 주세요\n"
        "누가 했는지 모르는 말"
    )
    # then the preview shows the server's reading: person, organisation and link, and the unknown line
    rows = page.locator("#entry-preview li")
    expect(rows).to_have_count(4)
    expect(rows.nth(0).locator(".who")).to_have_text("김세영 이사")
    expect(rows.nth(0).locator(".link")).to_have_text("새 기관으로 등록")
    expect(rows.nth(1).locator(".link")).to_have_text("위원 본인 명의(기관 없음)")
    expect(rows.nth(2).locator(".link")).to_contain_text("㈜아이티앱스")
    expect(rows.nth(3)).to_contain_text("누가 말했는지 알 수 없습니다")
    expect(page.locator("#entry-unattributed")).to_have_text("발언자 모름 1줄")
    assert not Proposal.objects.exists()  # nothing is saved by previewing
