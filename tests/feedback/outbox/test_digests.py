"""The daily digest (하루 알림 모음) through a real SMTP server: held notices leave once, together."""

from __future__ import annotations

import datetime as dt
import email.header
from email.message import Message
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sori.core.models import NoticeMode, Profile
from sori.core.user_services import notice_mode_set
from sori.feedback import cli
from sori.feedback.models import MessageKind, MessageStatus, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.feedback.services import feedback_send
from sori.feedback.tasks import deliver_due
from sori.registry.models import Organisation
from sori.voices import services
from sori.voices.models import Demand

pytestmark = pytest.mark.django_db(transaction=True)  # notices leave when their transaction commits

SEOUL = ZoneInfo("Asia/Seoul")
TITLES = ("GPU 사용기간 연장", "데이터 바우처 한도 상향", "실증 부지 추가 지정")


def subject_of(message: Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def body_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


def tomorrow_at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=1), dt.time(hour, minute), tzinfo=SEOUL
    )


def assign(titles: tuple[str, ...], *, staff: User, meeting, department: Organisation) -> list[Demand]:
    demands = []
    for title in titles:
        proposal = services.proposal_record(text=f"{title}을 요청합니다.", actor=staff, engagement=meeting)
        demand = services.demand_create(title=title, proposal_ids=[proposal.id], actor=staff)
        demands.append(services.demand_assign(demand=demand, department=department, actor=staff))
    return demands


def test_a_digest_reader_gets_nothing_at_once_and_one_mail_listing_every_notice_at_the_hour(
    smtp, settings, staff, officer, meeting, department
) -> None:
    # given an officer who reads notices once a day, in a department with its own address
    settings.SORI_DIGEST_HOUR = 8
    department.email = "ai@gwangju.example.kr"
    department.save()
    notice_mode_set(user=officer, mode=NoticeMode.DIGEST, actor=officer)

    # when three demands are assigned to the department
    demands = assign(TITLES, staff=staff, meeting=meeting, department=department)

    # then the department's own address hears of each at once, and the officer of none yet
    assert [m["To"] for m in smtp.messages] == ["ai@gwangju.example.kr"] * 3
    held = OutboxMessage.objects.filter(status=MessageStatus.HELD, held_for=officer)
    assert held.count() == 3 and set(held.values_list("to", flat=True)) == {officer.email}

    # when the sweep runs the next morning, a minute before the digest hour
    assert deliver_due(now=tomorrow_at(7, 59).isoformat())["digests"] == 0
    # then still nothing for the officer
    assert len(smtp.messages) == 3

    # when it runs at the hour
    result = deliver_due(now=tomorrow_at(8).isoformat())

    # then the officer gets one mail listing every notice with the page to answer on
    assert result["digests"] == 1
    [digest_mail] = smtp.messages[3:]
    assert digest_mail["To"] == officer.email
    assert subject_of(digest_mail) == "[소리] 오늘의 알림 3건"
    body = body_of(digest_mail)
    for demand in demands:
        assert demand.title in body
        assert f"{settings.SORI_SITE_URL}/staff/demands/{demand.id}/decide/" in body
    # and the held notices now point at the digest that carried them
    digest = OutboxMessage.objects.get(kind=MessageKind.DIGEST)
    assert digest.status == MessageStatus.SENT
    assert set(OutboxMessage.objects.filter(held_for=officer).values_list("status", "digest")) == {
        (MessageStatus.DIGESTED, digest.id)
    }

    # when the sweep runs again that hour and the next day, and by hand
    deliver_due(now=tomorrow_at(8, 1).isoformat())
    deliver_due(now=tomorrow_at(8).isoformat())
    assert cli.deliver() == 0

    # then nothing is sent twice
    assert len(smtp.messages) == 4
    assert OutboxMessage.objects.filter(kind=MessageKind.DIGEST).count() == 1


