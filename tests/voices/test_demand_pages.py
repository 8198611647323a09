"""The staff demands list, the demand page and its actions, and the picker's JSON search."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.models import Demand, Stage

LIST = reverse("voices:demand_list")
SEARCH = reverse("voices:demand_search")


def detail(demand: Demand) -> str:
    return reverse("voices:demand_detail", args=[demand.id])


def action(demand: Demand, name: str) -> str:
    return reverse(f"voices:demand_{name}", args=[demand.id])


# --- permissions -------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, gpu_demand) -> None:
    for url in (LIST, SEARCH, detail(gpu_demand)):
        assert reverse("login") in client.get(url)["Location"]
    for name in ("rename", "proposals", "merge", "assign", "publish"):
        assert reverse("login") in client.post(action(gpu_demand, name))["Location"]


def test_companies_are_refused_everywhere(login, company_user, gpu_demand) -> None:
    client = login(company_user)
    for url in (LIST, SEARCH, detail(gpu_demand)):
        assert client.get(url).status_code == 403
    for name in ("rename", "proposals", "merge", "assign", "publish"):
        assert client.post(action(gpu_demand, name)).status_code == 403


def test_officers_see_only_their_departments_demand_and_cannot_organise(
    login, staff, officer, other_officer, gpu_demand, department
) -> None:
    # given a demand assigned to the officer's department
    services.demand_assign(demand=gpu_demand, department=department, actor=staff)
    # then its officer may read it, without the organising forms, but not the list or the actions
    mine = login(officer)
    page = mine.get(detail(gpu_demand))
    assert page.status_code == 200
    assert "GPU 사용기간을 최소 12개월로 늘려 주세요" in page.content.decode()
    assert action(gpu_demand, "merge") not in page.content.decode()
    assert mine.get(LIST).status_code == 403
    assert mine.post(action(gpu_demand, "rename"), {"title": "x"}).status_code == 403
    # and another department's officer may not read it at all
    assert login(other_officer).get(detail(gpu_demand)).status_code == 403


def test_unknown_demand_is_404(login, staff, db) -> None:
    assert login(staff).get(reverse("voices:demand_detail", args=[999999])).status_code == 404


# --- the list ----------------------------------------------------------------------------------------------


def test_list_shows_supporters_proposals_department_and_deadline(
    login, staff, gpu_demand, department
) -> None:
    # given a demand from 2 organisations (3 proposals), sent to a department 5 days before the deadline
    due = timezone.localdate() + dt.timedelta(days=5)
    services.demand_assign(demand=gpu_demand, department=department, actor=staff, answer_due=due)
    # when staff open the demands list
    page = login(staff).get(LIST).content.decode()
    # then the row counts distinct organisations, shows the department, the deadline in days and the tag
    assert "GPU 사용기간 연장과 갱신 허용" in page
    assert "2곳" in page
    assert "광주광역시 인공지능산업과" in page
    assert "D-5" in page
    assert "답변 준비 중" in page


def test_list_filters_and_sorts(login, staff, voiced, gpu_demand, department) -> None:
    small = services.demand_create(title="AI 인재 양성", proposal_ids=[voiced[3].id], actor=staff)
    services.demand_assign(
        demand=gpu_demand,
        department=department,
        actor=staff,
        answer_due=timezone.localdate() - dt.timedelta(days=3),
    )
    client = login(staff)
    overdue = client.get(LIST, {"overdue": "on"}).content.decode()
    assert "GPU 사용기간 연장" in overdue and "AI 인재 양성" not in overdue
    assert "3일 초과" in overdue
    open_only = client.get(LIST, {"stage": Stage.OPEN}).content.decode()
    assert "AI 인재 양성" in open_only and "GPU 사용기간 연장" not in open_only
    by_supporters = client.get(LIST, {"sort": "-supporters"}).content.decode()
    assert by_supporters.index("GPU 사용기간 연장") < by_supporters.index(small.title)
    assert "AI 인재" in client.get(LIST, {"q": "인재"}).content.decode()
    assert "GPU" not in client.get(LIST, {"q": "인재"}).content.decode().split("<tbody>")[1]


def test_list_exports_to_xlsx(login, staff, gpu_demand) -> None:
    response = login(staff).get(LIST, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][1] == "수요"
    assert rows[1][1:6] == ("GPU 사용기간 연장과 갱신 허용", None, 2, 0, 3)


def test_list_query_count_does_not_grow_with_rows(
    login, staff, meeting, department, django_assert_num_queries
) -> None:
    proposals = services.proposals_record_lines(
        raw="\n".join(f"기업{i}: 제안 {i}" for i in range(30)), actor=staff, engagement=meeting
    )
    for i in range(15):
        d = services.demand_create(
            title=f"수요 {i}", proposal_ids=[proposals[2 * i].id, proposals[2 * i + 1].id], actor=staff
        )
        services.demand_assign(demand=d, department=department, actor=staff)
    client = login(staff)
    with django_assert_num_queries(7):
        assert client.get(LIST).status_code == 200


# --- the demand page ---------------------------------------------------------------------------------------


def test_page_shows_who_said_what_and_the_audit_trail(login, staff, gpu_demand) -> None:
    page = login(staff).get(detail(gpu_demand)).content.decode()
    assert "㈜아이티앱스" in page and "(주)엑스알에이아이" in page
    assert "GPU 지원을 재선발 대신 갱신으로 해 주세요" in page
    assert "제1차 AI기업 조찬간담회" in page
    assert "요청 기관 2곳" in page
    assert "변경 기록" in page and "새 수요로 묶음" in page


def test_rename_is_recorded_before_and_after(login, staff, gpu_demand, theme) -> None:
    client = login(staff)
    response = client.post(
        action(gpu_demand, "rename"),
        {"title": "GPU 사용기간 12개월 이상, 갱신 허용", "theme": theme.id},
        follow=True,
    )
    gpu_demand.refresh_from_db()
    assert gpu_demand.title == "GPU 사용기간 12개월 이상, 갱신 허용" and gpu_demand.theme == theme
    page = response.content.decode()
    assert "제목·분야 변경" in page
    assert "<del>GPU 사용기간 연장과 갱신 허용</del> → <ins>GPU 사용기간 12개월 이상, 갱신 허용</ins>" in page
    assert "<del>—</del> → <ins>컴퓨팅·GPU</ins>" in page


def test_empty_title_is_refused(login, staff, gpu_demand) -> None:
    page = login(staff).post(action(gpu_demand, "rename"), {"title": ""}, follow=True).content.decode()
    gpu_demand.refresh_from_db()
    assert gpu_demand.title == "GPU 사용기간 연장과 갱신 허용"
    assert "아무 것도 바뀌지 않았습니다" in page


def test_split_moves_ticked_proposals_to_a_new_demand_once(login, staff, voiced, gpu_demand) -> None:
    client = login(staff)
    form = {
        "action": "split",
        "ids": [voiced[2].id],
        "title": "실증사업 접근성 개선",
        "submission_key": "s-1",
    }
    response = client.post(action(gpu_demand, "proposals"), form, follow=True)
    client.post(action(gpu_demand, "proposals"), form)
    new = Demand.objects.get(title="실증사업 접근성 개선")
    assert list(new.proposals.all()) == [voiced[2]]
    assert gpu_demand.proposals.count() == 2
    assert Demand.objects.count() == 2
    page = response.content.decode()
    assert "나눴습니다" in page and "수요 나누기" in page and "되돌리기" in page


def test_remove_sends_proposals_back_to_waiting(login, staff, voiced, gpu_demand) -> None:
    page = (
        login(staff)
        .post(action(gpu_demand, "proposals"), {"action": "remove", "ids": [voiced[2].id]}, follow=True)
        .content.decode()
    )
    voiced[2].refresh_from_db()
    assert voiced[2].demand is None
    assert "뺐습니다" in page and "제안 빼기" in page


def test_merge_closes_the_others_and_shows_where_they_went(login, staff, voiced, gpu_demand) -> None:
    other = services.demand_create(title="AI 인재", proposal_ids=[voiced[3].id], actor=staff)
    client = login(staff)
    client.post(action(gpu_demand, "merge"), {"others": [other.id], "title": "GPU와 인재"})
    other.refresh_from_db()
    assert other.stage == Stage.MERGED and other.merged_into == gpu_demand
    assert gpu_demand.proposals.count() == 4
    page = client.get(detail(other)).content.decode()
    assert "다른 수요에 병합되었습니다" in page and detail(gpu_demand) in page
    assert action(other, "rename") not in page  # nothing left to organise here


def test_assign_with_the_default_deadline(login, staff, gpu_demand, department) -> None:
    page = login(staff).post(action(gpu_demand, "assign"), {"department": department.id}, follow=True)
    gpu_demand.refresh_from_db()
    assert gpu_demand.department == department and gpu_demand.stage == Stage.ASSIGNED
    assert gpu_demand.answer_due == timezone.localdate() + dt.timedelta(days=14)
    assert "광주광역시 인공지능산업과에 배정했습니다" in page.content.decode()
    assert "소관부서 지정" in page.content.decode()


def test_assign_needs_a_department(login, staff, gpu_demand, company) -> None:
    page = (
        login(staff)
        .post(action(gpu_demand, "assign"), {"department": company.id}, follow=True)
        .content.decode()
    )
    gpu_demand.refresh_from_db()
    assert gpu_demand.department is None
    assert "아무 것도 바뀌지 않았습니다" in page


def test_publish_and_unpublish(login, staff, gpu_demand) -> None:
    client = login(staff)
    client.post(action(gpu_demand, "publish"), {"published": "1"})
    gpu_demand.refresh_from_db()
    assert gpu_demand.published
    page = client.post(action(gpu_demand, "publish"), {"published": "0"}, follow=True).content.decode()
    gpu_demand.refresh_from_db()
    assert not gpu_demand.published
    assert "공개 현황판에서 내렸습니다" in page


def test_disposition_history_newest_first_with_the_decide_link(login, staff, gpu_demand, department) -> None:
    services.demand_assign(demand=gpu_demand, department=department, actor=staff)
    disposition_decide(
        demand=gpu_demand,
        actor=staff,
        outcome="under_review",
        reason_code="budget",
        reason="내년 예산 편성 때 검토합니다",
        limits="올해 예산은 이미 확정되었습니다",
    )
    disposition_decide(
        demand=gpu_demand,
        actor=staff,
        outcome="adopted",
        instrument="program_rule",
        due_date=dt.date(2026, 3, 1),
    )
    page = login(staff).get(detail(gpu_demand)).content.decode()
    history = page.split("처리결과 이력")[1]
    assert history.index("반영") < history.index("검토 중")
    assert "내년 예산 편성 때 검토합니다" in history and "올해 예산은 이미 확정되었습니다" in history
    assert "예산 확보 필요" in history and "사업 지침 개선" in history and "2026. 3. 1.(일)" in history
    assert reverse("policy:decide", args=[gpu_demand.id]) in page
    assert "처리결과 기록" in page.split("변경 기록")[1]


# --- the picker ------------------------------------------------------------------------------------------


def test_search_json_finds_demands_that_can_take_proposals(login, staff, voiced, gpu_demand) -> None:
    other = services.demand_create(title="AI 인재 양성", proposal_ids=[voiced[3].id], actor=staff)
    data = login(staff).get(SEARCH, {"q": "GPU 갱신"}).json()
    assert data["results"] == [
        {"id": gpu_demand.id, "title": gpu_demand.title, "stage": "open", "stage_label": "정리 중"}
    ]
    services.demand_merge(target=gpu_demand, others=[other], actor=staff)
    assert login(staff).get(SEARCH, {"q": "인재"}).json()["results"] == []


@pytest.mark.parametrize("who", ["officer", "company_user"])
def test_search_json_is_for_organisers(request, login, who) -> None:
    assert login(request.getfixturevalue(who)).get(SEARCH).status_code == 403


def test_page_query_count_does_not_grow_with_proposals(
    login, staff, meeting, django_assert_num_queries
) -> None:
    proposals = services.proposals_record_lines(
        raw="\n".join(f"기업{i}: 제안 {i}" for i in range(30)), actor=staff, engagement=meeting
    )
    demand = services.demand_create(title="큰 수요", proposal_ids=[p.id for p in proposals], actor=staff)
    client = login(staff)
    # the 14 before, the earlier demands it repeats, and its journey (merged demands, voices, trail, answers,
    # bill stages, repeats), and the files of its proposals and of the demand
    with django_assert_num_queries(23):
        assert client.get(detail(demand)).status_code == 200


def test_undo_after_a_split_returns_to_the_demand(login, staff, voiced, gpu_demand) -> None:
    client = login(staff)
    client.post(action(gpu_demand, "proposals"), {"action": "split", "ids": [voiced[2].id], "title": "실증"})
    response = client.post(reverse("voices:grouping_undo"), {"next": detail(gpu_demand)}, follow=True)
    assert response.redirect_chain[-1][0] == detail(gpu_demand)
    assert gpu_demand.proposals.count() == 3
    assert "되돌리기" in response.content.decode().split("변경 기록")[1]


def test_undo_never_redirects_off_site(login, staff, voiced, gpu_demand) -> None:
    response = login(staff).post(reverse("voices:grouping_undo"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("voices:proposal_list")


def test_titles_are_escaped_in_messages(login, staff, voiced) -> None:
    page = (
        login(staff)
        .post(
            reverse("voices:proposal_group"),
            {"action": "create", "ids": [voiced[0].id], "title": "<script>alert(1)</script>"},
            follow=True,
        )
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
