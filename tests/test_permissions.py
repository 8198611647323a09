"""Who may open which page and press which button: each named URL of the staff area and public site × role.

The two tables below are the policy. Read a row as "this URL, with this object, gives this to each role":

    200    the page opens                         403    refused: the role lacks the capability or the object
    login  302 to the login page (anonymous)      404    hidden: the object does not exist for anyone here
    302    sent on to the role's own page          405    the URL takes POST only (the role would be let in)
    ok     (POST) accepted: not refused, not sent to the login page

Objects: ``mine`` is a published demand answered by the officer's department (인공지능산업과); ``kept`` one it
answered with a promise (반영, 예산) and ``milestone`` a milestone of that answer; ``theirs`` is
assigned to the other officer's department (기업육성과); ``hidden`` is an unpublished demand still being
organised; ``missing`` an id that does not exist; ``account`` is the other officer's account and ``badlink``
a set-password link with a wrong token. A refused POST must change nothing at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sori.api.models import ApiToken
from sori.attachments.models import Attachment
from sori.attachments.services import attachment_add
from sori.core.models import AuditRecord, Profile
from sori.engagement.models import AgendaItem, Attendance, Engagement, Series
from sori.engagement.services import agenda_item_add, attendance_add, series_create
from sori.engagement.services.series import RoundPlan
from sori.feedback.models import Channel, Feedback, FeedbackDraft, OutboxMessage
from sori.feedback.services import feedback_send
from sori.policy.milestone_services import milestone_create
from sori.policy.models import AnswerConfirmation, Disposition, Instrument, Milestone, ReasonCode
from sori.policy.services import disposition_decide
from sori.registry import services as registry
from sori.registry.models import Commitment, CommitmentKind, Mou, Organisation, Person
from sori.voices import services
from sori.voices.intake.imports import import_batch_create
from sori.voices.models import Demand, Proposal, Support
from sori.voices.outcomes import Outcome
from sori.webhooks.models import WebhookSubscription

from .documents.pdf_files import blank_pdf

ROLES = ("anon", "company", "officer", "other", "staff", "admin")

GET_POLICY = """
url                              object     anon   company officer other  staff  admin
home:front                       -          200    200     200     200    200    200
home:home                        -          302    302     302     302    200    200
ops:healthz                      -          200    200     200     200    200    200
ops:readyz                       -          200    200     200     200    200    200
ops:metrics                      -          200    200     200     200    200    200
ops:health                       -          login  403     403     403    403    200
public:tracker                   -          200    200     200     200    200    200
public:feed                      -          200    200     200     200    200    200
public:demand                    mine       200    200     200     200    200    200
public:demand                    hidden     404    404     404     404    404    404
public:series_heard              series     200    200     200     200    200    200
public:bill                      bill       200    200     200     200    200    200
public:bill                      missing    404    404     404     404    404    404
public:support                   mine       405    405     405     405    405    405
public:support_confirm           confirm    200    200     200     200    200    200
public:support_confirm           forged     400    400     400     400    400    400
public:propose                   -          200    200     200     200    200    200
public:propose_done              -          200    200     200     200    200    200
public:status                    token      200    200     200     200    200    200
public:status_again              -          200    200     200     200    200    200
public:contact                   -          200    200     200     200    200    200
public:privacy                   -          200    200     200     200    200    200
public:status                    badtoken   404    404     404     404    404    404
public:company                   -          login  200     403     403    403    403
engagement:series_list           -          login  403     403     403    200    200
engagement:series_create         -          login  403     403     403    200    200
engagement:series_detail         series     login  403     403     403    200    200
engagement:series_edit           series     login  403     403     403    200    200
engagement:meeting_create        series     login  403     403     403    200    200
engagement:meeting_detail        meeting    login  403     403     403    200    200
engagement:meeting_edit          meeting    login  403     403     403    200    200
voices:meeting_entry             meeting    login  403     403     403    405    405
engagement:meeting_minutes       meeting    login  403     403     403    405    405
engagement:agenda_add            meeting    login  403     403     403    405    405
engagement:agenda_remove         item       login  403     403     403    405    405
engagement:agenda_move           item       login  403     403     403    405    405
engagement:attendance_add        meeting    login  403     403     403    405    405
engagement:attendance_remove     attendance login  403     403     403    405    405
voices:meeting_import            meeting    login  403     403     403    200    200
voices:meeting_proposals_xlsx    meeting    login  403     403     403    200    200
voices:entry_preview             -          login  403     403     403    405    405
voices:minutes_upload            meeting    login  403     403     403    200    200
voices:minutes_review            minutes    login  403     403     403    200    200
voices:minutes_accept            minutes    login  403     403     403    405    405
voices:import_upload             -          login  403     403     403    200    200
voices:import_mapping            batch      login  403     403     403    200    200
voices:proposal_list             -          login  403     403     403    200    200
voices:proposal_edit             loose      login  403     403     403    200    200
voices:proposal_delete           loose      login  403     403     403    405    405
voices:proposal_restore          gone       login  403     403     403    405    405
voices:proposal_deleted          -          login  403     403     403    200    200
voices:proposal_group            -          login  403     403     403    405    405
voices:grouping_undo             -          login  403     403     403    405    405
voices:moderation                -          login  403     403     403    200    200
voices:moderation_decide         -          login  403     403     403    405    405
voices:demand_list               -          login  403     403     403    200    200
voices:demand_search             -          login  403     403     403    200    200
voices:demand_detail             mine       login  403     200     403    200    200
voices:demand_detail             theirs     login  403     403     200    200    200
voices:demand_detail             hidden     login  403     403     403    200    200
voices:demand_detail             missing    login  403     404     404    404    404
voices:demand_rename             hidden     login  403     403     403    405    405
voices:demand_proposals          hidden     login  403     403     403    405    405
voices:demand_merge              hidden     login  403     403     403    405    405
voices:demand_assign             hidden     login  403     403     403    405    405
voices:demand_publish            hidden     login  403     403     403    405    405
voices:demand_repeat_confirm     hidden     login  403     403     403    405    405
voices:demand_repeat_dismiss     hidden     login  403     403     403    405    405
voices:demand_repeat_undo        theirs     login  403     403     403    405    405
voices:demand_machine            mine       login  403     200     403    200    200
voices:demand_machine            theirs     login  403     403     200    200    200
voices:demand_machine            hidden     login  403     403     403    200    200
voices:demand_machine            missing    login  403     404     404    404    404
voices:proposal_similar          -          login  403     403     403    200    200
voices:organise                  -          login  403     403     403    200    200
voices:organise_accept           -          login  403     403     403    405    405
voices:organise_dismiss          -          login  403     403     403    405    405
voices:organise_dismiss_suggestion -        login  403     403     403    405    405
voices:organise_run              -          login  403     403     403    405    405
voices:organise_progress         -          login  403     403     403    200    200
voices:suggestion_list           -          login  403     403     403    200    200
policy:inbox                     -          login  403     200     200    200    200
policy:decide                    mine       login  403     200     403    200    200
policy:decide                    theirs     login  403     403     200    200    200
policy:decide                    missing    login  403     404     404    404    404
policy:milestones                mine       login  403     200     403    200    200
policy:milestones                theirs     login  403     403     200    200    200
policy:milestones                missing    login  403     404     404    404    404
policy:milestone_update          milestone  login  403     200     403    200    200
policy:decide_draft              mine       login  403     405     405    405    405
policy:confirm_answer            late       login  403     405     405    405    405
policy:approvals                 -          login  403     200     200    200    200
policy:approval_review           missing    login  403     404     404    404    404
policy:approval_rules            -          login  403     403     403    200    200
feedback:owed                    -          login  403     403     403    200    200
feedback:send_all                -          login  403     403     403    405    405
feedback:preview                 owed       login  403     403     403    200    200
feedback:preview_draft           owed       login  403     403     403    405    405
feedback:sent                    -          login  403     403     403    200    200
feedback:retry                   letter     login  403     403     403    405    405
feedback:letter                  letter     login  403     403     403    200    200
feedback:letter_pdf              letter     login  403     403     403    200    200
feedback:owed_letter_pdf         owed       login  403     403     403    200    200
feedback:outbox                  -          login  403     403     403    200    200
attachments:download             mfile      login  403     403     403    200    200
attachments:download             dfile      login  403     200     403    200    200
attachments:download             afile      200    200     200     200    200    200
attachments:add                  meeting    login  403     405     405    405    405
attachments:publish              afile      login  403     405     405    405    405
attachments:remove               dfile      login  403     405     405    405    405
feedback:outbox_retry            missing    login  403     403     403    405    405
feedback:deadlines               -          login  403     403     403    200    200
registry:organisation_list       -          login  403     403     403    200    200
registry:organisation_create     -          login  403     403     403    200    200
registry:organisation_detail     org        login  403     403     403    200    200
registry:organisation_edit       org        login  403     403     403    200    200
registry:import_upload           -          login  403     403     403    200    200
registry:import_review           regimport  login  403     403     403    200    200
registry:mou_list                -          login  403     403     403    200    200
registry:mou_create              -          login  403     403     403    200    200
registry:mou_detail              mou        login  403     403     403    200    200
registry:mou_edit                mou        login  403     403     403    200    200
registry:mou_move                mou        login  403     403     403    405    405
registry:commitment_add          mou        login  403     403     403    405    405
registry:commitment_edit         commitment login  403     403     403    405    405
registry:commitment_snooze       commitment login  403     403     403    405    405
registry:person_list             -          login  403     403     403    200    200
registry:person_detail           person     login  403     403     403    200    200
registry:person_erase            person     login  403     403     403    403    200
privacy:access_list              -          login  403     403     403    403    200
reports:kpis                    -          login  403     200     200    200    200
home:search                      -          login  403     200     200    200    200
voices:demand_bulk               -          login  403     403     403    405    405
users:list                       -          login  403     403     403    403    200
users:create                     -          login  403     403     403    403    200
users:detail                     account    login  403     403     403    403    200
users:detail                     missing    login  403     403     403    403    404
users:deactivate                 account    login  403     403     403    403    200
users:reactivate                 account    login  403     403     403    403    200
users:send_link                  account    login  403     403     403    403    405
users:otp_reset                  account    login  403     403     403    403    405
accounts:password_forgot         -          200    200     200     200    200    200
accounts:password_forgot_sent    -          200    200     200     200    200    200
accounts:password_set            badlink    200    200     200     200    200    200
accounts:otp                     -          login  200     200     200    200    200
accounts:otp_start               -          login  405     405     405    405    405
accounts:otp_confirm             -          login  405     405     405    405    405
accounts:otp_backup              -          login  405     405     405    405    405
accounts:otp_disable             -          login  302     302     302    302    302
accounts:otp_verify              -          login  302     302     302    302    302
accounts:notices                 -          login  403     200     200    200    200
webhooks:list                    -          login  403     403     403    403    200
webhooks:create                  -          login  403     403     403    403    200
webhooks:rotate                  hook       login  403     403     403    403    405
webhooks:ping                    hook       login  403     403     403    403    405
webhooks:set_active              hook       login  403     403     403    403    405
webhooks:delete                  hook       login  403     403     403    403    405
tokens:list                      -          login  200     200     200    200    200
tokens:revoke                    apitoken   login  405     405     405    405    405
"""

POST_POLICY = """
url                              object     anon   company officer other  staff  admin
engagement:series_create         -          login  403     403     403    ok     ok
engagement:series_edit           series     login  403     403     403    ok     ok
engagement:meeting_create        series     login  403     403     403    ok     ok
engagement:meeting_edit          meeting    login  403     403     403    ok     ok
voices:meeting_entry             meeting    login  403     403     403    ok     ok
engagement:meeting_minutes       meeting    login  403     403     403    ok     ok
engagement:agenda_add            meeting    login  403     403     403    ok     ok
engagement:agenda_remove         item       login  403     403     403    ok     ok
engagement:agenda_move           item       login  403     403     403    ok     ok
engagement:attendance_add        meeting    login  403     403     403    ok     ok
engagement:attendance_remove     attendance login  403     403     403    ok     ok
voices:meeting_import            meeting    login  403     403     403    ok     ok
voices:entry_preview             -          login  403     403     403    ok     ok
voices:minutes_upload            meeting    login  403     403     403    ok     ok
voices:minutes_review            minutes    login  403     403     403    ok     ok
voices:minutes_accept            minutes    login  403     403     403    ok     ok
voices:proposal_group            -          login  403     403     403    ok     ok
voices:proposal_edit             loose      login  403     403     403    ok     ok
voices:proposal_delete           loose      login  403     403     403    ok     ok
voices:proposal_restore          gone       login  403     403     403    ok     ok
voices:grouping_undo             -          login  403     403     403    ok     ok
voices:moderation_decide         -          login  403     403     403    ok     ok
voices:demand_rename             hidden     login  403     403     403    ok     ok
voices:demand_proposals          hidden     login  403     403     403    ok     ok
voices:demand_merge              hidden     login  403     403     403    ok     ok
voices:demand_assign             hidden     login  403     403     403    ok     ok
voices:demand_publish            hidden     login  403     403     403    ok     ok
voices:demand_publish            mine       login  403     403     403    ok     ok
voices:demand_repeat_confirm     hidden     login  403     403     403    ok     ok
voices:demand_repeat_dismiss     hidden     login  403     403     403    ok     ok
voices:demand_repeat_undo        theirs     login  403     403     403    ok     ok
voices:organise_accept           -          login  403     403     403    ok     ok
voices:organise_run              -          login  403     403     403    ok     ok
policy:decide                    mine       login  403     ok      403    ok     ok
policy:decide                    theirs     login  403     403     ok     ok     ok
policy:milestones                kept       login  403     ok      403    ok     ok
policy:milestone_update          milestone  login  403     ok      403    ok     ok
policy:decide_draft              mine       login  403     ok      403    ok     ok
policy:confirm_answer            late       login  403     ok      403    ok     ok
policy:approval_review           missing    login  403     404     404    404    404
policy:approval_rules            -          login  403     403     403    ok     ok
feedback:send_all                -          login  403     403     403    ok     ok
feedback:preview                 owed       login  403     403     403    ok     ok
feedback:preview_draft           owed       login  403     403     403    ok     ok
attachments:add                  meeting    login  403     403     403    ok     ok
attachments:add                  mine       login  403     ok      403    ok     ok
attachments:publish              afile      login  403     ok      403    ok     ok
attachments:remove               mfile      login  403     403     403    ok     ok
attachments:remove               dfile      login  403     ok      403    ok     ok
feedback:retry                   letter     login  403     403     403    ok     ok
feedback:outbox_retry            missing    login  403     403     403    404    404
registry:mou_move                mou        login  403     403     403    ok     ok
registry:commitment_add          mou        login  403     403     403    ok     ok
registry:commitment_edit         commitment login  403     403     403    ok     ok
registry:commitment_snooze       commitment login  403     403     403    ok     ok
registry:person_erase            person     login  403     403     403    403    ok
public:support                   mine       ok     ok      ok      ok     ok     ok
public:status_again              -          ok     ok      ok      ok     ok     ok
public:support                   hidden     404    404     404     404    404    404
public:support_confirm           confirm    405    405     405     405    405    405
voices:demand_bulk               -          login  403     403     403    ok     ok
users:create                     -          login  403     403     403    403    ok
users:detail                     account    login  403     403     403    403    ok
users:deactivate                 account    login  403     403     403    403    ok
users:reactivate                 account    login  403     403     403    403    ok
users:send_link                  account    login  403     403     403    403    ok
users:otp_reset                  account    login  403     403     403    403    ok
accounts:otp_start               -          login  ok      ok      ok     ok     ok
accounts:otp_backup              -          login  302     302     302    302    302
accounts:otp_disable             -          login  302     302     302    302    302
accounts:notices                 -          login  403     ok      ok     ok     ok
accounts:password_forgot         -          ok     ok      ok      ok     ok     ok
webhooks:create                  -          login  403     403     403    403    ok
webhooks:rotate                  hook       login  403     403     403    403    ok
webhooks:ping                    hook       login  403     403     403    403    ok
webhooks:set_active              hook       login  403     403     403    403    ok
webhooks:delete                  hook       login  403     403     403    403    ok
tokens:list                      -          login  ok      ok      ok     ok     ok
tokens:revoke                    apitoken   login  404     404     404    ok     404
"""

# Accepted POSTs that rightly change nothing in this world (a letter is not a failed e-mail to retry).
CHANGES_NOTHING_WHEN_ACCEPTED = {
    ("feedback:retry", "letter"),
    ("voices:entry_preview", "-"),
    ("users:reactivate", "account"),  # the account is active already
    ("users:otp_reset", "account"),  # the account has no second factor to reset
}

# URL namespaces of the staff area and the public site; every named URL in them must be in GET_POLICY.
# (The support programs' pages, still being built, have their own permission tests in tests/programs.)
NAMESPACES = (
    "core",
    "public",
    "engagement",
    "voices",
    "policy",
    "feedback",
    "registry",
    "users",
    "accounts",
    "privacy",
    "attachments",
    "webhooks",
    "tokens",
)


def named_patterns(namespaces: tuple[str, ...]) -> list[tuple[str, URLPattern]]:
    """Return each named URL pattern of the given namespaces with its full name (``namespace:name``)."""
    return [
        (f"{include.namespace}:{pattern.name}", pattern)
        for include in get_resolver().url_patterns
        if isinstance(include, URLResolver) and include.namespace in namespaces
        for pattern in include.url_patterns
        if isinstance(pattern, URLPattern) and pattern.name
    ]


def _rows(table: str) -> list[tuple[str, str, dict[str, str]]]:
    lines = [line.split() for line in table.strip().splitlines()[1:]]
    return [(name, obj, dict(zip(ROLES, cells, strict=True))) for name, obj, *cells in lines]


# ----------------------------------------------------------------------------------------------------
# The world, built through the services


@dataclass
class World:
    series: Series
    meeting: Engagement
    item: AgendaItem
    attendance: Attendance
    batch_id: int
    mine: Demand
    theirs: Demand
    hidden: Demand
    kept: Demand
    milestone: Milestone
    spare: Demand
    loose: Proposal
    pending: Proposal
    proposer: Person
    owed: Person
    letter: Feedback
    department: Organisation
    mou: Mou
    commitment: Commitment
    regimport_id: int
    files: dict[str, Attachment]
    users: dict[str, User | None]


@pytest.fixture
def world(
    staff: User,
    officer: User,
    other_officer: User,
    company_user: User,
    admin_user: User,
    department: Organisation,
    other_department: Organisation,
    proposer: Person,
) -> World:
    series = series_create(
        title="2025 AI기업 조찬간담회",
        actor=staff,
        rounds=RoundPlan(
            count=2, first_date=dt.date(2025, 11, 11), weekdays=frozenset({1, 4}), time=dt.time(7, 30)
        ),
    )
    meeting = series.engagements.order_by("round").first()
    assert meeting is not None
    item = agenda_item_add(engagement=meeting, presenter="조춘호", topic="GPU 사용기간", actor=staff)
    agenda_item_add(engagement=meeting, presenter="이수진", topic="실증 공간", actor=staff)
    attendance = attendance_add(engagement=meeting, actor=staff, typed="김민수, ㈜광주AI, 대표")[0]
    batch = import_batch_create(
        filename="제안.csv", data="건의사항,기관명\r\nAI 교육,광주AI협회\r\n".encode("cp949"), actor=staff
    )
    # A citizen without an organisation: answered in a letter of their own (organisations get one each).
    owed = Person.objects.create(name="김다온", email="daon@example.kr", contact_consent=True)

    def said(text: str, person: Person | None = None) -> Proposal:
        return services.proposal_record(text=text, actor=staff, person=person, engagement=meeting)

    mine = services.demand_create(
        title="GPU 사용기간 12개월 이상",
        proposal_ids=[said("GPU 사용기간을 12개월로", proposer).id, said("GPU 갱신 허용", owed).id],
        actor=staff,
    )
    services.demand_assign(demand=mine, department=department, actor=staff)
    disposition_decide(
        demand=mine,
        actor=officer,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="중앙부처 지침 사항입니다.",
        limits="중앙부처에 건의하겠습니다.",
    )
    services.demand_publish(demand=mine, published=True, actor=staff)
    mine.refresh_from_db()
    files = {
        "mfile": attachment_add(owner=meeting, name="발제.pdf", data=blank_pdf(), actor=staff),
        "dfile": attachment_add(owner=mine, name="검토.pdf", data=blank_pdf() + b"%d", actor=officer),
        "afile": attachment_add(
            owner=Disposition.objects.get(demand=mine),
            name="공고문.pdf",
            data=blank_pdf() + b"%a",
            actor=officer,
            public=True,
        ),
    }
    letter = feedback_send(actor=staff, person=proposer, channel=Channel.LETTER)
    kept = services.demand_create(
        title="소량 GPU 바우처 예산", proposal_ids=[said("소량 GPU 바우처", proposer).id], actor=staff
    )
    services.demand_assign(demand=kept, department=department, actor=staff)
    promise = disposition_decide(
        demand=kept,
        actor=officer,
        outcome=Outcome.ADOPTED,
        instrument=Instrument.BUDGET,
        due_date=dt.date(2026, 6, 30),
    )
    milestone = milestone_create(
        disposition=promise, title="2026년 본예산 편성", planned_date=dt.date(2026, 3, 31), actor=officer
    )
    theirs = services.demand_create(
        title="기업 이전 지원", proposal_ids=[said("이전 기업 지원").id], actor=staff
    )
    services.demand_assign(demand=theirs, department=other_department, actor=staff)
    # It repeats the answered one (a link staff may take back).
    services.repeat_confirm(demand=theirs, earlier=mine, actor=staff)
    spare = services.demand_create(title="실증 접근성", proposal_ids=[said("실증 문턱").id], actor=staff)
    hidden = services.demand_create(
        title="AI 인재 양성",
        proposal_ids=[said("AI사관학교 맞춤 인재").id, said("현장 인재").id],
        actor=staff,
    )
    loose = said("아직 묶이지 않은 제안")
    pending = services.proposal_submit_public(
        name="정하늘", email="sky@example.kr", text="시민 체험 행사를 열어 주세요", consent=True
    )
    mou = registry.mou_create(
        title="솔트룩스 광주 AI 사업 업무협약",
        signed_on=dt.date(2020, 3, 2),
        parties=[department, proposer.organisation],
        actor=staff,
    )
    commitment = registry.commitment_add(
        mou=mou, actor=staff, kind=CommitmentKind.JOBS, description="고용 20명", target_number=20
    )
    regimport = registry.import_upload(
        data="기관명,유형\r\n㈜광주AI,기업\r\n".encode("cp949"),
        filename="기관.csv",
        kind="organisations",
        actor=staff,
    )
    return World(
        mou=mou,
        commitment=commitment,
        regimport_id=regimport.id,
        files=files,
        series=series,
        meeting=meeting,
        item=item,
        attendance=attendance,
        batch_id=batch.id,
        mine=mine,
        theirs=theirs,
        hidden=hidden,
        kept=kept,
        milestone=milestone,
        spare=spare,
        loose=loose,
        pending=pending,
        proposer=proposer,
        owed=owed,
        letter=letter,
        department=department,
        users={
            "anon": None,
            "company": company_user,
            "officer": officer,
            "other": other_officer,
            "staff": staff,
            "admin": admin_user,
        },
    )


def url_for(name: str, obj: str, w: World) -> str:
    """Return the URL of ``name`` for the table's object label."""
    demand = {
        "mine": w.mine.id,
        "theirs": w.theirs.id,
        "hidden": w.hidden.id,
        "kept": w.kept.id,
        "missing": 999_999,
    }
    kwargs: dict[str, Any] = {}
    if name.startswith("users:") and obj in ("account", "missing"):
        other = w.users["other"]
        assert other is not None
        kwargs = {"user_id": other.id if obj == "account" else 999_999}
    elif obj == "badlink":
        kwargs = {"uidb64": "MQ", "token": "no-such-token"}
    elif name == "public:bill":
        kwargs = {"bill_id": _bill(w).id if obj == "bill" else 999_999}
    elif name == "public:support_confirm":
        kwargs = {"token": _support_link(w) if obj == "confirm" else "forged-link"}
    elif obj == "loose":
        kwargs = {"proposal_id": w.loose.id}
    elif obj == "gone":
        kwargs = {"proposal_id": _gone(w).id}
    elif obj == "late":
        kwargs = {"demand_id": _late(w).id}
    elif name == "attachments:add":
        owner = w.meeting if obj == "meeting" else w.mine
        kwargs = {"owner": owner._meta.label_lower, "owner_id": owner.pk}
    elif obj in w.files:
        kwargs = {"attachment_id": w.files[obj].id}
        if name == "attachments:download":
            kwargs["name"] = w.files[obj].name
    elif name == "feedback:outbox_retry":
        kwargs = {"pk": 999_999}
    elif name == "policy:approval_review":
        kwargs = {"draft_id": 999_999}
    elif obj == "milestone":
        kwargs = {"demand_id": w.kept.id, "pk": w.milestone.id}
    elif obj in demand:
        kwargs = {"demand_id": demand[obj]}
    elif obj == "series":
        kwargs = {"series_id": w.series.id}
    elif obj == "meeting":
        kwargs = {"engagement_id": w.meeting.id}
    elif obj == "item":
        kwargs = {"engagement_id": w.meeting.id, "item_id": w.item.id}
    elif obj == "attendance":
        kwargs = {"engagement_id": w.meeting.id, "attendance_id": w.attendance.id}
    elif obj == "batch":
        kwargs = {"batch_id": w.batch_id}
    elif obj == "token":
        kwargs = {"token": w.proposer.status_token}
    elif obj == "badtoken":
        kwargs = {"token": "no-such-token"}
    elif obj == "owed":
        kwargs = {"kind": "person", "pk": w.owed.id}
    elif obj == "letter":
        kwargs = {"pk": w.letter.id}
    elif obj == "org":
        kwargs = {"organisation_id": w.proposer.organisation_id}
    elif obj == "regimport":
        kwargs = {"import_id": w.regimport_id}
    elif obj == "mou":
        kwargs = {"mou_id": w.mou.id}
    elif obj == "apitoken":
        kwargs = {"token_id": _api_token(w).id}
    elif obj == "hook":
        kwargs = {"pk": _hook(w).id}
    elif obj == "person":
        kwargs = {"person_id": w.proposer.id}
    elif obj == "commitment":
        kwargs = {"commitment_id": w.commitment.id}
    elif obj == "minutes":
        kwargs = {"upload_id": _minutes_review(w).id}
    return reverse(name, kwargs=kwargs)


