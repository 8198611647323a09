"""Moderation: staff see who sent each web proposal and accept or reject it, one by one or in bulk."""

from __future__ import annotations

import html
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sori.feedback.models import MessageKind, OutboxMessage
from sori.voices import services
from sori.voices.models import Moderation, Proposal

PAGE = reverse("voices:moderation")
DECIDE = reverse("voices:moderation_decide")


def test_anonymous_is_sent_to_login(client, db) -> None:
    assert reverse("login") in client.get(PAGE)["Location"]
    assert reverse("login") in client.post(DECIDE)["Location"]


@pytest.mark.parametrize("who", ["officer", "company_user"])
def test_other_roles_are_refused(request, login, who) -> None:
    client = login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    assert client.post(DECIDE).status_code == 403


def test_staff_see_who_said_what(login, staff, web_submission) -> None:
    page = login(staff).get(PAGE).content.decode()
    for shown in (
        "김시민",
        "광주시민모임",
        "citizen@example.kr",
        "AI 교육을 시민에게도 열어 주세요",
        "1건 대기",
    ):
        assert shown in page


def test_accept_one(login, admin_user, web_submission) -> None:
    response = login(admin_user).post(DECIDE, {"accept_one": web_submission.id}, follow=True)
    web_submission.refresh_from_db()
    assert web_submission.moderation == Moderation.ACCEPTED
    page = response.content.decode()
    assert "제안 1건을 접수했습니다" in page and "검토를 기다리는 웹 제안이 없습니다" in page


def test_reject_ticked_in_bulk(login, staff, web_submission) -> None:
    second = services.proposal_submit_public(name="이시민", email="", text="광고성 글", consent=True)
    login(staff).post(DECIDE, {"ids": [web_submission.id, second.id], "decision": "reject", "reason": "spam"})
    assert set(Proposal.objects.values_list("moderation", flat=True)) == {Moderation.REJECTED}
    assert set(Proposal.objects.values_list("rejection_reason", flat=True)) == {
        "광고·홍보이거나 제안과 관계없는 글입니다."
    }


def test_a_rejection_without_a_reason_changes_nothing(login, staff, web_submission) -> None:
    page = login(staff).post(DECIDE, {"reject_one": web_submission.id}, follow=True).content.decode()
    assert "반려 사유를 고르거나 적어 주세요" in html.unescape(page)
    web_submission.refresh_from_db()
    assert web_submission.moderation == Moderation.PENDING


def test_the_proposer_reads_the_reason_and_is_told_by_mail(login, staff, client, db) -> None:
    proposal = services.proposal_submit_public(
        name="정하늘",
        email="sky@example.kr",
        text="제 가게 홍보 부탁드립니다",
        consent=True,
        contact_consent=True,
    )
    reason = "AI 산업과 관계없는 개인 홍보라 접수하지 않았습니다."
    login(staff).post(DECIDE, {"reject_one": proposal.id, "reason": "other", "reason_text": reason})
    proposal.refresh_from_db()
    assert proposal.rejection_reason == reason
    status = html.unescape(
        client.get(reverse("public:status", args=[proposal.person.status_token])).content.decode()
    )
    assert "이 제안은 접수되지 않았습니다. 사유: " + reason in status
    notice = OutboxMessage.objects.get(kind=MessageKind.REJECTION)
    assert notice.to == "sky@example.kr" and reason in notice.body


def test_nothing_ticked_changes_nothing(login, staff, web_submission) -> None:
    page = login(staff).post(DECIDE, {"decision": "accept"}, follow=True).content.decode()
    assert "하나 이상 체크해 주세요" in page
    web_submission.refresh_from_db()
    assert web_submission.moderation == Moderation.PENDING


def test_search_and_export(login, staff, web_submission) -> None:
    client = login(staff)
    assert "김시민" not in client.get(PAGE, {"q": "없는말"}).content.decode()
    response = client.get(PAGE, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][1:4] == ("김시민", "광주시민모임", "citizen@example.kr")


def test_query_count_does_not_grow_with_rows(login, staff, db, django_assert_num_queries) -> None:
    for i in range(25):
        services.proposal_submit_public(
            name=f"시민{i}",
            email=f"c{i}@example.kr",
            text=f"제안 {i}",
            consent=True,
            organisation_name=f"모임{i}",
        )
    client = login(staff)
    with django_assert_num_queries(6):  # 5, and the access record
        assert client.get(PAGE).status_code == 200


def test_a_typed_organisation_is_only_a_claim_until_staff_accept(login, staff, company, company_user) -> None:
    # given: someone types a registered company's name, and a bot types new ones
    from sori.registry.models import Organisation

    before = Organisation.objects.count()
    forged = services.proposal_submit_public(
        name="누군가",
        email="x@example.kr",
        text="이 회사의 이름으로 말합니다",
        consent=True,
        organisation_name=company.name,
    )
    for i in range(3):
        services.proposal_submit_public(
            name=f"봇{i}", email=f"b{i}@example.kr", text="광고", consent=True, organisation_name=f"㈜스팸{i}"
        )
    # then: the registry is unchanged and the company's portal does not show the forged proposal
    assert Organisation.objects.count() == before
    assert forged.organisation_id is None and forged.claimed_organisation == company.name
    portal = login(company_user).get(reverse("public:company")).content.decode()
    assert "이 회사의 이름으로 말합니다" not in portal
    # staff see the claim marked for checking
    assert "확인 전" in login(staff).get(PAGE).content.decode()
    # when: staff accept it, it joins the organisation it named
    services.proposal_moderate(proposals=[forged], accept=True, actor=staff)
    forged.refresh_from_db()
    assert forged.organisation_id == company.id and forged.claimed_organisation == ""
    assert forged.person.organisation_id == company.id
    assert (
        "이 회사의 이름으로 말합니다" in login(company_user).get(reverse("public:company")).content.decode()
    )


def test_a_company_user_speaks_for_their_own_organisation_at_once(company_user, company) -> None:
    proposal = services.proposal_submit_public(
        name="조춘호",
        email="cho@example.kr",
        text="실증 공간",
        consent=True,
        organisation_name=company.name,
        uploader=company_user,
    )
    assert proposal.organisation_id == company.id and proposal.claimed_organisation == ""