def test_a_notice_held_after_the_days_digest_waits_for_the_next_day(
    smtp, settings, staff, officer, meeting, department
) -> None:
    # given an officer whose digest for tomorrow has gone
    settings.SORI_DIGEST_HOUR = 8
    notice_mode_set(user=officer, mode=NoticeMode.DIGEST, actor=officer)
    assign(TITLES[:1], staff=staff, meeting=meeting, department=department)
    deliver_due(now=tomorrow_at(8).isoformat())
    assert [subject_of(m) for m in smtp.messages] == ["[소리] 오늘의 알림 1건"]

    # when another demand is assigned and the sweep runs later that day
    assign(TITLES[1:2], staff=staff, meeting=meeting, department=department)
    deliver_due(now=tomorrow_at(17).isoformat())
    # then it waits
    assert len(smtp.messages) == 1

    # and goes in the following day's digest
    deliver_due(now=tomorrow_at(8) + dt.timedelta(days=1))
    assert [subject_of(m) for m in smtp.messages][1:] == ["[소리] 오늘의 알림 1건"]
    assert TITLES[1] in body_of(smtp.messages[1])


def test_an_immediate_reader_hears_of_each_notice_at_once(smtp, staff, officer, meeting, department) -> None:
    # given an officer who kept the default
    assert Profile.objects.get(user=officer).notice_mode == NoticeMode.IMMEDIATE

    # when two demands are assigned
    assign(TITLES[:2], staff=staff, meeting=meeting, department=department)

    # then two mails leave at once, nothing is held and the digest hour sends nothing more
    assert [m["To"] for m in smtp.messages] == [officer.email, officer.email]
    assert not OutboxMessage.objects.filter(status=MessageStatus.HELD).exists()
    assert deliver_due(now=tomorrow_at(9).isoformat())["digests"] == 0
    assert len(smtp.messages) == 2


def test_switching_back_to_immediate_releases_what_was_held(
    smtp, staff, officer, meeting, department
) -> None:
    # given two notices held for an officer
    notice_mode_set(user=officer, mode=NoticeMode.DIGEST, actor=officer)
    assign(TITLES[:2], staff=staff, meeting=meeting, department=department)
    assert not smtp.messages

    # when the officer switches back and the next sweep runs, long before the digest hour
    notice_mode_set(user=officer, mode=NoticeMode.IMMEDIATE, actor=officer)
    result = deliver_due(now=tomorrow_at(1).isoformat())

    # then both go, each on its own, and no digest is written for them
    assert result["released"] == 2
    assert sorted(subject_of(m) for m in smtp.messages) == sorted(
        f"[소리] 답변할 정책 수요가 배정되었습니다: {t}" for t in TITLES[:2]
    )
    assert set(OutboxMessage.objects.filter(held_for=officer).values_list("status", flat=True)) == {
        MessageStatus.SENT
    }
    deliver_due(now=tomorrow_at(8).isoformat())
    assert len(smtp.messages) == 2
    assert not OutboxMessage.objects.filter(kind=MessageKind.DIGEST).exists()


def test_a_reply_to_a_proposer_is_never_held(smtp, fake_letter, staff, answered, proposer, make_user) -> None:
    # given a staff member who reads a digest and shares the proposer's address
    reader = make_user("reader", "staff")
    reader.email = proposer.email
    reader.save()
    notice_mode_set(user=reader, mode=NoticeMode.DIGEST, actor=reader)

    # when staff send the proposer's organisation its feedback
    feedback_send(actor=staff, person=proposer)

    # then it leaves at once, to every address, and nothing is held
    [received] = smtp.messages
    assert proposer.email in received["To"]
    assert not OutboxMessage.objects.filter(status=MessageStatus.HELD).exists()


def test_a_company_user_is_never_held_even_if_marked(smtp, company_user) -> None:
    # given a company user whose profile says digest (the page refuses it; the data might not)
    Profile.objects.filter(user=company_user).update(notice_mode=NoticeMode.DIGEST)

    # when a desk notice is written to their address
    message_enqueue(kind=MessageKind.REMINDER, to=[company_user.email], subject="알림", body="본문")

    # then it is sent at once
    assert len(smtp.messages) == 1
    assert not OutboxMessage.objects.filter(status=MessageStatus.HELD).exists()
