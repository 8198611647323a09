"""Reads shared with other pages: the public tracker's demands and the organisations that asked."""

from __future__ import annotations

from sori.voices import services
from sori.voices.selectors import audit_trail, demand_organisations, published_demands, staff_demands


def test_published_demands_count_distinct_organisations_and_supports(staff, voiced, gpu_demand) -> None:
    # given a demand of 3 proposals from 2 organisations, published and supported twice
    published = services.demand_publish(demand=gpu_demand, published=True, actor=staff)
    for key in ("a", "b", "b"):
        services.demand_support(demand=published, supporter_key=key, basis="user")
    # and an unpublished one
    services.demand_create(title="비공개 수요", proposal_ids=[voiced[3].id], actor=staff)
    # when the tracker asks
    rows = list(published_demands())
    # then only the published demand comes, counted in SQL
    assert [(d.title, d.org_count, d.support_count) for d in rows] == [
        ("GPU 사용기간 연장과 갱신 허용", 2, 2)
    ]


def test_merged_demands_leave_the_tracker(staff, voiced, gpu_demand) -> None:
    other = services.demand_create(title="인재", proposal_ids=[voiced[3].id], actor=staff)
    services.demand_publish(demand=other, published=True, actor=staff)
    services.demand_merge(target=gpu_demand, others=[other], actor=staff)
    assert not published_demands().filter(id=other.id).exists()


def test_published_demands_in_a_fixed_number_of_queries(
    staff, voiced, gpu_demand, django_assert_num_queries
) -> None:
    other = services.demand_create(title="인재", proposal_ids=[voiced[3].id], actor=staff)
    for d in (gpu_demand, other):
        services.demand_publish(demand=d, published=True, actor=staff)
    with django_assert_num_queries(1):
        assert [(d.theme, d.org_count) for d in published_demands().order_by("id")] == [(None, 2), (None, 0)]


def test_demand_organisations_lists_each_organisation_once(gpu_demand) -> None:
    names = [o.name for o in demand_organisations(gpu_demand)]
    assert names == ["(주)엑스알에이아이", "㈜아이티앱스"]
    assert [o.public_name for o in demand_organisations(gpu_demand)][1] == "㈜아이티앱스"


def test_staff_demands_counts_proposals(gpu_demand) -> None:
    row = staff_demands().get(id=gpu_demand.id)
    assert (row.org_count, row.proposal_count, row.support_count, row.awaiting) == (2, 3, 0, False)


def test_audit_trail_hides_undo_bookkeeping(staff, gpu_demand) -> None:
    services.demand_publish(demand=gpu_demand, published=True, actor=staff)
    trail = audit_trail(gpu_demand)
    assert [e.action for e in trail] == ["공개 여부 변경", "새 수요로 묶음"]
    assert trail[0].changes == [("공개", "비공개", "공개")]
    assert all(field != "undo" for e in trail for field, _b, _a in e.changes)
