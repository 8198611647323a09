"""The dashboard's numbers against hand-computed ones, the same in the report, the page, the XLSX, the PDF and
the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sori.policy.services import disposition_decide
from sori.registry import services
from sori.registry.models import CommitmentKind, CommitmentStatus, MouStage, Organisation, OrganisationKind
from sori.reports.kpis.calculation import (
    CommitmentFact,
    KpiInput,
    MouFact,
    OrgFact,
    ProposalFact,
    compute_kpis,
)
from sori.reports.kpis.selectors import kpi_report
from sori.voices import services as voices

TODAY = dt.date(2021, 6, 1)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def world(staff: Any, city: Organisation, department: Organisation) -> dict[str, Any]:
    """Four attracted organisations, four MOUs, three proposals — small enough to count by hand."""

    def org(name: str, kind: str, field: str, origin: str) -> Organisation:
        return services.organisation_create(
            name=name, kind=kind, strategic_field=field, origin=origin, actor=staff
        )

    a = org("㈜가람모빌리티", OrganisationKind.COMPANY, "mobility", "relocated")
    b = org("㈜나래헬스", OrganisationKind.COMPANY, "healthcare", "local")
    i = org("다온데이터연구원", OrganisationKind.INSTITUTION, "data_infra", "outside")
    d = org("㈜라온에너지", OrganisationKind.COMPANY, "energy", "relocated")
    org("㈜협약없음", OrganisationKind.COMPANY, "energy", "local")

    m1 = services.mou_create(
        title="가람 협약", signed_on=dt.date(2020, 1, 10), parties=[city, a], actor=staff
    )
    services.commitment_add(
        mou=m1,
        actor=staff,
        kind=CommitmentKind.OFFICE,
        organisation=a,
        target_date=dt.date(2020, 6, 30),
        status=CommitmentStatus.FULFILLED,
        realised_on=dt.date(2020, 5, 1),
    )
    services.commitment_add(
        mou=m1,
        actor=staff,
        kind=CommitmentKind.JOBS,
        organisation=a,
        target_number=30,
        realised_number=20,
        status=CommitmentStatus.PARTLY,
        realised_on=dt.date(2021, 1, 1),
    )
    services.commitment_add(
        mou=m1,
        actor=staff,
        kind=CommitmentKind.INVESTMENT,
        organisation=a,
        target_number=1_000_000_000,
        realised_number=400_000_000,
    )
    services.mou_move(mou=m1, stage=MouStage.OFFICE_OPENED, actor=staff)
    services.mou_move(mou=m1, stage=MouStage.OPERATING, actor=staff)

    m2 = services.mou_create(title="나래 협약", signed_on=dt.date(2020, 8, 1), parties=[city, b], actor=staff)
    services.commitment_add(
        mou=m2, actor=staff, kind=CommitmentKind.OFFICE, organisation=b, target_date=dt.date(2020, 12, 31)
    )
    services.commitment_add(mou=m2, actor=staff, kind=CommitmentKind.JOBS, organisation=b, target_number=10)

    m3 = services.mou_create(
        title="다온 공동연구 협약", signed_on=dt.date(2021, 2, 1), parties=[city, i, a], actor=staff
    )
    services.commitment_add(
        mou=m3,
        actor=staff,
        kind=CommitmentKind.JOINT_PROJECT,
        organisation=i,
        status=CommitmentStatus.FULFILLED,
        realised_on=dt.date(2021, 5, 1),
    )
    services.mou_move(mou=m3, stage=MouStage.STALLED, actor=staff, reason="예산 미확보")

    m4 = services.mou_create(title="라온 협약", signed_on=dt.date(2021, 4, 1), parties=[city, d], actor=staff)
    services.commitment_add(
        mou=m4, actor=staff, kind=CommitmentKind.OFFICE, organisation=d, target_date=dt.date(2021, 5, 1)
    )
    services.mou_move(mou=m4, stage=MouStage.WITHDRAWN, actor=staff, reason="철회 공문")

    p1 = voices.proposal_record(
        text="GPU 사용기간을 12개월로", actor=staff, organisation=a, received_at=_at(dt.date(2020, 9, 1))
    )
    voices.proposal_record(
        text="실증 공간 제공", actor=staff, organisation=a, received_at=_at(dt.date(2021, 3, 5))
    )
    voices.proposal_record(
        text="인재 정주 지원", actor=staff, organisation=b, received_at=_at(dt.date(2021, 1, 1))
    )
    demand = voices.demand_create(title="GPU 사용기간 연장", proposal_ids=[p1.id], actor=staff)
    demand = voices.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(demand=demand, actor=staff, outcome="adopted", reason="반영")
    return {"a": a, "b": b}


# Counted by hand from the world above (today 2021-06-01).
WHOLE = {
    "organisations_attracted": 4,
    "institutions_attracted": 1,
    "companies_attracted": 3,
    "mous_signed": 4,
    "offices_opened": 1,
    "hq_relocated": 0,
    "jobs_promised": 40,
    "jobs_realised": 20,
    "investment_promised": 1_000_000_000,
    "investment_realised": 400_000_000,
    "local": 1,
    "relocated": 2,
    "proposals_voiced": 3,
    "proposals_answered": 1,
    "proposals_adopted": 1,
    "overdue_commitments": 1,
}
UNTIL_2020 = {
    **WHOLE,
    "organisations_attracted": 2,
    "institutions_attracted": 0,
    "companies_attracted": 2,
    "mous_signed": 2,
    "relocated": 1,
    "proposals_voiced": 1,
}
FROM_2021 = {
    **WHOLE,
    "organisations_attracted": 2,
    "institutions_attracted": 1,
    "companies_attracted": 1,
    "mous_signed": 2,
    "offices_opened": 0,
    "jobs_promised": 0,
    "jobs_realised": 0,
    "investment_promised": 0,
    "investment_realised": 0,
    "local": 0,
    "relocated": 1,
    "proposals_voiced": 2,
    "proposals_answered": 0,
    "proposals_adopted": 0,
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [(None, None, WHOLE), (None, dt.date(2020, 12, 31), UNTIL_2020), (dt.date(2021, 1, 1), None, FROM_2021)],
)
def test_headline_figures_match_the_hand_count(
    world: Any, date_from: Any, date_to: Any, expected: dict
) -> None:
    report = kpi_report(date_from=date_from, date_to=date_to, today=TODAY)
    assert {k: getattr(report, k) for k in expected} == expected


@pytest.mark.django_db
def test_tables_behind_the_charts(world: Any) -> None:
    r = kpi_report(today=TODAY)
    assert [(y.year, y.organisations, y.cumulative, y.mous, y.offices) for y in r.by_year] == [
        (2020, 2, 2, 2, 1),
        (2021, 2, 4, 2, 0),
    ]
    assert [(f.key, f.value) for f in r.funnel] == [
        ("signed", 4),
        ("office_opened", 1),
        ("operating", 1),
        ("hq_relocated", 0),
    ]
    assert {s.key: s.value for s in r.mous_by_stage} == {
        "signed": 1,
        "operating": 1,
        "stalled": 1,
        "withdrawn": 1,
    }
    assert {f.label: f.value for f in r.by_field} == {
        "자동차·모빌리티": 1,
        "헬스케어": 1,
        "데이터·컴퓨팅 인프라": 1,
        "에너지": 1,
    }
    assert [(row.label, row.value) for row in r.answers] == [("반영", 1)]


def test_the_pure_core_needs_no_database() -> None:
    # given: a stalled MOU counts in the funnel up to where it stopped; departments are never "attracted"
    data = KpiInput(
        today=dt.date(2022, 1, 1),
        organisations=(OrgFact(1, "시", "department"), OrgFact(2, "가", "company", "energy", "local")),
        mous=(MouFact(10, dt.date(2021, 1, 1), "stalled", (1, 2), stalled_from="operating"),),
        commitments=(CommitmentFact(10, "jobs", "pending", 2, dt.date(2021, 12, 1), 5),),
        proposals=(ProposalFact(dt.date(2021, 5, 1), 2, "not_adopted"),),
    )
    # when
    r = compute_kpis(data)
    # then
    assert (r.organisations_attracted, r.jobs_promised, r.overdue_commitments, r.proposals_adopted) == (
        1,
        5,
        1,
        0,
    )
    assert [f.value for f in r.funnel] == [1, 1, 1, 0]


@pytest.mark.django_db
def test_the_page_and_the_workbook_show_the_same_numbers(world: Any, login: Any, staff: Any) -> None:
    # when
    client = login(staff)
    page = client.get("/staff/kpis/", {"date_to": "2020-12-31"})
    xlsx = client.get("/staff/kpis/", {"date_to": "2020-12-31", "format": "xlsx"})
    # then: the page
    html = page.content.decode()
    assert page.status_code == 200
    assert "2020. 12. 31.(목)까지" in html
    assert "유치 기관 (기관 0 · 기업 2)" in html
    # the charts (six, and two of the programmes' outcomes), not the header's icons
    assert html.split('<main id="main"')[1].count("<svg") == 8
    assert "20 / 40" in html  # jobs realised / promised
    # and the workbook
    wb = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in wb["요약"].iter_rows(min_row=2, values_only=True)}
    assert summary["유치 기관(협약 기준)"] == 2
    assert summary["업무협약 체결"] == 2
    assert summary["광주 사무소 개소"] == 1
    assert summary["고용 약속 / 실적"] == 40
    assert summary["투자 약속 / 실적"] == 1_000_000_000
    promises = {row[0]: row[1:] for row in wb["이행 약속"].iter_rows(min_row=2, values_only=True)}
    assert promises["고용"] == (2, 1, 40, 20)  # two promises, one partly kept


@pytest.mark.django_db
def test_the_one_pager_pdf_renders_in_korean(world: Any, login: Any, staff: Any) -> None:
    import pypdfium2 as pdfium

    # when
    response = login(staff).get("/staff/kpis/", {"format": "pdf"})
    # then
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pdfium.PdfDocument(response.content)
    assert len(pdf) == 1
    page = pdf[0]
    text = page.get_textpage().get_text_range()
    assert "AI 생태계 성과 공유" in text
    assert "업무협약 체결" in text
    image = page.render(scale=0.5).to_pil().convert("L")
    lo, hi = image.getextrema()
    assert hi - lo > 100  # not blank
    assert sum(image.histogram()[:200]) > 2000  # some ink


@pytest.mark.django_db
def test_bad_dates_fall_back_to_the_whole_period_with_a_message(world: Any, login: Any, staff: Any) -> None:
    page = login(staff).get("/staff/kpis/", {"date_from": "2021-01-01", "date_to": "2020-01-01"})
    html = page.content.decode()
    assert "시작일이 종료일보다 늦습니다" in html and "전체 기간" in html


@pytest.mark.django_db(transaction=True)
def test_the_command_line_prints_the_same_figures(
    world: Any, tmp_path: Any, capsys: Any, monkeypatch: Any
) -> None:
    import argparse

    from sori.reports import cli

    monkeypatch.setattr(cli, "setup_django", lambda: None)
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    # when
    out = tmp_path / "kpis.json"
    args = parser.parse_args(["report", "kpis", "--format", "json", "-o", str(out), "--to", "2020-12-31"])
    assert args.func(args) == 0
    xlsx = tmp_path / "kpis.xlsx"
    args = parser.parse_args(["report", "kpis", "--format", "xlsx", "-o", str(xlsx)])
    assert args.func(args) == 0
    # then
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {k: data[k] for k in UNTIL_2020} == UNTIL_2020
    assert data["date_to"] == "2020-12-31"
    assert load_workbook(xlsx)["요약"]["B3"].value == 4
