"""One organisation, one entry: legal forms, spacing and business registration numbers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sori.registry import services
from sori.registry.matching import name_similarity, similar_names
from sori.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "spelling", ["솔트룩스", "(주)솔트룩스", "주식회사 솔트룩스", "솔트 룩스", "㈜솔트룩스 "]
)
def test_spellings_of_one_name_find_the_same_organisation(firm: Organisation, spelling: str) -> None:
    assert services.organisation_find(name=spelling) == firm


def test_creating_a_second_spelling_is_refused(firm: Organisation, staff: Any) -> None:
    with pytest.raises(ValidationError, match="같은 기관으로 보입니다"):
        services.organisation_create(name="(주)솔트룩스", actor=staff)
    assert Organisation.objects.count() == 1


def test_business_number_is_unique_in_any_spelling(firm: Organisation, staff: Any) -> None:
    # given: the firm's number is stored as digits
    assert firm.business_number == "1234567890"
    assert firm.business_number_display == "123-45-67890"
    # when / then
    with pytest.raises(ValidationError, match="이미 '㈜솔트룩스'에 등록"):
        services.organisation_create(name="다른회사", actor=staff, business_number="1234567890")
    assert services.organisation_by_business_number("123 45 67890") == firm
    # unknown numbers never collide
    services.organisation_create(name="번호 없는 회사 1", actor=staff)
    services.organisation_create(name="번호 없는 회사 2", actor=staff, business_number="")


def test_close_names_are_flagged_not_merged() -> None:
    assert name_similarity("인포웍스", "인포윅스") >= 0.8
    assert name_similarity("솔트룩스", "솔트룩스코리아") >= 0.8
    assert name_similarity("티맥스", "에이모") < 0.5
    found = similar_names("인포윅스", [(1, "인포웍스"), (2, "티맥스"), (3, "(주)인포윅스")])
    # the same key is not "similar": it is the same organisation
    assert [(s.id, s.name) for s in found] == [(1, "인포웍스")]


def test_profile_changes_are_kept_in_the_history(firm: Organisation, staff: Any) -> None:
    services.organisation_update(organisation=firm, actor=staff, ai_needs="GPU 12개월", founded_year=2003)
    services.organisation_update(
        organisation=firm, actor=staff, ai_needs="GPU 12개월"
    )  # no change, no record
    from sori.core.models import AuditRecord

    updates = AuditRecord.objects.filter(
        action="organisation.update", target=f"registry.organisation:{firm.id}"
    )
    assert updates.count() == 1
    assert updates.get().changes() == [("ai_needs", "", "GPU 12개월"), ("founded_year", None, 2003)]
