"""Demands assigned to departments on chosen days, built through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@pytest.fixture
def assigned(staff: Any) -> Callable[..., Demand]:
    """Make a demand assigned to ``department`` on ``on`` with deadline ``due``; answered on ``answered``."""

    def make(
        title: str,
        department: Any,
        *,
        on: dt.date,
        due: dt.date,
        answered: dt.date | None = None,
        **proposal: Any,
    ) -> Demand:
        p = services.proposal_record(text=f"{title} 해 주세요.", actor=staff, **proposal)
        demand = services.demand_create(title=title, proposal_ids=[p.id], actor=staff)
        demand = services.demand_assign(demand=demand, department=department, actor=staff, answer_due=due)
        Demand.objects.filter(id=demand.id).update(assigned_at=at(on))  # given: assigned on that day
        if answered is not None:
            disposition_decide(demand=demand, actor=staff, outcome=Outcome.ADOPTED, decided_at=at(answered))
        demand.refresh_from_db()
        return demand

    return make
