"""The loop in a real Chromium: staff type and group, an officer answers, the public reads it on a phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.core.roles import Role
from sori.engagement.models import Engagement
from sori.policy.models import Disposition
from sori.registry.models import Organisation
from sori.voices.models import Demand, Proposal
from sori.voices.outcomes import Outcome

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the conftest password
PHONE = {"width": 375, "height": 812}


def log_in(browser: Any, base: str, username: str, viewport: dict[str, int] | None = None) -> Any:
    """Open a fresh browser context and log in through the login form; return its page."""
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport=viewport or {"width": 1200, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_staff_group_an_officer_answers_and_the_public_reads_it_on_a_phone(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    department: Organisation,
    meeting: Engagement,
    tmp_path: Path,
) -> None:
    base = live_server.url
    make_user("kim.staff", Role.STAFF)
    make_user("lee.officer", Role.OFFICER, department)
    shots = tmp_path / "screens"
    shots.mkdir()

    # given: staff log in and type what was said at round 1, one proposal per line
    staff = log_in(browser, base, "kim.staff")
    staff.goto(f"{base}/staff/meetings/{meeting.pk}/")
    box = staff.locator("textarea[name=raw]")
    box.click()
    box.press_sequentially("㈜아이티앱스: GPU 사용기간을 최소 12개월로 늘려 주세요")
    box.press("Enter")
    box.press_sequentially("㈜광주비전: GPU 지원을 재선발 대신 갱신으로 해 주세요")
    box.press("Enter")
    box.press_sequentially("실증 공간제공형은 문턱이 높습니다")
    assert staff.locator("#entry-count").inner_text() == "3건"
    staff.screenshot(path=str(shots / "1-entry.png"), full_page=True)
    staff.get_by_role("button", name="제안 저장").click()
    staff.wait_for_url("**saved=**")
    assert "제안 3건을 기록했습니다" in staff.locator(".messages").inner_text()

    # when: they tick the two GPU proposals on the proposals page and group them into a new demand
    staff.goto(f"{base}/staff/proposals/")
    for words in ("GPU 사용기간을 최소 12개월로", "GPU 지원을 재선발 대신"):
        staff.locator("tr", has_text=words).locator("input[name=ids]").check()
    assert staff.locator("[data-selected-count]").inner_text() == "2"
    title = "GPU 사용기간을 12개월 이상으로 늘리고 갱신을 허용해 주세요"
    staff.locator("input[name=title]").fill(title)
    staff.screenshot(path=str(shots / "2-grouping.png"), full_page=True)
    staff.get_by_role("button", name="새 수요로 묶기").click()
    staff.wait_for_load_state()
    assert "제안 2건을 새 수요" in staff.locator(".messages").inner_text()
    demand = Demand.objects.get(title=title)
    assert set(demand.proposals.values_list("text", flat=True)) == {
        "GPU 사용기간을 최소 12개월로 늘려 주세요",
        "GPU 지원을 재선발 대신 갱신으로 해 주세요",
    }
    assert Proposal.objects.filter(demand__isnull=True).count() == 1

    # and: they open the demand and send it to the department in charge
    staff.get_by_role("link", name=title).first.click()
    staff.wait_for_url(f"**/staff/demands/{demand.id}/")
    staff.get_by_label("소관부서").select_option(label=department.name)
    staff.get_by_role("button", name="부서에 보내기").click()
    staff.wait_for_load_state()
    assert f"{department.name}에 배정했습니다" in staff.locator(".messages").inner_text()
    staff.screenshot(path=str(shots / "3-demand.png"), full_page=True)

    # then: the officer finds it in their inbox and records 'not adopted' with its reason and limits
    officer = log_in(browser, base, "lee.officer")
    assert officer.url.endswith("/staff/inbox/")
    officer.get_by_role("link", name="답변하기").click()
    officer.get_by_label("반영 곤란").check()
    officer.locator("select[name=reason_code]").select_option(label="국가 법령 개정 필요")
    officer.locator("textarea[name=reason]").fill(
        "GPU 배분 기간은 국가AI데이터센터 운영 지침으로 정해집니다."
    )
    officer.locator("textarea[name=limits]").fill("시는 12개월 이상 사용을 중앙부처에 건의하겠습니다.")
    officer.screenshot(path=str(shots / "4-decide.png"), full_page=True)
    officer.get_by_role("button", name="처리결과 저장").click()
    officer.wait_for_url("**/staff/inbox/")
    assert "처리결과를 저장했습니다" in officer.locator(".messages").inner_text()
    assert Disposition.objects.get(demand=demand).outcome == Outcome.NOT_ADOPTED

    # and: staff publish it
    staff.reload()
    staff.get_by_role("button", name="공개 현황판에 게시").click()
    staff.wait_for_load_state()
    assert "공개 현황판에 게시했습니다" in staff.locator(".messages").inner_text()

    # then: on a phone the tracker shows the demand with a grey tag and the reason, and no sideways scroll
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport=PHONE)
    public = context.new_page()
    public.goto(f"{base}/tracker/")
    article = public.locator("article", has_text=title)
    tag = article.locator(".tag")
    assert tag.inner_text() == "반영 곤란"
    assert "grey" in (tag.get_attribute("class") or "")
    colour = tag.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), "the status tag is coloured"
    assert "국가AI데이터센터 운영 지침" in article.inner_text()
    public.screenshot(path=str(shots / "5-tracker-375.png"), full_page=True)
    assert public.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # and: the demand's own page fits the phone too
    article.get_by_role("link", name=title).click()
    public.wait_for_url(f"**/tracker/{demand.id}/")
    public.screenshot(path=str(shots / "6-demand-375.png"), full_page=True)
    assert public.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for pg in (staff, officer, public):
        pg.context.close()


def test_an_officers_inbox_is_readable_on_a_phone(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    staff: User,
    department: Organisation,
    meeting: Engagement,
    tmp_path: Path,
) -> None:
    # given: a demand with a long title waiting for the officer's answer
    from sori.voices import services

    make_user("lee.officer", Role.OFFICER, department)
    said = services.proposals_record_lines(raw="GPU 사용기간을 늘려 주세요", actor=staff, engagement=meeting)
    title = "스타트업·소규모 기업을 위한 소량 GPU(NPU 포함) 상시 배정 트랙과 간이 신청 절차 신설"
    demand = services.demand_create(title=title, proposal_ids=[p.id for p in said], actor=staff)
    services.demand_assign(demand=demand, department=department, actor=staff)

    # when: the officer opens the inbox on a 375 px wide phone
    page = log_in(browser, live_server.url, "lee.officer", viewport=PHONE)
    page.screenshot(path=str(tmp_path / "inbox-375.png"), full_page=True)

    # then: the title reads in lines of several words (the table scrolls in its frame, not the page)
    link = page.locator("table.inbox a", has_text="스타트업").first
    assert link.bounding_box()["width"] >= 150
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()
