"""The programs demo: a GPU program, ~40 applications, a selection, awards with usage, renewal, sites."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sori.demo.loader import demo_load
from sori.programs.models import (
    Application,
    Award,
    DemoSite,
    Program,
    RequestType,
    Review,
    RunStatus,
    SelectionRun,
    UsageEntry,
)

pytestmark = pytest.mark.django_db


def test_demo_loads_programs_and_their_pages_render() -> None:
    # when the demo is loaded
    summary = demo_load()
    # then the compute program has its applications, a confirmed run, awards with usage and a renewal
    assert "지원사업" in summary
    assert Application.objects.count() >= 38
    assert Review.objects.filter(conflict=True).count() == 1
    run = SelectionRun.objects.get(status=RunStatus.CONFIRMED)
    assert run.lines.count() == 36
    assert Award.objects.count() >= 10
    assert UsageEntry.objects.exists()
    assert Application.objects.filter(request_type=RequestType.RENEWAL).exists()
    assert DemoSite.objects.count() == 5
    # and the pages staff and a company open work
    staff = Client()
    staff.force_login(User.objects.get(username="staff"))
    compute = Program.objects.get(kind="compute")
    body = staff.get(reverse("programs:program_detail", args=[compute.id])).content.decode()
    assert "저사용 협약" in body
    assert staff.get(reverse("programs:run_detail", args=[run.id])).status_code == 200
    body = staff.get(
        reverse("programs:matching"), {"site": DemoSite.objects.get(kind="factory").id}
    ).content.decode()
    assert 'class="kw"' in body
    company = Client()
    company.force_login(User.objects.get(username="company-itapps"))
    home = company.get(reverse("programs:program_list")).content.decode()
    assert "2026년 GPU 지원 공고(1차)" in home and "건설현장 영상 안전관리" in home
