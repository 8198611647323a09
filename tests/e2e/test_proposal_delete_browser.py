"""Deleting a proposal in a real Chromium: a reason, a confirmation, the deleted list, restoring it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.core.roles import Role
from sori.engagement.models import Engagement
from sori.voices import services
from sori.voices.models import Proposal

from .test_loop_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_delete_a_proposal_after_confirming_then_restore_it(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    meeting: Engagement,
) -> None:
    base = live_server.url
    make_user("lee.staff", Role.STAFF)
    staff = User.objects.get(username="lee.staff")
    twice = services.proposals_record_lines(
        raw="㈜아이티앱스: GPU 사용기간을 늘려 주세요\n㈜아이티앱스: GPU 사용기간을 늘려 주세요",
        actor=staff,
        engagement=meeting,
    )[1]
    page = log_in(browser, base, "lee.staff")

    # given: the proposal's correction page, with a reason typed in the delete form
    page.goto(f"{base}/staff/proposals/{twice.id}/edit/")
    page.get_by_label("삭제 사유").fill("같은 제안이 두 번 기록됨")

    # when: they first dismiss the confirmation, nothing happens
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="삭제", exact=True).click()
    assert Proposal.objects.filter(id=twice.id).exists()

    # when: they confirm
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="삭제", exact=True).click()
    page.get_by_text("제안을 삭제했습니다.").wait_for()

    # then: it is gone from the list and in the deleted list with who, when and why
    assert not Proposal.objects.filter(id=twice.id).exists()
    page.goto(f"{base}/staff/proposals/")
    page.get_by_role("link", name="삭제된 제안").click()
    row = page.locator("tr", has_text="같은 제안이 두 번 기록됨")
    assert "lee.staff" in row.inner_text() or staff.get_full_name() in row.inner_text()

    # when: they restore it
    row.get_by_role("button", name="되살리기").click()

    # then: it is back, waiting to be grouped
    page.get_by_text("제안을 되살렸습니다.").wait_for()
    assert page.get_by_text("삭제된 제안이 없습니다.").is_visible()
    restored = Proposal.objects.get(id=twice.id)
    assert restored.deleted_at is None and restored.demand_id is None
    page.context.close()
