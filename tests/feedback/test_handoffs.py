"""Notices at the hand-offs: the department hears of a demand sent to it, staff hear of an answer, a web
proposer gets a receipt with their status link and can ask for the link again."""

from __future__ import annotations

import datetime as dt
import html

from django.urls import reverse

from sori.feedback.handoffs import status_links_resend
from sori.feedback.models import MessageKind, OutboxMessage
from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation, OrganisationKind
from sori.voices import services
from sori.voices.models import Proposal
from sori.voices.outcomes import Outcome


def _demand(staff, meeting, proposer):
    proposal = services.proposal_record(
        text="GPU 사용기간을 12개월로 늘려 주세요", actor=staff, person=proposer, engagement=meeting
    )
    return services.demand_create(title="GPU 사용기간 연장", proposal_ids=[proposal.id], actor=staff)


def test_a_department_hears_of_each_demand_sent_to_it(
    staff, officer, other_officer, meeting, proposer, department, other_department
) -> None:
    department.email = "ai@gwangju.go.kr"
    department.save()
    demand = _demand(staff, meeting, proposer)
    # when: staff send the demand to the department
    demand = services.demand_assign(
        demand=demand, department=department, actor=staff, answer_due=dt.date(2025, 11, 25)
    )
    # then: its officer and its own address get one notice with the deadline and the page to answer on
    (notice,) = OutboxMessage.objects.filter(kind=MessageKind.ASSIGNMENT)
    assert notice.to == f"{officer.email}, ai@gwangju.go.kr"
    assert "GPU 사용기간 연장" in notice.subject
    assert "답변 기한: 2025. 11. 25.(화)" in notice.body
    assert reverse("policy:decide", args=[demand.id]) in notice.body
    assert other_officer.email not in notice.to
    # and: sent on to the other department, that department hears of it too
    services.demand_assign(demand=demand, department=other_department, actor=staff)
    assert OutboxMessage.objects.filter(kind=MessageKind.ASSIGNMENT).count() == 2
    latest = OutboxMessage.objects.filter(kind=MessageKind.ASSIGNMENT).order_by("id").last()
    assert latest is not None and latest.to == other_officer.email


def test_staff_hear_of_an_answer_but_not_the_one_who_recorded_it(
    staff, officer, make_user, meeting, proposer, department
) -> None:
    from sori.core.roles import Role

    colleague = make_user("lee.staff", Role.STAFF)
    demand = services.demand_assign(
        demand=_demand(staff, meeting, proposer), department=department, actor=staff
    )
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.UNDER_REVIEW,
        reason_code=ReasonCode.BUDGET,
        reason="내년 본예산에 요구하겠습니다.",
        limits="올해는 어렵습니다.",
    )
    told = OutboxMessage.objects.filter(kind=MessageKind.ANSWERED)
    assert sorted(m.to for m in told) == sorted([staff.email, colleague.email])
    assert "검토 중" in told[0].body and reverse("feedback:owed") in told[0].body
    # the staff member who records an answer themselves is not told of their own work
    OutboxMessage.objects.filter(kind=MessageKind.ANSWERED).delete()
    disposition_decide(
        demand=demand,
        actor=staff,
        outcome=Outcome.LONG_TERM,
        reason_code=ReasonCode.BUDGET,
        reason="중장기로 검토합니다.",
        limits="예산이 필요합니다.",
    )
    assert [m.to for m in OutboxMessage.objects.filter(kind=MessageKind.ANSWERED)] == [colleague.email]


def test_a_web_proposer_gets_a_receipt_with_their_status_link(
    client, db, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    form = {
        "name": "정하늘",
        "email": "sky@example.kr",
        "text": "AI 실증 공간을 주말에도 열어 주세요",
        "consent": "on",
        "contact_consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("public:propose"), form).status_code == 302
    [mail] = mailoutbox
    person = Proposal.objects.get().person
    assert mail.to == ["sky@example.kr"] and "접수" in mail.subject
    assert "/status/" + person.status_token in mail.body
    assert "AI 실증 공간을 주말에도 열어 주세요" in mail.body


def test_no_receipt_without_consent_to_be_written_to(client, db) -> None:
    form = {"name": "정하늘", "email": "sky@example.kr", "text": "AI 교육을 늘려 주세요", "consent": "on"}
    client.post(reverse("public:propose"), form)
    assert Proposal.objects.exists()
    assert not OutboxMessage.objects.filter(kind=MessageKind.RECEIPT).exists()


def test_a_lost_status_link_is_sent_again_once_an_hour_and_the_page_says_the_same_for_anyone(
    client, db
) -> None:
    for text in ("AI 교육을 늘려 주세요", "실증 공간을 열어 주세요"):
        services.proposal_submit_public(name="정하늘", email="Sky@Example.kr", text=text, consent=True)
    url = reverse("public:status_again")
    assert "진행 상황 링크 다시 받기" in client.get(url).content.decode()
    # when: they ask with their address (in other letters' case)
    known = client.post(url, {"email": "sky@example.kr"}, follow=True)
    # then: one message lists a link for each proposal
    (message,) = OutboxMessage.objects.filter(kind=MessageKind.STATUS_LINK)
    assert message.body.count("/status/") == 2
    # and: asking again within the hour sends nothing more, and an unknown address reads the same
    client.post(url, {"email": "sky@example.kr"})
    unknown = client.post(url, {"email": "nobody@example.kr"}, follow=True)
    assert OutboxMessage.objects.filter(kind=MessageKind.STATUS_LINK).count() == 1
    said = "이 주소로 접수된 제안이 있으면 처리 상황을 볼 수 있는 링크를 보냈습니다."
    assert said in html.unescape(known.content.decode()) and said in html.unescape(unknown.content.decode())
    # an hour later the same request is answered again
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert status_links_resend(email="sky@example.kr", now=later) is True


def test_an_organisation_email_is_not_a_status_link_address(client, db) -> None:
    Organisation.objects.create(name="㈜빛고을", kind=OrganisationKind.COMPANY, email="hello@bit.example.kr")
    client.post(reverse("public:status_again"), {"email": "hello@bit.example.kr"})
    assert not OutboxMessage.objects.filter(kind=MessageKind.STATUS_LINK).exists()
