"""Every format of the labelled minutes yields the labelled candidates, with the right speakers."""

from __future__ import annotations

import pytest

from sori.minutes import Role, extract_file
from sori.minutes.samples import SCRIPTS, WRITERS, expected_for, score

from .conftest import need_format, rendered

CASES = [(s.name, fmt) for s in SCRIPTS for fmt in WRITERS]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_each_format_yields_the_labelled_candidates(name: str, fmt: str) -> None:
    # given
    need_format(fmt)
    script = next(s for s in SCRIPTS if s.name == name)
    data, filename = rendered(name, fmt)
    # when
    extraction = extract_file(data, filename)
    result = score(extraction, expected_for(script, fmt), script.not_proposals)
    # then
    assert result.recall >= 0.9, result.missing
    assert result.precision >= 0.9
    assert result.procedural_taken == ()


@pytest.mark.parametrize("fmt", ["hwpx", "hwp", "docx", "txt", "pdf"])
def test_meeting_title_and_date_are_found(fmt: str) -> None:
    need_format(fmt)
    for script in SCRIPTS:
        meeting = extract_file(*rendered(script.name, fmt)).meeting.to_json()
        assert meeting["title"] == script.title
        assert meeting["date"] == script.date
        assert meeting["time"] == script.time


def test_seed_round_table_speakers_and_organisations() -> None:
    extraction = extract_file(*rendered("round1", "hwpx"))
    by_speaker = {(c.speaker, c.title, c.organisation) for c in extraction.candidates}
    assert ("조춘호", "대표", "㈜아이티앱스") in by_speaker
    assert ("김세영", "이사", "㈜엑스알에이아이") in by_speaker
    assert ("홍길동", "팀장", "솔트룩스") in by_speaker
    assert ("김종민", "인공지능분과장", "광주 9대산업협의회") in by_speaker
    # The committee member's own suggestion is hers, with no organisation.
    assert ("박미정", "위원", "") in by_speaker
    members = [c for c in extraction.candidates if c.speaker == "박미정"]
    assert members[0].role is Role.MEMBER


def test_chair_and_officials_give_no_candidates() -> None:
    for script in SCRIPTS:
        extraction = extract_file(*rendered(script.name, "hwpx"))
        speakers = {c.speaker for c in extraction.candidates}
        assert "강수훈" not in speakers  # greetings, giving the floor, closing promise
        assert "이영수" not in speakers and "오정훈" not in speakers  # officials answering
        assert "정은지" not in speakers  # the master of ceremonies


def test_gpu_request_keeps_its_words_and_source_paragraph() -> None:
    extraction = extract_file(*rendered("round1", "docx"))
    gpu = next(c for c in extraction.candidates if "12개월" in c.text)
    assert gpu.kind == "request"
    assert gpu.speaker == "조춘호"
    assert gpu.text in gpu.source.text
    assert gpu.source.text.startswith("GPU 사용기간을 최소 12개월로")


def test_continuation_paragraphs_belong_to_the_last_speaker() -> None:
    extraction = extract_file(*rendered("round2", "txt"))
    testbed = next(c for c in extraction.candidates if "테스트베드" in c.text)
    assert (testbed.speaker, testbed.organisation, testbed.kind) == ("박서준", "㈜무등로보틱스", "suggestion")


def test_written_suggestions_table_gives_one_candidate_per_row_with_its_kind() -> None:
    extraction = extract_file(*rendered("round1", "xlsx"))
    got = [(c.speaker, c.organisation, c.kind) for c in extraction.candidates]
    assert got == [
        ("김다온", "㈜빛고을데이터", "request"),
        ("최민호", "광주뿌리기업협회", "complaint"),
        ("이하늘", "㈜무등콘텐츠AI", "suggestion"),
    ]


def test_skipped_paragraphs_cover_the_procedural_remarks() -> None:
    extraction = extract_file(*rendered("round1", "hwpx"))
    reasons = {s.reason for s in extraction.skipped}
    assert {"meeting_info", "procedural", "official", "speaker_line", "heading"} <= reasons
    numbers = [s.paragraph for s in extraction.skipped] + [c.source.paragraph for c in extraction.candidates]
    assert min(numbers) == 1
