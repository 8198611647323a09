"""The midfielder service: introductions from the matching list, stage by stage, stalls, reminders, pages."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sori.core.audit import ref
from sori.core.models import AuditRecord
from sori.core.roles import Role
from sori.feedback.models import OutboxMessage
from sori.programs import selectors_outcomes as outcomes
from sori.programs.introduction_reminders import introduction_reminders_send
from sori.programs.models import Introduction, IntroductionStage, IntroductionStep
from sori.programs.selectors_introductions import stalled_introductions
from sori.programs.services.introductions import (
    introduction_advance,
    introduction_create,
    introduction_stop,
)
from sori.registry.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db
S = IntroductionStage


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def maker(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="㈜하남정밀",
        kind=OrganisationKind.ROOT_INDUSTRY,
        ai_needs="금형 불량 검출 자동화, 가공 공정 품질검사",
    )


@pytest.fixture
def vision(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="빛고을비전㈜",
        kind=OrganisationKind.COMPANY,
        ai_capabilities="머신비전 품질검사, 불량 검출 딥러닝",
    )


@pytest.fixture
def chatbot(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="㈜말결", kind=OrganisationKind.COMPANY, ai_capabilities="한국어 대화형 AI 챗봇, 음성 인식"
    )


@pytest.fixture
def coordinator(make_user: Callable[..., User]) -> User:
    user = make_user("han.coordinator", Role.STAFF)
    user.first_name = "한지우"
    user.save()
    return user


@pytest.fixture
def introduce(maker: Organisation, vision: Organisation, coordinator: User) -> Callable[..., Introduction]:
    def make(days_ago: int = 0, **values: Any) -> Introduction:
        fields: dict[str, Any] = {
            "manufacturer": maker,
            "ai_firm": vision,
            "actor": coordinator,
            "introduced_on": ago(days_ago),
            "note": "양사 대표 통화 연결",
        }
        return introduction_create(**(fields | values))

    return make


# ----------------------------------------------------------------------------------------------------
# Services


def test_an_introduction_starts_with_its_first_step_the_need_and_an_audit_record(
    introduce: Callable[..., Introduction], coordinator: User, maker: Organisation
) -> None:
    introduction = introduce(days_ago=3)
    assert introduction.stage == S.INTRODUCED and introduction.coordinator == coordinator
    assert introduction.need == maker.ai_needs  # the need matching ranked firms for
    step = IntroductionStep.objects.get(introduction=introduction)
    assert (step.stage, step.date, step.note, step.recorded_by) == (
        S.INTRODUCED,
        ago(3),
        "양사 대표 통화 연결",
        coordinator,
    )
    record = AuditRecord.objects.get(action="introduction.create", target=ref(introduction))
    assert "빛고을비전㈜ → ㈜하남정밀 소개" in record.summary


def test_an_introduction_is_refused_without_the_right_parties(
    introduce: Callable[..., Introduction],
    maker: Organisation,
    vision: Organisation,
    department: Organisation,
    officer: User,
) -> None:
    with pytest.raises(ValidationError) as error:
        introduce(manufacturer=vision, ai_firm=department, coordinator=officer)
    messages = error.value.message_dict
    assert "수요 기업은 제조기업·중소기업·뿌리기업이어야" in messages["manufacturer"][0]
    assert "AI기업이나 연구기관이 아닙니다" in messages["ai_firm"][0]
    assert "사업 담당 직원 중에서" in messages["coordinator"][0]
    with pytest.raises(ValidationError, match="오늘이나 그 이전"):
        introduce(days_ago=-1)
    # an open introduction of the same pair is refused: move that one on instead
    first = introduce()
    with pytest.raises(ValidationError) as error:
        introduce()
    assert f"이미 ㈜하남정밀에 소개되어 '소개' 단계에 있습니다(#{first.id})" in error.value.messages[0]
    assert Introduction.objects.count() == 1


def test_an_introduction_moves_along_the_table_with_dates_in_order(
    introduce: Callable[..., Introduction], coordinator: User
) -> None:
    introduction = introduce(days_ago=20)
    with pytest.raises(ValidationError) as error:
        introduction_advance(introduction=introduction, stage=S.CONTRACT, actor=coordinator)
    assert (
        "'소개' 단계의 연결은 '계약'(으)로 옮길 수 없습니다. 다음에 올 수 있는 단계: 미팅, 중단."
        in (error.value.messages[0])
    )
    with pytest.raises(ValidationError, match="앞 단계 '소개'"):
        introduction_advance(introduction=introduction, stage=S.MEETING, date=ago(21), actor=coordinator)
    with pytest.raises(ValidationError, match="사유와 함께"):
        introduction_advance(introduction=introduction, stage=S.STOPPED, actor=coordinator)
    introduction_advance(
        introduction=introduction, stage=S.MEETING, date=ago(10), note="공장 방문", actor=coordinator
    )
    step = introduction_advance(
        introduction=introduction, stage=S.POC, note="불량 이미지 2천 장", actor=coordinator
    )
    assert step.date == timezone.localdate()
    introduction.refresh_from_db()
    assert introduction.stage == S.POC
    assert [s.stage for s in introduction.steps.all()] == [S.INTRODUCED, S.MEETING, S.POC]
    assert AuditRecord.objects.filter(action="introduction.advance", target=ref(introduction)).count() == 2


def test_stopping_needs_a_reason_and_ends_the_introduction(
    introduce: Callable[..., Introduction], coordinator: User
) -> None:
    introduction = introduce(days_ago=5)
    with pytest.raises(ValidationError, match="중단 사유를 적어 주세요"):
        introduction_stop(introduction=introduction, reason=" ", actor=coordinator)
    introduction_stop(introduction=introduction, reason="설비 투자 일정 연기", actor=coordinator)
    introduction.refresh_from_db()
    assert (introduction.stage, introduction.stop_reason) == (S.STOPPED, "설비 투자 일정 연기")
    with pytest.raises(ValidationError, match="'중단'\\(으\\)로 끝난 연결입니다"):
        introduction_advance(introduction=introduction, stage=S.MEETING, actor=coordinator)
    # once ended, the same pair may be introduced again
    assert introduce().stage == S.INTRODUCED


def test_stalled_introductions_are_open_ones_without_a_step_for_the_set_days(
    introduce: Callable[..., Introduction],
    maker: Organisation,
    chatbot: Organisation,
    coordinator: User,
    staff: User,
    settings: Any,
) -> None:
    stalled = introduce(days_ago=40)
    fresh = introduce(days_ago=40, ai_firm=chatbot, coordinator=staff)
    introduction_advance(introduction=fresh, stage=S.MEETING, date=ago(5), actor=staff)
    other = Organisation.objects.create(
        name="㈜평동주물", kind=OrganisationKind.ROOT_INDUSTRY, ai_needs="주물 결함"
    )
    ended = introduce(days_ago=60, manufacturer=other)
    introduction_stop(introduction=ended, reason="자체 개발로 선회", date=ago(50), actor=coordinator)
    assert list(stalled_introductions()) == [stalled]
    assert list(stalled_introductions(coordinator=staff)) == []  # someone else's
    settings.SORI_INTRODUCTION_STALL_DAYS = 3
    assert set(stalled_introductions()) == {stalled, fresh}


def test_a_stall_is_reminded_once_and_a_new_stall_again(
    introduce: Callable[..., Introduction],
    coordinator: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    introduction = introduce(days_ago=45)
    with django_capture_on_commit_callbacks(execute=True):
        first = introduction_reminders_send()
        again = introduction_reminders_send()
    assert (first.written, again.written, again.already) == (1, 0, 1)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["han.coordinator@example.kr"]
    assert mail.subject == "[소리] 미드필더 연결 45일째 멈춤: 빛고을비전㈜ → ㈜하남정밀"
    assert "금형 불량 검출 자동화" in mail.body and "사유와 함께 중단으로" in mail.body
    assert reverse("programs:introduction_detail", args=[introduction.id]) in mail.body
    # a new step ends the stall; when it stalls again, one more reminder
    introduction_advance(introduction=introduction, stage=S.MEETING, date=ago(31), actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert introduction_reminders_send().written == 1
        assert introduction_reminders_send().written == 0
    assert OutboxMessage.objects.count() == 2
    assert AuditRecord.objects.filter(action="introduction.remind", target=ref(introduction)).count() == 2


def test_the_remind_command_writes_the_stall_reminders(
    introduce: Callable[..., Introduction], capsys: pytest.CaptureFixture[str]
) -> None:
    from sori.programs import cli

    introduce(days_ago=31)
    assert cli.cmd_remind(argparse.Namespace()) == 0
    assert cli.cmd_remind(argparse.Namespace()) == 0
    out = capsys.readouterr().out
    assert "새로 작성 1건, 이미 보냄 0건" in out and "새로 작성 0건, 이미 보냄 1건" in out
    assert OutboxMessage.objects.count() == 1


def test_an_introduction_without_a_coordinator_address_goes_to_programme_staff(
    introduce: Callable[..., Introduction], coordinator: User, staff: User, mailoutbox: list[Any]
) -> None:
    coordinator.email = ""
    coordinator.save()
    introduce(days_ago=31)
    assert introduction_reminders_send().written == 1
    message = OutboxMessage.objects.get()
    assert "staff@example.kr" in message.to and "han.coordinator" not in message.to


def test_the_committee_figures_count_pocs_and_contracts_by_the_date_they_happened(
    introduce: Callable[..., Introduction],
    maker: Organisation,
    chatbot: Organisation,
    coordinator: User,
) -> None:
    # given one introduction taken through PoC to contract, and one straight from meeting to contract
    a = introduce(days_ago=100)
    introduction_advance(introduction=a, stage=S.MEETING, date=ago(90), actor=coordinator)
    introduction_advance(introduction=a, stage=S.POC, date=ago(80), actor=coordinator)
    introduction_advance(introduction=a, stage=S.CONTRACT, date=ago(20), actor=coordinator)
    b = introduce(days_ago=50, ai_firm=chatbot)
    introduction_advance(introduction=b, stage=S.MEETING, date=ago(40), actor=coordinator)
    introduction_advance(introduction=b, stage=S.CONTRACT, date=ago(30), actor=coordinator)
    heat = Organisation.objects.create(
        name="㈜대광열처리", kind="root_industry", ai_needs="열처리로 온도 제어"
    )
    introduce(days_ago=10, manufacturer=heat)
    # then
    assert outcomes.introductions() == 3
    assert outcomes.introductions(date_from=ago(60)) == 2
    assert outcomes.pocs_started() == 2  # a contract is beyond a PoC
    assert outcomes.pocs_started(date_from=ago(60), date_to=ago(1)) == 1
    assert outcomes.contracts_signed() == 2
    assert outcomes.contracts_signed(date_to=ago(25)) == 1


# ----------------------------------------------------------------------------------------------------
# Pages


def test_introduction_pages_are_for_programme_staff(
    client: Client,
    login: Callable[[User], Client],
    officer: User,
    company_user: User,
    staff: User,
    introduce: Callable[..., Introduction],
    maker: Organisation,
) -> None:
    introduction = introduce()
    for url in (
        reverse("programs:introduction_list"),
        reverse("programs:introduction_create"),
        reverse("programs:introduction_detail", args=[introduction.id]),
        reverse("programs:organisation_introductions", args=[maker.id]),
    ):
        assert client.get(url)["Location"].startswith("/accounts/login/")
        assert login(officer).get(url).status_code == 403
        assert login(company_user).get(url).status_code == 403
        assert login(staff).get(url).status_code == 200
    advance = reverse("programs:introduction_advance", args=[introduction.id])
    assert login(company_user).post(advance, {"stage": "meeting"}).status_code == 403
    assert login(staff).get(advance).status_code == 405
    assert Introduction.objects.get().stage == S.INTRODUCED


def test_the_matching_list_offers_to_introduce_each_ranked_firm(
    login: Callable[[User], Client],
    staff: User,
    maker: Organisation,
    vision: Organisation,
    chatbot: Organisation,
) -> None:
    client = login(staff)
    html = client.get(reverse("programs:matching"), {"organisation": maker.id}).content.decode()
    create = reverse("programs:introduction_create")
    link = f"{create}?manufacturer={maker.id}&amp;ai_firm={vision.id}&amp;score="
    assert link in html and "소개하기" in html
    # the link opens the form with the manufacturer, its need, the firm and the coordinator filled in
    form = client.get(
        reverse("programs:introduction_create"),
        {"manufacturer": maker.id, "ai_firm": vision.id, "score": "0.42"},
    ).context["form"]
    assert form.initial["manufacturer"] == maker.id and form.initial["ai_firm"] == str(vision.id)
    assert form.initial["need"] == maker.ai_needs and form.initial["coordinator"] == staff.pk
    # submitting it records the introduction; the firm is then shown as introduced on the matching list
    data = {
        "manufacturer": maker.id,
        "ai_firm": vision.id,
        "need": maker.ai_needs,
        "coordinator": staff.pk,
        "match_score": "0.42",
        "note": "양사 대표 통화 연결",
        "submission_key": form.initial["submission_key"],
    }
    response = client.post(reverse("programs:introduction_create"), data)
    introduction = Introduction.objects.get()
    assert response["Location"] == reverse("programs:introduction_detail", args=[introduction.id])
    assert introduction.match_score == pytest.approx(0.42)
    assert client.post(reverse("programs:introduction_create"), data).status_code == 302  # same form again
    assert Introduction.objects.count() == 1
    html = client.get(reverse("programs:matching"), {"organisation": maker.id}).content.decode()
    assert "소개됨" in html


def test_staff_move_an_introduction_on_and_stop_it_on_its_page(
    login: Callable[[User], Client], staff: User, introduce: Callable[..., Introduction]
) -> None:
    introduction = introduce(days_ago=7)
    client = login(staff)
    page = reverse("programs:introduction_detail", args=[introduction.id])
    html = client.get(page).content.decode()
    assert '<option value="meeting">미팅</option>' in html and 'value="contract"' not in html
    response = client.post(
        reverse("programs:introduction_advance", args=[introduction.id]),
        {"stage": "meeting", "date": ago(2).isoformat(), "note": "공장 방문, 불량 샘플 확인"},
    )
    assert response.status_code == 302
    html = client.get(page).content.decode()
    assert "공장 방문, 불량 샘플 확인" in html and '<span class="tag blue">미팅</span>' in html
    refused = client.post(reverse("programs:introduction_stop", args=[introduction.id]), {"reason": ""})
    assert refused.status_code == 400 and "중단 사유를 적어 주세요" in refused.content.decode()
    early = client.post(
        reverse("programs:introduction_advance", args=[introduction.id]),
        {"stage": "poc", "date": ago(3).isoformat()},
    )
    assert early.status_code == 400 and "앞 단계 &#x27;미팅&#x27;" in early.content.decode()
    client.post(reverse("programs:introduction_stop", args=[introduction.id]), {"reason": "보유 데이터 부족"})
    html = client.get(page).content.decode()
    assert "보유 데이터 부족" in html and "다음 단계 기록" not in html


def test_the_list_filters_by_stage_searches_and_flags_stalls(
    login: Callable[[User], Client],
    staff: User,
    introduce: Callable[..., Introduction],
    chatbot: Organisation,
    coordinator: User,
    django_assert_num_queries: Any,
) -> None:
    introduce(days_ago=40)
    moving = introduce(days_ago=10, ai_firm=chatbot)
    introduction_advance(introduction=moving, stage=S.MEETING, actor=coordinator)
    client = login(staff)
    url = reverse("programs:introduction_list")
    with django_assert_num_queries(5):  # session, user, profile, count, the page's rows
        html = client.get(url).content.decode()
    assert "40일째 멈춤" in html
    meetings = client.get(url, {"stage": "meeting"}).content.decode()
    assert "㈜말결" in meetings and "빛고을비전㈜" not in meetings
    stalled = client.get(url, {"stalled": "on"}).content.decode()
    assert "빛고을비전㈜" in stalled and "㈜말결" not in stalled
    found = client.get(url, {"q": "말결"}).content.decode()
    assert "㈜말결" in found and "빛고을비전㈜" not in found
    assert client.get(url, {"format": "xlsx"})["Content-Type"].startswith("application/vnd.openxmlformats")


def test_each_firm_has_its_introductions_on_its_page_and_on_its_organisation_page(
    login: Callable[[User], Client],
    staff: User,
    introduce: Callable[..., Introduction],
    maker: Organisation,
    vision: Organisation,
) -> None:
    introduction = introduce()
    client = login(staff)
    own = client.get(reverse("programs:organisation_introductions", args=[vision.id])).content.decode()
    assert "이 기업이 소개된 수요 기업 (1)" in own and "이 기업에 소개된 AI기업 (0)" in own
    org_page = client.get(reverse("registry:organisation_detail", args=[maker.id])).content.decode()
    assert "미드필더 연결" in org_page
    assert reverse("programs:introduction_detail", args=[introduction.id]) in org_page
    assert reverse("programs:organisation_introductions", args=[maker.id]) in org_page


def test_the_coordinators_home_lists_their_stalled_introductions(
    login: Callable[[User], Client],
    introduce: Callable[..., Introduction],
    coordinator: User,
    make_user: Callable[..., User],
) -> None:
    introduction = introduce(days_ago=35)
    html = login(coordinator).get(reverse("home:home")).content.decode()
    assert "멈춘 미드필더 연결 (1)" in html and "35일째" in html
    assert reverse("programs:introduction_detail", args=[introduction.id]) in html
    colleague = make_user("kim.staff", Role.STAFF)
    assert "멈춘 미드필더 연결" not in login(colleague).get(reverse("home:home")).content.decode()
