"""The staff pages of the documents: /staff/reports/ and its downloads, who may open them."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse


def test_the_page_shows_the_same_figures_as_the_pack(world, staff, login) -> None:
    html = login(staff).get(reverse("reports:index")).content.decode()
    assert "정책 수요 처리 현황 보고" in html
    assert '<b>10건</b><span class="small muted">접수된 제안</span>' in html
    assert reverse("reports:briefing_pdf") in html
    assert reverse("reports:meeting_pdf", args=[world.round1.id]) in html
    assert "제1차 AI기업 조찬간담회" in html


def test_a_period_is_carried_to_the_downloads(world, staff, login) -> None:
    client = login(staff)
    html = client.get(
        reverse("reports:index"), {"date_from": "2025-11-12", "date_to": "2025-11-30"}
    ).content.decode()
    assert "date_from=2025-11-12&amp;date_to=2025-11-30" in html
    assert '<b>5건</b><span class="small muted">접수된 제안</span>' in html
    data = client.get(
        reverse("reports:briefing_xlsx"), {"date_from": "2025-11-12", "date_to": "2025-11-30"}
    ).content
    summary = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(io.BytesIO(data))["요약"].iter_rows(min_row=3, values_only=True)
    }
    assert summary["접수된 제안"] == 5


def test_a_backwards_period_is_explained(world, staff, login) -> None:
    html = (
        login(staff)
        .get(reverse("reports:index"), {"date_from": "2025-12-01", "date_to": "2025-11-01"})
        .content.decode()
    )
    assert "시작일이 종료일보다 늦습니다" in html


def test_the_meeting_list_searches_and_exports(world, staff, login) -> None:
    client = login(staff)
    html = client.get(reverse("reports:index"), {"q": "제2차"}).content.decode()
    assert reverse("reports:meeting_pdf", args=[world.round2.id]) in html
    assert reverse("reports:meeting_pdf", args=[world.round1.id]) not in html
    data = client.get(reverse("reports:index"), {"format": "xlsx", "sort": "proposals"}).content
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[3], r[7]) for r in rows] == [("제1차 AI기업 조찬간담회", 5), ("제2차 AI기업 조찬간담회", 5)]


def test_the_page_stays_at_a_fixed_number_of_queries(world, staff, login, django_assert_num_queries) -> None:
    client = login(staff)
    with django_assert_num_queries(12):  # the 11 before, and the earlier demands the pack's demands repeat
        assert client.get(reverse("reports:index")).status_code == 200


def test_the_picker_leads_to_the_download(world, staff, login) -> None:
    client = login(staff)
    response = client.get(reverse("reports:meeting_pick"), {"meeting": world.round2.id, "format": "xlsx"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:meeting_xlsx", args=[world.round2.id]
    )
    missing = client.get(reverse("reports:meeting_pick"), {"meeting": 99999}, follow=True)
    assert "회의를 골라 주세요" in missing.content.decode()


def test_downloads_are_named_in_korean(world, staff, login) -> None:
    response = login(staff).get(reverse("reports:meeting_pdf", args=[world.round1.id]))
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''2025-11-11_" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "name,args",
    [
        ("index", []),
        ("briefing_pdf", []),
        ("briefing_xlsx", []),
        ("meeting_pdf", ["r1"]),
        ("meeting_xlsx", ["r1"]),
    ],
)
def test_who_may_open_the_documents(
    world, client, login, staff, admin_user, officer, company_user, name, args
) -> None:
    url = reverse(f"reports:{name}", args=[world.round1.id for _a in args])
    assert client.get(url).status_code == 302
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert login(officer).get(url).status_code == 403
    assert login(company_user).get(url).status_code == 403
    assert login(staff).get(url).status_code == 200
    assert login(admin_user).get(url).status_code == 200
