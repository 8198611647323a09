"""The API as a new user meets it in Chromium: make a token on the page, use it, read the documents."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from .test_content_security_browser import violations, watch
from .test_loop_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_user_makes_a_token_copies_it_once_and_a_system_uses_it(
    browser: Any, live_server: Any, staff: User
) -> None:
    page = log_in(browser, live_server.url, staff.username)
    page.goto(f"{live_server.url}/staff/")
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.get_by_label("이름").fill("그룹웨어 연동")
    page.get_by_label("읽기·쓰기").check()
    page.get_by_role("button", name="토큰 만들기").click()
    secret = page.locator("code.secret").text_content().strip()
    assert secret.startswith("sori_")
    # a system presents it; the browser's own session plays no part
    system = browser.new_context()
    answer = system.request.get(
        f"{live_server.url}/api/demands", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200 and answer.json()["count"] == 0
    # the token is never shown again
    page.reload()
    assert secret not in page.content() and page.locator("td", has_text="그룹웨어 연동").count() == 1
    # revoking asks first, then stops the token at once
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="폐기").click()
    page.wait_for_load_state()
    assert page.locator("td", has_text="폐기됨").count() == 1
    refused = system.request.get(
        f"{live_server.url}/api/demands", headers={"Authorization": f"Bearer {secret}"}
    )
    assert refused.status == 401
    system.close()


def test_the_api_documents_open_from_sori_itself_under_its_content_policy(
    browser: Any, live_server: Any
) -> None:
    context = browser.new_context()
    page = context.new_page()
    found: list[str] = []
    watch(page, found)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 30
    assert page.get_by_text("/api/public/demands", exact=True).count() >= 1
    found += violations(page)
    assert not found, found
    assert not [u for u in outside if not u.startswith("data:")], outside
    context.close()
