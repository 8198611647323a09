"""The demo scenario a new user sees after ``sori demo``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from sori.cli import main
from sori.demo.loader import DEMO_PASSWORD, demo_load, when
from sori.engagement.models import Engagement, Series
from sori.home.selectors import overdue_demands, staff_todo
from sori.policy.models import Disposition
from sori.voices.models import Demand, Proposal, Stage
from sori.voices.outcomes import Outcome

pytestmark = pytest.mark.django_db


def test_relative_dates_follow_the_day_of_loading() -> None:
    today = dt.date(2026, 3, 2)
    assert when("today-12", today).date() == dt.date(2026, 2, 18)
    assert when("today+3T07:30", today).strftime("%Y-%m-%d %H:%M") == "2026-03-05 07:30"
    assert when("2025-11-11T07:30", today).isoformat().startswith("2025-11-11T07:30")


def test_demo_command_prints_logins_and_loads_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    # when a new user runs the demo without serving
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    # then the logins and password are printed and the staff login works
    assert "staff" in out and DEMO_PASSWORD in out
    assert authenticate(RequestFactory().post("/accounts/login/"), username="staff", password=DEMO_PASSWORD)
    # and a second run keeps the data
    assert main(["demo", "--no-serve"]) == 0
    assert "이미" in capsys.readouterr().out
    assert Proposal.objects.filter(text__contains="12개월").exists()


def test_breakfast_series_matches_the_article() -> None:
    demo_load()
    series = Series.objects.get(title="2025 AI기업 조찬간담회")
    rounds = list(series.engagements.order_by("round"))
    assert [r.round for r in rounds] == [1, 2, 3, 4, 5, 6]
    local = [timezone.localtime(r.starts_at) for r in rounds]
    assert local[0].date() == dt.date(2025, 11, 11) and local[0].strftime("%H:%M") == "07:30"
    assert {d.strftime("%a") for d in local} == {"Tue", "Fri"}
    assert rounds[0].attendee_count == 70
    assert rounds[1].agenda.filter(topic__contains="AI 모델 발전 트렌드").exists()
    assert Engagement.objects.filter(series__title__contains="추진위원회", round=4).exists()


def test_scenario_has_the_volume_and_the_states_the_loop_needs() -> None:
    demo_load()
    voiced_by = Proposal.objects.exclude(organisation=None).values("organisation").distinct().count()
    assert Proposal.objects.count() >= 90 and voiced_by >= 25
    assert Proposal.objects.filter(demand__isnull=True).exists(), "some proposals wait to be grouped"
    assert Demand.objects.filter(stage=Stage.ANSWERED).exists()
    assert overdue_demands().exists()
    assert staff_todo().due_this_week.exists()
    not_adopted = Disposition.objects.filter(outcome=Outcome.NOT_ADOPTED)
    assert not_adopted.exists() and all(d.reason and d.limits for d in not_adopted)
    gpu = Proposal.objects.get(text__contains="최소 12개월", person__name="조춘호")
    assert gpu.organisation is not None and "아이티앱스" in gpu.organisation.name


def test_scenario_carries_answers_out_with_evidence_a_delay_and_a_stop() -> None:
    from sori.feedback.models import MessageKind, OutboxMessage
    from sori.policy.models import Milestone, MilestoneStatus

    demo_load()
    done = Milestone.objects.filter(status=MilestoneStatus.DONE)
    assert done.count() >= 2 and all(m.evidence_note or m.evidence_url or m.figure is not None for m in done)
    [late] = Milestone.objects.filter(status=MilestoneStatus.DELAYED)
    assert late.reason and late.slips == 1 and late.planned_date > late.first_planned_date
    [dropped] = Milestone.objects.filter(status=MilestoneStatus.DROPPED)
    assert dropped.reason
    assert staff_todo().overdue_milestones, "one milestone is past its planned date on the staff home page"
    # the delay was told to the proposers through the outbox
    assert OutboxMessage.objects.filter(
        kind=MessageKind.PROGRESS, dedupe_key__contains=f"milestone:{late.id}:1"
    ).exists()


def test_scenario_links_the_2020_and_2025_regulation_free_zone_demands_and_enacts_an_ordinance() -> None:
    from sori.feedback.journey import Audience, journey
    from sori.policy.models import Bill, LegislativeStage
    from sori.policy.repeats import asked_before_with_answers

    demo_load()
    now = Demand.objects.get(title__startswith="광주를 데이터 규제자유특구로")
    then = Demand.objects.get(title__startswith="광주를 데이터 규제자유지역으로")
    assert then.created_at.year == 2020 and now.outcome and then.outcome
    earlier = asked_before_with_answers(now)
    assert [a.earlier.demand.id for a in earlier.answers] == [then.id]
    assert earlier.answers[0].disposition is not None
    bill = Bill.objects.get(title="광주광역시 인공지능산업 육성 조례 일부개정조례안")
    assert bill.stage == LegislativeStage.PROMULGATED and bill.bill_number and bill.committee
    reached = list(bill.stages.values_list("stage", flat=True))
    assert reached[:1] == ["draft"] and {"introduced", "committee", "promulgated"} <= set(reached)
    assert bill.stages.last().snapshot, "the comparison table is kept with each stage"
    [demand] = bill.demands.all()
    assert "공포" in journey(demand, audience=Audience.PUBLIC).result
