"""Access records (개인정보 접속기록): every page and file with proposers' names and contacts leaves one, and
administrators read, search and export them (the export leaves one too)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sori.core.models import AccessAction, PersonalDataAccess
from sori.engagement.models import Engagement
from sori.feedback.models import Channel, Feedback
from sori.feedback.services import feedback_send
from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation, Person
from sori.voices import services
from sori.voices.outcomes import Outcome


@dataclass
class World:
    person: Person
    citizen: Person
    letter: Feedback


@pytest.fixture
def world(
    staff: User, officer: User, meeting: Engagement, department: Organisation, proposer: Person
) -> World:
    citizen = Person.objects.create(name="김다온", email="daon@example.kr", contact_consent=True)
    ids = [
        services.proposal_record(text=text, actor=staff, person=who, engagement=meeting).id
        for text, who in (("GPU 사용기간을 12개월로", proposer), ("GPU 갱신 허용", citizen))
    ]
    demand = services.demand_create(title="GPU 사용기간 12개월 이상", proposal_ids=ids, actor=staff)
    services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="중앙부처 지침 사항입니다.",
        limits="중앙부처에 건의하겠습니다.",
    )
    letter = feedback_send(actor=staff, organisation=proposer.organisation, channel=Channel.LETTER)
    services.proposal_submit_public(name="정하늘", email="sky@example.kr", text="체험 행사", consent=True)
    return World(person=proposer, citizen=citizen, letter=letter)


# (URL name, its arguments, query string, the action recorded, what is recorded)
PAGES = [
    ("registry:person_list", {}, "", "view", "registry.people"),
    ("registry:person_list", {}, "format=xlsx", "export", "registry.people"),
    ("registry:person_detail", {"person_id": "@person"}, "", "view", "registry.person:{person}"),
    ("voices:moderation", {}, "", "view", "voices.moderation"),
    ("voices:moderation", {}, "format=xlsx", "export", "voices.moderation"),
    ("voices:proposal_list", {}, "format=xlsx", "export", "voices.proposals"),
    (
        "voices:meeting_proposals_xlsx",
        {"engagement_id": "@meeting"},
        "",
        "export",
        "voices.meeting_proposals:{meeting}",
    ),
    ("feedback:owed", {}, "", "view", "feedback.owed"),
    ("feedback:owed", {}, "format=xlsx", "export", "feedback.owed"),
    (
        "feedback:preview",
        {"kind": "person", "pk": "@citizen"},
        "",
        "view",
        "feedback.preview:person:{citizen}",
    ),
    (
        "feedback:owed_letter_pdf",
        {"kind": "person", "pk": "@citizen"},
        "",
        "download",
        "feedback.letter:person:{citizen}",
    ),
    ("feedback:sent", {}, "", "view", "feedback.sent"),
    ("feedback:sent", {}, "format=xlsx", "export", "feedback.sent"),
    ("feedback:letter", {"pk": "@letter"}, "", "view", "feedback.feedback:{letter}"),
    ("feedback:letter_pdf", {"pk": "@letter"}, "", "download", "feedback.feedback:{letter}"),
    ("feedback:outbox", {}, "", "view", "feedback.outbox"),
    ("feedback:outbox", {}, "format=xlsx", "export", "feedback.outbox"),
    ("admin:registry_person_changelist", {}, "", "view", "admin.registry.person"),
    ("admin:registry_person_change", {"object_id": "@person"}, "", "view", "registry.person:{person}"),
]


@pytest.mark.parametrize(("name", "kwargs", "query", "action", "what"), PAGES)
def test_each_page_and_file_with_personal_data_is_recorded(
    world: World,
    meeting: Engagement,
    admin_user: User,
    login: Any,
    name: str,
    kwargs: dict[str, str],
    query: str,
    action: str,
    what: str,
) -> None:
    ids = {
        "person": world.person.id,
        "citizen": world.citizen.id,
        "letter": world.letter.id,
        "meeting": meeting.id,
    }
    url = reverse(name, kwargs={k: ids[v[1:]] if v.startswith("@") else v for k, v in kwargs.items()})

    response = login(admin_user).get(url + (f"?{query}" if query else ""))

    assert response.status_code == 200
    record = PersonalDataAccess.objects.get()
    assert (record.action, record.what) == (action, what.format(**ids))
    assert record.user == admin_user and record.user_label == "admin"


def test_pages_with_names_only_record_nothing(world: World, staff: User, login: Any) -> None:
    # The proposals list shows who said what, but no contacts: only its export is recorded.
    assert login(staff).get(reverse("voices:proposal_list")).status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_a_record_says_who_when_from_where_what_and_with_which_request(
    world: World, staff: User, login: Any
) -> None:
    client = login(staff)
    client.get(
        reverse("registry:person_list"),
        {"q": "조춘호", "consent": "yes"},
        HTTP_X_REQUEST_ID="req-0123456789",
        REMOTE_ADDR="10.1.2.3",
    )
    record = PersonalDataAccess.objects.get()
    assert record.user == staff and record.action == AccessAction.VIEW
    assert record.path == "/staff/people/?q=조춘호&consent=yes"  # readable, not percent-encoded
    assert record.ip == "10.1.2.3"
    assert record.request_id == "req-0123456789"
    assert timezone.now() - record.at < dt.timedelta(minutes=1)


def test_one_person_counts_one(world: World, staff: User, login: Any) -> None:
    login(staff).get(reverse("registry:person_detail", args=[world.person.id]))
    assert PersonalDataAccess.objects.get().people == 1


@pytest.fixture
def records(world: World, staff: User, admin_user: User, login: Any) -> None:
    login(staff).get(reverse("registry:person_detail", args=[world.person.id]))
    login(staff).get(reverse("voices:moderation"), {"format": "xlsx"})
    login(admin_user).get(reverse("feedback:letter_pdf", args=[world.letter.id]))
    # One record from last month.
    PersonalDataAccess.objects.filter(action=AccessAction.DOWNLOAD).update(
        at=timezone.now() - dt.timedelta(days=40)
    )


def test_administrators_list_and_search_the_records(records: None, admin_user: User, login: Any) -> None:
    client = login(admin_user)
    url = reverse("privacy:access_list")

    page = client.get(url).content.decode()
    assert "개인정보 접속기록" in page and "3건" in page
    assert "voices.moderation" in page and "registry.person:" in page

    by_user = client.get(url, {"user": "staff"}).content.decode()
    assert "2건" in by_user and "feedback.feedback:" not in by_user

    by_action = client.get(url, {"action": "export"}).content.decode()
    assert "1건" in by_action and "voices.moderation" in by_action

    today = timezone.localdate().isoformat()
    recent = client.get(url, {"date_from": today, "date_to": today}).content.decode()
    assert "2건" in recent and "feedback.feedback:" not in recent
    # looking at the list is not itself a record
    assert PersonalDataAccess.objects.count() == 3


def test_the_export_of_the_records_is_itself_recorded(records: None, admin_user: User, login: Any) -> None:
    response = login(admin_user).get(reverse("privacy:access_list"), {"user": "staff", "format": "xlsx"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("일시", "계정", "아이디", "수행 업무", "대상")
    assert sorted(r[4] for r in rows[1:]) == sorted(
        PersonalDataAccess.objects.filter(user__username="staff").values_list("what", flat=True)
    )
    latest = PersonalDataAccess.objects.first()
    assert latest is not None
    assert (latest.what, latest.action, latest.user) == ("core.personal_data_access", "export", admin_user)


def test_only_administrators_read_the_records(staff: User, login: Any) -> None:
    assert login(staff).get(reverse("privacy:access_list")).status_code == 403
