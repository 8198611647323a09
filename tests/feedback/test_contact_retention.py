"""The retention period the consent notice states: web proposers' e-mail and phone are destroyed once
their last proposal and last reply are older than it, with every copy, by a nightly task or
``sori privacy purge``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from sori.cli import main
from sori.config.celery import app
from sori.core.models import AuditRecord
from sori.core.privacy import find_mentions
from sori.feedback.models import Channel, Feedback, MessageStatus, OutboxMessage
from sori.feedback.privacy import contacts_purge
from sori.feedback.services import feedback_send
from sori.feedback.tasks import privacy_purge
from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation, Person
from sori.voices import services
from sori.voices.models import Proposal
from sori.voices.outcomes import Outcome

NOW = timezone.make_aware(dt.datetime(2029, 6, 1, 3, 10))
DAY = dt.timedelta(days=1)


def _web(name: str, email: str, received: dt.datetime, phone: str = "") -> Person:
    proposal = services.proposal_submit_public(
        name=name, email=email, text=f"{name}의 제안", consent=True, contact_consent=True
    )
    Proposal.objects.filter(id=proposal.id).update(received_at=received)
    person = proposal.person
    assert person is not None
    if phone:
        Person.objects.filter(id=person.id).update(phone=phone)
    return Person.objects.get(id=person.id)


@pytest.fixture
def people(staff: User, officer: User, department: Organisation) -> dict[str, Person]:
    """Web proposers on either side of the 1,095-day line, one answered lately, one met only in person."""
    old = _web("한지우", "jiwoo@example.kr", NOW - 1096 * DAY, phone="010-5555-0101")
    recent = _web("오세린", "serin@example.kr", NOW - 1094 * DAY)
    answered = _web("문태오", "taeo@example.kr", NOW - 1500 * DAY)
    met = Person.objects.create(name="배도현", email="dohyun@example.kr", contact_consent=True)
    Proposal.objects.filter(id=services.proposal_record(text="회의 제안", actor=staff, person=met).id).update(
        received_at=NOW - 2000 * DAY
    )
    # The old proposer and the answered one were both written to about their proposals.
    services.proposal_moderate(
        proposals=list(Proposal.objects.filter(person__in=[old, answered])), accept=True, actor=staff
    )
    demand = services.demand_create(
        title="체험 행사",
        proposal_ids=list(Proposal.objects.filter(person__in=[old, answered]).values_list("id", flat=True)),
        actor=staff,
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
    for person, sent in ((old, NOW - 1200 * DAY), (answered, NOW - 300 * DAY)):
        feedback = feedback_send(actor=staff, person=person, channel=Channel.EMAIL)
        Feedback.objects.filter(id=feedback.id).update(created_at=sent)
    return {"old": old, "recent": recent, "answered": answered, "met": met}


def test_contacts_past_the_period_are_destroyed_with_every_copy(people: dict[str, Person]) -> None:
    old = people["old"]
    assert find_mentions(["jiwoo@example.kr"])  # its address is in the letter and the outbox

    run = contacts_purge(now=NOW)

    assert run.people == 1
    old.refresh_from_db()
    assert (old.email, old.phone, old.contact_consent) == ("", "", False)
    assert old.name == "익명 제안자" and old.erased_at is not None  # name too, as the notice promises
    assert find_mentions(["jiwoo@example.kr", "010-5555-0101", "01055550101"]) == []
    # the mail still waiting for them does not go out
    message = OutboxMessage.objects.get(feedback__person=old)
    assert message.status == MessageStatus.FAILED
    # within the period, answered lately, or never on the web form: kept
    for key in ("recent", "answered", "met"):
        person = Person.objects.get(id=people[key].id)
        assert person.email and person.contact_consent, key


def test_each_run_writes_one_audit_record_with_the_count(people: dict[str, Person]) -> None:
    contacts_purge(now=NOW)
    contacts_purge(now=NOW)  # nobody left: still one record, saying so

    records = list(AuditRecord.objects.filter(action="privacy.purge").order_by("id"))
    assert [r.after["people"] for r in records] == [1, 0]
    assert records[0].summary == "보유 기간(3년)이 지난 개인정보 파기: 1명"
    assert records[0].target == "privacy.retention" and records[0].actor is None
    assert "jiwoo" not in str(records[0].after) and "한지우" not in records[0].summary


def test_a_dry_run_counts_and_changes_nothing(people: dict[str, Person]) -> None:
    run = contacts_purge(now=NOW, dry_run=True)

    assert run.people == 1 and run.dry_run
    assert Person.objects.get(id=people["old"].id).email == "jiwoo@example.kr"
    assert not AuditRecord.objects.filter(action="privacy.purge").exists()


def test_a_year_later_the_next_ones_are_due(people: dict[str, Person]) -> None:
    run = contacts_purge(now=NOW + 400 * DAY)
    # the recent web proposer now, and the answered one (reply 700 days before) not yet
    assert run.people == 2
    assert Person.objects.get(id=people["answered"].id).email == "taeo@example.kr"
    assert Person.objects.get(id=people["met"].id).email == "dohyun@example.kr"


def test_the_period_is_a_setting_and_the_consent_notice_shows_it(
    people: dict[str, Person], settings: Any, client: Any
) -> None:
    assert (
        "제안 처리가 끝난 날부터 3년 동안 보관한 뒤" in client.get(reverse("public:propose")).content.decode()
    )

    settings.SORI_CONTACT_RETENTION_DAYS = 730

    assert (
        "제안 처리가 끝난 날부터 2년 동안 보관한 뒤" in client.get(reverse("public:propose")).content.decode()
    )
    assert contacts_purge(now=NOW).people == 2  # the recent one falls under two years too
    settings.SORI_CONTACT_RETENTION_DAYS = 100
    assert "100일 동안" in client.get(reverse("public:propose")).content.decode()


def test_the_command_and_the_nightly_task(people: dict[str, Person], capsys: Any) -> None:
    # given the nightly schedule names the task
    assert app.conf.beat_schedule["sori-privacy-purge"]["task"] == "sori.privacy.purge"
    Proposal.objects.filter(person=people["old"]).update(received_at=timezone.now() - 1096 * DAY)
    Feedback.objects.filter(person=people["old"]).update(created_at=timezone.now() - 1096 * DAY)

    # when an operator runs a dry run, then the command
    assert main(["privacy", "purge", "--dry-run"]) == 0
    assert "파기할 사람: 1명 (시험 실행: 바꾼 것 없음)" in capsys.readouterr().out
    assert Person.objects.get(id=people["old"].id).email
    assert main(["privacy", "purge"]) == 0
    assert "파기했습니다: 1명" in capsys.readouterr().out

    # then the nightly task finds nobody left, and says so in its own record
    assert privacy_purge.delay().get() == {"people": 0, "copies": 0, "stopped": 0}
    assert AuditRecord.objects.filter(action="privacy.purge").count() == 2
