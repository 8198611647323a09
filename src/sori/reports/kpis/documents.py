"""The KPI report as charts, a "results so far" one-pager (성과 공유) in PDF, a workbook and JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import json
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from sori.core import charts
from sori.core.formatting import kdate, won
from sori.reports.kpis.calculation import KpiReport

TITLE = "AI 생태계 성과 공유"


def period_label(report: KpiReport) -> str:
    """Return the period in words: '2020. 9. 22.(화)까지', '… ~ …' or '전체 기간'."""
    if report.date_from and report.date_to:
        return f"{kdate(report.date_from)} ~ {kdate(report.date_to)}"
    if report.date_to:
        return _("%(day)s까지") % {"day": kdate(report.date_to)}
    if report.date_from:
        return _("%(day)s부터") % {"day": kdate(report.date_from)}
    return _("전체 기간")


def summary_rows(report: KpiReport) -> list[tuple[str, Any, str]]:
    """Return the headline figures as (label, value, value in words), in the order the one-pager reads."""
    r = report
    return [
        (
            _("유치 기관(협약 기준)"),
            r.organisations_attracted,
            _("%(n)s곳 (기관 %(i)s, 기업 %(c)s)")
            % {
                "n": f"{r.organisations_attracted:,}",
                "i": r.institutions_attracted,
                "c": r.companies_attracted,
            },
        ),
        (_("업무협약 체결"), r.mous_signed, _("%(n)s건") % {"n": f"{r.mous_signed:,}"}),
        (_("광주 사무소 개소"), r.offices_opened, _("%(n)s곳") % {"n": f"{r.offices_opened:,}"}),
        (_("본사 이전"), r.hq_relocated, _("%(n)s곳") % {"n": f"{r.hq_relocated:,}"}),
        (
            _("고용 약속 / 실적"),
            r.jobs_promised,
            _("%(p)s명 / %(r)s명") % {"p": f"{r.jobs_promised:,}", "r": f"{r.jobs_realised:,}"},
        ),
        (
            _("투자 약속 / 실적"),
            r.investment_promised,
            f"{won(r.investment_promised, short=True)} / {won(r.investment_realised, short=True)}",
        ),
        (
            _("지역 기업 / 수도권 이전 기업"),
            r.local,
            _("%(l)s곳 / %(r)s곳") % {"l": r.local, "r": r.relocated},
        ),
        (
            _("접수된 제안 / 답변된 제안"),
            r.proposals_voiced,
            _("%(v)s건 / %(a)s건 (반영·일부 반영 %(d)s건)")
            % {
                "v": f"{r.proposals_voiced:,}",
                "a": f"{r.proposals_answered:,}",
                "d": f"{r.proposals_adopted:,}",
            },
        ),
        (_("기한 지난 협약 이행 약속"), r.overdue_commitments, _("%(n)s건") % {"n": r.overdue_commitments}),
    ]


def share_label(value: float | None) -> str:
    """Return a fraction as ``41.7%``, or ``—`` for None."""
    return "—" if value is None else f"{value:.1%}"


def program_rows(report: KpiReport) -> list[tuple[str, Any, str]]:
    """Return the programme outcomes (지원사업 성과) as (label, value, value in words), like the summary."""
    r = report
    return [
        (_("GPU 배정량"), r.gpu_months_awarded, _("%(n)s GPU·월") % {"n": f"{r.gpu_months_awarded:,}"}),
        (_("GPU 사용량"), r.gpu_hours_used, _("%(n)s GPU시간") % {"n": f"{r.gpu_hours_used:,.0f}"}),
        (
            _("GPU 사용률(사용 ÷ 배정)"),
            r.gpu_utilisation,
            share_label(r.gpu_utilisation) if r.gpu_utilisation is not None else _("기간에 배정 없음"),
        ),
        (
            _("연장 승인률"),
            r.renewal_rate,
            _("%(p)s (%(d)s건 중 %(a)s건 승인)")
            % {"p": share_label(r.renewal_rate), "d": r.renewals_decided, "a": r.renewals_approved}
            if r.renewal_rate is not None
            else _("기간에 결정된 연장 없음"),
        ),
        (_("교육 수료"), r.trainees_completed, _("%(n)s명") % {"n": f"{r.trainees_completed:,}"}),
        (_("인재 배치(채용·인턴·프로젝트)"), r.placements, _("%(n)s건") % {"n": f"{r.placements:,}"}),
        (_("AI기업 소개(미드필더)"), r.introductions, _("%(n)s건") % {"n": f"{r.introductions:,}"}),
        (_("실증(PoC) 착수"), r.pocs_started, _("%(n)s건") % {"n": f"{r.pocs_started:,}"}),
        (_("계약 체결"), r.contracts_signed, _("%(n)s건") % {"n": f"{r.contracts_signed:,}"}),
    ]


def quarter_label(year: int, quarter: int) -> str:
    """Return ``2021년 1분기`` (``21년 1분기`` for ``year`` 21, as the charts label quarters)."""
    return _("%(y)s년 %(q)s분기") % {"y": year, "q": quarter}


def _gpu_chart(report: KpiReport, height: int) -> str:
    """Return GPU-months awarded and used per quarter as two lines on one scale (fixed height)."""
    title = _("분기별 GPU 배정 대비 사용(GPU·월)")
    quarters = report.gpu_by_quarter
    if not quarters:
        return charts.bar_chart([], title=title)
    return charts.line_chart(
        [quarter_label(q.year % 100, q.quarter) for q in quarters],
        [(_("배정"), [q.awarded for q in quarters]), (_("사용"), [q.used for q in quarters])],
        title=title,
        height=height,
    )


def report_charts(report: KpiReport, *, gpu_height: int = 260) -> dict[str, SafeString]:
    """Return the dashboard's charts as inline SVG, keyed by name (the one-pager draws GPU use lower)."""
    svg = {
        "by_year": charts.year_chart(
            [(str(y.year), y.organisations, y.cumulative) for y in report.by_year],
            title=_("연도별 유치 기관(누적)"),
            legend=(_("새로 유치"), _("누적")),
        ),
        "funnel": charts.funnel_chart([(r.label, r.value) for r in report.funnel], title=_("협약 후속 단계")),
        "by_field": charts.bar_chart(
            [(r.label, r.value) for r in report.by_field], title=_("전략 분야별 유치 기관")
        ),
        "promises": charts.paired_bars(
            [
                (
                    p.label + (_("(억 원)") if p.key == "investment" else _("(명)")),
                    p.promised / 100_000_000 if p.key == "investment" else p.promised,
                    p.realised / 100_000_000 if p.key == "investment" else p.realised,
                )
                for p in report.promises
                if p.key in ("jobs", "investment")
            ],
            title=_("고용·투자 약속 대비 실적"),
            legend=(_("약속"), _("실적")),
        ),
        "by_origin": charts.bar_chart(
            [(r.label, r.value) for r in report.by_origin], title=_("지역 기업과 이전 기업")
        ),
        "answers": charts.bar_chart(
            [(r.label, r.value) for r in report.answers], title=_("답변된 제안의 처리결과")
        ),
        "gpu": _gpu_chart(report, gpu_height),
        "outcome_funnel": charts.funnel_chart(
            [(r.label, r.value) for r in report.outcome_funnel], title=_("미드필더 연결: 소개 → 실증 → 계약")
        ),
    }
    # Every string in these SVGs is escaped in ``charts``.
    return {k: mark_safe(v) for k, v in svg.items()}


