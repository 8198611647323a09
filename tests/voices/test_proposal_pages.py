"""The staff proposals list: filters, export, and grouping by ticking rows, with undo."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sori.core.models import AuditRecord
from sori.voices import services
from sori.voices.models import Demand, Proposal

LIST = reverse("voices:proposal_list")
GROUP = reverse("voices:proposal_group")
UNDO = reverse("voices:grouping_undo")


@pytest.mark.parametrize("url", [LIST, GROUP, UNDO])
def test_anonymous_visitors_are_sent_to_login(client, db, url) -> None:
    response = client.get(url) if url == LIST else client.post(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ["officer", "company_user"])
@pytest.mark.parametrize("url", [LIST, GROUP, UNDO])
def test_officers_and_companies_may_not_organise(request, login, who, url) -> None:
    client = login(request.getfixturevalue(who))
    response = client.get(url) if url == LIST else client.post(url)
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["staff", "admin_user"])
def test_staff_and_admin_see_who_said_what(request, login, voiced, gpu_demand, who) -> None:
    # given proposals from round 1, three of them grouped
    client = login(request.getfixturevalue(who))
    # when staff open the list
    page = client.get(LIST).content.decode()
    # then each row shows the date, the organisation, the exact words, the meeting and the demand
    assert "2025. 11. 11.(화)" in page
    assert "㈜아이티앱스" in page
    assert "GPU 사용기간을 최소 12개월로 늘려 주세요" in page
    assert "제1차 AI기업 조찬간담회" in page
    assert reverse("voices:demand_detail", args=[gpu_demand.id]) in page
    assert "새 수요로 묶기" in page and "기존 수요에 추가" in page


def test_filters_and_search_narrow_the_list(login, staff, voiced, gpu_demand) -> None:
    client = login(staff)
    waiting = client.get(LIST, {"grouped": "no"}).content.decode()
    assert "AI사관학교에서 기업 맞춤형 인재를 길러 주세요" in waiting
    assert "GPU 사용기간을 최소 12개월로" not in waiting
    by_org = client.get(LIST, {"q": "엑스알"}).content.decode()
    assert "실증사업 공간제공형" in by_org and "AI사관학교" not in by_org
    by_id = client.get(LIST, {"organisation": voiced[0].organisation_id}).content.decode()
    assert "GPU 사용기간을 최소 12개월로" in by_id and "실증사업" not in by_id
    # an unknown filter value is ignored rather than an error page
    assert client.get(LIST, {"series": "999999", "sort": "nonsense"}).status_code == 200


def test_sorting_by_organisation(login, staff, voiced) -> None:
    page = login(staff).get(LIST, {"sort": "organisation"}).content.decode()
    assert page.index("(주)엑스알에이아이") < page.index("㈜아이티앱스")


def test_export_to_xlsx_keeps_the_filters(login, staff, voiced, gpu_demand) -> None:
    response = login(staff).get(LIST, {"grouped": "yes", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("접수일시", "기관", "제안자", "내용")
    assert len(rows) == 1 + 3
    assert {r[6] for r in rows[1:]} == {"GPU 사용기간 연장과 갱신 허용"}


def test_ticking_rows_groups_them_into_a_new_demand_and_keeps_the_filters(login, staff, voiced) -> None:
    # given two proposals about GPU terms, waiting to be grouped
    client = login(staff)
    # when staff tick them and press "새 수요로 묶기"
    response = client.post(
        GROUP,
        {
            "action": "create",
            "ids": [voiced[0].id, voiced[1].id],
            "title": "GPU 사용기간 연장",
            "query": "grouped=no",
        },
    )
    # then a demand holds both, and the list comes back with the same filter
    demand = Demand.objects.get(title="GPU 사용기간 연장")
    assert set(demand.proposals.values_list("id", flat=True)) == {voiced[0].id, voiced[1].id}
    assert response.status_code == 302 and response["Location"] == f"{LIST}?grouped=no"
    page = client.get(response["Location"]).content.decode()
    assert "제안 2건을 새 수요" in page
    assert f'href="{reverse("voices:demand_detail", args=[demand.id])}"' in page
    assert "되돌리기" in page and UNDO in page
    assert "GPU 사용기간을 최소 12개월로" not in page  # grouped, so no longer "waiting"


def test_undo_puts_the_proposals_back(login, staff, voiced) -> None:
    client = login(staff)
    client.post(GROUP, {"action": "create", "ids": [voiced[0].id], "title": "GPU"})
    demand = Demand.objects.get(title="GPU")
    response = client.post(UNDO, {"next": f"{LIST}?grouped=no"}, follow=True)
    assert not Demand.objects.filter(id=demand.id).exists()
    assert Proposal.objects.get(id=voiced[0].id).demand is None
    page = response.content.decode()
    assert "되돌렸습니다" in page
    assert response.redirect_chain[-1][0] == f"{LIST}?grouped=no"
    # a second undo has nothing left to undo and says so
    again = client.post(UNDO, follow=True).content.decode()
    assert "되돌릴 작업이 없습니다" in again


def test_adding_to_an_existing_demand(login, staff, voiced, gpu_demand) -> None:
    client = login(staff)
    response = client.post(
        GROUP, {"action": "add", "ids": [voiced[3].id], "demand": gpu_demand.id}, follow=True
    )
    assert gpu_demand.proposals.count() == 4
    assert "수요" in response.content.decode() and "에 추가했습니다" in response.content.decode()
    # pressing it again (a double click) changes nothing and leaves the real action undoable
    client.post(GROUP, {"action": "add", "ids": [voiced[3].id], "demand": gpu_demand.id})
    assert AuditRecord.objects.filter(action="demand.add").count() == 1


def test_a_new_demand_needs_its_sentence_and_nothing_is_lost(login, staff, voiced) -> None:
    client = login(staff)
    response = client.post(
        GROUP, {"action": "create", "ids": [voiced[0].id, voiced[1].id], "title": " "}, follow=True
    )
    page = response.content.decode()
    assert not Demand.objects.exists()
    assert "한 문장으로 적어 주세요" in page and "아무 것도 바뀌지 않았습니다" in page
    # the same rows are still ticked
    assert page.count("checked") >= 2


def test_nothing_ticked_says_what_to_do(login, staff, voiced) -> None:
    page = login(staff).post(GROUP, {"action": "create", "title": "x"}, follow=True).content.decode()
    assert "하나 이상 체크해 주세요" in page


def test_double_submitted_grouping_creates_one_demand(login, staff, voiced) -> None:
    client = login(staff)
    form = {"action": "create", "ids": [voiced[0].id, voiced[1].id], "title": "GPU", "submission_key": "k-1"}
    client.post(GROUP, form)
    client.post(GROUP, form)
    assert Demand.objects.count() == 1
    assert Demand.objects.get().proposals.count() == 2


def test_pending_web_proposals_cannot_be_grouped(login, staff, web_submission) -> None:
    client = login(staff)
    page = client.get(LIST).content.decode()
    assert "AI 교육을 시민에게도" in page and "검토 대기" in page
    assert f'name="ids" value="{web_submission.id}"' not in page
    response = client.post(
        GROUP, {"action": "create", "ids": [web_submission.id], "title": "AI 교육"}, follow=True
    )
    assert not Demand.objects.exists()
    assert "먼저 접수해 주세요" in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(login, staff, meeting, django_assert_num_queries) -> None:
    lines = "\n".join(f"기업{i}: 제안 {i}번 내용입니다" for i in range(40))
    proposals = services.proposals_record_lines(raw=lines, actor=staff, engagement=meeting)
    services.demand_create(title="묶음", proposal_ids=[p.id for p in proposals[:20]], actor=staff)
    client = login(staff)
    with django_assert_num_queries(11):
        assert client.get(LIST).status_code == 200
