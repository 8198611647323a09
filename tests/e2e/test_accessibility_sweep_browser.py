"""axe-core on every page of the staff, officer, company and public flows: each HTML page the permission table
says a role may open is opened as that role in Chromium, and none may have a serious or critical violation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import groupby
from operator import itemgetter
from typing import Any

import pytest
from django.contrib.auth.models import User

from ..test_permissions import GET_POLICY, World, _rows, url_for
from ..test_permissions import world as world  # the fixture, by its name
from .test_accessibility_browser import _violations
from .test_loop_browser import log_in

pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Each role as its own person; "other" and "staff" see what "officer" and "admin" see, in other rows.
ROLES = ("anon", "company", "officer", "admin")


def _pages(role: str, w: World) -> list[str]:
    return [
        url_for(name, obj, w)
        for name, obj, expected in _rows(GET_POLICY)
        if expected[role] == "200" and name not in ("users:deactivate", "users:reactivate")
    ]


def every_page(
    browser: Any, base: str, w: World, prepare: Callable[[Any], None] = lambda page: None
) -> Iterator[tuple[str, Any]]:
    """Open, as each role in turn, every HTML page the table says it may open; yield the role and page."""
    pairs = [(role, path) for role in ROLES for path in _pages(role, w)]
    return pages_as(browser, base, w.users, pairs, prepare)


def pages_as(
    browser: Any,
    base: str,
    users: Mapping[str, User | None],
    pairs: Iterable[tuple[str, str]],
    prepare: Callable[[Any], None] = lambda page: None,
) -> Iterator[tuple[str, Any]]:
    """Open each (role, path) as ``users[role]``, signed in once per run of a role; yield the role and page.

    ``prepare`` sees each role's browser page once signed in, before the first of its pages is opened.
    """
    for role, paths in groupby(pairs, key=itemgetter(0)):
        user = users[role]
        page = (
            browser.new_context(locale="ko-KR").new_page()
            if user is None
            else log_in(browser, base, user.username)
        )
        prepare(page)
        for _role, path in paths:
            # Only pages: downloads (PDF, XLSX, files) and JSON answers are skipped.
            head = page.request.get(base + path)
            if not head.headers.get("content-type", "").startswith("text/html"):
                continue
            page.goto(base + path)
            yield role, page
        page.context.close()


def test_every_page_a_role_opens_has_no_serious_accessibility_violation(
    transactional_db: Any, live_server: Any, browser: Any, world: World
) -> None:
    found: list[str] = []
    visited = 0
    for role, page in every_page(browser, live_server.url, world):
        visited += 1
        found += [f"[{role}] {line}" for line in _violations(page)]
    assert visited > 60
    assert found == [], "\n".join(found)
