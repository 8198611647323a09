"""Every page at 375 px without sideways scrolling, the printed copy of the pages people file, screenshots.

The phone sweep opens, as each role, every page the permission table lets it open (``every_page``); the page
fails when the document is wider than the phone, and the message names the element that sticks out furthest.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ..test_permissions import World, url_for
from ..test_permissions import world as world  # the fixture, by its name
from .test_accessibility_sweep_browser import every_page
from .test_loop_browser import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The element whose right edge lies furthest past the viewport, not counting what a scrolling box clips.
_WIDEST = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const lifted = (el) => ["absolute", "fixed"].includes(getComputedStyle(el).position);
  // A scrolling box clips what it holds, except an absolute element whose containing block lies outside it.
  const clips = (el) => {
    let escaping = lifted(el);
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (escaping && getComputedStyle(up).position === "static") continue;
      if (getComputedStyle(up).overflowX !== "visible") return true;
      escaping = lifted(up);
    }
    return false;
  };
  let widest = null, right = limit;
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.checkVisibility() || clips(el)) continue;
    const box = el.getBoundingClientRect();
    // Text running out of its box widens the page too; on a tie the innermost element is named.
    const spills = getComputedStyle(el).overflowX === "visible";
    const r = spills ? Math.max(box.right, box.left + el.scrollWidth) : box.right;
    if (r >= right) { widest = el; right = r; }
  }
  if (!widest) return "";
  const cls = widest.classList.length ? "." + Array.from(widest.classList).join(".") : "";
  const text = (widest.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  const id = widest.id ? "#" + widest.id : "";
  return `<${widest.tagName.toLowerCase()}${id}${cls}> ${Math.round(right)}px "${text}"`;
}"""


def _sideways(page: Any) -> str:
    """Return why ``page`` scrolls sideways on a phone, or "" when it does not."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"] + 1:
        return ""
    return f"{width}px wide; widest: {page.evaluate(_WIDEST)}"


def test_no_page_scrolls_sideways_on_a_phone(
    transactional_db: Any, live_server: Any, browser: Any, world: World
) -> None:
    found: list[str] = []
    visited = 0
    for role, page in every_page(browser, live_server.url, world, lambda page: page.set_viewport_size(PHONE)):
        visited += 1
        why = _sideways(page)
        if why:
            found.append(f"[{role}] {page.url.removeprefix(live_server.url)}: {why}")
    assert visited > 60
    assert found == [], "\n".join(found)


# The pages people print and file: (who opens it, URL name, object label for ``url_for``).
PRINTED = (
    ("anon", "public:tracker", "-"),
    ("anon", "public:demand", "mine"),
    ("admin", "voices:demand_detail", "mine"),
    ("officer", "policy:inbox", "-"),
)

# Controls that have no place on paper; each must be hidden when printing.
_SHOWN_CONTROLS = """() => Array.from(document.querySelectorAll(
  "header.top, nav, button, input:not([type=hidden]), select, textarea, form, [role=search], .pagination"
)).filter((el) => el.checkVisibility() && !el.querySelector("table"))
  .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))"""


def _page_as(browser: Any, base: str, w: World, role: str, viewport: dict[str, int]) -> Any:
    user = w.users[role]
    if user is None:
        return browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport=viewport).new_page()
    return log_in(browser, base, user.username, viewport=viewport)


def test_the_printed_tracker_demand_and_inbox_are_the_content_alone_in_black_on_white(
    transactional_db: Any, live_server: Any, browser: Any, world: World
) -> None:
    found: list[str] = []
    for role, name, obj in PRINTED:
        # given: the page as its reader sees it, in print
        page = _page_as(browser, live_server.url, world, role, {"width": 1200, "height": 900})
        page.goto(live_server.url + url_for(name, obj, world))
        page.emulate_media(media="print")
        where = f"[{role}] {name}"

        # then: no menu, button, form or search; the site and today's date on top of the page's title
        found += [f"{where}: {control} is printed" for control in page.evaluate(_SHOWN_CONTROLS)]
        stamp = page.locator(".print-stamp")
        assert stamp.is_visible(), where
        assert "인쇄 20" in stamp.inner_text(), where
        assert page.locator("h1").first.is_visible(), where

        # and: black text on white, links as plain text, table rows never split across pages
        body = page.evaluate(
            "() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
        )
        assert body == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], where
        links = page.locator("main a")
        if links.count():
            assert links.first.evaluate("a => getComputedStyle(a).textDecorationLine") == "none", where
        rows = page.locator("main tr")
        if rows.count():
            assert rows.first.evaluate("tr => getComputedStyle(tr).breakInside") == "avoid", where

        # and: on screen the stamp is not there
        page.emulate_media(media="screen")
        assert not stamp.is_visible(), where
        page.context.close()
    assert found == [], "\n".join(found)


# Key pages photographed for review: (file name, who opens it, URL name, object label for ``url_for``).
SCREENSHOTS = (
    ("front", "anon", "home:front", "-"),
    ("tracker", "anon", "public:tracker", "-"),
    ("public-demand", "anon", "public:demand", "mine"),
    ("staff-home", "admin", "home:home", "-"),
    ("staff-demands", "admin", "voices:demand_list", "-"),
    ("staff-demand", "admin", "voices:demand_detail", "mine"),
    ("inbox", "officer", "policy:inbox", "-"),
    ("decision", "officer", "policy:decide", "mine"),
)


def artifacts_folder() -> Path:
    """Return the folder screenshots go to: $SORI_ARTIFACTS, else test-artifacts/screenshots; create it."""
    folder = Path(os.environ.get("SORI_ARTIFACTS") or Path.cwd() / "test-artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_screenshots_of_the_key_pages_on_a_phone_and_a_wide_screen(
    transactional_db: Any, live_server: Any, browser: Any, world: World
) -> None:
    folder = artifacts_folder()
    saved: list[Path] = []
    for width in (PHONE["width"], 1440):
        pages: dict[str, Any] = {}
        for shot, role, name, obj in SCREENSHOTS:
            if role not in pages:
                pages[role] = _page_as(browser, live_server.url, world, role, {"width": width, "height": 900})
            page = pages[role]
            page.goto(live_server.url + url_for(name, obj, world))
            path = folder / f"{shot}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            saved.append(path)
        for page in pages.values():
            page.context.close()
    assert all(path.stat().st_size > 1000 for path in saved), saved
