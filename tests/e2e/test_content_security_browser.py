"""The content security policy in Chromium: no page any role opens breaks it, and what inline code used to do
still works under it (printing a letter)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from sori.feedback.models import Channel
from sori.feedback.services import feedback_send
from sori.registry.models import Person

from ..test_permissions import World
from ..test_permissions import world as world  # the fixture, by its name
from .test_accessibility_sweep_browser import every_page
from .test_loop_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Run before any of the page's own scripts: keeps every violation the page reports.
CATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(
    e.effectiveDirective + " blocked " + (e.blockedURI || "inline code")
    + " (" + e.sourceFile + ":" + e.lineNumber + ") " + (e.sample || "")
  );
});
"""


def watch(page: Any, found: list[str]) -> None:
    """Record in ``found`` each policy violation of the pages opened from now on, by event and by console."""
    page.context.add_init_script(CATCH_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )


def violations(page: Any) -> list[str]:
    """Return the violations the page reported, once what it fetches after loading has come."""
    page.wait_for_load_state("networkidle")
    return [f"{page.url}: {v}" for v in page.evaluate("window.__cspViolations || []")]


def test_no_page_a_role_opens_breaks_the_content_security_policy(
    transactional_db: Any, live_server: Any, browser: Any, world: World
) -> None:
    base = live_server.url
    found: list[str] = []
    visited = 0
    # when: each role opens every page the permission table lets it open
    for role, page in every_page(browser, base, world, prepare=lambda page: watch(page, found)):
        visited += 1
        found.extend(f"[{role}] {line}" for line in violations(page))
    # and: the pages outside the table: sign-in, reports, Django's admin (an index, a change form, a list)
    other = world.users["other"]
    assert other is not None
    anon = browser.new_context(locale="ko-KR").new_page()
    watch(anon, found)
    anon.goto(base + reverse("login"))
    found.extend(violations(anon))
    for role, path in [
        ("staff", reverse("reports:index")),
        ("admin", reverse("admin:index")),
        ("admin", reverse("admin:auth_user_change", args=[other.id])),
        ("admin", reverse("admin:auth_user_changelist")),
    ]:
        user = world.users[role]
        assert user is not None
        page = log_in(browser, base, user.username)
        watch(page, found)
        page.goto(base + path)
        found.extend(f"[{role}] {line}" for line in violations(page))
        if path.endswith("/change/"):
            # the admin's own scripts and styles still run: the change form is laid out and can be saved
            assert page.locator("#user_form").is_visible()
            page.locator('input[name="_save"]').click()
            page.wait_for_url(lambda url: url.endswith(reverse("admin:auth_user_changelist")))
            found.extend(f"[{role}] {line}" for line in violations(page))
        page.context.close()
    # then: none was blocked
    assert visited > 60
    assert found == [], "\n".join(found)


def test_the_letters_print_button_prints_without_inline_code(
    transactional_db: Any, live_server: Any, browser: Any, staff: User, answered_demand: Any, proposer: Person
) -> None:
    # given: a reply sent as a letter, its page opened by staff, with printing stubbed to count calls
    sent = feedback_send(actor=staff, person=proposer, channel=Channel.LETTER)
    page = log_in(browser, live_server.url, staff.username)
    found: list[str] = []
    watch(page, found)
    page.context.add_init_script(
        "window.__printed = 0; window.print = function () { window.__printed += 1; };"
    )
    page.goto(live_server.url + reverse("feedback:letter", args=[sent.id]))
    # when: the print button is pressed
    page.get_by_role("button", name="인쇄").click()
    # then: the browser is asked to print, the letter's style sheet applies, and nothing broke the policy
    assert page.evaluate("window.__printed") == 1
    tools = page.locator(".tools")
    assert tools.evaluate("e => getComputedStyle(e).display") == "flex"
    page.emulate_media(media="print")
    assert tools.is_hidden()
    assert violations(page) + found == []
    page.context.close()
