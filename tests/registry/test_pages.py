"""The registry pages: who may open them, what they show, what the forms save, and their query counts."""

from __future__ import annotations

import datetime as dt
import html
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from sori.registry import services
from sori.registry.models import CommitmentKind, Mou, MouStage, Organisation, OrganisationKind
from sori.voices import services as voices

pytestmark = pytest.mark.django_db

MANAGE_PAGES = [
    "/staff/organisations/",
    "/staff/organisations/new/",
    "/staff/organisations/import/",
    "/staff/mous/",
    "/staff/mous/new/",
]


@pytest.mark.parametrize("url", [*MANAGE_PAGES, "/staff/kpis/"])
def test_anonymous_visitors_are_sent_to_log_in(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", MANAGE_PAGES)
@pytest.mark.parametrize("who", ["officer", "company_user"])
def test_officers_and_companies_may_not_manage_the_registry(
    request: Any, login: Any, url: str, who: str
) -> None:
    assert login(request.getfixturevalue(who)).get(url).status_code == 403


@pytest.mark.parametrize("url", MANAGE_PAGES)
@pytest.mark.parametrize("who", ["staff", "admin_user"])
def test_staff_and_admins_manage_the_registry(request: Any, login: Any, url: str, who: str) -> None:
    assert login(request.getfixturevalue(who)).get(url).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"), [("staff", 200), ("admin_user", 200), ("officer", 200), ("company_user", 403)]
)
def test_the_kpi_dashboard_is_for_the_committee_and_the_city(
    request: Any, login: Any, who: str, status: int
) -> None:
    assert login(request.getfixturevalue(who)).get("/staff/kpis/").status_code == status


def test_object_pages_and_posts_are_refused_to_other_roles(
    login: Any, officer: Any, mou: Mou, firm: Any
) -> None:
    client = login(officer)
    assert client.get(f"/staff/organisations/{firm.id}/").status_code == 403
    assert client.get(f"/staff/mous/{mou.id}/").status_code == 403
    assert client.post(f"/staff/mous/{mou.id}/stage/", {"stage": "office_opened"}).status_code == 403
    mou.refresh_from_db()
    assert mou.stage == MouStage.SIGNED


def test_the_organisation_page_shows_everything_sori_knows(
    login: Any, staff: Any, firm: Organisation, mou: Mou, meeting: Any, department: Any
) -> None:
    # given: a commitment, a proposal answered, a meeting attended, a profile change
    services.commitment_add(
        mou=mou, actor=staff, kind=CommitmentKind.JOBS, organisation=firm, target_number=30
    )
    person = services.person_create(name="김솔트", organisation=firm, actor=staff)
    from sori.engagement.models import Attendance

    Attendance.objects.create(engagement=meeting, person=person)
    p = voices.proposal_record(
        text="GPU 사용기간을 12개월 이상으로 늘려 주세요", actor=staff, organisation=firm
    )
    demand = voices.demand_create(title="GPU 사용기간 연장", proposal_ids=[p.id], actor=staff)
    demand = voices.demand_assign(demand=demand, department=department, actor=staff)
    from sori.policy.services import disposition_decide

    disposition_decide(demand=demand, actor=staff, outcome="adopted", reason="반영")
    services.organisation_update(organisation=firm, actor=staff, ai_needs="GPU 12개월")
    # when
    html = login(staff).get(f"/staff/organisations/{firm.id}/").content.decode()
    # then
    assert "솔트룩스 광주 AI 사업 업무협약" in html and "30명" in html
    assert "GPU 사용기간을 12개월 이상으로" in html and "GPU 사용기간 연장" in html and "반영" in html
    assert "제1차 AI기업 조찬간담회" in html
    assert "AI 수요" in html and "GPU 12개월" in html  # the history, in words
    assert "123-45-67890" in html


def test_registering_an_organisation_is_idempotent_and_refuses_a_duplicate(
    login: Any, staff: Any, firm: Organisation
) -> None:
    client = login(staff)
    form = {
        "name": "㈜새빛AI",
        "kind": "company",
        "strategic_field": "energy",
        "business_number": "222-33-44444",
        "submission_key": "abc",
    }
    # when: posted twice
    first = client.post("/staff/organisations/new/", form)
    second = client.post("/staff/organisations/new/", form)
    # then
    new = Organisation.objects.get(name="㈜새빛AI")
    assert first["Location"] == second["Location"] == f"/staff/organisations/{new.id}/"
    # a spelling of an existing name is refused with the reason, nothing saved
    page = client.post(
        "/staff/organisations/new/", {"name": "솔트룩스", "kind": "company", "submission_key": "x"}
    )
    assert "같은 기관으로 보입니다" in page.content.decode()
    assert Organisation.objects.count() == 2


