"""axe-core in a real Chromium finds no serious or critical accessibility violation on the office's pages:
approval, drafts with attachments, bulk work, search, users, password reset, and the pages they hang from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.attachments.services import attachment_add
from sori.core.roles import Role
from sori.engagement.models import Engagement
from sori.policy.approval_services import answer_draft_save, answer_submit, approval_rule_set
from sori.policy.models import AnswerDraft, ReasonCode
from sori.registry.models import Organisation
from sori.voices import services
from sori.voices.outcomes import Outcome

from ..documents.pdf_files import blank_pdf
from .test_loop_browser import log_in

axe = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANSWER = {
    "outcome": Outcome.UNDER_REVIEW,
    "reason_code": ReasonCode.BUDGET,
    "reason": "내년 본예산에 GPU 임차 예산을 요구하겠습니다.",
    "limits": "올해 추경에는 반영할 수 없습니다.",
}
SERIOUS = ("serious", "critical")


def _violations(page: Any) -> list[str]:
    """Return axe's serious and critical findings on the page, one readable line each."""
    found = axe.Axe().run(page).response["violations"]
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in found
        if v["impact"] in SERIOUS
    ]


def test_office_pages_have_no_serious_accessibility_violations(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    department: Organisation,
    company: Organisation,
    meeting: Engagement,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    make_user("kim.admin", Role.ADMIN)
    staff = make_user("kim.staff", Role.STAFF)
    officer = make_user("lee.officer", Role.OFFICER, department)
    head = make_user("park.head", Role.OFFICER, department)
    approval_rule_set(department=department, actor=staff, approver=head)
    proposal = services.proposal_record(
        text="GPU 사용기간을 12개월로 늘려 주세요", actor=staff, engagement=meeting, organisation=company
    )
    demand = services.demand_create(title="GPU 사용기간 연장", proposal_ids=[proposal.id], actor=staff)
    demand = services.demand_assign(demand=demand, department=department, actor=staff)
    attachment_add(owner=meeting, name="발제자료.pdf", data=blank_pdf(), actor=staff)
    attachment_add(owner=demand, name="검토보고서.pdf", data=blank_pdf(), actor=officer)
    draft = answer_draft_save(demand=demand, actor=officer, **ANSWER)
    attachment_add(owner=draft, name="공고문.pdf", data=blank_pdf(), actor=officer, public=True)
    other = services.demand_create(
        title="AI사관학교 수료생 채용 연계",
        proposal_ids=[services.proposal_record(text="AI사관학교 수료생을 소개해 주세요", actor=staff).id],
        actor=staff,
    )
    services.demand_assign(demand=other, department=department, actor=staff)

    found: list[str] = []
    anonymous = browser.new_context(locale="ko-KR").new_page()
    for path in ("/accounts/login/", "/accounts/password/forgot/", "/propose/"):
        anonymous.goto(base + path)
        found += _violations(anonymous)

    author = log_in(browser, base, "lee.officer")
    for path in (f"/staff/demands/{demand.id}/decide/", f"/staff/demands/{demand.id}/", "/staff/inbox/"):
        author.goto(base + path)
        found += _violations(author)
    answer_submit(demand=other, actor=officer, **ANSWER)

    approver = log_in(browser, base, "park.head")
    submitted = AnswerDraft.objects.get(demand=other)
    for path in ("/staff/approvals/", f"/staff/approvals/{submitted.id}/"):
        approver.goto(base + path)
        found += _violations(approver)

    admin = log_in(browser, base, "kim.admin")
    for path in (
        "/staff/demands/",
        f"/staff/meetings/{meeting.id}/",
        "/staff/search/?q=사관학교",
        "/staff/users/",
        "/staff/users/new/",
        "/staff/approvals/rules/",
    ):
        admin.goto(base + path)
        found += _violations(admin)
    # the bulk confirmation page, reached by ticking every demand
    admin.goto(f"{base}/staff/demands/")
    admin.locator("input[data-check-all]").check()
    admin.get_by_role("button", name="소관부서 지정…").click()
    admin.wait_for_url("**/staff/demands/bulk/")
    found += _violations(admin)

    assert found == [], "\n".join(found)
