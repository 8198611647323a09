"""The main menu: each role sees what it may open, grouped so it fits on one line, the current page marked."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    match = re.search(r'<nav class="nav".*?</nav>', html, re.S)
    assert match
    return match.group(0)


def _top_level(nav: str) -> list[str]:
    """Return the labels of the menu's top-level entries: plain links and group names."""
    without_groups = re.sub(r'<div class="menu-links">.*?</div>', "", nav, flags=re.S)
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r"<a [^>]*>.*?</a>|<summary>.*?</summary>", without_groups, re.S)
    ]


def test_staff_menu_groups_the_voices_and_the_ecosystem(login: Any, staff: User) -> None:
    nav = _nav(login(staff).get("/home/").content.decode())
    assert _top_level(nav) == [
        "정책 수요 현황",
        "제안하기",
        "할 일",
        "간담회",
        "제안·수요",
        "생태계",
        "보고서",
    ]
    voices = re.search(r"<summary>제안·수요</summary>(.*?)</details>", nav, re.S)
    assert voices and re.findall(r">([^<]+)</a>", voices.group(1)) == [
        "제안",
        "자동 정리",
        "정책 수요",
        "입법 추진",
        "회신",
    ]
    ecosystem = re.search(r"<summary>생태계</summary>(.*?)</details>", nav, re.S)
    assert ecosystem and re.findall(r">([^<]+)</a>", ecosystem.group(1)) == [
        "기관",
        "성과 지표",
        "지원사업",
        "인재 양성",
        "미드필더 연결",
    ]


def test_a_group_with_one_entry_left_is_a_plain_link(login: Any, company_user: User) -> None:
    nav = _nav(login(company_user).get("/home/", follow=True).content.decode())
    assert _top_level(nav) == ["정책 수요 현황", "제안하기", "할 일", "지원사업"]
    assert "<details" not in nav


def test_officers_and_visitors_see_only_their_own_entries(login: Any, officer: User, client: Client) -> None:
    officer_menu = _top_level(_nav(login(officer).get("/").content.decode()))
    assert officer_menu == ["정책 수요 현황", "제안하기", "할 일", "입법 추진", "부서 답변함", "성과 지표"]
    assert _top_level(_nav(client.get("/").content.decode())) == ["정책 수요 현황", "제안하기"]


def test_the_page_being_viewed_is_marked_in_the_menu(login: Any, staff: User) -> None:
    nav = _nav(login(staff).get("/staff/demands/").content.decode())
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', nav) == ["/staff/demands/"]
    assert '<details class="menu current">\n          <summary>제안·수요</summary>' in nav
    # the front page marks nothing, though every address starts with "/"
    assert "aria-current" not in _nav(login(staff).get("/").content.decode())


def test_the_menu_speaks_english_when_asked(login: Any, staff: User) -> None:
    client = login(staff)
    client.post("/i18n/setlang/", {"language": "en", "next": "/home/"})
    nav = _nav(client.get("/home/").content.decode())
    assert "Proposals &amp; demands" in nav and "Ecosystem" in nav
