"""Slurm accounting and CSV usage: GPU-hours by hand, steps never double-counted, every bad line named."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sori.alloc import (
    gpu_hours_by_account,
    gpu_hours_by_type,
    parse_elapsed,
    parse_gpus,
    parse_sacct,
    parse_usage_csv,
)

SAMPLES = Path(__file__).parent / "samples"


def test_real_format_sacct_output_gives_hand_computed_gpu_hours() -> None:
    result = parse_sacct((SAMPLES / "sacct_march.txt").read_text())
    assert result.ok
    assert result.skipped_steps == 5  # 10231.batch/.extern/.0, 10232.batch, 10233_1.batch
    assert [r.job_id for r in result.records] == ["10231", "10232", "10233_1", "10234", "10235", "10236"]
    # 8 GPUs × 26 h + 1 GPU × 45 min; 2 GPUs × 2.5 h (+ a CPU-only job); 1 GPU × 3 h running + a pending job
    assert gpu_hours_by_account(result.records) == {
        "bitgoeul_ai": 208.75,
        "gwangju_univ": 3.0,
        "honam_mfg": 5.0,
    }
    assert gpu_hours_by_type(result.records) == {
        "bitgoeul_ai": {"a100": 208.75},
        "gwangju_univ": {"(untyped)": 3.0},
        "honam_mfg": {"(untyped)": 5.0},
    }
    cancelled = result.records[1]
    assert cancelled.state == "CANCELLED" and cancelled.gpus == 2
    running = result.records[3]
    assert running.state == "RUNNING" and running.end is None


def test_every_malformed_line_is_reported_with_its_number_and_nothing_else_is_lost() -> None:
    result = parse_sacct((SAMPLES / "sacct_bad.txt").read_text())
    assert not result.ok
    assert [r.job_id for r in result.records] == ["10301"]
    reasons = {e.line: e.reason for e in result.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9]
    assert "12 fields but the header has 11" in reasons[3]
    assert "gres/gpu='two'" in reasons[4]
    assert "1-25:00:00" in reasons[5]
    assert "'FINISHED' is not a Slurm job state" in reasons[6]
    assert "already appeared on line 2" in reasons[7]
    assert "Account is empty" in reasons[8]
    assert "2025-13-01T09:00:00" in reasons[9]


def test_unknown_accounts_are_rejected_when_the_caller_knows_its_accounts() -> None:
    result = parse_sacct(
        (SAMPLES / "sacct_march.txt").read_text(), known_accounts={"BITGOEUL_AI", "honam_mfg"}
    )
    assert [(e.line, "gwangju_univ" in e.reason) for e in result.errors] == [(10, True), (11, True)]


def test_parsable_with_trailing_pipes_and_missing_columns() -> None:
    text = (
        "JobID|Account|AllocTRES|Elapsed|\n"
        "77|lab|gres/gpu:h100=2,gres/gpu=2|30:00|\n"
        "77.batch|lab|gres/gpu=2|30:00|\n"
    )
    result = parse_sacct(text)
    assert result.ok and gpu_hours_by_account(result.records) == {"lab": 1.0}
    missing = parse_sacct("JobID|User|Elapsed\n1|kim|01:00:00\n")
    assert missing.errors[0].line == 1 and "header lacks Account, AllocTRES" in missing.errors[0].reason
    assert parse_sacct("").errors[0].reason.startswith("the file is empty")


def test_without_elapsed_the_time_comes_from_start_and_end() -> None:
    text = "JobID|Account|AllocTRES|Start|End\n5|lab|gres/gpu=4|2025-03-01T00:00:00|2025-03-01T01:30:00\n"
    assert gpu_hours_by_account(parse_sacct(text).records) == {"lab": 6.0}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1-02:03:04", 93784), ("02:03:04", 7384), ("03:04", 184), ("00:00:00", 0), ("12-00:00:00", 1036800)],
)
def test_elapsed_formats(text: str, seconds: int) -> None:
    assert parse_elapsed(text) == seconds


@given(st.integers(0, 400 * 86400))
def test_elapsed_round_trips_the_slurm_format(seconds: int) -> None:
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{days}-{hours:02d}:{minutes:02d}:{secs:02d}" if days else f"{hours:02d}:{minutes:02d}:{secs:02d}"
    assert parse_elapsed(text) == seconds


def test_typed_and_untyped_gpus_are_not_added_twice() -> None:
    assert parse_gpus("billing=8,cpu=8,gres/gpu=2,mem=64G,node=1") == (2, (("(untyped)", 2),))
    assert parse_gpus("gres/gpu:a100=2") == (2, (("a100", 2),))
    assert parse_gpus("gres/gpu:a100=2,gres/gpu=2") == (2, (("a100", 2),))
    assert parse_gpus("gres/gpu:a100=2,gres/gpu:l40s=1,gres/gpu=4") == (
        4,
        (("a100", 2), ("l40s", 1), ("(untyped)", 1)),
    )
    assert parse_gpus("") == (0, ())
    with pytest.raises(ValueError, match="typed GPUs"):
        parse_gpus("gres/gpu:a100=3,gres/gpu=2")


def test_plain_csv_with_gpus_or_gpu_hours() -> None:
    text = (
        "account,user,start,end,gpus,gpu_type\n"
        "bitgoeul_ai,kimjh,2025-03-01T09:00,2025-03-01T21:00,4,a100\n"
        "honam_mfg,parksy,2025-03-02 08:00,2025-03-02 08:30,1,\n"
    )
    result = parse_usage_csv(text)
    assert result.ok
    assert gpu_hours_by_account(result.records) == {"bitgoeul_ai": 48.0, "honam_mfg": 0.5}
    assert gpu_hours_by_type(result.records)["bitgoeul_ai"] == {"a100": 48.0}
    hours = parse_usage_csv(
        "account,user,start,end,gpu_hours,gpu_type\nlab,kim,2025-03-01,2025-03-31,120.5,h100\n"
        "lab,kim,2025-03-01,2025-02-01,1,\nlab,kim,2025-03-01,2025-03-02,lots,\n"
    )
    assert gpu_hours_by_type(hours.records) == {"lab": {"h100": 120.5}}
    assert [(e.line, e.reason) for e in hours.errors] == [
        (3, "end is before start"),
        (4, "gpu_hours 'lots' must be a number such as 12.5"),
    ]
    assert "exactly one of gpus or gpu_hours" in parse_usage_csv("account,user,start,end\n").errors[0].reason
