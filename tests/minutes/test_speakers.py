"""The speaker grammar and ``parse_line``: every form offices write, and no invented organisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sori.minutes import Role, normalise_organisation, organisation_key, parse_line, parse_speaker, role_of

FORMS = [
    ("○ 김종민 분과장: AI는 빠르다.", ("김종민", "분과장", ""), "AI는 빠르다."),
    ("○ 위원장 강수훈: 감사합니다.", ("강수훈", "위원장", ""), "감사합니다."),
    ("◆ 조춘호 ㈜아이티앱스 대표", ("조춘호", "대표", "㈜아이티앱스"), ""),
    (
        "김세영 ㈜엑스알에이아이 이사: 실증이 필요하다.",
        ("김세영", "이사", "㈜엑스알에이아이"),
        "실증이 필요하다.",
    ),
    (
        "조춘호 대표(㈜아이티앱스): GPU를 늘려 주세요.",
        ("조춘호", "대표", "㈜아이티앱스"),
        "GPU를 늘려 주세요.",
    ),
    ("[솔트룩스] 홍길동 팀장", ("홍길동", "팀장", "솔트룩스"), ""),
    ("[솔트룩스] 홍길동 팀장 상생이 필요합니다.", ("홍길동", "팀장", "솔트룩스"), "상생이 필요합니다."),
    ("김세영 이사", ("김세영", "이사", ""), ""),
    ("주식회사 아이티앱스 조춘호 대표: 네.", ("조춘호", "대표", "㈜아이티앱스"), "네."),
    ("○ 조춘호(㈜아이티앱스 대표)：네.", ("조춘호", "대표", "㈜아이티앱스"), "네."),
    ("◇ 박서준 대표 (주)무등로보틱스: 네.", ("박서준", "대표", "㈜무등로보틱스"), "네."),
    (
        "◆ 조춘호 ㈜아이티앱스 대표 GPU 사용기간을 늘려 주세요.",
        ("조춘호", "대표", "㈜아이티앱스"),
        "GPU 사용기간을 늘려 주세요.",
    ),
    (
        "○ 위원장 강수훈 오늘 참석해 주셔서 감사합니다.",
        ("강수훈", "위원장", ""),
        "오늘 참석해 주셔서 감사합니다.",
    ),
    ("김운섭 광주테크노파크 정책기획본부장", ("김운섭", "정책기획본부장", "광주테크노파크"), ""),
    ("○ 남궁민수 대표: 네.", ("남궁민수", "대표", ""), "네."),
]


@pytest.mark.parametrize(("line", "who", "rest"), FORMS)
def test_speaker_forms(line: str, who: tuple[str, str, str], rest: str) -> None:
    parsed = parse_line(line)
    assert parsed.speaker is not None
    assert (parsed.speaker.name, parsed.speaker.title, parsed.speaker.organisation) == who
    assert parsed.text == rest


@pytest.mark.parametrize(
    "line",
    [
        "일시: 2025. 11. 11.(화) 07:30",
        "□ 일시: 2025년 11월 14일(금) 오전 7시 30분",
        "정리: 세 가지로 나뉜다",
        "강수훈 위원장은 피드백이 특위의 역할이라고 밝혔다",
        "조춘호 대표 말씀처럼 GPU가 부족하다",
        "이번 간담회에서 나온 의견을 정리하겠습니다.",
        "AI는 빠르고 제조는 느리다.",
        "",
    ],
)
def test_lines_that_name_no_one(line: str) -> None:
    parsed = parse_line(line)
    assert parsed.speaker is None
    assert parsed.text == " ".join(line.split())


def test_chair_has_no_organisation_made_from_his_name() -> None:
    speaker = parse_line("위원장 강수훈: 오늘 주신 의견을 반영하겠습니다.").speaker
    assert speaker is not None
    assert (speaker.name, speaker.title, speaker.organisation, speaker.role) == (
        "강수훈",
        "위원장",
        "",
        Role.CHAIR,
    )


def test_parse_speaker_takes_only_a_header() -> None:
    assert parse_speaker("조춘호 ㈜아이티앱스 대표") is not None
    assert parse_speaker("조춘호 대표: GPU를 늘려 주세요.") is None


@pytest.mark.parametrize(
    ("title", "organisation", "role"),
    [
        ("위원장", "", Role.CHAIR),
        ("의장", "", Role.CHAIR),
        ("위원", "", Role.MEMBER),
        ("시의원", "", Role.MEMBER),
        ("AI정책과장", "", Role.OFFICIAL),
        ("국장", "광주광역시", Role.OFFICIAL),
        ("사무국장", "광주뿌리기업협회", Role.PARTICIPANT),  # an association's, not the city's
        ("팀장", "솔트룩스", Role.PARTICIPANT),
        ("대표", "㈜아이티앱스", Role.PARTICIPANT),
    ],
)
def test_roles(title: str, organisation: str, role: Role) -> None:
    assert role_of(title, organisation) is role


@pytest.mark.parametrize(
    ("written", "display"),
    [
        ("(주)아이티앱스", "㈜아이티앱스"),
        ("㈜아이티앱스", "㈜아이티앱스"),
        ("주식회사 아이티앱스", "㈜아이티앱스"),
        ("아이티앱스(주)", "㈜아이티앱스"),
        ("재단법인 광주문화기술", "(재)광주문화기술"),
        ("(사)광주뿌리기업협회", "(사)광주뿌리기업협회"),
        ("사단법인 광주뿌리기업협회", "(사)광주뿌리기업협회"),
        ("(유) 무등랩", "(유)무등랩"),
        ("솔트룩스", "솔트룩스"),
    ],
)
def test_company_forms_display_one_way_and_compare_equal(written: str, display: str) -> None:
    org = normalise_organisation(written)
    assert org.display == display
    assert org.key == organisation_key(display)


@given(st.text(max_size=200))
def test_parse_line_never_fails_and_keeps_the_words(text: str) -> None:
    parsed = parse_line(text)
    if parsed.speaker is None:
        assert parsed.text == " ".join(text.split())
    else:
        assert parsed.speaker.name
        assert parsed.speaker.name not in parsed.speaker.organisation.split()
