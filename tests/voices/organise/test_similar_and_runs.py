"""Similar while typing, runs with progress, assignment on recording, repeats, the audit export."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sori.voices import services
from sori.voices.models import (
    Decision,
    Demand,
    OrganisingRun,
    Proposal,
    RunStatus,
    Suggestion,
    SuggestionKind,
)
from sori.voices.organise import runs
from sori.voices.organise.runs import organising_run_execute, organising_run_start

SIMILAR = reverse("voices:proposal_similar")


# --- similar while typing ------------------------------------------------------------------------------


def test_similar_json_returns_the_earlier_proposal_and_demand_with_shared_keywords(
    login: Any, staff: User, earlier_gpu_demand: Demand
) -> None:
    # when: staff type a line about GPU terms
    data = login(staff).get(SIMILAR, {"text": "㈜새회사: GPU 사용기간을 늘려 주세요"}).json()

    # then: the earlier proposal comes first with its score, shared keywords and a link to its demand
    top = data["proposals"][0]
    assert top["text"] == "GPU 컴퓨팅 자원 사용기간을 늘려 주세요"
    assert "GPU" in top["keywords"] and 0 < top["score"] <= 1
    assert top["url"] == reverse("voices:demand_detail", args=[earlier_gpu_demand.id])
    # and the demand it would most likely join, with why
    assert data["demands"][0]["id"] == earlier_gpu_demand.id
    assert "GPU" in data["demands"][0]["keywords"]


def test_similar_json_sees_a_proposal_recorded_after_the_index_was_built(
    login: Any, staff: User, earlier_gpu_demand: Demand, meeting: Any
) -> None:
    # given: the index is built, then a new proposal is recorded
    client = login(staff)
    client.get(SIMILAR, {"text": "GPU 사용기간"})
    services.proposal_record(
        text="실증 공간 제공형 사업의 문턱을 낮춰 주세요", actor=staff, engagement=meeting
    )

    # then: the next query finds it (added incrementally)
    texts = [p["text"] for p in client.get(SIMILAR, {"text": "실증 공간 문턱"}).json()["proposals"]]
    assert "실증 공간 제공형 사업의 문턱을 낮춰 주세요" in texts


def test_similar_json_ignores_too_short_text(login: Any, staff: User, earlier_gpu_demand: Demand) -> None:
    assert login(staff).get(SIMILAR, {"text": "GP"}).json() == {"proposals": [], "demands": []}


@pytest.mark.parametrize("who", ["officer", "company_user"])
def test_similar_json_is_for_recorders(request: Any, login: Any, who: str) -> None:
    assert login(request.getfixturevalue(who)).get(SIMILAR, {"text": "GPU 사용기간"}).status_code == 403


def test_similar_json_sends_anonymous_to_login(client: Client, db: Any) -> None:
    assert client.get(SIMILAR, {"text": "GPU 사용기간"})["Location"].startswith("/accounts/login/")


def test_meeting_page_wires_the_similar_panel(login: Any, staff: User, meeting: Any) -> None:
    page = login(staff).get(reverse("engagement:meeting_detail", args=[meeting.id])).content.decode()
    assert f'data-similar-url="{SIMILAR}"' in page and "voices/similar.js" in page


# --- a new proposal is assigned when it is recorded ------------------------------------------------------


def test_a_recorded_proposal_gets_its_suggested_demand_after_commit(
    staff: User, earlier_gpu_demand: Demand, meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # when: a proposal is recorded in fast entry
    with django_capture_on_commit_callbacks(execute=True):
        (proposal,) = services.proposals_record_lines(
            raw="㈜광주AI: GPU 사용기간을 12개월로 늘려 주세요", actor=staff, engagement=meeting
        )

    # then: the existing GPU demand is suggested for it, with score and reasons, outside any run
    suggestion = Suggestion.objects.get(proposal=proposal, kind=SuggestionKind.DEMAND)
    assert suggestion.demand == earlier_gpu_demand and suggestion.run is None
    assert suggestion.score >= 0.45 and "GPU" in suggestion.reasons


# --- runs ------------------------------------------------------------------------------------------------


def test_a_second_start_while_a_run_is_queued_returns_the_same_run(
    staff: User, waiting: list[Proposal]
) -> None:
    # given: a run queued (its task waits for the commit)
    first, started = organising_run_start(actor=staff)
    assert started

    # when: someone presses start again
    second, started_again = organising_run_start(actor=staff)

    # then: the same run comes back, and doing it twice does the work once
    assert second.id == first.id and not started_again
    assert organising_run_execute(run_id=first.id).status == RunStatus.DONE
    count = Suggestion.objects.count()
    assert organising_run_execute(run_id=first.id).status == RunStatus.DONE
    assert Suggestion.objects.count() == count


def test_run_progress_is_written_to_the_run_and_served_as_json(
    login: Any,
    staff: User,
    waiting: list[Proposal],
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: a record of what the run row says each time the text core reports progress
    seen: list[tuple[str, int]] = []
    real = runs.organise
    monkeypatch.setattr(runs, "_PROGRESS_EVERY", 0.0)

    def watched(docs: Any, **kwargs: Any) -> Any:
        report = kwargs.pop("progress")

        def progress(done: int, total: int) -> None:
            report(done, total)
            row = OrganisingRun.objects.get()
            seen.append((row.status, row.done))

        return real(docs, progress=progress, **kwargs)

    monkeypatch.setattr(runs, "organise", watched)

    # when: staff start a run from the screen
    client = login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("voices:organise_run"), follow=True)

    # then: progress went up while it ran, and the JSON endpoint reports it finished
    assert "자동 정리를 시작했습니다" in response.content.decode()
    assert [s for s, _d in seen] == ["running"] * len(seen) and len(seen) >= 3
    assert [d for _s, d in seen] == sorted(d for _s, d in seen)
    data = client.get(reverse("voices:organise_progress")).json()
    assert data["status"] == "done" and data["percent"] == 100 and data["finished"] is True
    assert data["proposals"] == len(waiting)


def test_a_failed_run_is_marked_failed_not_left_running(
    staff: User, waiting: list[Proposal], monkeypatch: Any
) -> None:
    def broken(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(runs, "organise", broken)
    run, _ = organising_run_start(actor=staff)
    assert organising_run_execute(run_id=run.id).status == RunStatus.FAILED
    _again, started = organising_run_start(actor=staff)
    assert started


# --- the demand page: repeats, summary, suggestion vs decision ---------------------------------------------


def test_demand_page_shows_earlier_similar_demand_summary_and_suggestion_vs_decision(
    login: Any,
    staff: User,
    waiting: list[Proposal],
    earlier_gpu_demand: Demand,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: this year's GPU proposals, suggested by a run and grouped by staff into a new demand
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = organising_run_start(actor=staff)
    run.refresh_from_db()
    gpu = [p.id for p in waiting[:3]]
    demand = services.demand_create(title="2025 GPU 사용기간 12개월 이상", proposal_ids=gpu, actor=staff)
    client = login(staff)

    # when: staff open the demand page and its machine section
    page = client.get(reverse("voices:demand_detail", args=[demand.id])).content.decode()
    machine = client.get(
        reverse("voices:demand_machine", args=[demand.id]), {"fragment": "1"}
    ).content.decode()

    # then: the page loads the section, which shows the 2020 committee's demand as an earlier similar one
    assert reverse("voices:demand_machine", args=[demand.id]) in page
    assert "이전 회차·연도의 비슷한 수요" in machine
    assert earlier_gpu_demand.title in machine and "인공지능 중심도시 광주 만들기 추진위원회" in machine
    assert "공통 핵심어" in machine
    # and a summary drawn from the proposals' own sentences
    assert "요약" in machine and any(p.text.split(". ")[0][:15] in machine for p in waiting[:3])
    # and what the machine suggested beside what staff decided
    assert "기계 제안 vs 담당자 결정" in machine
    assert "2025 GPU 사용기간 12개월 이상" in machine
    assert Suggestion.objects.filter(proposal_id__in=gpu, run=run).exists()


def test_the_earlier_demand_does_not_list_itself(login: Any, staff: User, earlier_gpu_demand: Demand) -> None:
    machine = (
        login(staff).get(reverse("voices:demand_machine", args=[earlier_gpu_demand.id])).content.decode()
    )
    assert "비슷한 수요를 찾지 못했습니다" in machine


def test_suggestions_export_lists_machine_and_staff_side_by_side(
    login: Any, staff: User, waiting: list[Proposal], django_capture_on_commit_callbacks: Any
) -> None:
    # given: a run, then staff group the first two GPU proposals differently from any suggestion
    with django_capture_on_commit_callbacks(execute=True):
        organising_run_start(actor=staff)
    services.demand_create(title="직접 묶은 수요", proposal_ids=[waiting[0].id, waiting[5].id], actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        organising_run_start(actor=staff)  # reconciles decisions taken on other pages

    # when: staff export the record
    client = login(staff)
    listing = client.get(reverse("voices:suggestion_list"), {"decision": Decision.CHANGED}).content.decode()
    response = client.get(reverse("voices:suggestion_list"), {"format": "xlsx"})

    # then: the page and the workbook show both sides
    assert "직접 묶은 수요" in listing
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][4] == "기계 제안" and rows[0][10] == "담당자 결정"
    assert any(r[10] == "직접 묶은 수요" and r[9] in ("다르게 결정", "제안대로 결정") for r in rows[1:])


@pytest.mark.parametrize("who", ["company_user", "other_officer"])
def test_machine_section_follows_the_demand_page_permissions(
    request: Any, login: Any, who: str, earlier_gpu_demand: Demand
) -> None:
    url = reverse("voices:demand_machine", args=[earlier_gpu_demand.id])
    assert login(request.getfixturevalue(who)).get(url).status_code == 403
