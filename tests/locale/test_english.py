"""English as the second language: the switch in the header turns every page English, and back to Korean."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse


def switch(client: Client, language: str, next_url: str = "/") -> Any:
    """Press the language button in the header, as a browser would, and follow the redirect."""
    return client.post("/i18n/setlang/", {"language": language, "next": next_url}, follow=True)


def text_of(response: Any) -> str:
    return response.content.decode()


def test_the_front_page_switches_to_english_and_back(client: Client, published: Any) -> None:
    # given a visitor on the Korean front page
    assert "로그인" in text_of(client.get("/"))

    # when they press "English"
    response = switch(client, "en")

    # then the front page is English, with the Korean button to go back
    page = text_of(response)
    assert response.status_code == 200
    assert '<html lang="en">' in page
    for english in ("Public tracker", "Make a proposal", "Log in", "Published demands"):
        assert english in page
    for korean in ("로그인", "정책 수요 현황", "공개된 정책 수요", "제안하기"):
        assert korean not in page
    assert 'value="ko"' in page and "한국어" in page

    # when they press "한국어"
    page = text_of(switch(client, "ko"))

    # then it is Korean again
    assert '<html lang="ko">' in page
    assert "로그인" in page and "Log in" not in page


def test_the_public_tracker_shows_outcomes_in_english(client: Client, published: Any) -> None:
    # given the tracker in English
    switch(client, "en")

    # when a visitor opens it
    page = text_of(client.get(reverse("public:tracker")))

    # then the labels and the outcome are English; the demand keeps its own (Korean) words
    assert "Long-term review" in page and "Search" in page
    assert "중장기 검토" not in page and "정책 수요 현황" not in page
    assert published.title in page


def test_the_public_demand_page_in_english(client: Client, published: Any) -> None:
    switch(client, "en")

    page = text_of(client.get(reverse("public:demand", args=[published.id])))

    assert "Needs a national law change" in page and "Limits" in page
    assert "국가 법령 개정 필요" not in page and "처리 결과" not in page


def test_the_login_page_in_english(client: Client) -> None:
    # when the language is switched on the login page itself
    response = switch(client, "en", reverse("login"))

    # then the visitor stays on the login page, now in English
    page = text_of(response)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Username" in page and "Password" in page and "Log in" in page
    assert "아이디" not in page and "비밀번호" not in page


def test_a_staff_list_page_in_english(login: Any, staff: Any, published: Any) -> None:
    # given staff who chose English
    client = login(staff)
    switch(client, "en")

    # when they open the list of demands
    page = text_of(client.get(reverse("voices:demand_list")))

    # then the menu, filters and the status tag are English
    for english in ("Demands", "Responsible department", "Round tables", "Long-term review", "Log out"):
        assert english in page
    for korean in ("소관부서", "간담회", "중장기 검토", "로그아웃"):
        assert korean not in page
    assert published.title in page


def test_the_decision_form_in_english(login: Any, officer: Any, assigned: Any) -> None:
    # given a department officer who chose English
    client = login(officer)
    switch(client, "en")

    # when they open the decision form of a demand assigned to them
    page = text_of(client.get(reverse("policy:decide", args=[assigned.id])))

    # then the outcomes, reason codes and instruments read in English
    for english in ("Adopted", "Partly adopted", "Not adopted", "Referred", "Reason", "Limits", "Instrument"):
        assert english in page
    for korean in ("반영 곤란", "타 기관 이관", "사유 구분", "추진 수단", "처리결과 저장"):
        assert korean not in page


def test_a_refused_decision_explains_itself_in_english(login: Any, officer: Any, assigned: Any) -> None:
    client = login(officer)
    switch(client, "en")

    # when an officer says "not adopted" without a reason
    response = client.post(reverse("policy:decide", args=[assigned.id]), {"outcome": "not_adopted"})

    # then the form comes back with the English message and nothing in Korean about it
    page = text_of(response)
    assert response.status_code == 200
    assert "Write the reason." in page
    assert "사유를 적어 주세요." not in page


def test_dates_and_deadlines_follow_the_language(settings: Any) -> None:
    import datetime as dt

    from django.utils import translation

    from sori.core.formatting import dday, kdate

    with translation.override("en"):
        assert kdate(dt.date(2025, 11, 11)) == "2025. 11. 11.(Tue)"
        assert dday(dt.date(2025, 11, 17), dt.date(2025, 11, 20)) == "3 days overdue"
        assert dday(dt.date(2025, 11, 19), dt.date(2025, 11, 20)) == "1 day overdue"
    with translation.override("ko"):
        assert kdate(dt.date(2025, 11, 11)) == "2025. 11. 11.(화)"
        assert dday(dt.date(2025, 11, 17), dt.date(2025, 11, 20)) == "3일 초과"


def test_korean_stays_the_default(client: Client, published: Any) -> None:
    # a visitor who never pressed the button (and whose browser asks for nothing else) sees Korean
    page = text_of(client.get(reverse("public:tracker")))
    assert "중장기 검토" in page
    assert re.search(r'<html lang="ko">', page)
