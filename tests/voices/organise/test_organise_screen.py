"""The organise screen: suggested groups with their reasons; accept, split, add, dismiss; undo; re-runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sori.core.models import AuditRecord
from sori.voices import services
from sori.voices.models import Decision, Demand, OrganisingRun, Proposal, Suggestion, SuggestionKind
from sori.voices.organise.runs import organising_run_start

PAGE = reverse("voices:organise")
ACCEPT = reverse("voices:organise_accept")
GPU = ("GPU 사용기간", "GPU")


def run_now(actor: User, capture: Any) -> OrganisingRun:
    with capture(execute=True):
        run, _started = organising_run_start(actor=actor)
    run.refresh_from_db()
    return run


def gpu_group(run: OrganisingRun) -> dict[str, Any]:
    groups = [g for g in run.groups if "GPU" in g["keywords"]]
    assert groups, run.groups
    return groups[0]


def members(run: OrganisingRun, group: int) -> list[int]:
    return list(
        Suggestion.objects.filter(run=run, group=group, kind=SuggestionKind.NEW_GROUP)
        .order_by("proposal_id")
        .values_list("proposal_id", flat=True)
    )


def test_screen_shows_a_group_with_its_label_reasons_theme_and_best_demand(
    login: Any,
    staff: User,
    waiting: list[Proposal],
    earlier_gpu_demand: Demand,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: a run over this year's waiting proposals
    run = run_now(staff, django_capture_on_commit_callbacks)
    group = gpu_group(run)

    # when: staff open the organise screen
    page = login(staff).get(PAGE).content.decode()

    # then: the group reads as its representative sentence and keywords, with a theme and a demand to join
    assert group["representative_text"] in page
    assert "핵심어" in page and "GPU" in page
    assert "컴퓨팅·GPU" in page
    assert "가장 가까운 기존 수요" in page and earlier_gpu_demand.title in page
    # and every member says who said it
    assert "㈜광주AI" in page


def test_accepting_a_group_creates_a_demand_through_the_service_and_can_be_undone(
    login: Any, staff: User, waiting: list[Proposal], themes: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given: a suggested GPU group
    run = run_now(staff, django_capture_on_commit_callbacks)
    group = gpu_group(run)
    ids = members(run, group["group"])
    client = login(staff)

    # when: staff accept it as a new demand with an edited title and the suggested theme
    response = client.post(
        ACCEPT,
        {
            "action": "create",
            "ids": ids,
            "title": "GPU 사용기간 12개월 이상, 갱신 허용",
            "theme": themes["compute"].id,
            "run": run.id,
            "group": group["group"],
            "submission_key": "k-accept",
        },
        follow=True,
    )

    # then: a demand exists with the staff's title, the grouping is audited, and undo is offered
    demand = Demand.objects.get(title="GPU 사용기간 12개월 이상, 갱신 허용")
    assert set(demand.proposals.values_list("id", flat=True)) == set(ids)
    assert AuditRecord.objects.filter(action="demand.create", target=f"voices.demand:{demand.id}").exists()
    body = response.content.decode()
    assert "새 수요" in body and "되돌리기" in body
    # and each member records the machine's suggestion next to the staff's decision
    decided = Suggestion.objects.get(proposal_id=ids[0], kind=SuggestionKind.NEW_GROUP, run=run)
    assert decided.decision == Decision.ACCEPTED and decided.decided_label == demand.title
    assert decided.decided_by == staff
    theme = Suggestion.objects.get(proposal_id=ids[0], kind=SuggestionKind.THEME, run=run)
    assert theme.decision == Decision.ACCEPTED

    # when: staff undo it
    client.post(reverse("voices:grouping_undo"), {"next": PAGE})

    # then: the proposals wait again and the group is back on the screen
    assert not Demand.objects.filter(id=demand.id).exists()
    assert not Proposal.objects.filter(id__in=ids, demand__isnull=False).exists()
    assert group["representative_text"] in client.get(PAGE).content.decode()


def test_unticking_members_splits_the_group(
    login: Any, staff: User, waiting: list[Proposal], django_capture_on_commit_callbacks: Any
) -> None:
    # given: a suggested group of two or more
    run = run_now(staff, django_capture_on_commit_callbacks)
    group = gpu_group(run)
    ids = members(run, group["group"])
    assert len(ids) >= 2

    # when: staff untick one member and accept the rest
    login(staff).post(
        ACCEPT,
        {"action": "create", "ids": ids[1:], "title": "GPU 기간", "run": run.id, "group": group["group"]},
    )

    # then: the unticked proposal keeps waiting and the taken ones are recorded as changed (split)
    assert Proposal.objects.get(id=ids[0]).demand is None
    taken = Suggestion.objects.get(proposal_id=ids[1], kind=SuggestionKind.NEW_GROUP, run=run)
    assert taken.decision == Decision.CHANGED
    left = Suggestion.objects.get(proposal_id=ids[0], kind=SuggestionKind.NEW_GROUP, run=run)
    assert left.decision == ""


def test_adding_a_group_to_the_suggested_existing_demand(
    login: Any,
    staff: User,
    waiting: list[Proposal],
    earlier_gpu_demand: Demand,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: a group whose best existing demand is the earlier GPU demand
    run = run_now(staff, django_capture_on_commit_callbacks)
    group = gpu_group(run)
    assert group["demand_id"] == earlier_gpu_demand.id
    assert group["demand_score"] > 0.45 and "GPU" in group["demand_reasons"]
    ids = members(run, group["group"])

    # when: staff add it there
    login(staff).post(
        ACCEPT,
        {
            "action": "add",
            "ids": ids,
            "demand": earlier_gpu_demand.id,
            "run": run.id,
            "group": group["group"],
        },
    )

    # then: the proposals join it and the demand suggestion counts as accepted
    assert set(ids) <= set(earlier_gpu_demand.proposals.values_list("id", flat=True))
    suggestion = Suggestion.objects.get(proposal_id=ids[0], kind=SuggestionKind.DEMAND, run=run)
    assert suggestion.decision == Decision.ACCEPTED
    assert AuditRecord.objects.filter(action="demand.add").exists()


def test_a_rerun_never_overwrites_staff_decisions(
    login: Any, staff: User, waiting: list[Proposal], django_capture_on_commit_callbacks: Any
) -> None:
    # given: staff grouped the machine's GPU group, renamed the demand, and grouped two others by hand
    run = run_now(staff, django_capture_on_commit_callbacks)
    group = gpu_group(run)
    ids = members(run, group["group"])
    login(staff).post(
        ACCEPT, {"action": "create", "ids": ids, "title": "기계 제목", "run": run.id, "group": group["group"]}
    )
    demand = Demand.objects.get(title="기계 제목")
    services.demand_rename(demand=demand, title="담당자가 고친 제목", actor=staff)
    manual = services.demand_create(
        title="제조 AI 교육", proposal_ids=[waiting[3].id, waiting[4].id], actor=staff
    )
    before_demands = list(Demand.objects.order_by("id").values_list("id", "title", "stage", "theme_id"))
    before_proposals = list(Proposal.objects.order_by("id").values_list("id", "demand_id"))
    decided = list(
        Suggestion.objects.exclude(decision="").order_by("id").values_list("id", "decision", "decided_label")
    )

    # when: the machine runs again
    again = run_now(staff, django_capture_on_commit_callbacks)

    # then: demands, titles and groupings are exactly as staff left them, and so are their decisions
    assert again.id != run.id and again.status == "done"
    assert (
        list(Demand.objects.order_by("id").values_list("id", "title", "stage", "theme_id")) == before_demands
    )
    assert list(Proposal.objects.order_by("id").values_list("id", "demand_id")) == before_proposals
    # (the re-run may record more decisions, e.g. the hand-made grouping against what it answers)
    now_decided = {
        row[0]: row
        for row in Suggestion.objects.exclude(decision="").values_list("id", "decision", "decided_label")
    }
    assert [now_decided.get(row[0]) for row in decided] == decided
    # and the hand-made grouping is recorded against the earlier suggestions, not changed by them
    assert manual.proposals.count() == 2
    # and the re-run suggests nothing for proposals already grouped
    assert not Suggestion.objects.filter(
        run=again, proposal_id__in=[*ids, waiting[3].id, waiting[4].id]
    ).exists()


def test_dismissing_a_group_records_the_rejection_and_keeps_the_proposals_waiting(
    login: Any, staff: User, waiting: list[Proposal], django_capture_on_commit_callbacks: Any
) -> None:
    run = run_now(staff, django_capture_on_commit_callbacks)
    group = gpu_group(run)
    ids = members(run, group["group"])

    response = login(staff).post(
        reverse("voices:organise_dismiss"), {"run": run.id, "group": group["group"], "ids": ids}, follow=True
    )

    assert "받아들이지 않았습니다" in response.content.decode()
    assert set(
        Suggestion.objects.filter(run=run, kind=SuggestionKind.NEW_GROUP, proposal_id__in=ids).values_list(
            "decision", flat=True
        )
    ) == {Decision.REJECTED}
    assert not Proposal.objects.filter(id__in=ids, demand__isnull=False).exists()
    assert group["representative_text"] not in response.content.decode().split("묶음 없는 제안")[0]


def test_accepting_without_a_title_says_what_to_do_and_changes_nothing(
    login: Any, staff: User, waiting: list[Proposal]
) -> None:
    response = login(staff).post(
        ACCEPT, {"action": "create", "ids": [waiting[0].id], "title": ""}, follow=True
    )
    assert "새 수요를 한 문장으로 적어 주세요." in response.content.decode()
    assert not Demand.objects.exists()


@pytest.mark.parametrize("who", ["officer", "company_user"])
def test_organise_pages_are_for_organisers(request: Any, login: Any, who: str) -> None:
    client: Client = login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    assert client.get(reverse("voices:organise_progress")).status_code == 403
    assert client.post(reverse("voices:organise_run")).status_code == 403
    assert not OrganisingRun.objects.exists()


def test_anonymous_is_sent_to_login(client: Client, db: Any) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_organise_page_query_count_does_not_grow_with_proposals(
    login: Any,
    staff: User,
    meeting: Any,
    django_capture_on_commit_callbacks: Any,
    django_assert_num_queries: Any,
) -> None:
    # given: twenty waiting proposals in a few recurring topics, and one existing demand
    topics = ["GPU 사용기간 연장", "제조 AI 교육 지원", "실증 공간 제공 확대", "데이터 규제 완화"]
    raw = "\n".join(f"기업{i}: {topics[i % 4]} 요청 {i}번째 의견입니다" for i in range(20))
    proposals = services.proposals_record_lines(raw=raw, actor=staff, engagement=meeting)
    services.demand_create(title="GPU 사용기간 연장", proposal_ids=[proposals[0].id], actor=staff)
    run_now(staff, django_capture_on_commit_callbacks)
    client = login(staff)

    # then: the page needs a fixed number of queries (8 of them draw the map of the voices, the first time
    # storing its plane)
    with django_assert_num_queries(22):
        response = client.get(PAGE)
    assert response.status_code == 200