def _officer_id(w: World) -> int:
    officer = w.users["officer"]
    assert officer is not None
    return officer.id


def _officer_department(w: World) -> int:
    organisation_id = Profile.objects.get(user_id=_officer_id(w)).organisation_id
    assert organisation_id is not None
    return organisation_id


def payload(name: str, obj: str, w: World) -> dict[str, Any]:
    """Return a POST that would change something if the role were let in."""
    day = {"date": "2025-11-25", "time": "07:30", "round": "3", "title": "제3차 AI기업 조찬간담회"}
    return {
        "engagement:series_create": {"title": "새 시리즈", "submission_key": "k-series"},
        "engagement:series_edit": {"title": "고친 시리즈"},
        "engagement:meeting_create": day,
        "engagement:meeting_edit": {**day, "round": "1", "title": "고친 간담회"},
        "voices:meeting_entry": {"raw": "㈜아이티앱스: 새로 들은 제안", "submission_key": "k-entry"},
        "engagement:meeting_minutes": {"minutes": "회의록 초안"},
        "engagement:agenda_add": {"presenter": "박서연", "topic": "데이터 규제"},
        "engagement:agenda_remove": {},
        "engagement:agenda_move": {"direction": "down"},
        "engagement:attendance_add": {"typed": "홍길동, ㈜광주AI, 이사"},
        "engagement:attendance_remove": {},
        "voices:meeting_import": {"file": _csv_upload()},
        "voices:entry_preview": {"raw": "조춘호 대표(㈜아이티앱스): 새로 들은 제안"},
        "voices:minutes_upload": {"file": _minutes_file("round2")},
        "voices:minutes_review": {"action": "reject", "candidate": "1"},
        "voices:minutes_accept": {"take": ["1", "2"]},
        "voices:proposal_group": {
            "action": "create",
            "ids": [w.loose.id],
            "title": "새 수요",
            "submission_key": "k-g",
        },
        "voices:grouping_undo": {},
        "voices:organise_accept": {
            "action": "create",
            "ids": [w.loose.id],
            "title": "새 수요",
            "submission_key": "k-organise",
        },
        "voices:organise_run": {},
        "voices:moderation_decide": {"accept_one": str(w.pending.id)},
        "voices:demand_rename": {"title": "고친 제목"},
        "voices:demand_proposals": {"action": "remove", "ids": [w.hidden.proposals.first().id]},
        "voices:demand_merge": {"others": [w.spare.id]},
        "voices:demand_assign": {"department": w.department.id},
        "voices:demand_publish": {"published": "0" if obj == "mine" else "1"},
        "voices:demand_bulk": {"ids": [w.hidden.id], "action": "publish", "confirm": "1"},
        "users:create": {
            "name": "새 직원",
            "username": "new.staff",
            "email": "new.staff@example.kr",
            "role": "staff",
            "submission_key": "k-user",
        },
        "users:detail": {"name": "고친 이름", "email": "officer2@example.kr", "role": "staff"},
        "users:deactivate": {},
        "users:reactivate": {},
        "users:send_link": {},
        "users:otp_reset": {},
        "accounts:otp_start": {},
        "accounts:otp_backup": {},
        "accounts:otp_disable": {"code": "123456"},
        "accounts:notices": {"mode": "digest"},
        "accounts:password_forgot": {"email": "officer2@example.kr"},
        "voices:demand_repeat_confirm": {"earlier": w.spare.id, "score": "0.5"},
        "voices:demand_repeat_dismiss": {"earlier": w.spare.id, "score": "0.5"},
        "voices:demand_repeat_undo": {"earlier": w.mine.id},
        "policy:decide": {
            "outcome": Outcome.LONG_TERM,
            "reason_code": ReasonCode.BUDGET,
            "reason": "내년 예산에 반영할지 검토합니다.",
            "limits": "올해는 예산이 없습니다.",
            "submission_key": f"k-decide-{obj}",
        },
        "policy:milestones": {
            "title": "추경 예산 편성",
            "planned_date": "2026-05-31",
            "submission_key": f"k-milestone-{obj}",
        },
        "policy:milestone_update": {"status": "in_progress", "evidence_note": "예산안 제출"},
        "policy:decide_draft": {"reason": "내년 예산에 반영할지 검토 중"},
        "policy:confirm_answer": {"note": "새 제안에도 같은 답변입니다."},
        "policy:approval_review": {"decision": "approve"},
        "policy:approval_rules": {
            "department": _officer_department(w),
            "active": "on",
            "approver": _officer_id(w),
        },
        "feedback:send_all": {},
        "feedback:preview": {"channel": Channel.LETTER},
        "feedback:preview_draft": {"note": "담당: 인공지능산업과"},
        "voices:proposal_edit": {"text": "고친 제안 내용", "reason": "회의록 대조"},
        "voices:proposal_delete": {"delete-reason": "두 번 기록됨"},
        "voices:proposal_restore": {},
        "attachments:add": {"file": SimpleUploadedFile("자료.pdf", blank_pdf() + obj.encode())},
        "attachments:publish": {"public": "0"},
        "attachments:remove": {},
        "feedback:retry": {},
        "feedback:outbox_retry": {},
        "public:support": {"email": "visitor@example.kr"},
        "public:support_confirm": {},
        "public:status_again": {"email": w.proposer.email},
        "registry:mou_move": {"stage": "office_opened", "on": "2020-06-01"},
        "registry:person_erase": {"reason": "정보주체의 삭제 요구", "confirm": "on"},
        "registry:commitment_add": {
            "kind": "investment",
            "description": "투자 10억 원",
            "target_number": "1000000000",
            "status": "pending",
        },
        "registry:commitment_edit": {
            f"c{w.commitment.id}-{k}": v
            for k, v in {
                "kind": "jobs",
                "description": "고용 20명",
                "target_number": "20",
                "realised_number": "12",
                "status": "partly",
                "realised_on": "2021-03-02",
            }.items()
        },
        "webhooks:create": {
            "name": "시 예산관리시스템",
            "url": "https://budget.example.kr/sori",
            "events": ["demand.answered"],
            "submission_key": "k-hook",
        },
        "webhooks:rotate": {},
        "webhooks:ping": {},
        "webhooks:set_active": {"active": "0"},
        "webhooks:delete": {},
        "tokens:list": {"name": "그룹웨어 연동", "scope": "read", "days": "90"},
        "tokens:revoke": {},
        "registry:commitment_snooze": {},
    }[name]


