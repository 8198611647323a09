"""A small world for the department pages: demands assigned to two departments, built through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices import services
from sori.voices.models import Demand


@pytest.fixture
def make_demand(staff: Any, meeting: Any) -> Callable[..., Demand]:
    """Return a maker of a demand with proposals from the given (person or organisation) proposers."""

    def make(
        title: str,
        *,
        department: Organisation | None,
        proposers: list[Person | Organisation],
        due: dt.date | None = None,
    ) -> Demand:
        ids = []
        for i, who in enumerate(proposers):
            kwargs = {"person": who} if isinstance(who, Person) else {"organisation": who}
            p = services.proposal_record(
                text=f"{title} — 제안 {i + 1}", actor=staff, engagement=meeting, **kwargs
            )
            ids.append(p.id)
        demand = services.demand_create(title=title, proposal_ids=ids, actor=staff)
        if department is not None:
            demand = services.demand_assign(demand=demand, department=department, actor=staff, answer_due=due)
        return demand

    return make


@pytest.fixture
def second_proposer(db: Any) -> Person:
    org = Organisation.objects.create(
        name="㈜빛고을데이터", kind=OrganisationKind.COMPANY, email="hello@bitgoeul.example.kr"
    )
    return Person.objects.create(
        name="김다온",
        organisation=org,
        email="daon@bitgoeul.example.kr",
        phone="010-1234-5678",
        contact_consent=True,
    )
