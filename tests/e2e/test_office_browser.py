"""The office in a real Chromium: staff assign five demands at once, an administrator creates the officer who
answers them, the officer sets a password from the mailed link, logs in and finds a demand from the header."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.core.roles import Role
from sori.engagement.models import Engagement
from sori.feedback.models import MessageKind, OutboxMessage
from sori.registry.models import Organisation
from sori.voices import services
from sori.voices.models import Demand, Stage

from .test_loop_browser import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "gwangju-ai-policy-2025"


def test_bulk_assign_then_a_new_officer_sets_a_password_logs_in_and_searches(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    department: Organisation,
    meeting: Engagement,
    tmp_path: Path,
) -> None:
    base = live_server.url
    admin = make_user("kim.admin", Role.ADMIN)
    said = services.proposals_record_lines(
        raw="\n".join(f"기업{i}: AI사관학교 과정 {i}기를 늘려 주세요" for i in range(5)),
        actor=admin,
        engagement=meeting,
    )
    for i, p in enumerate(said):
        services.demand_create(title=f"AI사관학교 {i}기 확대", proposal_ids=[p.id], actor=admin)

    # given: the administrator ticks every demand on the page and chooses "소관부서 지정…"
    page = log_in(browser, base, "kim.admin")
    page.goto(f"{base}/staff/demands/")
    page.locator("input[data-check-all]").check()
    assert page.locator("[data-selected-count]").inner_text() == "5"
    page.get_by_role("button", name="소관부서 지정…").click()

    # when: the confirmation page names the five; they pick the department and apply
    page.wait_for_url("**/staff/demands/bulk/")
    assert page.locator("h1").inner_text().endswith("수요 5건")
    page.locator("select[name=department]").select_option(label=department.name)
    page.get_by_role("button", name="5건에 적용").click()
    page.wait_for_url("**/staff/demands/")

    # then: all five went to the department
    assert f"수요 5건을 {department.name}에 배정했습니다" in page.locator(".messages").inner_text()
    assert Demand.objects.filter(stage=Stage.ASSIGNED, department=department).count() == 5

    # when: the administrator creates the officer who will answer them, on one page
    page.goto(f"{base}/home/")
    page.locator("nav.nav details", has_text="관리").locator("summary").click()
    page.get_by_role("link", name="사용자", exact=True).click()
    page.get_by_role("link", name="사용자 등록").click()
    page.locator("input[name=name]").fill("이담당")
    page.locator("input[name=username]").fill("lee.ai")
    page.locator("input[name=email]").fill("lee.ai@gwangju.go.kr")
    page.get_by_label("기업·기관 사용자").check()
    assert page.locator("input[name=organisation]").is_visible()
    assert not page.locator("input[name=department]").is_visible()
    page.get_by_label("소관부서 담당자").check()
    assert not page.locator("input[name=organisation]").is_visible()
    page.locator("input[name=department]").fill(department.name)
    page.screenshot(path=str(tmp_path / "user-create.png"), full_page=True)
    page.get_by_role("button", name="등록하고 링크 보내기").click()
    page.wait_for_load_state()
    assert "lee.ai@gwangju.go.kr로 비밀번호 설정 링크를 보냈습니다" in page.locator(".messages").inner_text()

    # and: the officer opens the mailed link and chooses a password
    body = OutboxMessage.objects.get(kind=MessageKind.ACCOUNT).body
    found = re.search(r"/accounts/password/set/\S+/", body)
    assert found, body
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport=PHONE)
    mine = context.new_page()
    mine.goto(base + found.group(0))
    mine.get_by_label("새 비밀번호", exact=True).fill(NEW_PASSWORD)
    mine.get_by_label("새 비밀번호 확인").fill(NEW_PASSWORD)
    mine.screenshot(path=str(tmp_path / "password-set-375.png"), full_page=True)
    assert mine.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    mine.get_by_role("button", name="비밀번호 저장").click()
    mine.wait_for_url("**/accounts/login/")
    assert "비밀번호를 정했습니다" in mine.locator(".messages").inner_text()
    assert "위원회·시 직원과 기업 사용자 로그인" in mine.locator("h1").inner_text()

    # then: they log in with it and land in their department's inbox with the five demands
    mine.get_by_label("아이디").fill("lee.ai")
    mine.get_by_label("비밀번호", exact=True).fill(NEW_PASSWORD)
    mine.get_by_role("button", name="로그인").click()
    mine.wait_for_url("**/staff/inbox/")
    assert mine.locator("table", has_text="AI사관학교 3기 확대").count() >= 1

    # and: the header's search box (folded behind 메뉴 on a phone) finds a demand of theirs by part of a word
    mine.get_by_role("button", name="메뉴").click()
    box = mine.get_by_role("search").get_by_label("수요·제안·기관·인물·간담회 찾기")
    box.fill("사관학교 3기")
    box.press("Enter")
    mine.wait_for_url("**/staff/search/?q=*")
    found_demands = mine.locator("section", has=mine.get_by_role("heading", name="정책 수요"))
    assert found_demands.get_by_role("link", name="AI사관학교 3기 확대").is_visible()
    assert found_demands.locator("li").count() == 1
    mine.screenshot(path=str(tmp_path / "search-375.png"), full_page=True)
    assert mine.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # and: staff find an organisation and a meeting from the same box, each under its own heading
    for words, heading, name in (
        ("인공지능산업", "기관", department.name),
        ("조찬간담회", "간담회", meeting.title),
    ):
        box = page.get_by_role("search").get_by_label("수요·제안·기관·인물·간담회 찾기")
        box.fill(words)
        box.press("Enter")
        page.wait_for_url("**/staff/search/?q=*")
        group = page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))
        assert group.get_by_role("link", name=name).is_visible(), words
    group.get_by_role("link", name=meeting.title).click()
    page.wait_for_url(f"**/staff/meetings/{meeting.id}/")
    context.close()
    page.context.close()
