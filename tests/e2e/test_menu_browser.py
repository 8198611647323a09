"""The staff menu in a real Chromium: one line at 1280 px, a group opens on click and closes with Escape."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from .test_loop_browser import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_staff_menu_fits_one_line_and_its_groups_open_and_close(
    browser: Any, live_server: Any, staff: User
) -> None:
    page = log_in(browser, live_server.url, staff.username, viewport={"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/home/")
    nav = page.locator("nav.nav")
    entries = nav.locator(":scope > a, :scope > details > summary")
    tops = {round(entries.nth(i).bounding_box()["y"]) for i in range(entries.count())}
    assert len(tops) == 1, tops  # every entry on the same line

    voices = nav.locator("details", has_text="제안·수요")
    assert not nav.get_by_role("link", name="자동 정리", exact=True).is_visible()
    voices.locator("summary").click()
    assert nav.get_by_role("link", name="자동 정리", exact=True).is_visible()
    nav.locator("details", has_text="생태계").locator("summary").click()  # one group open at a time
    assert nav.get_by_role("link", name="성과 지표", exact=True).is_visible()
    assert not nav.get_by_role("link", name="자동 정리", exact=True).is_visible()
    page.keyboard.press("Escape")
    assert not nav.get_by_role("link", name="성과 지표", exact=True).is_visible()

    voices.locator("summary").click()
    nav.get_by_role("link", name="정책 수요", exact=True).click()
    page.wait_for_url("**/staff/demands/")
    assert page.locator("nav.nav a[aria-current=page]").text_content() == "정책 수요"


def test_on_a_phone_an_open_group_pushes_the_page_down_instead_of_covering_it(
    browser: Any, live_server: Any, staff: User
) -> None:
    page = log_in(browser, live_server.url, staff.username, viewport=PHONE)
    page.goto(f"{live_server.url}/home/")
    nav = page.locator("nav.nav")
    nav.locator("details", has_text="제안·수요").locator("summary").click()
    link = nav.get_by_role("link", name="자동 정리", exact=True)
    assert link.is_visible()
    main_top = page.locator("main").bounding_box()["y"]
    assert link.bounding_box()["y"] < main_top  # inside the header, not over the content
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
