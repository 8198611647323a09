"""Programme outcomes in the KPI report (지원사업 성과): GPU-months, GPU-hours, utilisation, renewals, talent
and midfielder figures, counted by hand from a small world built through the programs services."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from openpyxl import load_workbook

from sori.core.roles import Role
from sori.programs import services
from sori.programs.models import (
    Application,
    Award,
    Call,
    IntroductionStage,
    PlacementKind,
    Program,
    RunStatus,
    UsageEntry,
    UsageReview,
)
from sori.programs.services import introductions as intro
from sori.programs.services import talent
from sori.programs.usage_math import hours_by_month
from sori.registry.models import Organisation, OrganisationKind
from sori.registry.services import organisation_create
from sori.reports.kpis.calculation import (
    GpuMonthFact,
    KpiInput,
    ProgramCounts,
    RenewalFact,
    compute_kpis,
)
from sori.reports.kpis.selectors import kpi_report

D = dt.date
# The nine programme outcome keys of ``sori report kpis --format json``, exactly.
KEYS = (
    "gpu_months_awarded",
    "gpu_hours_used",
    "gpu_utilisation",
    "renewal_rate",
    "trainees_completed",
    "placements",
    "introductions",
    "pocs_started",
    "contracts_signed",
)


def _award(
    call: Call, org: Organisation, staff: User, reviewer: User, *, amount: int, start: dt.date, months: int
) -> Application:
    app = services.application_submit(
        call=call,
        organisation=org,
        actor=staff,
        today=call.closes_on,
        title=f"{org.name} 모델 학습",
        resource="H100",
        amount=amount,
        start_month=start,
        months=months,
        summary="요약",
    )
    review = services.review_assign(application=app, reviewer=reviewer, actor=staff)
    services.review_submit(
        review=review, scores={c.id: 80 for c in call.criteria.all()}, comment="", actor=reviewer
    )
    return app


def _usage(
    program: Program, staff: User, rows: list[tuple[Award, str, dt.date, int]], today: dt.date
) -> None:
    lines = ["account,user,start,end,gpu_hours,job_id"]
    for award, job, day, hours in rows:
        lines.append(f"{award.slurm_account},kim,{day}T09:00,{day}T18:00,{hours},{job}")
    services.usage_import(
        program=program,
        filename="usage.csv",
        data=("\n".join(lines) + "\n").encode(),
        format="csv",
        actor=staff,
        today=today,
    )


def _renewal(award: Award, staff: User, reviewer: User, *, approve: bool, months: int, on: dt.date) -> None:
    app = services.follow_up_submit(
        award=award, request_type="renewal", actor=staff, today=on, months=months, summary="연장"
    )
    services.short_review_submit(
        application=app, actor=reviewer, usage_score=70, outcome_score=70, recommend=approve, today=on
    )
    services.follow_up_decide(
        application=app, actor=staff, approve=approve, amount=None, reason="간이 평가대로", today=on
    )


@pytest.fixture
def world(staff: User, make_user: Any) -> dict[str, Any]:
    """Three GPU awards, usage with jobs outside a term, two decided renewals, trainees and introductions.

    Units per month (GPU-months), counted by hand:
    - A: 2 from 2020-07, reclaimed to 1 from 2021-01, to 2021-06      → 6×2 + 6×1 = 18
    - B: 4 from 2020-10 to 2021-03, renewed (approved) to 2021-06     → 9×4       = 36
    - C: 1 from 2021-01 to 2021-03 (a renewal still waiting)           → 3×1       =  3
    Ledger: A 2020-08 500 h, 2021-02 300 h; B 2020-11 1,000 h, 2021-05 400 h; C 2021-02 100 h, a job in
    2020-12 of 50 h accepted (counts in C's first month, 2021-01), a job in 2021-05 of 70 h still flagged.
    """
    reviewer = make_user("reviewer", Role.STAFF)

    def org(name: str, kind: str = OrganisationKind.COMPANY) -> Organisation:
        return organisation_create(name=name, kind=kind, actor=staff)

    a, b, c = org("㈜가온비전"), org("㈜나래데이터"), org("㈜다솜로보틱스")
    maker = org("㈜라온금형", OrganisationKind.MANUFACTURER)
    program = services.program_create(name="GPU 지원", kind="compute", actor=staff, slurm_cluster="gj")
    call = services.call_create(
        program=program,
        actor=staff,
        criteria=[("기술성", 100)],
        capacities=[("H100", 8, "h100")],
        title="2020년 GPU 지원 공고",
        opens_on=D(2020, 5, 1),
        closes_on=D(2020, 6, 15),
        eligibility="",
        first_month=D(2020, 7, 1),
        months=24,
        term_months=12,
        max_renewals=1,
        renewal_requirements="",
        renewal_min_usage=0.0,
        max_awards_per_organisation=None,
        newcomer_share=0.0,
        allow_partial=True,
        low_use_threshold=0.5,
        low_use_after_months=3,
        tranche_share=0.0,
    )
    apps = [
        _award(call, a, staff, reviewer, amount=2, start=D(2020, 7, 1), months=12),
        _award(call, b, staff, reviewer, amount=4, start=D(2020, 10, 1), months=6),
        _award(call, c, staff, reviewer, amount=1, start=D(2021, 1, 1), months=3),
    ]
    run = services.selection_request(call=call, actor=staff)
    run.refresh_from_db()  # with transaction=True the run was already solved on commit
    if run.status == RunStatus.QUEUED:
        run = services.selection_execute(run_id=run.id)
    services.selection_confirm(run=run, actor=staff)
    award_a, award_b, award_c = (Award.objects.get(application=app) for app in apps)
    assert [(w.amount, w.months) for w in (award_a, award_b, award_c)] == [(2, 12), (4, 6), (1, 3)]
    services.award_reclaim(award=award_a, keep=1, reason="저사용", actor=staff, today=D(2020, 12, 10))

    _usage(
        program,
        staff,
        [
            (award_a, "a1", D(2020, 8, 3), 500),
            (award_b, "b1", D(2020, 11, 3), 1000),
            (award_a, "a2", D(2021, 2, 3), 300),
            (award_c, "c1", D(2021, 2, 3), 100),
            (award_c, "c-early", D(2020, 12, 20), 50),
        ],
        today=D(2021, 3, 1),
    )
    early = UsageEntry.objects.get(job_id="c-early")
    assert early.review == UsageReview.FLAGGED
    services.usage_entry_review(entry=early, accept=True, actor=staff, reason="시험 사용")

    _renewal(award_b, staff, reviewer, approve=True, months=3, on=D(2021, 3, 10))
    _renewal(award_a, staff, reviewer, approve=False, months=6, on=D(2021, 5, 10))
    services.follow_up_submit(
        award=award_c, request_type="renewal", actor=staff, today=D(2021, 3, 1), months=3
    )
    _usage(
        program,
        staff,
        [(award_b, "b2", D(2021, 5, 3), 400), (award_c, "c-late", D(2021, 5, 3), 70)],
        today=D(2021, 6, 1),
    )
    assert UsageEntry.objects.get(job_id="c-late").review == UsageReview.FLAGGED

    # Talent: two trainees complete (2021-03-15, 2021-06-30) and are placed (2021-03-20, 2021-07-01).
    cohort = talent.cohort_create(
        name="AI사관학교 1기", seats=5, starts_on=D(2021, 1, 4), ends_on=D(2021, 6, 30), actor=staff
    )
    for name, done, placed, kind in (
        ("김하늘", D(2021, 3, 15), D(2021, 3, 20), PlacementKind.HIRE),
        ("이바다", D(2021, 6, 30), D(2021, 7, 1), PlacementKind.INTERN),
    ):
        trainee = talent.trainee_add(cohort=cohort, name=name, actor=staff, applied_on=D(2020, 12, 1))
        trainee = talent.trainee_select(trainee=trainee, actor=staff, on=D(2021, 1, 4))
        trainee = talent.trainee_complete(trainee=trainee, actor=staff, on=done)
        talent.placement_record(trainee=trainee, organisation=a, kind=kind, starts_on=placed, actor=staff)
    dropped = talent.trainee_add(cohort=cohort, name="박구름", actor=staff, applied_on=D(2020, 12, 1))
    talent.trainee_drop(trainee=dropped, reason="타 지역 취업", actor=staff, on=D(2021, 2, 1))

    # Midfielder: A PoC then contract; B stopped after a meeting; C from a meeting straight to a contract.
    steps = {
        a: (
            D(2021, 1, 20),
            [("meeting", D(2021, 2, 1)), ("poc", D(2021, 2, 15)), ("contract", D(2021, 4, 10))],
        ),
        b: (D(2021, 2, 10), [("meeting", D(2021, 2, 20))]),
        c: (D(2020, 12, 1), [("meeting", D(2020, 12, 10)), ("contract", D(2021, 3, 5))]),
    }
    for firm, (on, moves) in steps.items():
        i = intro.introduction_create(
            manufacturer=maker, ai_firm=firm, actor=staff, need="금형 불량 예측", introduced_on=on
        )
        for stage, day in moves:
            intro.introduction_advance(introduction=i, stage=IntroductionStage(stage), actor=staff, date=day)
        if firm == b:
            intro.introduction_stop(introduction=i, reason="데이터 부족", actor=staff, date=D(2021, 3, 1))
    return {"awards": (award_a, award_b, award_c)}


TODAY = timezone.localdate
# (date_from, date_to) → the nine figures, counted by hand from the world above. Renewal decisions are dated
# the day they are recorded — the day the test runs — so a past period has none (renewal_rate None).
WHOLE = {
    "gpu_months_awarded": 57,
    "gpu_hours_used": 2350.0,  # 800 (A) + 1,400 (B) + 150 (C: 100 and the accepted 50; the flagged 70 not)
    "gpu_utilisation": 0.0573,  # 2,350 ÷ (57 × 720 = 41,040) = 0.05726…
    "renewal_rate": 0.5,  # B approved, A rejected; C's renewal is not decided
    "trainees_completed": 2,
    "placements": 2,
    "introductions": 3,
    "pocs_started": 2,  # A's PoC and C's contract (a contract is beyond a PoC)
    "contracts_signed": 2,
}
# 2021-01-15 .. 2021-03-31: January counts whole (a month is in when any of its days is); A holds 1 a month,
# B 4 (its term runs on to June: only these three months count), C 1 → 3 + 12 + 3 = 18 GPU-months.
FIRST_QUARTER = {
    "gpu_months_awarded": 18,
    "gpu_hours_used": 450.0,  # A 300 (Feb) + C 100 (Feb) + C's accepted 2020-12 job, counted in 2021-01
    "gpu_utilisation": 0.0347,  # 450 ÷ (18 × 720 = 12,960) = 0.03472…
    "renewal_rate": None,
    "trainees_completed": 1,
    "placements": 1,
    "introductions": 2,  # A (01-20) and B (02-10); C was introduced in 2020
    "pocs_started": 2,  # A's PoC (02-15) and C's contract (03-05)
    "contracts_signed": 1,
}
NOTHING = dict.fromkeys(KEYS, 0) | {"gpu_hours_used": 0.0, "gpu_utilisation": None, "renewal_rate": None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        (None, None, WHOLE),
        (D(2021, 1, 15), D(2021, 3, 31), FIRST_QUARTER),
        (D(2019, 1, 1), D(2019, 12, 31), NOTHING),
        ("today", None, NOTHING | {"renewal_rate": 0.5}),
    ],
)
def test_programme_outcomes_match_the_hand_count(
    world: Any, date_from: Any, date_to: Any, expected: dict
) -> None:
    if date_from == "today":
        date_from = TODAY()
    report = kpi_report(date_from=date_from, date_to=date_to)
    assert {k: getattr(report, k) for k in KEYS} == expected


@pytest.mark.django_db
def test_gpu_hours_are_those_of_the_award_pages(world: Any) -> None:
    # the figure is the sum of what each award's page counts (hours_by_month), flagged jobs left out
    pages = sum(sum(hours_by_month(award).values()) for award in world["awards"])
    assert kpi_report().gpu_hours_used == pages == 2350


@pytest.mark.django_db
def test_quarters_and_funnel_behind_the_charts(world: Any) -> None:
    r = kpi_report()
    assert [(q.year, q.quarter, q.awarded, q.used) for q in r.gpu_by_quarter] == [
        (2020, 3, 6, round(500 / 720, 2)),
        (2020, 4, 18, round(1000 / 720, 2)),
        (2021, 1, 18, round(450 / 720, 2)),
        (2021, 2, 15, round(400 / 720, 2)),
    ]
    assert [(row.label, row.value) for row in r.outcome_funnel] == [("소개", 3), ("실증/PoC", 2), ("계약", 2)]
    assert (r.renewals_decided, r.renewals_approved) == (2, 1)


def test_the_pure_core_counts_months_inside_the_period() -> None:
    # given: an award of 3 units from November to February, 720 hours used in December, one renewal rejected
    months = tuple(
        GpuMonthFact(1, D(y, m, 1), 3, 720.0 if m == 12 else 0.0)
        for y, m in ((2020, 11), (2020, 12), (2021, 1), (2021, 2))
    )
    data = KpiInput(
        today=D(2021, 6, 1),
        organisations=(),
        mous=(),
        commitments=(),
        proposals=(),
        date_from=D(2020, 12, 31),
        date_to=D(2021, 1, 1),
        gpu_months=months,
        renewals=(RenewalFact(D(2021, 1, 1), False), RenewalFact(D(2021, 1, 2), True)),
        program_counts=ProgramCounts(introductions=4, pocs_started=2, contracts_signed=1),
    )
    # when
    r = compute_kpis(data)
    # then: December and January each touch the two-day period
    assert (r.gpu_months_awarded, r.gpu_hours_used, r.gpu_utilisation) == (6, 720.0, round(720 / 4320, 4))
    assert r.renewal_rate == 0.0
    assert [row.value for row in r.outcome_funnel] == [4, 2, 1]
    empty = compute_kpis(
        KpiInput(today=D(2021, 6, 1), organisations=(), mous=(), commitments=(), proposals=())
    )
    assert (empty.gpu_utilisation, empty.renewal_rate, empty.gpu_by_quarter) == (None, None, ())


@pytest.mark.django_db
def test_the_json_has_the_nine_keys(world: Any, login: Any, staff: Any) -> None:
    response = login(staff).get(
        "/staff/kpis/", {"format": "json", "date_from": "2021-01-15", "date_to": "2021-03-31"}
    )
    data = json.loads(response.content)
    assert {k: data[k] for k in KEYS} == FIRST_QUARTER
    assert set(KEYS) <= set(data)


@pytest.mark.django_db
def test_the_dashboard_shows_the_programme_section(world: Any, login: Any, staff: Any) -> None:
    page = login(staff).get("/staff/kpis/", {"date_from": "2021-01-15", "date_to": "2021-03-31"})
    html = page.content.decode()
    section = html.split('id="programs"')[1]
    assert "지원사업 성과" in html
    assert "18 GPU·월" in section and "450 GPU시간" in section and "3.5%" in section
    assert "기간에 결정된 연장 없음" in section
    assert section.count("<svg") == 2  # GPU by quarter, and introductions → PoC → contracts
    assert "2021년 1분기" in section and "분기별 GPU 배정 대비 사용" in section


@pytest.mark.django_db
def test_the_workbook_and_the_pdf_carry_the_figures(world: Any, login: Any, staff: Any) -> None:
    import pypdfium2 as pdfium

    client = login(staff)
    # when
    xlsx = client.get("/staff/kpis/", {"format": "xlsx"})
    pdf = client.get("/staff/kpis/", {"format": "pdf"})
    # then: the workbook's summary and its quarter sheet
    wb = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in wb["요약"].iter_rows(min_row=2, values_only=True)}
    assert summary["GPU 배정량"] == 57
    assert summary["GPU 사용량"] == 2350
    assert summary["GPU 사용률(사용 ÷ 배정)"] == WHOLE["gpu_utilisation"]
    assert summary["연장 승인률"] == 0.5
    assert summary["교육 수료"] == 2 and summary["인재 배치(채용·인턴·프로젝트)"] == 2
    assert (summary["AI기업 소개(미드필더)"], summary["실증(PoC) 착수"], summary["계약 체결"]) == (3, 2, 2)
    quarters = list(wb["GPU 분기별"].iter_rows(min_row=2, values_only=True))
    assert [q[:2] for q in quarters] == [
        ("2020년 3분기", 6),
        ("2020년 4분기", 18),
        ("2021년 1분기", 18),
        ("2021년 2분기", 15),
    ]
    # and the one-pager
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    doc = pdfium.PdfDocument(pdf.content)
    assert len(doc) == 1
    text = doc[0].get_textpage().get_text_range()
    assert "지원사업 성과" in text and "57 GPU·월" in text and "50.0%" in text


@pytest.mark.django_db
def test_the_dashboard_keeps_its_query_count(
    world: Any, login: Any, staff: Any, django_assert_num_queries: Any
) -> None:
    # the session and user (3), the registry and voices facts (5), the GPU awards, their ledger and the
    # renewals (3) and the five talent and midfielder counts (5): the same however many rows
    client = login(staff)
    with django_assert_num_queries(16):
        response = client.get("/staff/kpis/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_command_line_takes_the_period(world: Any, tmp_path: Any, monkeypatch: Any) -> None:
    import argparse

    from sori.reports import cli

    monkeypatch.setattr(cli, "setup_django", lambda: None)
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    out = tmp_path / "kpis.json"
    # when
    args = parser.parse_args(["report", "kpis", "-o", str(out), "--from", "2021-01-15", "--to", "2021-03-31"])
    assert args.func(args) == 0
    # then
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {k: data[k] for k in KEYS} == FIRST_QUARTER
