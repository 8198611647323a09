"""Correcting a recorded proposal: words misheard, a speaker mixed up — put right, the reason on record."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sori.core.audit import ref
from sori.core.models import AuditRecord
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices import services
from sori.voices.models import Proposal, ProposalVector


@pytest.fixture
def heard(staff, meeting, proposer):
    proposal = services.proposal_record(
        text="GPU 사용기간을 6개월로 줄여 주세요", actor=staff, person=proposer, engagement=meeting
    )
    demand = services.demand_create(title="GPU 사용기간", proposal_ids=[proposal.id], actor=staff)
    return Proposal.objects.get(id=proposal.id), demand


def test_staff_correct_the_words_and_the_speaker_and_the_trail_keeps_both(login, staff, heard) -> None:
    proposal, demand = heard
    other = Organisation.objects.create(name="㈜엑스알에이아이", kind=OrganisationKind.COMPANY)
    speaker = Person.objects.create(name="김세영", organisation=other, role="이사")
    client = login(staff)
    # the demand page offers the correction for each of its proposals
    assert (
        reverse("voices:proposal_edit", args=[proposal.id])
        in client.get(reverse("voices:demand_detail", args=[demand.id])).content.decode()
    )
    # when: staff fix the misheard words and the speaker, saying why
    response = client.post(
        reverse("voices:proposal_edit", args=[proposal.id]),
        {
            "text": "GPU 사용기간을 12개월로 늘려 주세요",
            "engagement": proposal.engagement_id,
            "person": speaker.id,
            "reason": "회의록 녹취와 대조: 12개월, 발언자 김세영 이사",
        },
        follow=True,
    )
    # then: the proposal reads the corrected words under the right speaker and organisation
    proposal.refresh_from_db()
    assert proposal.text == "GPU 사용기간을 12개월로 늘려 주세요"
    assert (proposal.person_id, proposal.organisation_id) == (speaker.id, other.id)
    page = html.unescape(response.content.decode())
    assert "제안을 고쳤습니다." in page and "GPU 사용기간을 12개월로 늘려 주세요" in page
    # and: the demand's trail says what it was, what it is, and why
    record = AuditRecord.objects.get(action="proposal.correct")
    assert record.scope == ref(demand) and record.summary == "회의록 녹취와 대조: 12개월, 발언자 김세영 이사"
    assert record.before["text"] == "GPU 사용기간을 6개월로 줄여 주세요"
    assert "제안 고침" in page


def test_a_corrected_text_is_encoded_again(staff, heard) -> None:
    proposal, _demand = heard
    ProposalVector.objects.create(proposal=proposal, model="m", text_hash="x", vector=b"\0" * 8)
    services.proposal_correct(
        proposal=proposal,
        actor=staff,
        reason="오타",
        text="GPU 사용기간을 12개월로 늘려 주세요",
        engagement=proposal.engagement,
        person=proposal.person,
        organisation=proposal.organisation,
    )
    assert not ProposalVector.objects.filter(proposal=proposal).exists()


def test_no_reason_or_no_change_changes_nothing(login, staff, heard) -> None:
    proposal, _demand = heard
    same = {
        "text": proposal.text,
        "engagement": proposal.engagement,
        "person": proposal.person,
        "organisation": proposal.organisation,
    }
    with pytest.raises(ValidationError):
        services.proposal_correct(proposal=proposal, actor=staff, reason="  ", **{**same, "text": "다른 말"})
    with pytest.raises(ValidationError) as raised:
        services.proposal_correct(proposal=proposal, actor=staff, reason="확인", **same)
    assert "바뀐 내용이 없습니다" in raised.value.messages[0]
    page = login(staff).post(
        reverse("voices:proposal_edit", args=[proposal.id]), {"text": "다른 말", "reason": ""}
    )
    assert page.status_code == 200 and "고치는 이유를 적어 주세요" in html.unescape(page.content.decode())
    proposal.refresh_from_db()
    assert proposal.text == "GPU 사용기간을 6개월로 줄여 주세요"
    assert not AuditRecord.objects.filter(action="proposal.correct").exists()


def test_officers_and_companies_cannot_correct(login, officer, company_user, heard) -> None:
    proposal, _demand = heard
    url = reverse("voices:proposal_edit", args=[proposal.id])
    for user in (officer, company_user):
        assert login(user).post(url, {"text": "바꿈", "reason": "x"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.text == "GPU 사용기간을 6개월로 줄여 주세요"
