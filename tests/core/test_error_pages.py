"""Error pages speak Korean, say why, and lead somewhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from sori.voices import services

pytestmark = pytest.mark.django_db


def test_refused_page_shows_the_reason_the_code_gives(
    login: Any, staff: Any, other_officer: Any, department: Any, meeting: Any
) -> None:
    # given a demand assigned to one department
    p = services.proposal_record(text="GPU 사용기간 연장", actor=staff, engagement=meeting)
    demand = services.demand_create(title="GPU 사용기간 연장", proposal_ids=[p.id], actor=staff)
    services.demand_assign(demand=demand, department=department, actor=staff)
    # when an officer of another department opens its answer form
    response = login(other_officer).get(reverse("policy:decide", args=[demand.id]))
    # then the refusal says why, in Korean, with a way back
    page = response.content.decode()
    assert response.status_code == 403
    assert "다른 부서에 배정된 수요에는 답변할 수 없습니다." in page
    assert reverse("home:home") in page and "<nav" in page


def test_a_missing_page_says_so_in_korean_and_names_the_address(login: Any, staff: Any) -> None:
    response = login(staff).get("/staff/demands/987654/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "찾는 페이지가 없습니다" in page and "/staff/demands/987654/" in page
    assert "Not Found" not in page


def test_a_server_error_page_needs_no_database_and_says_what_to_do() -> None:
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "잠시 문제가 생겼습니다" in page and "다시 시도해 주세요" in page
