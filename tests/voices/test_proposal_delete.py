"""Deleting a proposal with a reason, and restoring it: gone from every list and count, back when restored."""

from __future__ import annotations

import html
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sori.core.audit import ref
from sori.core.backup import backup_write
from sori.core.models import AuditRecord
from sori.feedback.public_selectors import public_demand, status_page
from sori.feedback.selectors import feedback_owed
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices import services
from sori.voices.models import Demand, Proposal
from sori.voices.selectors import staff_demands, with_counts


@pytest.fixture
def two_voices(staff, meeting, answered_demand):
    """Add a second organisation's proposal to the answered demand and publish it; return that proposal."""
    other = Organisation.objects.create(name="㈜엑스알에이아이", kind=OrganisationKind.COMPANY)
    speaker = Person.objects.create(name="김세영", organisation=other, email="kim@example.kr")
    extra = services.proposal_record(
        text="GPU 지원을 재선발 대신 갱신으로 해 주세요", actor=staff, person=speaker, engagement=meeting
    )
    services.demand_add_proposals(demand=answered_demand, proposal_ids=[extra.id], actor=staff)
    services.demand_publish(demand=answered_demand, published=True, actor=staff)
    return Proposal.objects.get(id=extra.id)


def _counts(demand: Demand) -> tuple[int, int]:
    row = with_counts(Demand.objects.filter(id=demand.id)).get()
    return row.org_count, row.proposal_count  # type: ignore[attr-defined]


def test_deleting_needs_a_reason_and_changes_nothing_without_one(login, staff, two_voices) -> None:
    # given
    proposal = two_voices
    before = AuditRecord.objects.count()
    # when: the service is called with only spaces for a reason
    with pytest.raises(ValidationError, match="삭제하는 이유를 적어 주세요"):
        services.proposal_delete(proposal=proposal, actor=staff, reason="   ")
    # and: the page's form is sent empty
    response = login(staff).post(
        reverse("voices:proposal_delete", args=[proposal.id]), {"delete-reason": ""}, follow=True
    )
    # then: it says what to do, and nothing changed
    assert "삭제하는 이유를 적어 주세요" in html.unescape(response.content.decode())
    proposal.refresh_from_db()
    assert proposal.deleted_at is None and proposal.demand_id is not None
    assert AuditRecord.objects.count() == before


def test_a_deleted_proposal_leaves_every_list_and_count(
    login, api_client, staff, two_voices, answered_demand
) -> None:
    # given: the demand counts two organisations and two proposals, and both are owed feedback
    proposal = two_voices
    assert _counts(answered_demand) == (2, 2)
    owed_before = {p.id for owed in feedback_owed() for p, _d in owed.items}
    assert proposal.id in owed_before
    client = login(staff)
    # when: staff delete it, saying why
    response = client.post(
        reverse("voices:proposal_delete", args=[proposal.id]),
        {"delete-reason": "같은 제안이 두 번 기록됨"},
        follow=True,
    )
    # then: it is kept, marked deleted, out of its demand
    assert "제안을 삭제했습니다." in html.unescape(response.content.decode())
    gone = Proposal.all_objects.get(id=proposal.id)
    assert gone.deleted_at is not None and gone.deleted_by == staff
    assert gone.deleted_reason == "같은 제안이 두 번 기록됨" and gone.demand_id is None
    assert not Proposal.objects.filter(id=proposal.id).exists()
    # and: the staff list, its search and the deleted list
    listing = client.get(reverse("voices:proposal_list")).content.decode()
    assert proposal.text not in listing and "GPU 사용기간을 12개월로" in listing
    assert proposal.text not in client.get(reverse("voices:proposal_list"), {"q": "재선발"}).content.decode()
    deleted = html.unescape(client.get(reverse("voices:proposal_deleted")).content.decode())
    assert proposal.text in deleted and "같은 제안이 두 번 기록됨" in deleted
    # and: the demand's counts, the staff demand list and the public demand page
    assert _counts(answered_demand) == (1, 1)
    assert staff_demands().get(id=answered_demand.id).proposal_count == 1  # type: ignore[attr-defined]
    public = public_demand(answered_demand.id)
    assert public is not None and (public.org_count, public.proposal_count) == (1, 1)
    # and: feedback owed
    assert proposal.id not in {p.id for owed in feedback_owed() for p, _d in owed.items}
    # and: the API lists it nowhere and does not find it
    api = api_client(staff)
    assert proposal.id not in {row["id"] for row in api.get("/api/proposals").json()["results"]}
    assert api.get(f"/api/proposals/{proposal.id}").status_code == 404
    feedback = api.get(f"/api/demands/{answered_demand.id}/feedback").json()
    assert proposal.id not in {row["proposal_id"] for row in feedback["proposals"]}
    # and: the demand's trail and the audit record say what happened and why
    record = AuditRecord.objects.get(action="proposal.delete")
    assert record.target == ref(gone) and record.scope == ref(answered_demand)
    assert record.summary == "같은 제안이 두 번 기록됨"
    page = html.unescape(
        client.get(reverse("voices:demand_detail", args=[answered_demand.id])).content.decode()
    )
    assert "제안 삭제" in page


