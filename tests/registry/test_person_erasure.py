"""Erasure on request: after it, no column of any table holds the person's name, e-mail or phone, while the
organisation's proposals and the answers to them stay, and the person's status link no longer opens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from sori.core import audit
from sori.core.models import AuditRecord, PersonalDataAccess, Profile
from sori.core.privacy import ERASED_NAME, find_mentions
from sori.engagement.models import Engagement
from sori.engagement.services import agenda_item_add, engagement_update
from sori.feedback.models import Channel, Feedback, MessageKind, MessageStatus, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.feedback.services import feedback_send
from sori.policy.models import Disposition, ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.erasure import person_erase
from sori.registry.models import Organisation, Person
from sori.voices import services
from sori.voices.models import Demand, Proposal
from sori.voices.outcomes import Outcome

NAME = "조춘호"
EMAIL = "cho@itapps.example.kr"
PHONE = "010-2345-6789"
NEEDLES = (NAME, EMAIL, PHONE, "01023456789")


@dataclass
class World:
    person: Person
    colleague: Person
    demand: Demand
    proposals: list[Proposal]
    feedback: Feedback
    only_to_person: OutboxMessage
    account: User
    old_token: str


@pytest.fixture
def world(
    staff: User,
    officer: User,
    admin_user: User,
    company_user: User,
    meeting: Engagement,
    department: Organisation,
    company: Organisation,
    proposer: Person,
    login: Any,
) -> World:
    proposer.phone = PHONE
    proposer.save()
    # The company's account signs in as the person.
    company_user.first_name = NAME
    company_user.email = EMAIL
    company_user.save()
    Profile.objects.filter(user=company_user).update(person=proposer)
    colleague = Person.objects.create(
        name="김다온", organisation=company, email="daon@itapps.example.kr", contact_consent=True
    )
    agenda_item_add(engagement=meeting, presenter=NAME, topic="GPU 사용기간", actor=staff)
    engagement_update(
        engagement=meeting,
        actor=staff,
        minutes=f"{NAME} 대표(㈜아이티앱스): GPU 기간을 늘려 주세요. ({PHONE})",
    )
    proposals = [
        services.proposal_record(text=text, actor=staff, person=who, engagement=meeting)
        for text, who in (
            ("GPU 사용기간을 12개월로 늘려 주세요.", proposer),
            (f"{NAME} 대표: 실증 공간을 열어 주세요.", proposer),
            ("GPU 갱신을 허용해 주세요.", colleague),
        )
    ]
    audit.record(actor=company_user, action="proposal.note", target=proposals[0], summary="메모")
    demand = services.demand_create(
        title="GPU 사용기간 12개월 이상", proposal_ids=[p.id for p in proposals], actor=staff
    )
    services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="중앙부처 지침 사항입니다.",
        limits="중앙부처에 건의하겠습니다.",
    )
    # Not delivered yet (the test's transaction never commits): the organisation's letter to both people.
    feedback = feedback_send(actor=staff, organisation=company, channel=Channel.EMAIL)
    only_to_person = message_enqueue(
        kind=MessageKind.PROGRESS,
        to=[EMAIL],
        subject=f"{NAME} 님께: 진행 상황",
        body=f"{NAME} 님, 안녕하세요.",
    )
    # An administrator searched the people list for the person: the access record keeps the search.
    login(admin_user).get(reverse("registry:person_list"), {"q": NAME})
    return World(
        person=proposer,
        colleague=colleague,
        demand=demand,
        proposals=proposals,
        feedback=feedback,
        only_to_person=only_to_person,
        account=company_user,
        old_token=proposer.status_token,
    )


def test_the_confirmation_page_says_what_goes_and_what_stays(
    world: World, admin_user: User, login: Any
) -> None:
    # given an administrator on the person's page
    client = login(admin_user)
    page = client.get(reverse("registry:person_detail", args=[world.person.id])).content.decode()
    assert reverse("registry:person_erase", args=[world.person.id]) in page

    # when they open the erasure
    page = client.get(reverse("registry:person_erase", args=[world.person.id])).content.decode()

    # then it names the person, what is erased and what stays, and the account that will be closed
    assert NAME in page and EMAIL in page
    assert "지우는 것" in page and "남는 것" in page
    assert world.account.username in page
    assert "GPU 사용기간을 12개월로 늘려 주세요." in page  # the proposals that stay


def test_without_the_tick_nothing_is_erased(world: World, admin_user: User, login: Any) -> None:
    response = login(admin_user).post(
        reverse("registry:person_erase", args=[world.person.id]), {"reason": "정보주체의 삭제 요구"}
    )
    assert response.status_code == 200
    assert "확인란에 표시해 주세요" in response.content.decode()
    world.person.refresh_from_db()
    assert world.person.name == NAME and world.person.erased_at is None


def test_erasure_leaves_no_copy_anywhere_and_keeps_the_proposals_and_answers(
    world: World, admin_user: User, login: Any
) -> None:
    # given copies of the person's data in many tables
    before = find_mentions(NEEDLES)
    tables = {hit.rsplit(".", 1)[0] for hit in before}
    assert {"registry.Person", "core.AuditRecord", "feedback.Feedback", "feedback.OutboxMessage"} <= tables
    assert {"engagement.Engagement", "engagement.AgendaItem", "voices.Proposal", "auth.User"} <= tables
    assert "core.PersonalDataAccess" in tables
    proposal_ids = sorted(p.id for p in world.proposals)
    client = login(admin_user)

    # when an administrator erases the person on request
    response = client.post(
        reverse("registry:person_erase", args=[world.person.id]),
        {"reason": f"정보주체({NAME})의 삭제 요구, 2026. 1. 5. 전화 접수", "confirm": "on"},
        follow=True,
    )

    # then no text or JSON column of any model holds the name, e-mail or phone
    assert find_mentions(NEEDLES) == []
    page = response.content.decode()
    assert "개인정보를 삭제했습니다" in page and NAME not in page
    person = Person.objects.get(id=world.person.id)
    assert (person.name, person.email, person.phone, person.role) == (ERASED_NAME, "", "", "")
    assert person.erased_at is not None and not person.contact_consent
    # the organisation's proposals and the answer stay, still the person's and the demand's
    assert sorted(Proposal.objects.filter(person=person).values_list("id", flat=True)) == proposal_ids[:2]
    assert Proposal.objects.get(id=proposal_ids[1]).text == f"{ERASED_NAME} 대표: 실증 공간을 열어 주세요."
    assert world.demand.proposals.count() == 3
    assert Disposition.objects.filter(demand=world.demand).count() == 1
    assert Feedback.objects.filter(id=world.feedback.id).exists()
    # the status link they were given no longer opens
    assert client.get(reverse("public:status", args=[world.old_token])).status_code == 404
    # the erasure's own record names nobody: the person's id and the reason, scrubbed
    record = AuditRecord.objects.get(action="person.erase")
    assert record.target == f"registry.person:{person.id}"
    assert record.summary == f"개인정보 삭제: 정보주체({ERASED_NAME})의 삭제 요구, 2026. 1. 5. 전화 접수"
    assert record.actor == admin_user


def test_waiting_mail_no_longer_goes_to_the_erased_person(world: World, admin_user: User) -> None:
    person_erase(person=world.person, actor=admin_user, reason="정보주체의 삭제 요구")

    # the organisation's letter still goes to the colleague, and to nobody else of the erased person
    message = OutboxMessage.objects.get(feedback=world.feedback)
    assert message.status == MessageStatus.QUEUED
    assert "daon@itapps.example.kr" in message.recipients and "(삭제됨)" not in message.to
    assert Feedback.objects.get(id=world.feedback.id).address == message.to
    # a message to the erased person alone is not sent, and says why
    alone = OutboxMessage.objects.get(id=world.only_to_person.id)
    assert alone.status == MessageStatus.FAILED and alone.to == ""
    assert "개인정보를 삭제해 보내지 않았습니다" in alone.last_error


def test_the_account_that_signed_in_as_the_person_is_closed(world: World, admin_user: User) -> None:
    done = person_erase(person=world.person, actor=admin_user, reason="정보주체의 삭제 요구")

    assert done.account_closed
    account = User.objects.get(id=world.account.id)
    assert not account.is_active and not account.has_usable_password()
    assert (account.first_name, account.email) == ("", "")
    assert account.username == f"erased-{account.id}"
    # what the account did stays in the trail, under the anonymous name
    assert AuditRecord.objects.get(action="proposal.note").actor_label == ERASED_NAME


def test_a_second_erasure_is_refused(world: World, admin_user: User, login: Any) -> None:
    person_erase(person=world.person, actor=admin_user, reason="정보주체의 삭제 요구")
    response = login(admin_user).get(reverse("registry:person_erase", args=[world.person.id]), follow=True)
    assert "이미 개인정보를 삭제한 인물입니다" in response.content.decode()
    assert AuditRecord.objects.filter(action="person.erase").count() == 1


def test_only_administrators_may_erase(world: World, staff: User, login: Any) -> None:
    client = login(staff)
    page = client.get(reverse("registry:person_detail", args=[world.person.id])).content.decode()
    assert EMAIL in page  # staff see the person's contacts (and that is recorded) …
    assert reverse("registry:person_erase", args=[world.person.id]) not in page  # … but get no button
    url = reverse("registry:person_erase", args=[world.person.id])
    assert client.post(url, {"reason": "삭제", "confirm": "on"}).status_code == 403
    assert Person.objects.get(id=world.person.id).name == NAME
    assert PersonalDataAccess.objects.filter(what=f"registry.person:{world.person.id}", user=staff).exists()
