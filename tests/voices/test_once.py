"""Grouping actions stay single when a form is submitted twice."""

from __future__ import annotations

from sori.core.models import AuditRecord
from sori.voices.models import Demand
from sori.voices.selectors import audit_trail
from sori.voices.services.demands import grouping_undo
from sori.voices.services.once import demand_add_new_proposals, demand_create_once, demand_split_once


def test_create_once_returns_the_first_demand(staff, voiced) -> None:  # type: ignore[no-untyped-def]
    first, created = demand_create_once(
        title="GPU", proposal_ids=[voiced[0].id], actor=staff, submission_key="k"
    )
    again, created_again = demand_create_once(
        title="GPU", proposal_ids=[voiced[0].id], actor=staff, submission_key="k"
    )
    assert (created, created_again) == (True, False)
    assert again == first and Demand.objects.count() == 1
    # the key is bookkeeping: not shown as a change in the trail
    assert audit_trail(first)[0].changes == [("수요", "—", "GPU")]


def test_without_a_key_each_call_creates(staff, voiced) -> None:  # type: ignore[no-untyped-def]
    demand_create_once(title="A", proposal_ids=[voiced[0].id], actor=staff)
    demand_create_once(title="B", proposal_ids=[voiced[1].id], actor=staff)
    assert Demand.objects.count() == 2


def test_split_once_and_undo_still_works(staff, voiced, gpu_demand) -> None:  # type: ignore[no-untyped-def]
    new, _ = demand_split_once(
        demand=gpu_demand, proposal_ids=[voiced[2].id], title="실증", actor=staff, submission_key="s"
    )
    same, created = demand_split_once(
        demand=gpu_demand, proposal_ids=[voiced[2].id], title="실증", actor=staff, submission_key="s"
    )
    assert same == new and not created
    grouping_undo(actor=staff)
    assert not Demand.objects.filter(id=new.id).exists()
    assert gpu_demand.proposals.count() == 3


def test_adding_what_is_already_there_writes_nothing(staff, voiced, gpu_demand) -> None:  # type: ignore[no-untyped-def]
    assert demand_add_new_proposals(demand=gpu_demand, proposal_ids=[voiced[0].id], actor=staff) == 0
    assert (
        demand_add_new_proposals(demand=gpu_demand, proposal_ids=[voiced[0].id, voiced[3].id], actor=staff)
        == 1
    )
    assert AuditRecord.objects.filter(action="demand.add").count() == 1