def test_its_proposer_still_sees_it_marked_deleted_with_the_reason(client, staff, two_voices) -> None:
    # given
    proposal = two_voices
    services.proposal_delete(proposal=proposal, actor=staff, reason="같은 제안이 두 번 기록됨")
    # when
    rows = status_page(proposal.person).rows
    # then: the proposer's own page keeps it, marked, with the reason
    assert [(r.proposal.id, r.deleted) for r in rows] == [(proposal.id, True)]
    page = html.unescape(
        client.get(reverse("public:status", args=[proposal.person.status_token])).content.decode()
    )
    assert "삭제됨" in page and "같은 제안이 두 번 기록됨" in page


def test_deleting_the_last_proposal_of_a_demand_says_so_and_leaves_the_demand(
    login, staff, answered_demand
) -> None:
    # given: the answered demand has one proposal
    only = answered_demand.proposals.get()
    answered_demand.refresh_from_db()
    # when
    response = login(staff).post(
        reverse("voices:proposal_delete", args=[only.id]), {"delete-reason": "잘못 기록함"}, follow=True
    )
    # then: the demand stays as it was, and staff are told it has no proposal left
    page = html.unescape(response.content.decode())
    assert "수요에 남은 제안이 없습니다" in page
    demand = Demand.objects.get(id=answered_demand.id)
    assert (demand.stage, demand.outcome, demand.title) == ("answered", "long_term", answered_demand.title)
    assert not demand.proposals.exists()


def test_restoring_brings_it_back_waiting_to_be_grouped(
    login, api_client, staff, two_voices, answered_demand
):
    # given: a deleted proposal
    proposal = two_voices
    services.proposal_delete(proposal=proposal, actor=staff, reason="잘못 삭제할 제안")
    with pytest.raises(ValidationError, match="이미 삭제된 제안입니다"):
        services.proposal_delete(proposal=proposal, actor=staff, reason="또")
    # when: staff restore it from the deleted list
    response = login(staff).post(reverse("voices:proposal_restore", args=[proposal.id]), follow=True)
    # then: it is back in the lists and the API, ungrouped, and the deleted list is empty
    page = html.unescape(response.content.decode())
    assert "제안을 되살렸습니다." in page and "삭제된 제안이 없습니다." in page
    back = Proposal.objects.get(id=proposal.id)
    assert back.deleted_at is None and back.deleted_reason == "" and back.demand_id is None
    assert proposal.id in {row["id"] for row in api_client(staff).get("/api/proposals").json()["results"]}
    assert _counts(answered_demand) == (1, 1)  # not back in its old demand until staff group it
    # and: restoring is on record with the reason it had been deleted for
    record = AuditRecord.objects.get(action="proposal.restore")
    assert record.target == ref(back) and "잘못 삭제할 제안" in record.summary
    with pytest.raises(ValidationError, match="삭제되지 않은 제안입니다"):
        services.proposal_restore(proposal=back, actor=staff)


def test_a_backup_keeps_deleted_proposals(staff, two_voices, tmp_path) -> None:
    # given
    services.proposal_delete(proposal=two_voices, actor=staff, reason="중복")
    # when
    path = tmp_path / "sori.zip"
    backup_write(path)
    # then: the deleted row is in the data and in the manifest's count
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("data.json"))
        manifest = json.loads(archive.read("manifest.json"))
    rows = [r for r in data if r["model"] == "voices.proposal"]
    assert any(r["fields"]["deleted_reason"] == "중복" for r in rows)
    assert manifest["rows"]["voices_proposal"] == len(rows) == Proposal.all_objects.count()
