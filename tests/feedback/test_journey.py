"""One journey per demand: first voice → grouping → answers → milestones → result, on the three pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sori.feedback.journey import Audience, StepKind, journey, journeys
from sori.policy.milestone_services import milestone_complete, milestone_create, milestone_delay
from sori.policy.models import ReasonCode, current_disposition
from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def carried_out(answered: Demand, officer, staff) -> Demand:
    """The referred demand answered again as adopted, with one milestone done and one delayed."""
    disposition_decide(
        demand=answered,
        actor=officer,
        outcome=Outcome.ADOPTED,
        reason="연장 심사 기준을 시 지원사업 지침에 넣었습니다.",
        instrument="program_rule",
        due_date=dt.date(2026, 6, 30),
    )
    disposition = current_disposition(answered)
    assert disposition is not None
    first = milestone_create(
        disposition=disposition, title="지침 개정안 마련", planned_date=dt.date(2026, 3, 31), actor=officer
    )
    milestone_complete(
        milestone=first, actor=officer, note="개정 지침 공고", figure=Decimal(12), figure_label="대상 기업"
    )
    second = milestone_create(
        disposition=disposition, title="연장 심사 시행", planned_date=dt.date(2026, 6, 30), actor=officer
    )
    milestone_delay(
        milestone=second,
        actor=officer,
        reason="예산 편성이 늦어졌습니다.",
        new_planned_date=dt.date(2026, 9, 30),
    )
    answered.refresh_from_db()
    return answered


def _titles(demand: Demand, audience: Audience) -> list[str]:
    return [s.title for s in journey(demand, audience=audience).steps]


def test_journey_runs_from_the_meeting_to_the_milestones_in_order(carried_out: Demand) -> None:
    j = journey(carried_out, audience=Audience.PUBLIC)
    kinds = [s.kind for s in j.steps]
    assert kinds[0] == StepKind.VOICE
    assert j.steps[0].title == "제1차 AI기업 조찬간담회에서 제기"
    assert j.steps[0].detail.startswith("제안 3건")
    assert kinds.index(StepKind.GROUPED) < kinds.index(StepKind.ASSIGNED) < kinds.index(StepKind.ANSWER)
    titles = [s.title for s in j.steps]
    assert "답변: 타 기관 이관" in titles and "다시 답변: 반영" in titles
    assert "이행 완료: 지침 개정안 마련" in titles
    delayed = next(s for s in j.steps if s.title == "이행 지연: 연장 심사 시행")
    assert "예산 편성이 늦어졌습니다." in delayed.detail and "2026. 9. 30." in delayed.detail
    done = next(s for s in j.steps if s.title == "이행 완료: 지침 개정안 마련")
    assert "개정 지침 공고" in done.detail and "대상 기업 12" in done.detail
    assert [s.at for s in j.steps] == sorted(s.at for s in j.steps)
    assert j.result == "이행 중 (1/2단계 완료)"


def test_public_journey_names_no_person_and_no_staff(carried_out: Demand, officer) -> None:
    public = journey(carried_out, audience=Audience.PUBLIC)
    text = " ".join(f"{s.title} {s.detail}" for s in public.steps)
    for name in ("조춘호", "김다온", "박서윤", officer.username):
        assert name not in text
    # Consenting organisations are named; the others only counted.
    assert "㈜아이티앱스" in text and "㈜빛고을데이터" not in text and "비공개 기관 2곳" in text
    staff_text = " ".join(s.detail for s in journey(carried_out, audience=Audience.STAFF).steps)
    assert "조춘호" in staff_text and "김다온" in staff_text


def test_a_merged_demand_brings_its_voices_and_steps_along(
    answered: Demand, staff, proposer, meeting
) -> None:
    other = services.demand_create(
        title="GPU 갱신 허용",
        proposal_ids=[
            services.proposal_record(
                text="GPU 갱신을 허용해 주세요", actor=staff, person=proposer, engagement=meeting
            ).id
        ],
        actor=staff,
    )
    merged = services.demand_merge(target=answered, others=[other], actor=staff)
    titles = _titles(merged, Audience.STAFF)
    assert "같은 요구의 다른 수요를 합침" in titles
    assert titles.count("비슷한 제안을 모아 수요로 정리") == 2  # the merged demand's own grouping too
    voice = next(s for s in journey(merged, audience=Audience.STAFF).steps if s.kind == StepKind.VOICE)
    assert voice.detail.startswith("제안 4건")


def test_an_unanswered_demand_says_it_waits_for_its_department(staff, proposer, meeting, department) -> None:
    demand = services.demand_create(
        title="실증 공간 확대",
        proposal_ids=[
            services.proposal_record(
                text="실증 공간을 늘려 주세요", actor=staff, person=proposer, engagement=meeting
            ).id
        ],
        actor=staff,
    )
    assert journey(demand, audience=Audience.PUBLIC).result == "비슷한 제안을 모아 정리하고 있습니다."
    demand = services.demand_assign(demand=demand, department=department, actor=staff)
    j = journey(demand, audience=Audience.PUBLIC)
    assert j.result == "소관부서가 답변을 준비하고 있습니다."
    assert j.steps[-1].title == "소관부서 지정: 광주광역시 인공지능산업과"


def test_every_milestone_done_is_the_result(answered: Demand, officer) -> None:
    disposition_decide(
        demand=answered,
        actor=officer,
        outcome=Outcome.PARTLY_ADOPTED,
        reason_code=ReasonCode.BUDGET,
        reason="일부만 반영했습니다.",
        limits="나머지는 내년 예산에 달렸습니다.",
        instrument="budget",
    )
    disposition = current_disposition(answered)
    assert disposition is not None
    m = milestone_create(
        disposition=disposition, title="예산 반영", planned_date=dt.date(2026, 3, 1), actor=officer
    )
    milestone_complete(milestone=m, actor=officer, note="추경 반영")
    assert journey(answered, audience=Audience.PUBLIC).result == "이행 완료 (1/1단계)"


def test_journeys_of_many_demands_take_a_fixed_number_of_queries(
    answered: Demand, carried_out: Demand, django_assert_num_queries
) -> None:
    demands = list(Demand.objects.all())
    # merged, proposals, records, answers, milestones, bill stages, repeat links
    with django_assert_num_queries(7):
        found = journeys(demands, audience=Audience.PUBLIC)
    assert set(found) == {d.id for d in demands}


def test_public_page_status_link_and_staff_page_show_the_journey(
    client: Client, carried_out: Demand, proposer, login, staff
) -> None:
    services.demand_publish(demand=carried_out, published=True, actor=staff)
    public = client.get(reverse("public:demand", args=[carried_out.id])).content.decode()
    assert (
        "진행 경과" in public
        and "이행 지연: 연장 심사 시행" in public
        and "조춘호" not in public.split("진행 경과")[1]
    )
    status = client.get(reverse("public:status", args=[proposer.status_token])).content.decode()
    assert "진행 경과 보기" in status and "이행 완료: 지침 개정안 마련" in status
    assert "김다온" not in status
    page = login(staff).get(reverse("voices:demand_detail", args=[carried_out.id])).content.decode()
    assert 'id="journey"' in page and "김다온" in page.split('id="journey"')[1]


def test_an_ordinance_carries_the_journey_to_its_promulgation(answered: Demand, officer, staff) -> None:
    from sori.policy.bill_services import bill_advance, bill_create

    disposition_decide(
        demand=answered,
        actor=officer,
        outcome=Outcome.ADOPTED,
        reason="조례에 연장 지원 근거를 두겠습니다.",
        instrument="ordinance",
        due_date=dt.date(2026, 12, 31),
    )
    bill = bill_create(
        demand=answered,
        title="광주광역시 인공지능산업 육성 조례 일부개정조례안",
        actor=staff,
        date=dt.date(2026, 1, 5),
    )
    bill_advance(
        bill=bill,
        stage="introduced",
        actor=staff,
        date=dt.date(2026, 2, 2),
        bill_number="제1234호",
        sponsor="강수훈 의원",
    )
    bill_advance(
        bill=bill, stage="committee", actor=staff, date=dt.date(2026, 2, 20), committee="산업건설위원회"
    )
    bill_advance(bill=bill, stage="plenary", actor=staff, date=dt.date(2026, 3, 10), plenary_result="passed")
    bill_advance(bill=bill, stage="promulgated", actor=staff, date=dt.date(2026, 3, 25))
    answered.refresh_from_db()
    j = journey(answered, audience=Audience.PUBLIC)
    bills = [s for s in j.steps if s.kind == StepKind.BILL]
    assert [s.title.split(": ")[1] for s in bills] == [
        "초안",
        "발의",
        "상임위원회 심사",
        "본회의 의결",
        "공포",
    ]
    assert "의안번호 제1234호 · 강수훈 의원" in bills[1].detail and bills[2].detail == "산업건설위원회"
    assert bills[3].detail == "가결"
    assert j.result == "광주광역시 인공지능산업 육성 조례 일부개정조례안 공포 (2026. 3. 25.(수))"
    assert bills[0].url == ""  # the demand is not published, so neither is the bill's page
    staff_steps = journey(answered, audience=Audience.STAFF).steps
    assert next(s for s in staff_steps if s.kind == StepKind.BILL).url == f"/staff/bills/{bill.id}/"


def test_the_journey_starts_with_the_same_request_raised_before(
    answered: Demand, staff, proposer, meeting
) -> None:
    later = services.demand_create(
        title="GPU 사용기간 연장(재요청)",
        proposal_ids=[
            services.proposal_record(
                text="GPU 기간을 늘려 주세요", actor=staff, person=proposer, engagement=meeting
            ).id
        ],
        actor=staff,
    )
    services.repeat_confirm(demand=later, earlier=answered, actor=staff)
    first = next(s for s in journey(later, audience=Audience.PUBLIC).steps if s.kind == StepKind.EARLIER)
    assert first.title == "같은 요구가 먼저 제기됨: GPU 사용기간 12개월 이상·연장 허용"
    assert first.detail == "그때 답변: 타 기관 이관"
    assert first.url == ""  # the earlier demand is not published
    staff_first = next(s for s in journey(later, audience=Audience.STAFF).steps if s.kind == StepKind.EARLIER)
    assert staff_first.url == f"/staff/demands/{answered.id}/"
