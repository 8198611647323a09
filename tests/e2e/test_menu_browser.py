"""The staff menu in a real Chromium: one line at 1280 px, a group opens on click and closes with Escape; on a
phone the header folds behind a 메뉴 button."""

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
    page.get_by_role("button", name="메뉴").click()
    nav = page.locator("nav.nav")
    nav.locator("details", has_text="제안·수요").locator("summary").click()
    link = nav.get_by_role("link", name="자동 정리", exact=True)
    assert link.is_visible()
    main_top = page.locator("main").bounding_box()["y"]
    assert link.bounding_box()["y"] < main_top  # inside the header, not over the content
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_header_folds_behind_a_menu_button_that_keys_open_and_shut(
    browser: Any, live_server: Any, staff: User
) -> None:
    # given: a staff member on a phone
    page = log_in(browser, live_server.url, staff.username, viewport=PHONE)
    page.goto(f"{live_server.url}/home/")
    toggle = page.get_by_role("button", name="메뉴")

    # then: the header is one short line, the menu, search and language switch folded away
    assert page.locator("header.top").bounding_box()["height"] <= 64
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("search").is_visible()
    assert not page.get_by_role("link", name="할 일", exact=True).is_visible()

    # when: they open it from the keyboard
    toggle.focus()
    page.keyboard.press("Enter")

    # then: the menu, the search box, the language switch and the account are there
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="할 일", exact=True).is_visible()
    assert page.get_by_role("search").is_visible()
    assert page.get_by_role("button", name="English").is_visible()
    assert page.get_by_role("button", name="로그아웃").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # and: Escape folds it again and leaves the focus on the button
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")

    # and: on a wide screen there is no button, the menu stays open
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not toggle.is_visible()
    assert page.get_by_role("link", name="할 일", exact=True).is_visible()
