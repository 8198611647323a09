"""List search: every word must match, and a long query costs no more joins than a short one."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from sori.core.listing import MAX_SEARCH_WORDS, search
from sori.voices import services
from sori.voices.models import Demand

pytestmark = pytest.mark.django_db
FIELDS = ("title", "proposals__text", "proposals__organisation__name")


def _search(q: str) -> tuple[Any, str]:
    return search(Demand.objects.all(), RequestFactory().get("/", {"q": q}), FIELDS)


def test_words_may_match_the_title_or_a_proposal_and_all_must_match(staff: Any, company: Any) -> None:
    p = services.proposal_record(text="GPU 사용기간을 12개월로", actor=staff, organisation=company)
    gpu = services.demand_create(title="연산 자원 지원", proposal_ids=[p.id], actor=staff)
    services.demand_create(
        title="인력 정주 지원",
        proposal_ids=[services.proposal_record(text="주거비", actor=staff).id],
        actor=staff,
    )
    assert list(_search("지원 12개월")[0]) == [gpu]  # one word in the title, one in a proposal
    assert list(_search(f"지원 {company.name}")[0]) == [gpu]  # an organisation's name counts too
    assert list(_search("지원 없는낱말")[0]) == []


def test_each_word_adds_no_join_and_words_past_the_limit_are_dropped() -> None:
    one, _ = _search("가")
    seven, _ = _search(" ".join(["가"] * 7))
    assert str(seven.query).count("JOIN") == str(one.query).count("JOIN")
    _qs, used = _search(" ".join(f"낱말{i}" for i in range(20)))
    assert len(used.split()) == MAX_SEARCH_WORDS
