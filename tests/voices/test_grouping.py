"""Grouping proposals into demands, through the services staff use."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sori.core.models import AuditRecord
from sori.voices import services
from sori.voices.models import Demand, Stage
from sori.voices.services.demands import grouping_undo


@pytest.fixture
def three(staff, meeting, company):
    return services.proposals_record_lines(
        raw="㈜아이티앱스: GPU 사용기간을 최소 12개월로 늘려 주세요\n"
        "(주)엑스알에이아이: 실증사업 접근성을 높여 주세요\n"
        "GPU 지원을 재선발 대신 갱신으로 해 주세요",
        actor=staff,
        engagement=meeting,
    )


def test_fast_entry_recognises_organisation_prefix_and_reuses_known_names(three, company) -> None:
    # given three lines, one naming a known company in another spelling
    gpu, demo, anonymous = three
    # then the known company is matched, the new one registered, the third has none
    assert gpu.organisation == company
    assert demo.organisation is not None and demo.organisation.name == "(주)엑스알에이아이"
    assert anonymous.organisation is None
    assert gpu.text == "GPU 사용기간을 최소 12개월로 늘려 주세요"


def test_fast_entry_is_all_or_nothing_with_line_numbers(staff, meeting) -> None:
    too_long = "가" * 20_001
    with pytest.raises(ValidationError) as err:
        services.proposals_record_lines(
            raw=f"첫 줄은 괜찮습니다\n{too_long}", actor=staff, engagement=meeting
        )
    assert "2행" in err.value.messages[0]
    assert not meeting.proposals.exists()


def test_double_submitted_entry_records_once(staff, meeting) -> None:
    for _ in range(2):
        services.proposals_record_lines(raw="하나\n둘", actor=staff, engagement=meeting, submission_key="k1")
    assert meeting.proposals.count() == 2


def test_create_split_merge_and_undo(staff, three) -> None:
    gpu, demo, renew = three
    demand = services.demand_create(
        title="GPU 지원 개선", proposal_ids=[gpu.id, renew.id, demo.id], actor=staff
    )
    assert demand.proposals.count() == 3
    # split the demonstration proposal out
    split = services.demand_split(
        demand=demand, proposal_ids=[demo.id], title="실증 접근성 개선", actor=staff
    )
    assert list(split.proposals.all()) == [demo]
    # merge it back, then undo the merge
    services.demand_merge(target=demand, others=[split], actor=staff)
    split.refresh_from_db()
    assert split.stage == Stage.MERGED and demand.proposals.count() == 3
    grouping_undo(actor=staff)
    split.refresh_from_db()
    assert split.stage == Stage.OPEN and list(split.proposals.all()) == [demo]
    # undo the split: the new demand disappears and its proposal returns
    grouping_undo(actor=staff)
    assert not Demand.objects.filter(id=split.id).exists()
    assert demand.proposals.count() == 3
    assert AuditRecord.objects.filter(action="demand.undo").count() == 2


def test_assign_requires_a_department(staff, three, company) -> None:
    demand = services.demand_create(title="GPU", proposal_ids=[three[0].id], actor=staff)
    with pytest.raises(ValidationError):
        services.demand_assign(demand=demand, department=company, actor=staff)