def report_json(report: KpiReport) -> str:
    """Return the report as JSON (dates ISO), for scripts."""

    def default(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(type(value))

    return json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2, default=default)


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list[Any]], first: bool = False) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF8")
    for row in rows:
        ws.append(row)
    for i, _h in enumerate(headers):
        letter = ws.cell(row=1, column=i + 1).column_letter
        ws.column_dimensions[letter].width = 28 if i == 0 else 18
    ws.freeze_panes = "A2"


def report_xlsx(report: KpiReport) -> bytes:
    """Return a workbook: the summary first, then one sheet per table behind the charts."""
    wb = Workbook()
    summary = [[label, value, words] for label, value, words in summary_rows(report)]
    summary.insert(0, [_("기간"), "", period_label(report)])
    first_program_row = len(summary) + 2  # after the header and the rows so far
    summary += [[label, value, words] for label, value, words in program_rows(report)]
    _sheet(wb, _("요약"), [_("지표"), _("값"), _("표시")], summary, first=True)
    for offset in (2, 3):  # utilisation and renewal rate are fractions: show them as percentages
        wb.active.cell(row=first_program_row + offset, column=2).number_format = "0.0%"
    _sheet(
        wb,
        _("연도별"),
        [_("연도"), _("새로 유치"), _("누적 유치"), _("협약"), _("사무소 개소")],
        [[y.year, y.organisations, y.cumulative, y.mous, y.offices] for y in report.by_year],
    )
    _sheet(wb, _("분야별"), [_("전략 분야"), _("기관 수")], [[r.label, r.value] for r in report.by_field])
    _sheet(
        wb,
        _("협약 단계"),
        [_("단계"), _("현재 협약 수"), _("도달한 협약 수")],
        [
            [r.label, next((s.value for s in report.mous_by_stage if s.key == r.key), 0), r.value]
            for r in report.funnel
        ]
        + [[s.label, s.value, ""] for s in report.mous_by_stage if s.key in ("stalled", "withdrawn")],
    )
    _sheet(
        wb,
        _("이행 약속"),
        [_("약속"), _("건수"), _("이행"), _("목표"), _("실적")],
        [[p.label, p.count, p.fulfilled, p.promised, p.realised] for p in report.promises],
    )
    _sheet(wb, _("지역 구분"), [_("구분"), _("기관 수")], [[r.label, r.value] for r in report.by_origin])
    _sheet(
        wb, _("제안 처리결과"), [_("처리결과"), _("제안 수")], [[r.label, r.value] for r in report.answers]
    )
    _sheet(
        wb,
        _("GPU 분기별"),
        [_("분기"), _("배정(GPU·월)"), _("사용(GPU·월)")],
        [[quarter_label(q.year, q.quarter), q.awarded, q.used] for q in report.gpu_by_quarter],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def report_pdf(report: KpiReport) -> bytes:
    """Return the one-page "results so far" (성과 공유) summary as PDF, in Noto Sans CJK KR."""
    from weasyprint import HTML

    html = render_to_string(
        "reports/kpi_onepager.html",
        {
            "r": report,
            "summary": summary_rows(report),
            "program_pairs": list(itertools.zip_longest(*[iter(program_rows(report))] * 2)),
            "charts": report_charts(report, gpu_height=160),
            "title": TITLE,
            "period": period_label(report),
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
