"""Linking names heard in minutes to registry entries."""

from __future__ import annotations

from sori.minutes import best_match, name_key, rank_matches

ORGS = [(1, "㈜아이티앱스"), (2, "㈜엑스알에이아이"), (3, "솔트룩스"), (4, "광주뿌리기업협회")]
PEOPLE = [(10, "조춘호"), (11, "김세영"), (12, "김종민")]


def test_exact_key_match_is_certain_whatever_the_company_form() -> None:
    for written in ("(주)아이티앱스", "주식회사 아이티앱스", "아이티앱스(주)", "㈜ 아이티앱스"):
        match = best_match(written, ORGS)
        assert match is not None
        assert (match.key, match.confidence) == (1, 1.0)


def test_one_mistyped_syllable_still_matches_below_certainty() -> None:
    match = best_match("김세형", PEOPLE)
    assert match is not None and match.key == 11
    assert 0.6 <= match.confidence < 1.0


def test_a_longer_spelling_matches_the_registered_body() -> None:
    match = best_match("솔트룩스 광주지사", ORGS)
    assert match is not None and match.key == 3


def test_unrelated_names_do_not_match() -> None:
    assert best_match("박서준", PEOPLE) is None
    assert best_match("무등로보틱스", ORGS) is None


def test_ranking_is_best_first_and_limited() -> None:
    ranked = rank_matches("김세영", PEOPLE, min_confidence=0.0, limit=2)
    assert [m.key for m in ranked] == [11, 12]
    assert ranked[0].confidence > ranked[1].confidence


def test_name_key_ignores_honorific_and_spacing() -> None:
    assert name_key("김 세영님") == name_key("김세영")
