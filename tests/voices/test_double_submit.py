"""Grouping actions stay single when a form is submitted twice."""

from __future__ import annotations

from django.contrib.auth.models import User

from sori.core.models import AuditRecord
from sori.voices.models import Demand, Proposal
from sori.voices.selectors import audit_trail
from sori.voices.services.demands import demand_add_new_proposals, demand_create, demand_split, grouping_undo


def test_a_repeated_create_returns_the_first_demand(staff: User, voiced: list[Proposal]) -> None:
    first = demand_create(title="GPU", proposal_ids=[voiced[0].id], actor=staff, submission_key="k")
    again = demand_create(title="GPU", proposal_ids=[voiced[0].id], actor=staff, submission_key="k")
    assert again == first and Demand.objects.count() == 1
    assert AuditRecord.objects.filter(action="demand.create").count() == 1
    # the key is bookkeeping: not shown as a change in the trail
    assert audit_trail(first)[0].changes == [("수요", "—", "GPU")]


def test_without_a_key_each_call_creates(staff: User, voiced: list[Proposal]) -> None:
    demand_create(title="A", proposal_ids=[voiced[0].id], actor=staff)
    demand_create(title="B", proposal_ids=[voiced[1].id], actor=staff)
    assert Demand.objects.count() == 2


def test_a_repeated_split_returns_the_first_and_undo_still_works(
    staff: User, voiced: list[Proposal], gpu_demand: Demand
) -> None:
    new = demand_split(
        demand=gpu_demand, proposal_ids=[voiced[2].id], title="실증", actor=staff, submission_key="s"
    )
    same = demand_split(
        demand=gpu_demand, proposal_ids=[voiced[2].id], title="실증", actor=staff, submission_key="s"
    )
    assert same == new and AuditRecord.objects.filter(action="demand.split").count() == 1
    grouping_undo(actor=staff)
    assert not Demand.objects.filter(id=new.id).exists()
    assert gpu_demand.proposals.count() == 3


def test_the_same_form_after_undo_groups_again(staff: User, voiced: list[Proposal]) -> None:
    first = demand_create(title="GPU", proposal_ids=[voiced[0].id], actor=staff, submission_key="u")
    grouping_undo(actor=staff)
    again = demand_create(title="GPU", proposal_ids=[voiced[0].id], actor=staff, submission_key="u")
    assert again.id != first.id and Demand.objects.get().proposals.get() == voiced[0]


def test_adding_what_is_already_there_writes_nothing(
    staff: User, voiced: list[Proposal], gpu_demand: Demand
) -> None:
    assert demand_add_new_proposals(demand=gpu_demand, proposal_ids=[voiced[0].id], actor=staff) == 0
    assert (
        demand_add_new_proposals(demand=gpu_demand, proposal_ids=[voiced[0].id, voiced[3].id], actor=staff)
        == 1
    )
    assert AuditRecord.objects.filter(action="demand.add").count() == 1
