"""A meeting's summary: what was voiced in that round, grouped by the demand it became, with its agenda."""

from __future__ import annotations

import io

import openpyxl

from sori.reports.documents import meeting_pdf, meeting_xlsx
from sori.reports.selectors import meeting_summary


def test_the_round_is_grouped_by_demand_and_theme(world, today) -> None:
    # when
    summary = meeting_summary(engagement=world.round1, today=today)
    # then: 5 proposals from 4 organisations at round 1, in two demands of the compute theme
    assert (summary.proposals, summary.organisations) == (5, 4)
    assert [(g.title, g.theme, g.org_count, len(g.lines)) for g in summary.groups] == [
        ("GPU 사용기간 12개월 이상·연장 허용", "컴퓨팅·GPU", 4, 4),
        ("데이터 규제자유지역 지정", "컴퓨팅·GPU", 1, 1),
    ]
    assert [line.organisation for line in summary.groups[0].lines] == [
        "㈜아이티앱스",
        "㈜빛고을데이터",
        "광주뿌리기업협회",
        "비공개 기관",
    ]
    assert summary.agenda[0] == ("조춘호", "㈜아이티앱스", "국가AI데이터센터 GPU 활용 경험과 과제")


def test_ungrouped_proposals_come_last(world, today) -> None:
    summary = meeting_summary(engagement=world.round2, today=today)
    assert summary.groups[-1].title == "아직 수요로 묶이지 않은 제안"
    assert summary.groups[-1].lines[0].text == "수도권 이전 기업과 지역 기업의 상생 방안이 필요합니다."


def test_the_pdf_reads_as_the_round_summary(world, today, pdf) -> None:
    data = meeting_pdf(meeting_summary(engagement=world.round1, today=today))
    assert pdf.dark_share(data, 0) > 0.005
    text = pdf.compact(pdf.text(data))
    for words in (
        "제1차AI기업조찬간담회결과요약",
        "2025.11.11.(화)07:30",
        "광주광역시의회대회의실",
        "70명",
        "국가AI데이터센터GPU활용경험과과제",
        "GPU사용기간을6개월에서12개월이상으로늘려주세요.",
        "일부반영",
    ):
        assert words in text
    assert "㈜조용한AI" not in pdf.text(data)


def test_the_workbook_lists_every_proposal_of_the_round(world, today) -> None:
    wb = openpyxl.load_workbook(
        io.BytesIO(meeting_xlsx(meeting_summary(engagement=world.round1, today=today)))
    )
    assert wb.sheetnames == ["개요", "발제", "건의사항"]
    facts = {row[0]: row[1] for row in wb["개요"].iter_rows(min_row=3, values_only=True)}
    assert facts["제안 수"] == 5 and facts["제안한 기관 수"] == 4 and facts["참석 인원"] == 70
    rows = list(wb["건의사항"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5
    assert rows[0] == (
        "컴퓨팅·GPU",
        "GPU 사용기간 12개월 이상·연장 허용",
        "일부 반영",
        "㈜아이티앱스",
        "GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요.",
    )