def test_moving_an_mou_from_its_page(login: Any, staff: Any, mou: Mou) -> None:
    client = login(staff)
    # a stall without a reason is refused with the reason why
    page = client.post(f"/staff/mous/{mou.id}/stage/", {"stage": "stalled", "reason": ""}, follow=True)
    assert "사유를 적어 주세요" in page.content.decode()
    mou.refresh_from_db()
    assert mou.stage == MouStage.SIGNED
    # the office opening is recorded
    page = client.post(
        f"/staff/mous/{mou.id}/stage/", {"stage": "office_opened", "on": "2020-06-01"}, follow=True
    )
    assert "'사무소 개소'(으)로 바꿨습니다" in html.unescape(page.content.decode())
    mou.refresh_from_db()
    assert (mou.stage, mou.stage_changed_on) == (MouStage.OFFICE_OPENED, dt.date(2020, 6, 1))


def test_creating_an_mou_and_adding_a_commitment(
    login: Any, staff: Any, firm: Organisation, city: Any
) -> None:
    client = login(staff)
    response = client.post(
        "/staff/mous/new/",
        {
            "title": "새 협약",
            "signed_on": "2025-11-11",
            "parties": [firm.id, city.id],
            "submission_key": "m1",
        },
    )
    mou = Mou.objects.get(title="새 협약")
    assert response["Location"] == f"/staff/mous/{mou.id}/"
    client.post(
        f"/staff/mous/{mou.id}/commitments/",
        {
            "kind": "investment",
            "organisation": firm.id,
            "target_number": "3000000000",
            "status": "pending",
            "target_date": "2026-12-31",
            "submission_key": "c1",
        },
    )
    assert mou.commitments.get().target_number == 3_000_000_000
    html = client.get(f"/staff/mous/{mou.id}/").content.decode()
    assert "3,000,000,000원" in html


def _many(staff: Any, city: Organisation, n: int) -> None:
    for i in range(n):
        org = services.organisation_create(name=f"㈜기업{i:02d}", kind=OrganisationKind.COMPANY, actor=staff)
        m = services.mou_create(
            title=f"협약 {i}", signed_on=dt.date(2020, 1, 1 + i), parties=[city, org], actor=staff
        )
        services.commitment_add(
            mou=m, actor=staff, kind=CommitmentKind.JOBS, organisation=org, target_number=i + 1
        )


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/staff/organisations/", 5),
        ("/staff/mous/", 7),
        ("/staff/organisations/?format=xlsx", 4),
        ("/staff/mous/?format=xlsx", 6),
    ],
)
def test_list_pages_keep_their_query_count(
    login: Any, staff: Any, city: Organisation, url: str, queries: int, django_assert_num_queries: Any
) -> None:
    # given
    _many(staff, city, 12)
    client = login(staff)
    # when / then: the count does not grow with the rows
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_lists_filter_search_and_export(login: Any, staff: Any, firm: Organisation, mou: Mou) -> None:
    client = login(staff)
    services.organisation_create(name="㈜지역기업", kind=OrganisationKind.SME, origin="local", actor=staff)
    html = client.get("/staff/organisations/", {"origin": "relocated"}).content.decode()
    assert "㈜솔트룩스" in html and "㈜지역기업" not in html
    html = client.get("/staff/organisations/", {"q": "지역"}).content.decode()
    assert "㈜지역기업" in html and "㈜솔트룩스" not in html
    xlsx = client.get("/staff/organisations/", {"kind": "sme", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["㈜지역기업"] and rows[0][2] == "중소기업"
    html = client.get("/staff/mous/", {"stage": "withdrawn"}).content.decode()
    assert "솔트룩스 광주 AI 사업 업무협약" not in html


def test_import_pages_upload_map_and_save(login: Any, staff: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(staff)
    data = "기관명,전략분야\n(주)가온AI,에너지\n나래랩,없는분야\n".encode("cp949")
    response = client.post(
        "/staff/organisations/import/",
        {"kind": "organisations", "file": SimpleUploadedFile("기관.csv", data, "text/csv")},
    )
    review = response["Location"]
    text = client.get(review).content.decode()
    assert "<td>3</td>" in text and "알 수 없는 값" in text
    # saving with the error saves nothing and says so
    page = client.post(review, {"action": "apply", "map_name": "0", "map_strategic_field": "1"}, follow=True)
    assert "아무 것도 저장되지 않았습니다" in page.content.decode()
    assert not Organisation.objects.exists()
    # without the bad column mapped, everything is saved
    page = client.post(review, {"action": "apply", "map_name": "0"}, follow=True)
    assert "새로 2건" in page.content.decode()
    assert set(Organisation.objects.values_list("name", flat=True)) == {"(주)가온AI", "나래랩"}


def test_a_bad_upload_is_refused_with_what_to_do(login: Any, staff: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = login(staff).post(
        "/staff/organisations/import/",
        {"kind": "organisations", "file": SimpleUploadedFile("보고서.pdf", b"%PDF-1.4 x", "application/pdf")},
    )
    assert page.status_code == 200 and "PDF 파일은 가져올 수 없습니다" in page.content.decode()
