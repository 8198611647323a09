"""The policy simulator page: two rule sets compared, staff only."""

from __future__ import annotations

from django.urls import reverse

# Six-month reselection against twelve-month terms renewed twice, over five years.
COMPARISON = {
    "a_name": "6개월 재선정",
    "a_term": 6,
    "a_max_renewals": 0,
    "b_name": "12개월 연장",
    "b_term": 12,
    "b_renewal": "on",
    "b_max_renewals": 2,
    "b_call_interval": 6,
    "capacity": 32,
    "projects_per_year": 15,
    "years": 5,
    "runs": 1,
    "seed": 3,
}


def test_simulator_compares_two_rule_sets_with_table_chart_and_assumptions(login, staff):
    client = login(staff)
    page = client.get(reverse("programs:simulator")).content.decode()
    assert "가정" in page and "비교하기" in page
    response = client.get(reverse("programs:simulator"), COMPARISON)
    body = response.content.decode()
    assert response.status_code == 200
    assert "연속 이용" in body and "신규 평가 건수" in body and "첫 선정까지 대기" in body
    assert "6개월 재선정" in body and "12개월 연장" in body
    assert body.split('<main id="main"')[1].count("<svg") == 2  # the two charts
    assert "5년차" in body


def test_simulator_is_staff_only(login, company_user, client):
    assert login(company_user).get(reverse("programs:simulator")).status_code == 403
    assert client.get(reverse("programs:simulator")).status_code == 302
