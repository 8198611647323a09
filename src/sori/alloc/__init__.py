"""Sori's allocation core: selection optimiser, policy simulator and scheduler usage (pure Python, no Django).

Selection: build a :class:`SelectionProblem` (or :func:`problem_from_json`) and call :func:`solve`.
Simulation: build a :class:`SimulationConfig` (or :func:`config_from_json`) and call :func:`simulate`.
Usage: :func:`parse_sacct` / :func:`parse_usage_csv`, then :func:`gpu_hours_by_account`.
"""

from sori.alloc._errors import InputError, Issue
from sori.alloc._json import problem_from_json, problem_to_json, result_to_json
from sori.alloc._model import (
    Application,
    Award,
    Baseline,
    Binding,
    BindingKind,
    Rules,
    SelectionProblem,
    SelectionResult,
    SolveStatus,
    newcomer_reserve,
)
from sori.alloc._sacctmgr import SlurmGrant, grants_from_result, sacctmgr_commands
from sori.alloc._select import check_problem, greedy, rank_by_score, solve, utilisation, value_of
from sori.alloc._simulate import (
    Comparison,
    DemandModel,
    Outcome,
    Project,
    RuleSet,
    SimulationConfig,
    simulate,
    synthetic_projects,
)
from sori.alloc._simulate_io import comparison_table, comparison_to_json, config_from_json
from sori.alloc._synthetic import synthetic_problem
from sori.alloc._usage import (
    LineError,
    UsageParse,
    UsageRecord,
    gpu_hours_by_account,
    gpu_hours_by_type,
    parse_elapsed,
    parse_gpus,
    parse_sacct,
    parse_usage_csv,
)

__all__ = [
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
]