def _api_token(w: World) -> Any:
    """The staff member's API token (made once per world)."""
    from sori.api.tokens import token_create

    staff = w.users["staff"]
    assert staff is not None
    existing = ApiToken.objects.filter(user=staff, revoked_at=None).first()
    return existing or token_create(user=staff, name="연동", scope="read", days=30, actor=staff)[0]


def _hook(w: World) -> Any:
    """Return a city system's webhook subscription (the same one each time)."""
    from sori.webhooks.models import WebhookSubscription
    from sori.webhooks.services import webhook_create

    admin = w.users["admin"]
    assert admin is not None
    return WebhookSubscription.objects.filter(name="예산").first() or webhook_create(
        name="예산", url="https://budget.example.kr/hook", events=["demand.answered"], actor=admin
    )


def _gone(w: World) -> Proposal:
    """Return a proposal staff deleted (the same one each time)."""
    staff = w.users["staff"]
    assert staff is not None
    gone = Proposal.all_objects.filter(text="잘못 기록한 제안").first()
    if gone is None:
        gone = services.proposal_record(text="잘못 기록한 제안", actor=staff)
        services.proposal_delete(proposal=gone, actor=staff, reason="잘못 기록함")
    return gone


def _late(w: World) -> Demand:
    """Return the answered demand ``mine`` with a voice added after its answer (the same one each time)."""
    staff = w.users["staff"]
    assert staff is not None
    if not Proposal.objects.filter(text="답변 뒤에 들은 제안").exists():
        late = services.proposal_record(text="답변 뒤에 들은 제안", actor=staff)
        services.demand_add_proposals(demand=w.mine, proposal_ids=[late.id], actor=staff)
    return w.mine


