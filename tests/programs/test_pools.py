"""Resource pools: the calls on a pool share its capacity; no booking or capacity change over-books it."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from sori.core.models import AuditRecord
from sori.programs import services
from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    Capacity,
    PoolCapacity,
    Program,
    ResourcePool,
    RunStatus,
    SelectionRun,
    UsageEntry,
)
from sori.programs.months import add_months, first_of, month_label
from sori.programs.occupancy import occupancy, pool_page, run_occupancy
from sori.registry.models import Organisation, OrganisationKind


def _call(
    program: Program, staff: User, first: dt.date, *, title: str, pool: str = "", cap: int | None = None
) -> Call:
    """A 24-month call on ``program`` from ``first``; its H100 draws on ``pool`` (default: the operator's)."""
    return services.call_create(
        program=program,
        actor=staff,
        criteria=[("기술성", 100)],
        capacities=[("H100", cap, "h100", pool)],
        title=title,
        opens_on=first - dt.timedelta(days=40),
        closes_on=first - dt.timedelta(days=20),
        eligibility="",
        first_month=first,
        months=24,
        term_months=12,
        max_renewals=1,
        renewal_requirements="",
        renewal_min_usage=0.5,
        max_awards_per_organisation=None,
        newcomer_share=0.0,
        allow_partial=True,
        low_use_threshold=0.5,
        low_use_after_months=3,
        tranche_share=0.0,
    )


@pytest.fixture
def scored_app(staff: User, reviewer: User) -> Callable[..., Application]:
    """Submit an H100 application to a call (on its close date) and score it."""

    def make(
        call: Call, organisation: Organisation, *, amount: int, score: int = 80, **values: Any
    ) -> Application:
        fields = {
            "title": f"{organisation.name} 모델 학습",
            "resource": "H100",
            "amount": amount,
            "start_month": call.first_month,
            "months": 12,
            "summary": "요약",
        } | values
        app = services.application_submit(
            call=call, organisation=organisation, actor=staff, today=call.closes_on, **fields
        )
        review = services.review_assign(application=app, reviewer=reviewer, actor=staff)
        services.review_submit(
            review=review, scores={c.id: score for c in call.criteria.all()}, comment="", actor=reviewer
        )
        app.refresh_from_db()
        return app

    return make


def _run(call: Call, staff: User) -> SelectionRun:
    return services.selection_execute(run_id=services.selection_request(call=call, actor=staff).id)


def _firm(name: str) -> Organisation:
    return Organisation.objects.create(name=name, kind=OrganisationKind.COMPANY)


def test_both_calls_of_a_program_draw_on_one_pool(past_call: Call, call: Call) -> None:
    # given two calls of one operator's program, each written "H100: 8"
    # then both draw on the operator's H100 pool, which starts with the earlier call
    pool = ResourcePool.objects.get(resource="H100")
    assert pool.name == "정보통신산업진흥원 H100" and pool.operator is not None
    h100 = [*past_call.capacities.filter(resource="H100"), *call.capacities.filter(resource="H100")]
    assert {c.pool_id for c in h100} == {pool.id}
    assert [(r.from_month, r.units_per_month) for r in pool.capacities.all()] == [(past_call.first_month, 8)]


def test_a_second_overlapping_call_cannot_over_book_the_pool(
    login: Callable[[User], Client],
    staff: User,
    company: Organisation,
    other_company: Organisation,
    award_for: Callable[..., Award],
    call: Call,
    scored_app: Callable[..., Application],
    today: dt.date,
) -> None:
    # given an earlier call's award holding all 8 H100 of the pool until it ends seven months from now
    award = award_for(company, amount=8)
    assert award.end_month == add_months(first_of(today), 7)
    # and two applications to the later call: one while the award runs, one after it
    during = scored_app(call, other_company, amount=4, min_amount=2, score=95)
    after = scored_app(
        call, _firm("㈜무등AI"), amount=4, start_month=add_months(award.end_month, 1), score=70
    )
    # when the later call's selection runs
    run = _run(call, staff)
    # then the one during the award gets nothing, saying the pool is taken; the one after gets all it asked
    line = run.lines.get(application=during)
    assert line.optimised == 0
    assert "'정보통신산업진흥원 H100' 풀의 용량을 기존 협약(다른 공고·연장 포함)" in line.reasons[0]["text"]
    assert run.lines.get(application=after).optimised == 4
    # and utilisation counts the pool: 7 months × 8 held + 12 months × 4 granted out of 24 months × 8
    assert run.result["by_resource"]["H100"] == pytest.approx((7 * 8 + 12 * 4) / (24 * 8))
    assert run.utilisation == pytest.approx((7 * 8 + 12 * 4) / (24 * 8 + 24 * 16))  # with the empty A100 pool
    # and staff cannot push the first one in by hand
    with pytest.raises(
        ValidationError, match=f"{month_label(call.first_month)}에 '정보통신산업진흥원 H100' 풀"
    ):
        services.selection_override(line=line, final=2, reason="위원회 결정", actor=staff)
    # and the selection screen shows the pool before and after the run, month by month
    page = login(staff).get(reverse("programs:run_detail", args=[run.id])).content.decode()
    assert "자원 풀 점유: 선정 전과 후" in page and "정보통신산업진흥원 H100" in page
    months = {p.resource: p for p in run_occupancy(run)}["H100"].months
    assert (months[0].capacity, months[0].held, months[0].proposed, months[0].after) == (8, 8, 0, 8)
    assert (months[7].held, months[7].proposed, months[7].free_after) == (0, 4, 4)
    # drawn as SVG bars, in percent of capacity (no inline style for the content security policy)
    assert '<rect class="occ-held" width="100" height="10"/>' in page
    assert '<rect class="occ-proposed" x="0" width="50" height="10"/>' in page
    assert "style=" not in page
    # and once confirmed, no month of the pool holds more than its capacity
    services.selection_confirm(run=run, actor=staff)
    assert all(row.held <= row.capacity for row in occupancy())


def test_confirming_refuses_when_another_call_booked_the_pool_after_the_run(
    staff: User,
    program: Program,
    company: Organisation,
    other_company: Organisation,
    scored_app: Callable[..., Application],
    today: dt.date,
) -> None:
    # given two calls on one pool of 8, each with a run computed before either was confirmed
    first = add_months(first_of(today), 3)
    pool = services.pool_create(
        name="광주 AI데이터센터 H100", resource="H100", units_per_month=8, from_month=first, actor=staff
    )
    call_a = _call(program, staff, first, title="공고 가", pool=pool.name)
    call_b = _call(program, staff, first, title="공고 나", pool=pool.name)
    scored_app(call_a, company, amount=6)
    late = scored_app(call_b, other_company, amount=6)
    run_a = services.selection_request(call=call_a, actor=staff)
    run_b = services.selection_request(call=call_b, actor=staff)
    run_a, run_b = services.selection_execute(run_id=run_a.id), services.selection_execute(run_id=run_b.id)
    assert run_b.lines.get(application=late).final == 6
    # when the first is confirmed, then the second
    services.selection_confirm(run=run_a, actor=staff)
    with pytest.raises(ValidationError) as refused:
        services.selection_confirm(run=run_b, actor=staff)
    # then the second is refused, naming the month and pool and saying to run the selection again
    text = " ".join(refused.value.messages)
    assert f"{month_label(first)}에 '광주 AI데이터센터 H100' 풀의 용량이 모자랍니다" in text
    assert "선정을 다시 실행한 뒤 확정하세요" in text
    assert not Award.objects.filter(call=call_b).exists()
    assert Application.objects.get(pk=late.pk).status == ApplicationStatus.SUBMITTED
    # and a new run of the second call sees the first call's awards
    rerun = _run(call_b, staff)
    assert rerun.lines.get(application=late).optimised == 0


def test_a_computed_run_is_pending_for_the_other_calls_on_the_pool(
    staff: User,
    program: Program,
    company: Organisation,
    other_company: Organisation,
    scored_app: Callable[..., Application],
    today: dt.date,
) -> None:
    # given a run of one call computed but not confirmed
    first = add_months(first_of(today), 3)
    pool = services.pool_create(
        name="광주 AI데이터센터 H100", resource="H100", units_per_month=8, from_month=first, actor=staff
    )
    call_a = _call(program, staff, first, title="공고 가", pool=pool.name)
    call_b = _call(program, staff, first, title="공고 나", pool=pool.name)
    scored_app(call_a, company, amount=6)
    run_a = _run(call_a, staff)
    # then its grants are pending on the pool, and the other call's optimiser gets only what is left
    row = occupancy(pools=[pool], start=first, end=first)[0]
    assert (row.capacity, row.held, row.pending, row.free) == (8, 0, 6, 2)
    other = scored_app(call_b, other_company, amount=4, min_amount=1)
    run_b = _run(call_b, staff)
    assert run_b.result["pools"]["H100"]["free"][0] == 2
    assert run_b.lines.get(application=other).optimised == 2
    # and once the first run is confirmed its units are held, no longer pending
    services.selection_confirm(run=run_a, actor=staff)
    row = occupancy(pools=[pool], start=first, end=first)[0]
    assert (row.held, row.pending) == (6, 2)


def test_renewals_draw_on_the_pool_while_requested_and_once_approved(
    staff: User,
    company: Organisation,
    other_company: Organisation,
    award_for: Callable[..., Award],
    reviewer: User,
) -> None:
    # given an award of 4 and another firm's award of 4 filling the pool of 8
    award = award_for(company, amount=4)
    award_for(other_company, amount=4, title="다른 과제")
    UsageEntry.objects.create(award=award, job_id="1", month=award.start_month, gpu_seconds=3600 * 9000)
    pool = award.pool
    after = add_months(award.end_month, 1)
    # when a renewal of 4 is requested for the year after the term
    renewal = services.follow_up_submit(award=award, request_type="renewal", actor=staff, summary="계속")
    # then its months are pending on the pool
    assert occupancy(pools=[pool], start=after, end=after)[0].pending == 4
    # and when it is approved they are held
    services.short_review_submit(
        application=renewal, actor=reviewer, usage_score=80, outcome_score=80, recommend=True
    )
    services.follow_up_decide(application=renewal, actor=staff, approve=True, amount=4, reason="성과 충분")
    row = occupancy(pools=[pool], start=after, end=after)[0]
    assert (row.held, row.pending) == (4, 0)
    # and a supplement beyond the pool's capacity is refused, naming the pool
    award.refresh_from_db()
    supplement = services.follow_up_submit(
        award=award, request_type="supplement", actor=staff, amount=2, start_month=after, summary="추가"
    )
    services.short_review_submit(
        application=supplement, actor=reviewer, usage_score=80, outcome_score=80, recommend=True
    )
    services.pool_capacity_set(pool=pool, from_month=after, units=5, actor=staff)
    with pytest.raises(ValidationError, match="풀의 용량이 모자랍니다"):
        services.follow_up_decide(application=supplement, actor=staff, approve=True, amount=2, reason="추가")


def test_capacity_change_is_refused_listing_the_awards_that_hold_the_months(
    login: Callable[[User], Client],
    staff: User,
    company: Organisation,
    other_company: Organisation,
    award_for: Callable[..., Award],
    today: dt.date,
) -> None:
    # given two awards holding 4 + 2 of the pool's 8 until seven months from now
    award = award_for(company, amount=4, title="불량 검출")
    award_for(other_company, amount=2, title="수요 예측")
    pool = award.pool
    cut = add_months(first_of(today), 2)
    # when staff lower the capacity to 4 from two months on
    with pytest.raises(ValidationError) as refused:
        services.pool_capacity_set(pool=pool, from_month=cut, units=4, actor=staff, reason="장비 점검")
    # then it is refused, listing each award with its months and units, and nothing changes
    text = " ".join(refused.value.messages)
    months = f"{month_label(cut)}~{month_label(award.end_month)}"
    assert f"㈜아이티앱스 '불량 검출' {months} 월 4" in text
    assert f"㈜빛고을AI '수요 예측' {months} 월 2" in text
    assert "이미 배정된 6" in text and "용량은 바뀌지 않았습니다" in text
    assert pool.capacities.count() == 1
    # and the pool page says the same when the form is used
    client = login(staff)
    response = client.post(
        reverse("programs:pool_detail", args=[pool.id]),
        {"from_month": f"{cut:%Y-%m}", "units": 4, "reason": "장비 점검"},
    )
    assert response.status_code == 400 and "㈜아이티앱스 &#x27;불량 검출&#x27;" in response.content.decode()
    # when the capacity is lowered only from the month after the awards end, or to exactly what they hold
    services.pool_capacity_set(pool=pool, from_month=cut, units=6, actor=staff, reason="장비 점검")
    response = client.post(
        reverse("programs:pool_detail", args=[pool.id]),
        {"from_month": f"{add_months(award.end_month, 1):%Y-%m}", "units": 2, "reason": "일부 반납"},
        follow=True,
    )
    # then both are kept on the timeline, with their reasons, and audited
    assert [(r.from_month, r.units_per_month) for r in pool.capacities.all()] == [
        (award.start_month, 8),
        (cut, 6),
        (add_months(award.end_month, 1), 2),
    ]
    assert "일부 반납" in response.content.decode()
    assert (
        AuditRecord.objects.filter(action="pool.capacity", target=f"programs.resourcepool:{pool.id}").count()
        == 2
    )


def test_capacity_timeline_gives_each_month_the_latest_change(staff: User) -> None:
    # given a pool of 10 from 2030-01, raised to 16 from 2030-04 and lowered to 12 from 2030-06
    pool = services.pool_create(
        name="광주 AI데이터센터 B200",
        resource="B200",
        units_per_month=10,
        from_month=dt.date(2030, 1, 15),
        actor=staff,
    )
    services.pool_capacity_set(
        pool=pool, from_month=dt.date(2030, 4, 1), units=16, actor=staff, reason="증설"
    )
    services.pool_capacity_set(pool=pool, from_month=dt.date(2030, 6, 1), units=12, actor=staff)
    # when a change for an existing month is made again, it replaces that row
    services.pool_capacity_set(
        pool=pool, from_month=dt.date(2030, 4, 1), units=18, actor=staff, reason="증설 확대"
    )
    # then each month has the capacity of the latest change at or before it, none before the first
    rows = occupancy(pools=[pool], start=dt.date(2029, 12, 1), end=dt.date(2030, 7, 1))
    assert [(f"{r.month:%Y-%m}", r.capacity) for r in rows] == [
        ("2029-12", 0),
        ("2030-01", 10),
        ("2030-02", 10),
        ("2030-03", 10),
        ("2030-04", 18),
        ("2030-05", 18),
        ("2030-06", 12),
        ("2030-07", 12),
    ]
    assert PoolCapacity.objects.get(pool=pool, from_month=dt.date(2030, 4, 1)).reason == "증설 확대"
    page = pool_page(pool)
    assert [t.units_per_month for t in page.timeline] == [10, 18, 12]


def test_pool_pages_list_create_and_show_a_pool(
    login: Callable[[User], Client],
    staff: User,
    company_user: User,
    operator: Organisation,
    company: Organisation,
    award_for: Callable[..., Award],
) -> None:
    award = award_for(company, amount=4, title="불량 검출")
    client = login(staff)
    # the list shows the pool with this month's figures
    body = client.get(reverse("programs:pool_list")).content.decode()
    assert "정보통신산업진흥원 H100" in body and "풀 만들기" in body
    # a new pool is made from the form
    response = client.post(
        reverse("programs:pool_list"),
        {
            "name": "광주 AI데이터센터 A100",
            "operator": operator.id,
            "resource": "A100",
            "units_per_month": 64,
            "from_month": "2026-01",
            "submission_key": "pool-1",
        },
    )
    pool = ResourcePool.objects.get(name="광주 AI데이터센터 A100")
    assert response["Location"] == reverse("programs:pool_detail", args=[pool.id])
    # a pool's page shows its timeline, occupancy per month and the awards holding it
    body = client.get(reverse("programs:pool_detail", args=[award.pool_id])).content.decode()
    assert "용량 변경 이력" in body and "월별 점유" in body and "불량 검출" in body
    assert reverse("programs:award_detail", args=[award.id]) in body
    assert '<svg class="occ"' in body and "style=" not in body
    # companies see neither page
    company_client = login(company_user)
    assert company_client.get(reverse("programs:pool_list")).status_code == 403
    assert company_client.get(reverse("programs:pool_detail", args=[pool.id])).status_code == 403


def test_a_call_form_names_the_pool_and_an_unknown_pool_is_refused(
    login: Callable[[User], Client],
    staff: User,
    program: Program,
    call: Call,
) -> None:
    client = login(staff)
    body = client.get(reverse("programs:call_edit", args=[call.id])).content.decode()
    assert "H100: 8: h100: 정보통신산업진흥원 H100" in body
    with pytest.raises(ValidationError, match="'없는 풀' 자원 풀이 없습니다"):
        _call(program, staff, call.first_month, title="공고 다", pool="없는 풀")


# ----------------------------------------------------------------------------------------------------
# Concurrency and migration: each needs real transactions.


def _skip_on_in_memory_sqlite() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "threads sharing SQLite's in-memory test database are refused at once (table locked) instead of "
            "waiting for the lock; run on PostgreSQL (SORI_DATABASE_URL)"
        )


