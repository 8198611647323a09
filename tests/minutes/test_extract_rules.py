"""Turns, candidates and their kinds on small texts; documents without speakers are refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sori.documents import Document, Paragraph, TableBlock
from sori.minutes import KINDS, SKIP_REASONS, MinutesError, classify, extract, is_procedural, split_sentences


def doc(*blocks: str | TableBlock) -> Document:
    return Document(tuple(Paragraph(b) if isinstance(b, str) else b for b in blocks), "txt", "test.txt")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("제도를 개선해 주기 바란다.", "request"),
        ("교육 과정을 운영해 달라.", "request"),
        ("현장 의견을 반영해 주시기를 부탁드립니다.", "request"),
        ("중간에 미드필더가 필요하다.", "suggestion"),
        ("기간을 12개월로 늘려야 한다.", "suggestion"),
        ("지원이 계속됐으면 합니다.", "suggestion"),
        ("실증사업은 접근성이 떨어진다.", "complaint"),
        ("정산 서류 때문에 애로가 많습니다.", "complaint"),
        ("저희는 안전관리 솔루션을 개발하고 있습니다.", None),
    ],
)
def test_kinds(sentence: str, kind: str | None) -> None:
    assert classify(sentence) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "참석해 주셔서 감사합니다.",
        "오늘 주신 의견을 면밀히 정리해 정책에 반영되도록 노력하겠습니다.",
        "관련 부서에 전달하겠습니다.",
        "검토하겠습니다.",
        "다음은 조춘호 대표님 말씀해 주시기 바랍니다.",
        "이상으로 간담회를 마치겠습니다.",
    ],
)
def test_procedural_remarks(sentence: str) -> None:
    assert is_procedural(sentence)


def test_should_is_not_a_promise() -> None:
    assert not is_procedural("GPU 배분 기준을 다시 검토해야 하겠습니다.")
    assert classify("GPU 배분 기준을 다시 검토해야 하겠습니다.") == "suggestion"


def test_sentences_split_at_endings_not_inside_dates() -> None:
    text = "2025. 11. 11. 회의에서 말했다. GPU가 부족하다! 늘려 줄 수 있나요? 네"
    assert split_sentences(text) == [
        "2025. 11. 11. 회의에서 말했다.",
        "GPU가 부족하다!",
        "늘려 줄 수 있나요?",
        "네",
    ]


def test_short_proposal_takes_the_sentence_it_leans_on() -> None:
    extraction = extract(doc("○ 김종민 분과장: AI는 빠르고 제조는 느리다. 중간에 미드필더가 필요하다."))
    assert [c.text for c in extraction.candidates] == [
        "AI는 빠르고 제조는 느리다. 중간에 미드필더가 필요하다."
    ]


def test_member_suggestion_is_a_proposal_but_chair_thanks_are_not() -> None:
    extraction = extract(
        doc(
            "○ 위원장 강수훈: 참석해 주셔서 감사합니다. 오늘 의견은 면밀히 정리해 반영되도록 노력하겠습니다.",
            "○ 위원 박미정: 실증 공모에 지역 기업 가점이 필요합니다.",
        )
    )
    assert [(c.speaker, c.organisation, c.kind) for c in extraction.candidates] == [
        ("박미정", "", "suggestion")
    ]
    assert extraction.skipped[0].reason == "procedural"


def test_heading_ends_the_turn() -> None:
    extraction = extract(doc("○ 조춘호 대표: 안녕하십니까.", "3. 폐회", "GPU 기간 연장이 필요합니다."))
    assert extraction.candidates == ()
    assert [s.reason for s in extraction.skipped] == ["procedural", "heading", "before_speakers"]


def test_no_speaker_turns_is_an_error_naming_the_file() -> None:
    with pytest.raises(MinutesError) as raised:
        extract(doc("광주 AI 산업 동향", "GPU 수요가 늘고 있다. 지원이 필요하다."))
    assert raised.value.code == "no_speakers"
    assert "test.txt" in str(raised.value)
    assert "발언자를 찾지 못했습니다" in str(raised.value)


def test_table_without_content_column_is_skipped() -> None:
    table = TableBlock((("성명", "소속"), ("조춘호", "㈜아이티앱스")))
    extraction = extract(doc("○ 조춘호 대표: GPU 기간을 늘려 주세요.", table))
    assert len(extraction.candidates) == 1
    assert [s.reason for s in extraction.skipped] == ["table", "table"]


def test_json_form_has_exactly_the_documented_keys() -> None:
    extraction = extract(
        doc("제1차 간담회", "2025년 11월 11일", "○ 조춘호 ㈜아이티앱스 대표: GPU 기간을 늘려 주세요.")
    )
    data = json.loads(json.dumps(extraction.to_json(), ensure_ascii=False))
    assert set(data) == {"meeting", "candidates", "skipped"}
    assert data["meeting"] == {"title": "제1차 간담회", "date": "2025-11-11"}
    (candidate,) = data["candidates"]
    assert set(candidate) == {"speaker", "title", "organisation", "text", "kind", "source"}
    assert candidate["source"] == {
        "paragraph": 3,
        "text": "○ 조춘호 ㈜아이티앱스 대표: GPU 기간을 늘려 주세요.",
    }
    assert candidate["kind"] in KINDS
    assert all(s["reason"] in SKIP_REASONS for s in data["skipped"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=12))
def test_extract_never_fails_except_for_no_speakers(paragraphs: list[str]) -> None:
    blocks = tuple(Paragraph(p) for p in paragraphs if p.strip())
    try:
        extraction = extract(Document(blocks, "txt"))
    except MinutesError as exc:
        assert exc.code == "no_speakers"
        return
    for c in extraction.candidates:
        assert c.kind in KINDS
        assert 1 <= c.source.paragraph <= len(blocks)
