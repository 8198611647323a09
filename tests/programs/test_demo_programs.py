"""The programs demo: a GPU program, ~40 applications, a selection, awards with usage, renewal, sites."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sori.demo.loader import demo_load
from sori.programs import services
from sori.programs.models import (
    Application,
    Award,
    Call,
    DemoSite,
    Program,
    RequestType,
    ResourcePool,
    Review,
    RuleException,
    RunStatus,
    SelectionRun,
    UsageEntry,
)
from sori.programs.occupancy import occupancy

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
    # and a renewal refused on low usage, one approved as an exception, one job before its term kept apart
    refused = Application.objects.get(request_type=RequestType.RENEWAL, status="rejected")
    assert refused.decision_reason.startswith("사용률 12% < 연장 최소 사용률 50%")
    exception = RuleException.objects.get()
    assert exception.rule == "renewal_min_usage" and "사업심의위원회" in exception.reason
    assert exception.application is not None and exception.application.status == "approved"
    flagged = UsageEntry.objects.get(review="flagged")
    assert flagged.month < flagged.award.start_month
    # and the pages staff and a company open work
    staff = Client()
    staff.force_login(User.objects.get(username="staff"))
    compute = Program.objects.get(kind="compute")
    body = staff.get(reverse("programs:program_detail", args=[compute.id])).content.decode()
    assert "저사용 협약" in body
    body = staff.get(reverse("programs:award_detail", args=[refused.award_id])).content.decode()
    assert "반려 사유: 사용률 12% &lt; 연장 최소 사용률 50%" in body
    body = staff.get(reverse("programs:award_detail", args=[exception.award_id])).content.decode()
    assert "예외 승인: 연장 최소 사용률" in body and "사업심의위원회" in body
    body = staff.get(reverse("programs:award_detail", args=[flagged.award_id])).content.decode()
    assert "협약 기간 밖 사용" in body and flagged.job_id in body
    assert staff.get(reverse("programs:run_detail", args=[run.id])).status_code == 200
    body = staff.get(
        reverse("programs:matching"), {"site": DemoSite.objects.get(kind="factory").id}
    ).content.decode()
    assert 'class="kw"' in body
    company = Client()
    company.force_login(User.objects.get(username="company-itapps"))
    home = company.get(reverse("programs:program_list")).content.decode()
    assert "2026년 GPU 지원 공고(1차)" in home and "건설현장 영상 안전관리" in home
    # and both GPU calls draw on the data center's pools, which no month holds beyond capacity
    pools = {p.resource: p for p in ResourcePool.objects.all()}
    assert (
        pools["H100"].name == "광주 AI데이터센터 H100" and pools["H100"].operator.name == "국가AI데이터센터"
    )
    assert all(row.held <= row.capacity for row in occupancy())
    # when the open call's applications are reviewed and its selection runs and is confirmed
    open_call = Call.objects.get(title="2026년 GPU 지원 공고(1차)")
    assert {c.pool_id for c in open_call.capacities.all()} == {pools["H100"].id, pools["A100"].id}
    reviewer = User.objects.get(username="staff")
    for app in Application.objects.filter(call=open_call):
        review = services.review_assign(application=app, reviewer=reviewer, actor=reviewer)
        scores = {c.id: 80 for c in open_call.criteria.all()}
        services.review_submit(review=review, scores=scores, comment="", actor=reviewer)
    run = services.selection_execute(run_id=services.selection_request(call=open_call, actor=reviewer).id)
    # then it sees the first call's awards: the A100 the first call holds in full is not given again,
    # the H100 added from the open call's first month is
    lines = {line.application.resource: line for line in run.lines.select_related("application")}
    assert lines["A100"].final == 0 and "광주 AI데이터센터 A100" in lines["A100"].reasons[0]["text"]
    assert lines["H100"].final == 4
    services.selection_confirm(run=run, actor=reviewer)
    assert all(row.held <= row.capacity for row in occupancy())
    body = staff.get(reverse("programs:run_detail", args=[run.id])).content.decode()
    assert "자원 풀 점유: 선정 전과 후" in body
