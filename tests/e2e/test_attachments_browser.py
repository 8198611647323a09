"""Attachments in a real Chromium: staff attach the presenter's slides to a meeting, open them, and remove
them only after saying yes to the confirmation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.attachments.models import Attachment
from sori.core.roles import Role
from sori.engagement.models import Engagement

from ..documents.pdf_files import blank_pdf
from .test_loop_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_slides_attached_to_a_meeting_are_listed_opened_and_removed_after_confirming(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    meeting: Engagement,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("kim.staff", Role.STAFF)
    slides = tmp_path / "발제자료.pdf"
    slides.write_bytes(blank_pdf())
    base = live_server.url

    # when: staff choose the file on the meeting page and attach it
    page = log_in(browser, base, "kim.staff")
    page.goto(f"{base}/staff/meetings/{meeting.id}/")
    panel = page.locator("#attachments")
    panel.locator("input[type=file]").set_input_files(str(slides))
    panel.get_by_role("button", name="첨부").click()
    page.wait_for_load_state()

    # then: the page says so and lists the file with its kind and size
    assert "'발제자료.pdf'을(를) 첨부했습니다." in page.locator(".messages").inner_text()
    link = page.locator("#attachments").get_by_role("link", name="발제자료.pdf")
    assert "PDF" in page.locator("#attachments").inner_text()

    # and: the link gives back the same bytes
    response = page.request.get(base + str(link.get_attribute("href")))
    assert response.ok and response.body() == blank_pdf()

    # when: staff press 지우기 and dismiss the confirmation, nothing is removed
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#attachments").get_by_role("button", name="지우기").click()
    assert Attachment.objects.count() == 1

    # when: they press it again and confirm, the file is gone from the page and the store
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#attachments").get_by_role("button", name="지우기").click()
    page.wait_for_url(f"**/staff/meetings/{meeting.id}/**")
    assert "첨부 파일이 없습니다." in page.locator("#attachments").inner_text()
    assert not Attachment.objects.exists()
    assert not [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