@pytest.mark.django_db(transaction=True)
def test_two_selections_confirmed_at_once_cannot_over_book_the_pool(
    staff: User,
    program: Program,
    company: Organisation,
    other_company: Organisation,
    scored_app: Callable[..., Application],
    today: dt.date,
) -> None:
    _skip_on_in_memory_sqlite()
    # given two calls on one pool of 8, each with a computed run granting 6 in the same months
    first = add_months(first_of(today), 3)
    pool = services.pool_create(
        name="광주 AI데이터센터 H100", resource="H100", units_per_month=8, from_month=first, actor=staff
    )
    calls = [_call(program, staff, first, title=t, pool=pool.name) for t in ("공고 가", "공고 나")]
    for call, org in zip(calls, (company, other_company), strict=True):
        scored_app(call, org, amount=6)
    with transaction.atomic():  # both computed on the same free capacity (each runs once this commits)
        runs = [services.selection_request(call=c, actor=staff) for c in calls]
    runs = [SelectionRun.objects.get(pk=r.pk) for r in runs]
    assert [r.status for r in runs] == [RunStatus.DONE, RunStatus.DONE]
    # when both are confirmed at the same moment from two connections
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def confirm(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = services.selection_confirm(run=SelectionRun.objects.get(pk=runs[i].pk), actor=staff)
        except Exception as exc:  # reported by the assertions below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    # then one is confirmed and the other refused, naming the month and pool and saying to run it again
    refused = [r for r in results if isinstance(r, ValidationError)]
    confirmed = [r for r in results if isinstance(r, list)]
    assert len(refused) == 1 and len(confirmed) == 1, results
    text = " ".join(refused[0].messages)
    assert f"{month_label(first)}에 '광주 AI데이터센터 H100' 풀의 용량이 모자랍니다" in text
    assert "선정을 다시 실행" in text
    assert SelectionRun.objects.filter(status=RunStatus.CONFIRMED).count() == 1
    assert all(row.held <= row.capacity for row in occupancy(pools=[pool]))
    assert Award.objects.filter(pool=pool).count() == 1


def _migrate_to_latest() -> None:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_pools() -> Any:
    """Take the programs app back to before resource pools; bring it forward again whatever happens."""
    from django.db.migrations.executor import MigrationExecutor

    before = [("programs", "0002_remove_submission_keys")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    yield executor.loader.project_state(before).apps
    _migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_calls_and_awards_a_pool(before_pools: Any) -> None:
    old = before_pools
    # given, before pools existed, two calls of one operator's program and a call of a program without one
    org = Organisation.objects.create(name="정보통신산업진흥원", kind=OrganisationKind.INSTITUTION)
    firm = _firm("㈜아이티앱스")
    program_model, call_model = old.get_model("programs", "Program"), old.get_model("programs", "Call")
    capacity_model = old.get_model("programs", "Capacity")
    gpu = program_model.objects.create(name="GPU 지원", kind="compute", operator_id=org.id)
    alone = program_model.objects.create(name="실증 GPU", kind="compute")
    day = dt.date(2026, 1, 1)

    def make_call(program: Any, first: dt.date, units: int) -> Any:
        call = call_model.objects.create(
            program=program, title=f"공고 {first}", opens_on=day, closes_on=day, first_month=first
        )
        capacity_model.objects.create(call=call, resource="H100", units_per_month=units, gres_type="h100")
        return call

    early, late = make_call(gpu, dt.date(2026, 3, 1), 32), make_call(gpu, dt.date(2026, 9, 1), 40)
    other = make_call(alone, dt.date(2026, 5, 1), 8)
    app = old.get_model("programs", "Application").objects.create(
        call=late,
        organisation_id=firm.id,
        title="과제",
        resource="H100",
        amount=4,
        start_month=dt.date(2026, 9, 1),
        months=12,
        summary="요약",
    )
    old.get_model("programs", "Award").objects.create(
        application=app,
        call=late,
        organisation_id=firm.id,
        resource="H100",
        amount=4,
        start_month=dt.date(2026, 9, 1),
        months=12,
    )
    # when the migrations run forward
    _migrate_to_latest()
    # then the operator's calls share one pool starting with the earlier call at the larger capacity
    pool = ResourcePool.objects.get(name="정보통신산업진흥원 H100")
    assert pool.operator_id == org.id
    assert [(r.from_month, r.units_per_month) for r in pool.capacities.all()] == [(dt.date(2026, 3, 1), 40)]
    assert {c.pool_id for c in Call.objects.get(pk=early.pk).capacities.all()} == {pool.id}
    assert Call.objects.get(pk=late.pk).capacities.get().units_per_month == 40
    # and the program without an operator gets its own, and the award is booked on its call's pool
    assert Call.objects.get(pk=other.pk).capacities.get().pool.name == "실증 GPU H100"
    assert Award.objects.get().pool_id == pool.id
    # and going back, a call resource set only through its pool gets the pool's capacity as its own number
    Capacity.objects.filter(call_id=late.pk).update(units_per_month=None)
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("programs", "0002_remove_submission_keys")])
    back = executor.loader.project_state([("programs", "0002_remove_submission_keys")]).apps
    assert back.get_model("programs", "Capacity").objects.get(call_id=late.pk).units_per_month == 40