def _support_link(w: World) -> str:
    """Return the token of a link confirming a visitor's 공감 for the published demand ``mine``."""
    from sori.feedback.support import email_supporter_key, support_token

    return support_token(demand_id=w.mine.id, supporter_key=email_supporter_key("visitor@example.kr"))


def _bill(w: World) -> Any:
    """Return a bill answering the published demand ``mine`` (its answer calls for a law revision)."""
    from sori.policy.bill_services import bill_create

    staff = w.users["staff"]
    assert staff is not None
    return bill_create(
        demand=w.mine, title="GPU 지원 기간 법령 개정 건의", actor=staff, submission_key="k-bill"
    )


def _minutes_file(name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sori.minutes.samples import SCRIPTS, render

    data, filename = render(next(s for s in SCRIPTS if s.name == name), "hwpx")
    return SimpleUploadedFile(filename, data)


def _minutes_review(w: World) -> Any:
    """Return the review of round 1's minutes uploaded for the world's meeting (the same one each time)."""
    from sori.voices.intake.minutes import minutes_upload

    file = _minutes_file("round1")
    staff = w.users["staff"]
    assert staff is not None
    return minutes_upload(engagement=w.meeting, filename=file.name, data=file.read(), actor=staff)[0]


def _csv_upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.csv", "건의사항\r\nAI 교육\r\n".encode("cp949"), content_type="text/csv")


def snapshot() -> tuple[Any, ...]:
    """Return everything a refused request must leave as it was."""
    return (
        AuditRecord.objects.count(),
        list(Mou.objects.values_list("id", "stage")),
        list(
            Commitment.objects.order_by("id").values_list("id", "realised_number", "status", "snoozed_until")
        ),
        Support.objects.count(),
        Feedback.objects.count(),
        FeedbackDraft.objects.count(),
        OutboxMessage.objects.count(),
        list(WebhookSubscription.objects.order_by("id").values_list("id", "secret", "active")),
        list(ApiToken.objects.order_by("id").values_list("id", "revoked_at")),
        list(Attachment.objects.order_by("id").values_list("id", "public")),
        Disposition.objects.count(),
        list(AnswerConfirmation.objects.order_by("id").values_list("id", "note")),
        Series.objects.count(),
        list(Engagement.objects.order_by("id").values_list("id", "title", "minutes")),
        list(AgendaItem.objects.order_by("id").values_list("id", "order")),
        Attendance.objects.count(),
        list(TOTPDevice.objects.order_by("id").values_list("id", "confirmed")),
        StaticToken.objects.count(),
        list(Profile.objects.order_by("id").values_list("id", "notice_mode")),
        list(
            Proposal.all_objects.order_by("id").values_list(
                "id", "demand_id", "moderation", "text", "deleted_at", "deleted_reason"
            )
        ),
        list(
            Demand.objects.order_by("id").values_list(
                "id", "title", "stage", "published", "department_id", "merged_into_id"
            )
        ),
    )


def client_for(w: World, role: str) -> Client:
    client = Client()
    user = w.users[role]
    if user is not None:
        client.force_login(user)
    return client


def outcome_of(response: Any) -> str:
    """Return the table's word for a response."""
    if response.status_code == 302:
        return "login" if response["Location"].startswith("/accounts/login/") else "302"
    return str(response.status_code)


# ----------------------------------------------------------------------------------------------------


def test_every_named_url_of_the_staff_area_and_public_site_is_in_the_policy() -> None:
    # given: every named URL in the site's namespaces
    named = {name for name, _pattern in named_patterns(NAMESPACES)}
    assert len(named) >= 48

    # then: each has a row in the GET table, and every POST row names a real URL
    assert named - {name for name, _o, _e in _rows(GET_POLICY)} == set()
    assert {name for name, _o, _e in _rows(POST_POLICY)} <= named


@pytest.mark.parametrize(
    ("name", "obj", "expected"), _rows(GET_POLICY), ids=lambda v: v if isinstance(v, str) else ""
)
def test_get(world: World, name: str, obj: str, expected: dict[str, str]) -> None:
    # when: each role opens the page
    url = url_for(name, obj, world)
    got = {role: outcome_of(client_for(world, role).get(url)) for role in ROLES}

    # then: each gets what the policy says
    assert got == expected, f"GET {url}"


@pytest.mark.parametrize(
    ("name", "obj", "expected"), _rows(POST_POLICY), ids=lambda v: v if isinstance(v, str) else ""
)
def test_post(world: World, name: str, obj: str, expected: dict[str, str]) -> None:
    url = url_for(name, obj, world)
    refused = [role for role in ROLES if expected[role] != "ok"]
    allowed = [role for role in ROLES if expected[role] == "ok"]

    # when: each role that may not do it posts a request that would change something
    for role in refused:
        before = snapshot()
        response = client_for(world, role).post(url, payload(name, obj, world))

        # then: it is refused and nothing changed
        assert outcome_of(response) == expected[role], f"POST {url} as {role}"
        assert snapshot() == before, f"POST {url} as {role} changed something"

    # and: the same request by the first role allowed to is accepted and does change something
    if allowed:
        before = snapshot()
        response = client_for(world, allowed[0]).post(url, payload(name, obj, world))
        assert response.status_code in (200, 302) and outcome_of(response) != "login", (
            f"POST {url} as {allowed[0]}"
        )
        if (name, obj) not in CHANGES_NOTHING_WHEN_ACCEPTED:
            assert snapshot() != before, f"POST {url} as {allowed[0]} was let in but did nothing"


# ----------------------------------------------------------------------------------------------------
# The rules people ask about, spelled out


def test_an_officer_cannot_open_or_decide_another_departments_demand(world: World, login: Any) -> None:
    # given: the officer of 인공지능산업과 and a demand sent to 기업육성과
    client = login(world.users["officer"])

    # when / then: its staff page, its decision form and a decision posted to it are all refused
    assert client.get(f"/staff/demands/{world.theirs.id}/").status_code == 403
    assert client.get(f"/staff/demands/{world.theirs.id}/decide/").status_code == 403
    response = client.post(
        f"/staff/demands/{world.theirs.id}/decide/", payload("policy:decide", "theirs", world)
    )
    assert response.status_code == 403
    assert not Disposition.objects.filter(demand=world.theirs).exists()
    # and the inbox lists only their own department's demands
    inbox = client.get("/staff/inbox/").content.decode()
    assert world.mine.title in inbox and world.theirs.title not in inbox


def test_a_company_user_cannot_open_staff_pages(world: World, login: Any) -> None:
    client = login(world.users["company"])
    for url in (
        "/home/",
        "/staff/series/",
        "/staff/proposals/",
        f"/staff/demands/{world.mine.id}/",
        "/staff/inbox/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == "/company/", url  # home sends them to their own page
    assert client.get("/company/").status_code == 200


def test_anonymous_cannot_support_an_unpublished_demand(world: World) -> None:
    response = Client().post(f"/tracker/{world.hidden.id}/support/")
    assert response.status_code == 404
    assert not Support.objects.exists()


def test_a_status_link_shows_only_its_own_proposers_proposals(world: World) -> None:
    # given: two proposers of the same demand, from the same company
    mine = Client().get(f"/status/{world.proposer.status_token}/").content.decode()
    theirs = Client().get(f"/status/{world.owed.status_token}/").content.decode()

    # then: each link shows its owner's words and not the other's
    assert "GPU 사용기간을 12개월로" in mine and "GPU 갱신 허용" not in mine
    assert "GPU 갱신 허용" in theirs and "GPU 사용기간을 12개월로" not in theirs
    for page in (mine, theirs):
        assert "daon@example.kr" not in page and world.proposer.email not in page
