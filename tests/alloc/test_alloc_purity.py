"""sori.alloc stays a pure core: no Django, no Celery, and a public surface that changes only on purpose."""

from __future__ import annotations

import subprocess
import sys

import sori.alloc

BLOCKER = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("django", "celery"):
            raise ImportError(f"{name} must not be imported by sori.alloc")
sys.meta_path.insert(0, Block())
import sori.alloc, sori.alloc.cli, sori.alloc.bench, sori.alloc.__main__
from sori.alloc.__main__ import main
assert main(["usage", "import", sys.argv[1], "--format", "sacct", "--dry-run"]) == 0
print("pure")
"""


def test_alloc_imports_and_runs_without_django_or_celery() -> None:
    from pathlib import Path

    sample = Path(__file__).parent / "samples" / "sacct_march.txt"
    done = subprocess.run(
        [sys.executable, "-c", BLOCKER, str(sample)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("pure")


def test_public_api_is_pinned() -> None:
    assert sorted(sori.alloc.__all__) == sori.alloc.__all__
    assert set(sori.alloc.__all__) == {
        "Application",
        "Award",
        "Baseline",
        "Binding",
        "BindingKind",
        "Comparison",
        "DemandModel",
        "InputError",
        "Issue",
        "LineError",
        "Outcome",
        "Project",
        "RuleSet",
        "Rules",
        "SelectionProblem",
        "SelectionResult",
        "SimulationConfig",
        "SlurmGrant",
        "SolveStatus",
        "UsageParse",
        "UsageRecord",
        "check_problem",
        "comparison_table",
        "comparison_to_json",
        "config_from_json",
        "gpu_hours_by_account",
        "gpu_hours_by_type",
        "grants_from_result",
        "greedy",
        "newcomer_reserve",
        "parse_elapsed",
        "parse_gpus",
        "parse_sacct",
        "parse_usage_csv",
        "problem_from_json",
        "problem_to_json",
        "rank_by_score",
        "result_to_json",
        "sacctmgr_commands",
        "simulate",
        "solve",
        "synthetic_problem",
        "synthetic_projects",
        "utilisation",
        "value_of",
    }
