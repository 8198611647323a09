"""The registry demo tells the 2020 story (36 MOUs, 12 offices) and today's, on top of the main scenario."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sori.demo.loader import demo_load, scenario
from sori.demo.registry_loader import registry_demo_load
from sori.registry.models import Mou, Organisation
from sori.registry.selectors import overdue_commitments
from sori.reports.kpis.selectors import kpi_report

TODAY = dt.date(2025, 11, 20)


@pytest.mark.django_db
def test_the_demo_reuses_the_scenario_and_reads_the_2020_figures() -> None:
    # when: the demo loads, the registry after the meeting scenario
    demo_load(today=TODAY)
    # then: scenario organisations are reused, their profiles filled
    saltlux = Organisation.objects.get(name="솔트룩스")
    assert saltlux.mous.count() == 1 and saltlux.origin == "relocated"
    assert Organisation.objects.filter(name__contains="솔트룩스").count() == 1
    assert Organisation.objects.count() > len(scenario()["organisations"])
    # the committee meeting of 2020-09-22 opened with these figures
    r2020 = kpi_report(date_to=dt.date(2020, 9, 22), today=TODAY)
    assert (r2020.institutions_attracted, r2020.companies_attracted) == (6, 30)
    assert (r2020.mous_signed, r2020.offices_opened) == (36, 12)
    assert Mou.objects.filter(parties__name="국가보안기술연구소").exists()
    # and today's figures have grown, with some promises overdue on the to-do list
    now = kpi_report(today=TODAY)
    assert now.mous_signed > 36 and now.offices_opened > 12 and now.proposals_voiced > 0
    assert overdue_commitments(TODAY).exists()


@pytest.mark.django_db
def test_the_demo_loads_alone_too(staff: Any) -> None:
    registry_demo_load(today=TODAY)
    assert kpi_report(date_to=dt.date(2020, 9, 22), today=TODAY).organisations_attracted == 36
