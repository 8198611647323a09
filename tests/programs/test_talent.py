"""The talent programme: cohorts, seats, trainees' moves, placements in local firms, firms' needs, pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sori.core.audit import ref
from sori.core.models import AuditRecord
from sori.programs import selectors_outcomes as outcomes
from sori.programs.models import Cohort, Placement, TalentNeed, Trainee, TraineeStatus
from sori.programs.selectors_talent import cohort_figures
from sori.programs.services import talent
from sori.programs.services.calls import program_create
from sori.registry.models import Organisation, OrganisationKind, Origin

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def academy(db: Any) -> Organisation:
    return Organisation.objects.create(name="(재)인공지능산업융합사업단", kind=OrganisationKind.INSTITUTION)


@pytest.fixture
def local_firm(db: Any) -> Organisation:
    return Organisation.objects.create(name="㈜팩토리원", kind=OrganisationKind.COMPANY, origin=Origin.LOCAL)


@pytest.fixture
def outside_firm(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="㈜판교에이아이랩", kind=OrganisationKind.COMPANY, origin=Origin.OUTSIDE
    )


@pytest.fixture
def cohort(staff: User, academy: Organisation) -> Cohort:
    return talent.cohort_create(
        name="AI사관학교 6기",
        seats=2,
        starts_on=D(2025, 3, 3),
        ends_on=D(2025, 8, 29),
        operator=academy,
        actor=staff,
    )


@pytest.fixture
def applicant(cohort: Cohort, staff: User) -> Callable[..., Trainee]:
    def make(name: str) -> Trainee:
        return talent.trainee_add(cohort=cohort, name=name, actor=staff, applied_on=D(2025, 2, 1))

    return make


@pytest.fixture
def completed(applicant: Callable[..., Trainee], staff: User) -> Trainee:
    trainee = talent.trainee_select(trainee=applicant("김하늘"), actor=staff, on=D(2025, 2, 20))
    return talent.trainee_complete(trainee=trainee, actor=staff, on=D(2025, 8, 29))


# ----------------------------------------------------------------------------------------------------
# Services


def test_a_cohort_needs_sane_dates_seats_and_a_talent_program(staff: User) -> None:
    compute = program_create(name="GPU 지원", kind="compute", actor=staff)
    with pytest.raises(ValidationError) as error:
        talent.cohort_create(
            name="AI사관학교 7기",
            seats=0,
            starts_on=D(2026, 3, 2),
            ends_on=D(2026, 2, 1),
            program=compute,
            actor=staff,
        )
    messages = error.value.message_dict
    assert "정원을 1명 이상으로" in messages["seats"][0]
    assert "종료일이 시작일보다 빠릅니다" in messages["ends_on"][0]
    assert "인재 양성 사업이 아닙니다" in messages["program"][0]
    assert not Cohort.objects.exists()


def test_creating_a_cohort_twice_with_one_form_makes_one(staff: User) -> None:
    program = program_create(name="AI사관학교 인재양성", kind="talent", actor=staff)
    values = {
        "name": "AI사관학교 6기",
        "seats": 20,
        "starts_on": D(2025, 3, 3),
        "ends_on": D(2025, 8, 29),
        "program": program,
        "actor": staff,
        "submission_key": "k-cohort-1",
    }
    first = talent.cohort_create(**values)
    assert talent.cohort_create(**values) == first
    assert Cohort.objects.count() == 1
    assert AuditRecord.objects.filter(action="cohort.create", target=ref(first)).count() == 1


def test_selection_stops_at_the_seats_and_a_drop_frees_one(
    cohort: Cohort, applicant: Callable[..., Trainee], staff: User
) -> None:
    # given two seats and three applicants
    a, b, c = applicant("김하늘"), applicant("이바다"), applicant("박구름")
    talent.trainee_select(trainee=a, actor=staff)
    talent.trainee_select(trainee=b, actor=staff)
    # when the third is selected
    with pytest.raises(ValidationError) as error:
        talent.trainee_select(trainee=c, actor=staff)
    # then it is refused with what to do
    assert "'AI사관학교 6기'의 정원 2명이 모두 찼습니다" in error.value.messages[0]
    assert "정원을 늘리거나" in error.value.messages[0]
    assert Trainee.objects.get(pk=c.pk).status == TraineeStatus.APPLIED
    # a selected trainee who drops out gives the seat back
    talent.trainee_drop(trainee=b, reason="타 지역 취업", actor=staff)
    assert talent.trainee_select(trainee=c, actor=staff).status == TraineeStatus.SELECTED
    # and the seats cannot be cut below those who hold one
    with pytest.raises(ValidationError, match="이미 2명을 선발했습니다"):
        talent.cohort_update(cohort=cohort, seats=1, actor=staff)


def test_a_drop_needs_its_reason_and_completion_is_final(
    applicant: Callable[..., Trainee], completed: Trainee, staff: User
) -> None:
    with pytest.raises(ValidationError, match="중도 포기 사유를 적어 주세요"):
        talent.trainee_drop(trainee=applicant("이바다"), reason="  ", actor=staff)
    with pytest.raises(ValidationError, match="이미 '수료' 상태라 바꿀 수 없습니다"):
        talent.trainee_drop(trainee=completed, reason="개인 사정", actor=staff)
    with pytest.raises(ValidationError, match="먼저 선발해 주세요"):
        talent.trainee_complete(trainee=applicant("박구름"), actor=staff)
    dropped = talent.trainee_drop(trainee=applicant("최들녘"), reason="개인 사정", actor=staff)
    record = AuditRecord.objects.get(action="trainee.drop", target=ref(dropped))
    assert "개인 사정" in record.summary and record.scope == ref(dropped.cohort)


def test_attendance_is_kept_for_trainees_on_the_course_between_0_and_100(
    applicant: Callable[..., Trainee], completed: Trainee, staff: User
) -> None:
    with pytest.raises(ValidationError, match="선발되었거나 수료한 교육생에게만"):
        talent.trainee_attendance(trainee=applicant("이바다"), rate=90, actor=staff)
    with pytest.raises(ValidationError, match="0에서 100 사이"):
        talent.trainee_attendance(trainee=completed, rate="120", actor=staff)
    assert (
        str(talent.trainee_attendance(trainee=completed, rate="92.46", actor=staff).attendance_rate) == "92.5"
    )


def test_a_placement_needs_a_trainee_on_the_course_a_firm_and_an_open_need_of_that_firm(
    applicant: Callable[..., Trainee],
    completed: Trainee,
    local_firm: Organisation,
    outside_firm: Organisation,
    staff: User,
) -> None:
    need = talent.need_post(
        organisation=local_firm, kind="hire", title="머신비전 개발자 채용", count=2, actor=staff
    )
    other = talent.need_post(organisation=outside_firm, kind="intern", title="데이터 인턴", actor=staff)
    # an applicant not yet selected, or a missing firm, is refused
    with pytest.raises(ValidationError) as error:
        talent.placement_record(
            trainee=applicant("이바다"), organisation=None, kind="hire", starts_on=D(2025, 9, 1), actor=staff
        )
    assert "선발되었거나 수료한 교육생만" in error.value.message_dict["trainee"][0]
    assert "기업을 골라 주세요" in error.value.message_dict["organisation"][0]
    # a need of another firm is refused
    with pytest.raises(ValidationError, match="㈜판교에이아이랩의 것입니다"):
        talent.placement_record(
            trainee=completed,
            organisation=local_firm,
            need=other,
            kind="hire",
            starts_on=D(2025, 9, 1),
            actor=staff,
        )
    # the need alone names the firm
    placement = talent.placement_record(
        trainee=completed, organisation=None, need=need, kind="hire", starts_on=D(2025, 9, 1), actor=staff
    )
    assert placement.organisation == local_firm
    # a closed need takes no more placements
    talent.need_close(need=need, actor=staff)
    with pytest.raises(ValidationError, match="이미 마감되었습니다"):
        talent.placement_record(
            trainee=completed, organisation=None, need=need, kind="hire", starts_on=D(2025, 9, 2), actor=staff
        )
    with pytest.raises(ValidationError, match="이미 마감되었습니다"):
        talent.need_close(need=need, actor=staff)
    assert Placement.objects.count() == 1
    assert AuditRecord.objects.filter(action="placement.record").count() == 1


def test_cohort_figures_count_completion_and_local_placements(
    cohort: Cohort,
    applicant: Callable[..., Trainee],
    local_firm: Organisation,
    outside_firm: Organisation,
    staff: User,
) -> None:
    # given four applicants: two selected and completed, one selected then dropped, one not selected
    cohort = talent.cohort_update(cohort=cohort, seats=3, actor=staff)
    done = []
    for name in ("김하늘", "이바다"):
        t = talent.trainee_select(trainee=applicant(name), actor=staff, on=D(2025, 2, 20))
        done.append(talent.trainee_complete(trainee=t, actor=staff, on=D(2025, 8, 29)))
    quitter = talent.trainee_select(trainee=applicant("박구름"), actor=staff)
    talent.trainee_drop(trainee=quitter, reason="타 지역 취업", actor=staff)
    applicant("최들녘")
    # one completer placed twice locally, the other outside Gwangju
    for kind, day in (("intern", D(2025, 6, 1)), ("hire", D(2025, 9, 1))):
        talent.placement_record(
            trainee=done[0], organisation=local_firm, kind=kind, starts_on=day, actor=staff
        )
    talent.placement_record(
        trainee=done[1], organisation=outside_firm, kind="hire", starts_on=D(2025, 9, 15), actor=staff
    )
    # when the figures are read
    figures = cohort_figures(cohort)
    # then
    assert (figures.applicants, figures.selected, figures.completed, figures.dropped) == (4, 3, 2, 1)
    assert figures.placements == 3 and figures.placed_local == 1
    assert figures.completion_rate == pytest.approx(2 / 3) and figures.local_rate == 0.5
    # and the committee's figures count by the date things happened
    assert outcomes.trainees_completed() == 2
    assert outcomes.trainees_completed(date_from=D(2025, 9, 1)) == 0
    assert outcomes.placements(date_from=D(2025, 7, 1), date_to=D(2025, 9, 10)) == 1
    assert outcomes.placements(date_to=D(2025, 12, 31)) == 3


# ----------------------------------------------------------------------------------------------------
# Pages


PAGES = [
    ("programs:cohort_list", []),
    ("programs:cohort_create", []),
    ("programs:talent_need_list", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_talent_pages_are_for_programme_staff(
    client: Client,
    login: Callable[[User], Client],
    officer: User,
    company_user: User,
    staff: User,
    admin_user: User,
    name: str,
    args: list[Any],
) -> None:
    url = reverse(name, args=args)
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert login(officer).get(url).status_code == 403
    assert login(company_user).get(url).status_code == 403
    assert login(staff).get(url).status_code == 200
    assert login(admin_user).get(url).status_code == 200


def test_a_company_cannot_move_trainees(
    login: Callable[[User], Client], company_user: User, applicant: Callable[..., Trainee]
) -> None:
    trainee = applicant("김하늘")
    client = login(company_user)
    assert client.get(reverse("programs:cohort_detail", args=[trainee.cohort_id])).status_code == 403
    assert client.post(reverse("programs:trainee_select", args=[trainee.id])).status_code == 403
    assert Trainee.objects.get(pk=trainee.pk).status == TraineeStatus.APPLIED


def test_staff_add_select_and_drop_trainees_on_the_cohort_page(
    login: Callable[[User], Client], staff: User, cohort: Cohort
) -> None:
    client = login(staff)
    page = reverse("programs:cohort_detail", args=[cohort.id])
    add = reverse("programs:trainee_add", args=[cohort.id])
    for name in ("김하늘", "이바다", "박구름"):
        response = client.post(add, {"name": name, "contact": f"{name}@example.kr"})
        assert response.status_code == 302
    assert client.post(add, {"name": ""}).status_code == 400
    trainees = {t.name: t for t in Trainee.objects.all()}
    # select two; the third is refused with the reason on the page
    for name in ("김하늘", "이바다"):
        client.post(reverse("programs:trainee_select", args=[trainees[name].id]))
    html = client.post(reverse("programs:trainee_select", args=[trainees["박구름"].id]), follow=True)
    text = html.content.decode()
    assert "정원 2명이 모두 찼습니다" in text
    # dropping without a reason is refused, with one it is recorded and shown
    text = client.post(reverse("programs:trainee_drop", args=[trainees["이바다"].id]), follow=True)
    assert "중도 포기 사유를 적어 주세요" in text.content.decode()
    client.post(reverse("programs:trainee_drop", args=[trainees["이바다"].id]), {"reason": "타 지역 취업"})
    client.post(
        reverse("programs:trainee_attendance", args=[trainees["김하늘"].id]), {"attendance_rate": "95"}
    )
    client.post(reverse("programs:trainee_complete", args=[trainees["김하늘"].id]))
    text = client.get(page).content.decode()
    assert "타 지역 취업" in text and "95.0%" in text
    assert "김하늘@example.kr" in text  # staff see the contact
    assert '<span class="tag green">수료</span>' in text
    assert "<dt>수료율</dt><dd>50%</dd>" in text


def test_the_placement_form_offers_open_needs_and_records_the_firm(
    login: Callable[[User], Client], staff: User, completed: Trainee, local_firm: Organisation
) -> None:
    open_need = talent.need_post(organisation=local_firm, kind="hire", title="비전 검사 개발자", actor=staff)
    closed = talent.need_post(organisation=local_firm, kind="intern", title="여름 인턴", actor=staff)
    talent.need_close(need=closed, actor=staff)
    client = login(staff)
    url = reverse("programs:placement_create", args=[completed.id])
    form = client.get(url).content.decode()
    assert "㈜팩토리원 — 비전 검사 개발자 (채용 1명)" in form and "여름 인턴" not in form
    # without a firm nor a need the form says what is missing
    refused = client.post(url, {"kind": "hire", "starts_on": "2025-09-01"})
    assert refused.status_code == 200 and "채용하거나 받아 준 기업을 골라 주세요" in refused.content.decode()
    response = client.post(url, {"need": open_need.id, "kind": "hire", "starts_on": "2025-09-01"})
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.organisation, placement.need) == (local_firm, open_need)
    cohort_page = client.get(reverse("programs:cohort_detail", args=[completed.cohort_id])).content.decode()
    assert "비전 검사 개발자" in cohort_page and "지역 기업" in cohort_page


def test_needs_are_posted_filtered_and_closed_on_their_page(
    login: Callable[[User], Client], staff: User, local_firm: Organisation, outside_firm: Organisation
) -> None:
    client = login(staff)
    url = reverse("programs:talent_need_list")
    response = client.post(
        url, {"organisation": local_firm.id, "kind": "project", "title": "금형 불량 예측 과제", "count": 3}
    )
    assert response.status_code == 302
    assert client.post(url, {"organisation": local_firm.id, "kind": "hire", "count": 1}).status_code == 400
    talent.need_post(organisation=outside_firm, kind="hire", title="백엔드 채용", actor=staff)
    need = TalentNeed.objects.get(title="금형 불량 예측 과제")
    closed = client.post(reverse("programs:talent_need_close", args=[need.id]), follow=True)
    assert "'금형 불량 예측 과제' 수요를 마감했습니다" in closed.content.decode().replace("&#x27;", "'")
    open_only = client.get(url, {"state": "open"}).content.decode()
    assert "백엔드 채용" in open_only and "금형 불량 예측 과제" not in open_only
    found = client.get(url, {"q": "팩토리원"}).content.decode()
    assert "금형 불량 예측 과제" in found and "백엔드 채용" not in found
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_cohort_list_shows_figures_in_a_fixed_number_of_queries(
    login: Callable[[User], Client],
    staff: User,
    academy: Organisation,
    completed: Trainee,
    django_assert_num_queries: Any,
) -> None:
    for i in range(4):
        c = talent.cohort_create(
            name=f"제조기업 AI 실무과정 {i + 1}기",
            course_kind="manufacturer",
            seats=10,
            starts_on=D(2024, 1 + i, 1),
            ends_on=D(2024, 2 + i, 28),
            operator=academy,
            actor=staff,
        )
        talent.trainee_add(cohort=c, name=f"교육생{i}", actor=staff)
    client = login(staff)
    with django_assert_num_queries(5):  # session, user, profile, count, the cohorts with their figures
        response = client.get(reverse("programs:cohort_list"))
    html = response.content.decode()
    assert "AI사관학교 6기" in html and "제조기업 AI 실무과정 4기" in html
    assert "100%" in html  # the completion rate of 6기


def test_an_organisation_page_shows_the_trainees_it_took_and_its_needs(
    login: Callable[[User], Client], staff: User, completed: Trainee, local_firm: Organisation
) -> None:
    talent.need_post(organisation=local_firm, kind="intern", title="스마트공장 데이터 인턴", actor=staff)
    talent.placement_record(
        trainee=completed, organisation=local_firm, kind="intern", starts_on=timezone.localdate(), actor=staff
    )
    html = login(staff).get(reverse("registry:organisation_detail", args=[local_firm.id])).content.decode()
    assert "채용·인턴·프로젝트로 받은 교육생" in html and "김하늘" in html
    assert "스마트공장 데이터 인턴" in html
    assert reverse("programs:cohort_detail", args=[completed.cohort_id]) in html


def test_applicants_are_imported_from_a_file_all_rows_or_none(
    login: Callable[[User], Client], staff: User, cohort: Cohort
) -> None:
    client = login(staff)
    url = reverse("programs:trainee_import", args=[cohort.id])
    # given a CP949 CSV (as Excel saves it) with one row missing its name and one unreadable date
    bad = (
        "이름,연락처,지원일\n"
        "김하늘,sky@example.kr,2026-02-01\n"
        ",nobody@example.kr,2026-02-02\n"
        "이바다,,2월 초\n"
    )
    response = client.post(url, {"file": SimpleUploadedFile("지원자.csv", bad.encode("cp949"))})
    # then nothing is saved and each problem names its row
    text = response.content.decode()
    assert response.status_code == 400
    assert "3행: &#x27;이름&#x27; 칸이 비어 있습니다." in text
    assert "4행: 지원일 &#x27;2월 초&#x27;을(를) 날짜로 읽을 수 없습니다" in text
    assert "아무 것도 저장되지 않았습니다" in text
    assert not Trainee.objects.exists()
    # when the file is fixed, every row is added as an applicant
    good = bad.replace(",nobody@", "박구름,nobody@").replace("2월 초", "2026. 2. 3.")
    response = client.post(url, {"file": SimpleUploadedFile("지원자.csv", good.encode("cp949"))}, follow=True)
    assert "지원자 3명을 가져왔습니다" in response.content.decode()
    rows = {t.name: t for t in Trainee.objects.all()}
    assert set(rows) == {"김하늘", "박구름", "이바다"}
    assert rows["이바다"].applied_on == D(2026, 2, 3) and rows["김하늘"].contact == "sky@example.kr"
    assert all(t.status == TraineeStatus.APPLIED for t in rows.values())
    assert AuditRecord.objects.filter(action="trainee.import", target=ref(cohort)).count() == 1
    # a file without a name column says so
    response = client.post(url, {"file": SimpleUploadedFile("x.csv", "연락처\na@example.kr\n".encode())})
    assert "'이름' 열을 찾지 못했습니다" in response.content.decode().replace("&#x27;", "'")


def test_the_demo_has_cohorts_placements_needs_and_introductions_at_every_stage() -> None:
    # when the demo is loaded
    from sori.demo.loader import demo_load
    from sori.programs.models import Introduction

    summary = demo_load()
    # then the academy cohort has completers, one drop-out with its reason and placements in local firms
    assert "교육 기수 2개" in summary and "미드필더 연결 5건" in summary
    sixth = Cohort.objects.get(name="AI사관학교 6기")
    figures = cohort_figures(sixth)
    assert (figures.completed, figures.dropped) == (9, 1)
    assert 0 < figures.placed_local < figures.completed
    assert Trainee.objects.get(status=TraineeStatus.DROPPED).drop_reason
    assert TalentNeed.objects.filter(is_open=True).count() == 4
    stages = set(Introduction.objects.values_list("stage", flat=True))
    assert stages == {"introduced", "meeting", "poc", "contract", "stopped"}
    assert Introduction.objects.get(stage="stopped").stop_reason
    # and the pages open, the stalled introduction on staff's to-do list
    client = Client()
    client.force_login(User.objects.get(username="staff"))
    assert client.get(reverse("programs:cohort_detail", args=[sixth.id])).status_code == 200
    assert client.get(reverse("programs:introduction_list")).status_code == 200
    home = client.get(reverse("home:home")).content.decode()
    assert "멈춘 미드필더 연결 (1)" in home and "㈜팩토리원 → ㈜하남정밀" in home
