"""The midfielder in a real Chromium: introduce an AI firm from the matching list, then 미팅 and PoC."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.core.roles import Role
from sori.programs.models import Introduction, IntroductionStage
from sori.registry.models import Organisation, OrganisationKind

from .test_loop_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_introduce_a_firm_from_the_matching_list_and_follow_it_to_a_poc(
    transactional_db: Any, live_server: Any, browser: Any, make_user: Callable[..., User]
) -> None:
    # given: a root-industry firm with AI needs, two AI firms, and a coordinator on the staff
    maker = Organisation.objects.create(
        name="㈜하남정밀",
        kind=OrganisationKind.ROOT_INDUSTRY,
        ai_needs="금형 불량 검출 자동화, 품질검사 데이터",
    )
    Organisation.objects.create(
        name="빛고을비전㈜",
        kind=OrganisationKind.COMPANY,
        ai_capabilities="머신비전 품질검사, 불량 검출 딥러닝",
    )
    Organisation.objects.create(
        name="㈜말결", kind=OrganisationKind.COMPANY, ai_capabilities="한국어 대화형 AI 챗봇, 음성 인식"
    )
    make_user("han.staff", Role.STAFF)
    base = live_server.url
    page = log_in(browser, base, "han.staff")

    # when: they open the manufacturer's matches and press 소개하기 on the best-ranked firm
    page.goto(f"{base}/staff/programs/matching/?organisation={maker.id}")
    row = page.locator("tr", has_text="빛고을비전㈜")
    row.get_by_role("link", name="소개하기").click()
    page.wait_for_url("**/staff/programs/introductions/new/**")
    # then: the form carries the manufacturer's need; they add a note and record the introduction
    assert page.locator("textarea[name=need]").input_value() == maker.ai_needs
    page.locator("textarea[name=note]").fill("양사 대표 통화 연결")
    page.get_by_role("button", name="소개 기록").click()
    page.wait_for_url("**/staff/programs/introductions/*/")
    assert "빛고을비전㈜을(를) ㈜하남정밀에 소개했습니다" in page.locator(".messages").inner_text()
    assert page.locator("p.meta .tag").inner_text() == "소개"

    # when: the meeting took place, then the PoC started
    for stage, note in (
        ("미팅", "공장 방문, 불량 샘플 확인"),
        ("실증/PoC", "라인 1곳 카메라 설치, 4주 측정"),
    ):
        advance = page.locator("#advance")
        advance.locator("select[name=stage]").select_option(label=stage)
        advance.locator("textarea[name=note]").fill(note)
        advance.get_by_role("button", name="단계 기록").click()
        page.wait_for_load_state()
        assert f"'{stage}' 단계를 기록했습니다" in page.locator(".messages").inner_text()

    # then: the page shows the three stages with their notes, the next ones still to come
    assert page.locator("p.meta .tag").inner_text() == "실증/PoC"
    steps = page.locator("ol.intro-steps li")
    assert [steps.nth(i).locator(".step-name").inner_text() for i in range(steps.count())] == [
        "소개",
        "미팅",
        "실증/PoC",
        "계약",
        "종료",
    ]
    assert "라인 1곳 카메라 설치" in page.locator("ol.intro-steps").inner_text()
    introduction = Introduction.objects.get()
    assert introduction.stage == IntroductionStage.POC
    assert [s.stage for s in introduction.steps.all()] == ["introduced", "meeting", "poc"]
    assert introduction.coordinator == User.objects.get(username="han.staff")
    page.context.close()
