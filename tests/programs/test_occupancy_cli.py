"""``sori programs occupancy``: one row per pool and month, checked on a small world worked out by hand."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sori.programs import cli, services
from sori.programs.models import Application, Award, Call, Program, ResourcePool
from sori.registry.models import Organisation, OrganisationKind

KEYS = {"pool", "month", "capacity", "held", "pending", "exceptions"}


def _month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _call(program: Program, staff: User, first: dt.date, months: int, title: str) -> Call:
    return services.call_create(
        program=program,
        actor=staff,
        criteria=[("기술성", 100)],
        capacities=[("H100", None, "h100", "테스트 풀 H100")],
        title=title,
        opens_on=dt.date(2029, 10, 1),
        closes_on=dt.date(2029, 11, 30),
        eligibility="",
        first_month=first,
        months=months,
        term_months=months,
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


def _apply(
    call: Call, name: str, amount: int, start: dt.date, months: int, staff: User, reviewer: User
) -> Any:
    org = Organisation.objects.create(name=name, kind=OrganisationKind.COMPANY)
    app = services.application_submit(
        call=call,
        organisation=org,
        actor=staff,
        today=call.closes_on,
        title=f"{name} 과제",
        resource="H100",
        amount=amount,
        start_month=start,
        months=months,
        summary="요약",
    )
    review = services.review_assign(application=app, reviewer=reviewer, actor=staff)
    services.review_submit(
        review=review, scores={c.id: 80 for c in call.criteria.all()}, comment="", actor=reviewer
    )
    return app


@pytest.fixture
def world(staff: User, reviewer: User, operator: Organisation) -> ResourcePool:
    """A pool of 10 H100 from 2030-01, 6 from 2030-04, and on it:

    held    — award A: 4 in Jan–Mar; award B: 2 in Feb–Jun (call 1, confirmed)
    pending — a supplement of 1 to A in Feb–Mar (not decided); C: 3 in May–Jun (call 2, run not confirmed)

    month     capacity  held  pending
    2030-01       10      4      0
    2030-02       10      6      1
    2030-03       10      6      1
    2030-04        6      2      0
    2030-05        6      2      3
    2030-06        6      2      3
    """
    pool = services.pool_create(
        name="테스트 풀 H100",
        resource="H100",
        units_per_month=10,
        from_month=_month(2030, 1),
        operator=operator,
        actor=staff,
    )
    services.pool_capacity_set(
        pool=pool, from_month=_month(2030, 4), units=6, actor=staff, reason="일부 반납"
    )
    program = services.program_create(name="GPU 지원", kind="compute", operator=operator, actor=staff)
    first = _call(program, staff, _month(2030, 1), 6, "1차 공고")
    a = _apply(first, "㈜가", 4, _month(2030, 1), 3, staff, reviewer)
    _apply(first, "㈜나", 2, _month(2030, 2), 5, staff, reviewer)
    run = services.selection_execute(run_id=services.selection_request(call=first, actor=staff).id)
    services.selection_confirm(run=run, actor=staff)
    services.follow_up_submit(
        award=Award.objects.get(application=a),
        request_type="supplement",
        actor=staff,
        amount=1,
        start_month=_month(2030, 2),
        summary="추가",
    )
    second = _call(program, staff, _month(2030, 5), 2, "2차 공고")
    _apply(second, "㈜다", 3, _month(2030, 5), 2, staff, reviewer)
    services.selection_execute(run_id=services.selection_request(call=second, actor=staff).id)
    assert Application.objects.filter(request_type="supplement").count() == 1
    return pool


def _run(monkeypatch: Any, argv: list[str]) -> int:
    monkeypatch.setattr(cli, "setup_django", lambda: None)
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


def test_json_has_one_row_per_pool_and_month_with_the_hand_computed_figures(
    world: ResourcePool, monkeypatch: Any, capsys: Any
) -> None:
    # when
    assert _run(monkeypatch, ["programs", "occupancy", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    # then every row has exactly the documented keys
    assert all(set(row) == KEYS for row in rows)
    assert [
        (r["pool"], r["month"], r["capacity"], r["held"], r["pending"], r["exceptions"]) for r in rows
    ] == [
        ("테스트 풀 H100", "2030-01", 10, 4, 0, []),
        ("테스트 풀 H100", "2030-02", 10, 6, 1, []),
        ("테스트 풀 H100", "2030-03", 10, 6, 1, []),
        ("테스트 풀 H100", "2030-04", 6, 2, 0, []),
        ("테스트 풀 H100", "2030-05", 6, 2, 3, []),
        ("테스트 풀 H100", "2030-06", 6, 2, 3, []),
    ]


def test_pool_and_months_can_be_chosen_and_the_table_is_readable(
    world: ResourcePool, staff: User, monkeypatch: Any, capsys: Any
) -> None:
    services.pool_create(
        name="다른 풀 A100", resource="A100", units_per_month=8, from_month=_month(2030, 1), actor=staff
    )
    # a pool and a range of months
    argv = [
        "programs",
        "occupancy",
        "--format",
        "json",
        "--pool",
        "테스트 풀 H100",
        "--from",
        "2030-03",
        "--to",
    ]
    assert _run(monkeypatch, [*argv, "2030-07"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["month"], r["capacity"], r["held"]) for r in rows] == [
        ("2030-03", 10, 6),
        ("2030-04", 6, 2),
        ("2030-05", 6, 2),
        ("2030-06", 6, 2),
        ("2030-07", 6, 0),
    ]
    # the table without --format json: a header and one line per pool and month
    assert _run(monkeypatch, ["programs", "occupancy", "--from", "2030-02", "--to", "2030-02"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["풀", "월", "용량", "배정", "대기", "여유", "비고"]
    assert lines[1].split() == ["다른", "풀", "A100", "2030-02", "8", "0", "0", "8"]
    assert lines[2].split() == ["테스트", "풀", "H100", "2030-02", "10", "6", "1", "3"]
    # an unknown pool is named back with the pools there are
    assert _run(monkeypatch, ["programs", "occupancy", "--pool", "없는 풀"]) == 2
    assert "있는 풀: 다른 풀 A100, 테스트 풀 H100" in capsys.readouterr().err
    # a month written the wrong way is refused by the parser
    with pytest.raises(SystemExit):
        _run(monkeypatch, ["programs", "occupancy", "--from", "2030/03"])
    assert "YYYY-MM" in capsys.readouterr().err


def test_a_month_over_capacity_is_marked_in_the_table(
    world: ResourcePool, monkeypatch: Any, capsys: Any
) -> None:
    # given the pool's capacity lowered under what is held, as the data migration may leave it
    world.capacities.filter(from_month=_month(2030, 4)).update(units_per_month=1)
    assert _run(monkeypatch, ["programs", "occupancy", "--from", "2030-04", "--to", "2030-04"]) == 0
    assert "용량 초과 1" in capsys.readouterr().out


def test_an_approved_exception_lets_an_award_hold_above_capacity_and_is_listed_with_its_reason(
    world: ResourcePool, staff: User, reviewer: User, monkeypatch: Any, capsys: Any
) -> None:
    # given award B (2 in Feb–Jun) asking 5 more from May, where the pool has 6 and B already holds 2
    award_b = Award.objects.get(organisation__name="㈜나")
    supplement = services.follow_up_submit(
        award=award_b,
        request_type="supplement",
        actor=staff,
        amount=5,
        start_month=_month(2030, 5),
        summary="추가 학습",
    )
    services.short_review_submit(
        application=supplement, actor=reviewer, usage_score=90, outcome_score=90, recommend=True
    )
    # when it is approved as an exception, the capacity rule refusing it otherwise
    with pytest.raises(ValidationError, match="풀의 용량이 모자랍니다"):
        services.follow_up_decide(application=supplement, actor=staff, approve=True, amount=5, reason="추가")
    services.follow_up_decide(
        application=supplement,
        actor=staff,
        approve=True,
        amount=5,
        reason="추가",
        exception_reason="2030년 6월 증설분 조기 반입",
    )
    # then May and June hold 7 of 6, and each lists the exception with its reason
    assert _run(monkeypatch, ["programs", "occupancy", "--format", "json", "--from", "2030-04"]) == 0
    rows = {r["month"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["2030-04"]["exceptions"] == []
    for month in ("2030-05", "2030-06"):
        assert (rows[month]["capacity"], rows[month]["held"]) == (6, 7)
        (exception,) = rows[month]["exceptions"]
        assert exception["reason"] == "2030년 6월 증설분 조기 반입" and exception["units"] == 5
        assert exception["approved_by"] and len(exception["approved_at"]) == 10
    # and the table marks the months over capacity with the reason
    assert _run(monkeypatch, ["programs", "occupancy", "--from", "2030-05", "--to", "2030-05"]) == 0
    assert "용량 초과 1; 2030년 6월 증설분 조기 반입" in capsys.readouterr().out
