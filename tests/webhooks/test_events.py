"""Each event writes exactly one delivery per active subscription to it, in the transaction that caused it."""

from __future__ import annotations

import json
from typing import Any

from sori.feedback.models import OutboxChannel, OutboxMessage
from sori.policy.approval_services import answer_approve, answer_submit, approval_rule_set
from sori.policy.models import ReasonCode
from sori.programs import services as programs
from sori.registry.models import Organisation, OrganisationKind
from sori.voices.outcomes import Outcome
from sori.webhooks.models import WebhookDelivery
from sori.webhooks.services import webhook_set_active

from .conftest import sacct

URL = "https://budget.gwangju.example.kr/sori"


def deliveries(subscription: Any) -> list[dict[str, Any]]:
    rows = WebhookDelivery.objects.filter(subscription=subscription).select_related("message").order_by("id")
    return [json.loads(d.message.body) for d in rows]


def test_an_answer_goes_to_each_active_subscriber_of_answers_once(
    subscribe, demand, answer, admin_user
) -> None:
    # given: two systems wanting answers (one stopped) and one wanting only awards
    wants = subscribe(URL, ["demand.answered"], name="예산")
    stopped = subscribe(URL + "/2", ["demand.answered", "award.confirmed"], name="멈춘 시스템")
    webhook_set_active(subscription=stopped, active=False, actor=admin_user)
    other = subscribe(URL + "/3", ["award.confirmed"], name="자원 관리")

    # when: the demand is answered
    disposition = answer(demand)

    # then: only the active subscriber of answers has one delivery, about that answer
    [body] = deliveries(wants)
    assert body["event"] == "demand.answered" and body["data"]["answer"]["id"] == disposition.id
    assert deliveries(stopped) == [] and deliveries(other) == []
    assert OutboxMessage.objects.filter(channel=OutboxChannel.WEBHOOK).count() == 1


def test_with_approval_only_the_released_answer_is_delivered(
    subscribe, demand, officer, make_user, department, staff
) -> None:
    # given: the department's answers need its head's approval
    from sori.core.roles import Role

    head = make_user("park.head", Role.OFFICER, department)
    approval_rule_set(department=department, actor=staff, approver=head)
    subscription = subscribe(URL, ["demand.answered"])
    values = {
        "outcome": Outcome.UNDER_REVIEW,
        "reason_code": ReasonCode.BUDGET,
        "reason": "내년 본예산에 반영을 검토합니다.",
        "limits": "올해 추경에는 반영할 수 없습니다.",
    }

    # when: the officer submits the answer, nothing is delivered
    draft = answer_submit(demand=demand, actor=officer, **values)
    assert deliveries(subscription) == []

    # when: the head approves it (twice: a repeated POST)
    disposition = answer_approve(draft=draft, actor=head)
    answer_approve(draft=draft, actor=head)

    # then: the released answer is delivered once
    [body] = deliveries(subscription)
    assert body["data"]["answer"] | {"decided_at": None} == {
        "id": disposition.id,
        "outcome": "under_review",
        "outcome_label": "검토 중",
        "revised": False,
        "decided_at": None,
        "due_date": None,
    }


def test_confirming_a_selection_delivers_each_award_once_to_its_subscribers(
    subscribe, confirm_awards, past_call
) -> None:
    # given: one system wanting awards, one wanting only usage
    awards_sub = subscribe(URL, ["award.confirmed"])
    usage_sub = subscribe(URL + "/usage", ["usage.imported"])
    first = Organisation.objects.create(name="㈜광주AI", kind=OrganisationKind.COMPANY)
    second = Organisation.objects.create(name="㈜빛고을AI", kind=OrganisationKind.COMPANY)

    # when: a selection of two applications is confirmed
    awards = confirm_awards(first, second)

    # then: one delivery per award, each naming its award, call and program
    bodies = deliveries(awards_sub)
    assert sorted(b["data"]["award"]["id"] for b in bodies) == sorted(a.id for a in awards)
    award = next(b["data"] for b in bodies if b["data"]["award"]["id"] == awards[0].id)
    assert award["award"]["status"] == "active" and award["award"]["amount"] == 2
    assert award["award"]["title"] == f"{awards[0].organisation.name} 비전 모델 학습"
    assert award["award"]["url"].endswith(f"/staff/programs/awards/{awards[0].id}/")
    assert award["call"]["id"] == past_call.id and award["program"]["id"] == past_call.program_id
    assert deliveries(usage_sub) == []


def test_importing_usage_delivers_once_to_its_subscribers(subscribe, confirm_awards, staff) -> None:
    # given: an award with a Slurm account and a system wanting usage
    [award] = confirm_awards(Organisation.objects.create(name="㈜광주AI", kind=OrganisationKind.COMPANY))
    usage_sub = subscribe(URL, ["usage.imported"])
    awards_sub = subscribe(URL + "/awards", ["award.confirmed"])
    before = len(deliveries(awards_sub))

    # when: the scheduler's usage file is applied
    batch = programs.usage_import(
        program=award.call.program,
        filename="march.txt",
        data=sacct(award.slurm_account, award.start_month.replace(day=3)),
        format="sacct",
        actor=staff,
    )

    # then: one delivery with what the file added
    [body] = deliveries(usage_sub)
    assert body["event"] == "usage.imported"
    assert body["data"]["usage_import"] | {"url": None} == {
        "id": batch.id,
        "name": "march.txt",
        "status": "applied",
        "format": "sacct",
        "added": 1,
        "updated": 0,
        "unchanged": 0,
        "flagged": 0,
        "gpu_hours": 40.0,
        "url": None,
    }
    assert body["data"]["program"]["id"] == award.call.program_id
    assert len(deliveries(awards_sub)) == before
