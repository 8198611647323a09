"""AI사관학교 in a real Chromium: an applicant is added, selected, completes and is placed at a firm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.core.roles import Role
from sori.programs.models import Placement, Trainee
from sori.programs.services.talent import cohort_create
from sori.registry.models import Organisation, OrganisationKind

from .test_loop_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_take_a_trainee_from_application_to_placement(
    transactional_db: Any, live_server: Any, browser: Any, make_user: Callable[..., User]
) -> None:
    # given: a cohort of the AI academy with two seats, and a local firm
    staff = make_user("kim.talent", Role.STAFF)
    firm = Organisation.objects.create(name="빛고을비전㈜", kind=OrganisationKind.COMPANY)
    cohort = cohort_create(
        name="AI사관학교 7기",
        seats=2,
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 8, 28),
        actor=staff,
    )
    base = live_server.url
    page = log_in(browser, base, "kim.talent")

    # when: they add an applicant on the cohort's page and select them
    page.goto(f"{base}/staff/programs/talent/cohorts/{cohort.id}/")
    trainees = page.locator("#trainees")
    trainees.get_by_role("textbox", name="이름", exact=True).fill("정하늘")
    trainees.get_by_role("button", name="지원자 추가").click()
    page.wait_for_load_state()
    row = page.locator("#trainees tr", has_text="정하늘")
    row.get_by_role("button", name="선발").click()
    page.wait_for_load_state()

    # and: record attendance, then completion
    row = page.locator("#trainees tr", has_text="정하늘")
    row.locator("input[name=attendance_rate]").fill("92.5")
    row.get_by_role("button", name="출석률 기록").click()
    page.wait_for_load_state()
    page.locator("#trainees tr", has_text="정하늘").get_by_role("button", name="수료").click()
    page.wait_for_load_state()

    # and: record where they were hired
    page.locator("#trainees tr", has_text="정하늘").get_by_role("link", name="배치 기록").click()
    page.wait_for_url("**/placement/**")
    page.locator("select[name=organisation]").select_option(label="빛고을비전㈜")
    page.locator("select[name=kind]").select_option(label="채용")
    page.locator("input[name=starts_on]").fill("2026-09-01")
    page.get_by_role("button", name="배치 기록").click()
    page.wait_for_url(f"**/talent/cohorts/{cohort.id}/**")

    # then: the trainee completed with their attendance, and the placement is recorded and counted
    trainee = Trainee.objects.get(name="정하늘")
    assert trainee.status == "completed" and float(trainee.attendance_rate or 0) == 92.5
    placement = Placement.objects.get(trainee=trainee)
    assert placement.organisation == firm and placement.kind == "hire"
    assert placement.starts_on == dt.date(2026, 9, 1)
    assert "빛고을비전㈜" in page.locator("main").inner_text()
