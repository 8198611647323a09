"""The command line end to end: files in, files out, exit codes, and no output left behind on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sori.alloc.__main__ import main as alloc_main
from sori.cli import main as sori_main

SAMPLES = Path(__file__).parent / "samples"
CALL = {
    "months": 12,
    "first_month": "2026-01",
    "capacity": {"A100": 8},
    "rules": {"max_awards_per_organisation": 1},
    "applications": [
        {
            "id": "G-01",
            "organisation": "빛고을AI",
            "score": 90,
            "resource": "A100",
            "amount": 6,
            "start": 0,
            "months": 12,
        },
        {
            "id": "G-02",
            "organisation": "호남제조",
            "score": 70,
            "resource": "A100",
            "amount": 4,
            "start": 0,
            "months": 12,
            "min_amount": 1,
        },
        {
            "id": "G-03",
            "organisation": "빛고을AI",
            "score": 60,
            "resource": "A100",
            "amount": 2,
            "start": 0,
            "months": 6,
        },
    ],
}


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_solve_writes_awards_with_reasons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert sori_main(["alloc", "solve", str(write(tmp_path / "in.json", CALL)), "-o", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    awards = {a["id"]: a for a in result["awards"]}
    assert (awards["G-01"]["awarded"], awards["G-02"]["awarded"], awards["G-03"]["awarded"]) == (6, 2, 0)
    assert awards["G-02"]["binding"][0]["kind"] == "capacity"
    assert "2026-01..2026-12" in awards["G-02"]["binding"][0]["message"]
    assert [b["kind"] for b in awards["G-03"]["binding"]] == ["organisation_max", "capacity"]
    assert result["status"] == "OPTIMAL" and result["objective"] == result["best_bound"]
    assert "OPTIMAL" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "out.json"]  # no temp file left


def test_bad_input_names_the_field_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = json.loads(json.dumps(CALL))
    bad["applications"][1]["amount"] = -4
    out = tmp_path / "out.json"
    assert alloc_main(["alloc", "solve", str(write(tmp_path / "in.json", bad)), "-o", str(out)]) == 2
    assert "applications[1].amount: must be at least 1" in capsys.readouterr().err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in.json"]  # no temp file left either
    (tmp_path / "broken.json").write_text('{"months": 12,\n "capacity": }', encoding="utf-8")
    assert alloc_main(["alloc", "solve", str(tmp_path / "broken.json"), "-o", str(out)]) == 2
    assert "broken.json: line 2 column 14" in capsys.readouterr().err
    assert alloc_main(["alloc", "solve", str(tmp_path / "missing.json"), "-o", str(out)]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert not out.exists()


def test_simulate_prints_a_table_or_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(
        tmp_path / "sim.json",
        {
            "seed": 7,
            "years": 3,
            "demand": {"projects": 40},
            "rule_sets": [
                {"name": "6개월 재선정", "term_months": 6},
                {"name": "12개월 연장", "term_months": 12, "renewal": True, "max_renewals": 2},
            ],
        },
    )
    assert alloc_main(["alloc", "simulate", str(config)]) == 0
    table = capsys.readouterr().out
    assert "6개월 재선정" in table and "Continuity" in table
    assert alloc_main(["alloc", "simulate", str(config), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [o["rule_set"] for o in data["outcomes"]] == ["6개월 재선정", "12개월 연장"]
    write(config, {"rule_sets": [{"name": "x", "term_months": "six"}]})
    assert alloc_main(["alloc", "simulate", str(config)]) == 2
    assert "rule_sets[0].term_months: must be a whole number" in capsys.readouterr().err


def test_usage_import_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = str(SAMPLES / "sacct_march.txt")
    assert sori_main(["usage", "import", good, "--format", "sacct", "--dry-run"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["gpu_hours_by_account"]["bitgoeul_ai"] == 208.75
    assert report["rejected"] == [] and report["would_apply"] is True
    assert (
        alloc_main(["usage", "import", str(SAMPLES / "sacct_bad.txt"), "--format", "sacct", "--dry-run"]) == 2
    )
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["would_apply"] is False and len(report["rejected"]) == 7
    assert "line 3" in captured.err and "nothing would be applied" in captured.err
    assert alloc_main(["usage", "import", good, "--format", "sacct"]) == 2
    assert "needs the app's database" in capsys.readouterr().err


def test_usage_import_reads_cp949_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "usage.csv"
    path.write_bytes(
        "account,user,start,end,gpus,비고\nlab,kim,2025-03-01T00:00,2025-03-01T02:00,3,월간\n".encode("cp949")
    )
    assert alloc_main(["usage", "import", str(path), "--format", "csv", "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["gpu_hours_by_account"] == {"lab": 6.0}


def test_bench_runs_through_the_main_cli_on_a_small_instance(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["bench", "alloc", "--applications", "60", "--months", "6", "--projects", "20", "--years", "2"]
    assert sori_main(argv) == 0
    out = capsys.readouterr().out
    assert "greedy" in out and "simulator: 2 years × 20 projects" in out
