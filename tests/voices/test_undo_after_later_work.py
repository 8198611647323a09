"""Undoing a grouping must never silently delete a demand that has since been assigned or published."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sori.voices import services
from sori.voices.models import Demand, Proposal
from sori.voices.services.demands import grouping_undo


def test_undoing_the_creation_of_an_assigned_and_published_demand_is_refused(
    staff, department, voiced, gpu_demand
) -> None:
    # given: the demand staff just created was sent to a department and published
    services.demand_assign(demand=gpu_demand, department=department, answer_due=None, actor=staff)
    services.demand_publish(demand=gpu_demand, published=True, actor=staff)

    # when: the staff member presses the (still offered) 되돌리기 of the creation
    with pytest.raises(ValidationError) as refused:
        grouping_undo(actor=staff)

    # then: it is refused with a reason, and the demand, its department and its proposals are all kept
    assert "되돌릴 수 없습니다" in " ".join(refused.value.messages)
    kept = Demand.objects.get(id=gpu_demand.id)
    assert kept.department == department and kept.published
    assert Proposal.objects.filter(demand=kept).count() == 3


def test_undoing_a_fresh_creation_still_works(staff, voiced, gpu_demand) -> None:
    # when: nothing happened to the new demand since it was created
    grouping_undo(actor=staff)

    # then: it is gone and its proposals wait to be grouped again
    assert not Demand.objects.filter(id=gpu_demand.id).exists()
    assert Proposal.objects.filter(demand__isnull=True).count() == 4


def test_the_demand_page_stops_offering_undo_once_the_demand_is_assigned(
    login, staff, department, voiced
) -> None:
    # given: staff just grouped two proposals; the demand page offers to undo that
    client = login(staff)
    client.post(
        "/staff/proposals/group/", {"action": "create", "ids": [voiced[0].id, voiced[1].id], "title": "GPU"}
    )
    demand = Demand.objects.get(title="GPU")
    assert "되돌리기</button>" in client.get(f"/staff/demands/{demand.id}/").content.decode()

    # when: they send the demand to its department
    page = client.post(
        f"/staff/demands/{demand.id}/assign/", {"department": department.id}, follow=True
    ).content.decode()

    # then: the page no longer offers to undo the grouping (it would be refused now)
    assert "배정했습니다" in page
    assert "되돌리기</button>" not in page
