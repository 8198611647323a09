"""The committee's briefing pack: the figures, the PDF a committee member reads, the workbook, the command."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from sori.cli import main
from sori.reports.documents import briefing_pdf, briefing_xlsx
from sori.reports.selectors import briefing_pack
from sori.voices.outcomes import Outcome


def test_the_figures_match_a_hand_count(world, today) -> None:
    # when
    pack = briefing_pack(today=today)
    # then (see the world fixture for the hand count)
    assert (pack.proposals_voiced, pack.organisations_voiced, pack.ungrouped) == (10, 6, 1)
    assert (pack.demands, pack.answered, pack.awaiting, pack.unassigned) == (5, 3, 1, 1)
    counts = {o.outcome: o.count for o in pack.by_outcome}
    assert counts == {
        Outcome.ADOPTED: 1,
        Outcome.PARTLY_ADOPTED: 1,
        Outcome.UNDER_REVIEW: 0,
        Outcome.LONG_TERM: 0,
        Outcome.NOT_ADOPTED: 1,
        Outcome.REFERRED: 0,
    }
    [overdue] = pack.overdue
    assert (overdue.title, overdue.department, overdue.days_over) == (
        "실증 공간제공형 참여 문턱 낮추기",
        "광주광역시 기업육성과",
        9,
    )
    assert [d.title for d in pack.legal] == ["GPU 사용기간 12개월 이상·연장 허용", "데이터 규제자유지역 지정"]


def test_demands_are_grouped_by_theme_with_distinct_organisations(world, today) -> None:
    pack = briefing_pack(today=today)
    by_theme = {b.name: [(d.title, d.org_count, d.proposal_count) for d in b.demands] for b in pack.themes}
    assert list(by_theme) == ["컴퓨팅·GPU", "실증·테스트베드", "인재", "분야 미지정"]
    assert by_theme["컴퓨팅·GPU"] == [
        ("GPU 사용기간 12개월 이상·연장 허용", 4, 4),
        ("데이터 규제자유지역 지정", 1, 1),
    ]
    gpu = pack.themes[0].demands[0]
    # a company that did not agree to be named is counted but not named
    assert "비공개 기관" in gpu.organisations and "㈜조용한AI" not in gpu.organisations


def test_a_period_counts_only_what_was_voiced_in_it(world, today) -> None:
    # when: only the second meeting (14 Nov)
    pack = briefing_pack(date_from=dt.date(2025, 11, 12), date_to=dt.date(2025, 11, 30), today=today)
    # then
    assert (pack.proposals_voiced, pack.demands, pack.ungrouped) == (5, 3, 1)
    assert {d.title for b in pack.themes for d in b.demands} == {
        "실증 공간제공형 참여 문턱 낮추기",
        "AI사관학교 기업 맞춤형 인재 연계",
        "AI 바우처 정산 간소화",
    }
    assert pack.period == "2025. 11. 12.(수) ~ 2025. 11. 30.(일)"


def test_the_pdf_opens_with_a_one_page_summary_in_korean(world, today, pdf) -> None:
    # when
    data = briefing_pdf(briefing_pack(today=today))
    # then the first page is not blank and reads as the committee's summary
    assert data.startswith(b"%PDF")
    assert pdf.dark_share(data, 0) > 0.005
    first = pdf.compact(pdf.text(data).split("\f")[0])
    for words in (
        "광주광역시의회인공지능실증도시특별위원회",
        "정책수요처리현황보고",
        "2025.11.28.(금)",
        "한눈에보기",
        "접수된제안",
        "답변기한초과",
    ):
        assert words in first
    text = pdf.compact(pdf.text(data))
    for words in ("1.분야별정책수요", "2.처리결과와사유", "3.답변기한초과", "4.법령·조례가필요한사항"):
        assert words in text
    assert "광주광역시기업육성과" in text and "9일" in text
    assert "국가법령개정필요" in text and "시는지정신청과법개정건의를할수있습니다." in text
    assert pdf.pages(data) >= 2


def test_the_workbook_has_the_summary_first_and_one_sheet_per_section(world, today) -> None:
    # when
    wb = openpyxl.load_workbook(io.BytesIO(briefing_xlsx(briefing_pack(today=today))))
    # then
    assert wb.sheetnames[:5] == ["요약", "분야별 수요", "처리결과와 사유", "답변 기한 초과", "법령·조례 필요"]
    summary = {row[0]: row[1] for row in wb["요약"].iter_rows(min_row=3, values_only=True)}
    assert summary["접수된 제안"] == 10
    assert summary["제안한 기관"] == 6
    assert summary["정책 수요"] == 5
    assert summary["답변 기한 초과"] == 1
    assert summary["법령·조례 필요"] == 2
    assert summary["처리결과: 반영 곤란"] == 1
    themes = list(wb["분야별 수요"].iter_rows(min_row=2, values_only=True))
    assert themes[0][:5] == ("컴퓨팅·GPU", world.gpu.id, "GPU 사용기간 12개월 이상·연장 허용", 4, 4)
    [overdue] = list(wb["답변 기한 초과"].iter_rows(min_row=2, values_only=True))
    assert overdue[1:3] == ("실증 공간제공형 참여 문턱 낮추기", "광주광역시 기업육성과") and overdue[4] == 9
    legal = [r[1] for r in wb["법령·조례 필요"].iter_rows(min_row=2, values_only=True)]
    assert legal == ["GPU 사용기간 12개월 이상·연장 허용", "데이터 규제자유지역 지정"]


def test_an_empty_database_still_gives_a_pack(db, pdf) -> None:
    pack = briefing_pack()
    assert (pack.proposals_voiced, pack.demands, pack.overdue, pack.legal) == (0, 0, (), ())
    data = briefing_pdf(pack)
    assert "이기간에정리된정책수요가없습니다" in pdf.compact(pdf.text(data))
    wb = openpyxl.load_workbook(io.BytesIO(briefing_xlsx(pack)))
    assert wb.sheetnames[0] == "요약"


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_command_writes_the_pack(world, tmp_path, capsys, fmt, pdf) -> None:
    # given
    out = tmp_path / f"pack.{fmt}"
    # when
    code = main(["report", "briefing", "--format", fmt, "-o", str(out), "--from", "2025-11-01"])
    # then
    assert code == 0
    assert "제안 10건" in capsys.readouterr().err
    data = out.read_bytes()
    if fmt == "pdf":
        assert "정책수요처리현황보고" in pdf.compact(pdf.text(data))
    else:
        assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames[0] == "요약"


def test_the_command_refuses_a_backwards_period(db, tmp_path, capsys) -> None:
    code = main(
        ["report", "briefing", "-o", str(tmp_path / "x.pdf"), "--from", "2025-12-01", "--to", "2025-11-01"]
    )
    assert code == 2
    assert "--from가 --to보다 늦습니다" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
