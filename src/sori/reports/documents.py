"""The briefing pack and the meeting summary as PDF and XLSX, both read from the same selector output."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from sori.core.documents import add_sheet, render_pdf, workbook_bytes
from sori.core.formatting import kdate, kdatetime
from sori.reports.selectors import BriefingPack, DemandLine, MeetingSummary

BRIEFING_TITLE = gettext_lazy("정책 수요 처리 현황 보고")


def briefing_filename(pack: BriefingPack, ext: str) -> str:
    return f"{BRIEFING_TITLE}_{pack.today.isoformat()}.{ext}"


def meeting_filename(summary: MeetingSummary, ext: str) -> str:
    e = summary.engagement
    return f"{timezone.localdate(e.starts_at).isoformat()}_{e.title}_결과 요약.{ext}"


def briefing_pdf(pack: BriefingPack) -> bytes:
    """Return the pack as PDF: the one-page summary first, then themes, decisions, overdue and legal items."""
    top = max((d for block in pack.themes for d in block.demands), key=lambda d: d.org_count, default=None)
    return render_pdf(
        "reports/briefing.html",
        {
            "pack": pack,
            "title": str(BRIEFING_TITLE),
            "today_label": kdate(pack.today),
            "answered_total": max(pack.answered, 1),
            "top": top,
        },
    )


def _decision_text(d: DemandLine) -> str:
    if d.disposition is None:
        return ""
    parts = [d.reason_code_label, d.disposition.reason]
    if d.disposition.referred_to:
        parts.append(_("이관 기관: %(body)s") % {"body": d.disposition.referred_to})
    return "\n".join(p for p in parts if p)


def briefing_xlsx(pack: BriefingPack) -> bytes:
    """Return the pack as a workbook: one sheet per section, the summary first."""
    wb = Workbook()
    summary: list[list[str | int]] = [[_("기간"), pack.period, ""], [_("작성일"), kdate(pack.today), ""]]
    summary += [[label, value, unit] for label, value, unit in pack.summary_rows()]
    summary += [
        [_("처리결과: %(outcome)s") % {"outcome": o.label}, o.count, _("건")] for o in pack.by_outcome
    ]
    ws = add_sheet(
        wb,
        _("요약"),
        [_("항목"), _("값"), _("단위")],
        summary,
        widths=(34, 28, 8),
        first=True,
        caption=f"{BRIEFING_TITLE!s} — {pack.period}",
    )
    ws.cell(row=2, column=1).font = Font(bold=True)
    add_sheet(
        wb,
        _("분야별 수요"),
        [
            _("분야"),
            _("번호"),
            _("정책 수요"),
            _("요청 기관 수"),
            _("제안 수"),
            _("요청 기관"),
            _("처리 상태"),
            _("소관부서"),
            _("제기 회차"),
        ],
        (
            [
                b.name,
                d.id,
                d.title,
                d.org_count,
                d.proposal_count,
                ", ".join(d.organisations),
                d.outcome_label,
                d.department,
                d.rounds_label,
            ]
            for b in pack.themes
            for d in b.demands
        ),
        widths=(16, 7, 48, 12, 9, 36, 14, 24, 16),
    )
    add_sheet(
        wb,
        _("처리결과와 사유"),
        [
            _("번호"),
            _("정책 수요"),
            _("처리결과"),
            _("사유 구분·사유"),
            _("한계"),
            _("수단"),
            _("이행 예정일"),
            _("소관부서"),
        ],
        (
            [
                d.id,
                d.title,
                d.outcome_label,
                _decision_text(d),
                d.disposition.limits if d.disposition else "",
                d.instrument_label,
                d.disposition.due_date if d.disposition else None,
                d.department,
            ]
            for d in pack.decisions
        ),
        widths=(7, 40, 12, 48, 40, 16, 13, 24),
    )
    add_sheet(
        wb,
        _("답변 기한 초과"),
        [_("번호"), _("정책 수요"), _("소관부서"), _("답변 기한"), _("초과 일수"), _("요청 기관 수")],
        ([d.id, d.title, d.department, d.answer_due, d.days_over, d.org_count] for d in pack.overdue),
        widths=(7, 48, 26, 13, 10, 12),
    )
    add_sheet(
        wb,
        _("법령·조례 필요"),
        [
            _("번호"),
            _("정책 수요"),
            _("수단"),
            _("사유 구분·사유"),
            _("한계"),
            _("요청 기관 수"),
            _("조문 대비표"),
        ],
        (
            [
                d.id,
                d.title,
                d.instrument_label,
                _decision_text(d),
                d.disposition.limits if d.disposition else "",
                d.org_count,
                "\n".join(d.amendments),
            ]
            for d in pack.legal
        ),
        widths=(7, 40, 16, 44, 40, 12, 34),
    )
    if pack.answer_times is not None:
        add_sheet(
            wb,
            _("답변 소요 기간"),
            [
                _("소관부서"),
                _("배정"),
                _("답변"),
                _("대기"),
                _("기한 초과"),
                _("중앙값(일)"),
                _("90%(일)"),
                _("기한 내 답변"),
            ],
            (
                [
                    t.department,
                    t.assigned,
                    t.answered,
                    t.waiting,
                    t.overdue,
                    t.median_days,
                    t.p90_days,
                    t.within_deadline,
                ]
                for t in pack.answer_times
            ),
            widths=(28, 8, 8, 8, 10, 11, 10, 12),
        )
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if (
                    cell.value is not None
                    and hasattr(cell.value, "isoformat")
                    and not isinstance(cell.value, str)
                ):
                    cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(wb)


def meeting_pdf(summary: MeetingSummary) -> bytes:
    """Return a meeting's summary as PDF: its particulars, the agenda, and what was voiced, by demand."""
    return render_pdf(
        "reports/meeting.html",
        {
            "s": summary,
            "e": summary.engagement,
            "title": _("%(meeting)s 결과 요약") % {"meeting": summary.engagement.title},
            "today_label": kdate(summary.today),
        },
    )


def meeting_xlsx(summary: MeetingSummary) -> bytes:
    """Return a meeting's summary as a workbook: particulars, agenda, and the proposals by demand."""
    e = summary.engagement
    wb = Workbook()
    add_sheet(
        wb,
        _("개요"),
        [_("항목"), _("내용")],
        [
            [_("회의"), e.title],
            [_("시리즈"), e.series.title],
            [_("차수"), e.round],
            [_("일시"), kdatetime(e.starts_at)],
            [_("장소"), e.place],
            [_("주제"), e.theme],
            [_("참석 인원"), e.attendee_count],
            [_("제안 수"), summary.proposals],
            [_("제안한 기관 수"), summary.organisations],
        ],
        widths=(18, 60),
        first=True,
        caption=_("%(meeting)s 결과 요약") % {"meeting": e.title},
    )
    add_sheet(
        wb,
        _("발제"),
        [_("순서"), _("발제자"), _("소속"), _("주제")],
        ([i, presenter, org, topic] for i, (presenter, org, topic) in enumerate(summary.agenda, start=1)),
        widths=(7, 16, 28, 60),
    )
    add_sheet(
        wb,
        _("건의사항"),
        [_("분야"), _("정책 수요"), _("처리 상태"), _("기관"), _("제안 내용(원문)")],
        (
            [g.theme, g.title, g.outcome_label, line.organisation, line.text]
            for g in summary.groups
            for line in g.lines
        ),
        widths=(16, 40, 14, 24, 70),
    )
    return workbook_bytes(wb)
