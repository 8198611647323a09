"""``sori alloc solve|simulate`` and ``sori usage import``: files in, files or stdout out, no database.

Exit codes: 0 done; 1 solved but no selection exists (infeasible rules or no solution in time); 2 bad input
(the message names the field or line; no output file is written) or an action that needs the app's database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from sori.alloc._errors import InputError
from sori.alloc._json import problem_from_json, result_to_json
from sori.alloc._model import SolveStatus
from sori.alloc._select import solve
from sori.alloc._simulate import simulate
from sori.alloc._simulate_io import comparison_table, comparison_to_json, config_from_json
from sori.alloc._usage import gpu_hours_by_account, gpu_hours_by_type, parse_sacct, parse_usage_csv

BAD_INPUT = 2


class _BadInput(Exception):
    """A message for stderr and exit code 2."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``alloc`` and ``usage`` commands to the ``sori`` parser."""
    alloc = subparsers.add_parser(
        "alloc", help="selection optimiser and policy simulator (files in, files out)"
    )
    alloc_sub = alloc.add_subparsers(dest="alloc_command", metavar="ACTION", required=True)
    solve_p = alloc_sub.add_parser("solve", help="choose awards for a call (JSON in, JSON out)")
    solve_p.add_argument("input", metavar="IN.json", help="the call: months, capacity, applications, rules")
    solve_p.add_argument(
        "-o", "--output", metavar="OUT.json", required=True, help="where to write the result"
    )
    solve_p.add_argument("--time-limit", type=float, metavar="S", help="override time_limit_s (seconds)")
    solve_p.add_argument("--workers", type=int, metavar="N", help="override workers (CP-SAT threads)")
    solve_p.set_defaults(func=_cmd_solve)
    sim_p = alloc_sub.add_parser("simulate", help="compare allocation rule sets over years")
    sim_p.add_argument(
        "config", metavar="CONFIG.json", help="rule sets, capacity, demand (see docs/alloc.md)"
    )
    sim_p.add_argument("--json", action="store_true", help="print JSON (with yearly series for charts)")
    sim_p.set_defaults(func=_cmd_simulate)

    usage = subparsers.add_parser("usage", help="GPU usage from the scheduler's accounting")
    usage_sub = usage.add_subparsers(dest="usage_command", metavar="ACTION", required=True)
    imp = usage_sub.add_parser("import", help="parse sacct --parsable2 output or a CSV into GPU-hours")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--format", choices=("sacct", "csv"), required=True, help="sacct --parsable2 or plain CSV"
    )
    imp.add_argument("--dry-run", action="store_true", help="parse and report only (applying needs the app)")
    imp.add_argument(
        "--account", action="append", metavar="NAME", help="a known account; repeat it; others are rejected"
    )
    imp.set_defaults(func=_cmd_usage_import)


def _guard(args: argparse.Namespace, action: Any) -> int:
    try:
        result: int = action(args)
        return result
    except InputError as error:
        for issue in error.issues:
            print(f"error: {issue}", file=sys.stderr)
        return BAD_INPUT
    except _BadInput as error:
        print(f"error: {error}", file=sys.stderr)
        return BAD_INPUT


def _read_json(path: str) -> object:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise _BadInput(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise _BadInput(f"{path}: not UTF-8 text; save it as UTF-8") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadInput(f"{path}: line {error.lineno} column {error.colno}: {error.msg}") from None


def _write_atomically(path: str, text: str) -> None:
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise _BadInput(f"{path}: the folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cmd_solve(args: argparse.Namespace) -> int:
    return _guard(args, _solve)


def _solve(args: argparse.Namespace) -> int:
    import dataclasses

    problem = problem_from_json(_read_json(args.input))
    if args.time_limit is not None:
        if args.time_limit <= 0:
            raise _BadInput("--time-limit must be positive (seconds)")
        problem = dataclasses.replace(problem, time_limit_s=args.time_limit)
    if args.workers is not None:
        if args.workers < 1:
            raise _BadInput("--workers must be at least 1")
        problem = dataclasses.replace(problem, workers=args.workers)
    result = solve(problem)
    _write_atomically(args.output, json.dumps(result_to_json(result), ensure_ascii=False, indent=2) + "\n")
    counts = {"full": 0, "partial": 0, "none": 0}
    for award in result.awards:
        counts[award.status] += 1
    print(
        f"{result.status.value}: objective {result.objective:,.2f}, bound {result.best_bound:,.2f}, "
        f"gap {result.gap:.2%}, {result.wall_time_s:.2f} s; "
        f"{counts['full']} full, {counts['partial']} partial, "
        f"{counts['none']} not awarded; utilisation {result.utilisation:.1%} "
        f"(greedy {result.baseline.utilisation:.1%}, objective {result.baseline.objective:,.2f})"
        f" → {args.output}"
    )
    if result.message:
        print(result.message, file=sys.stderr)
    return 0 if result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE) else 1


def _cmd_simulate(args: argparse.Namespace) -> int:
    return _guard(args, _simulate)


def _simulate(args: argparse.Namespace) -> int:
    comparison = simulate(config_from_json(_read_json(args.config)))
    if args.json:
        print(json.dumps(comparison_to_json(comparison), ensure_ascii=False, indent=2))
    else:
        print(comparison_table(comparison))
    return 0


def _cmd_usage_import(args: argparse.Namespace) -> int:
    return _guard(args, _usage_import)


def _usage_import(args: argparse.Namespace) -> int:
    if not args.dry_run:
        print(
            "sori usage import: applying usage needs the app's database (the programs app); "
            "use --dry-run to check a file now",
            file=sys.stderr,
        )
        return BAD_INPUT
    text = _read_text(args.file)
    parse = parse_sacct if args.format == "sacct" else parse_usage_csv
    result = parse(text, known_accounts=args.account)
    report = {
        "file": args.file,
        "format": args.format,
        "accepted_lines": len(result.records),
        "skipped_job_steps": result.skipped_steps,
        "would_apply": result.ok,
        "gpu_hours_by_account": {a: round(h, 4) for a, h in gpu_hours_by_account(result.records).items()},
        "gpu_hours_by_type": {
            a: {t: round(h, 4) for t, h in types.items()}
            for a, types in gpu_hours_by_type(result.records).items()
        },
        "rejected": [{"line": e.line, "reason": e.reason, "text": e.text} for e in result.errors],
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if not result.ok:
        print(
            f"error: {len(result.errors)} line(s) rejected (first: line {result.errors[0].line}: "
            f"{result.errors[0].reason}); nothing would be applied",
            file=sys.stderr,
        )
        return BAD_INPUT
    return 0


def _read_text(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise _BadInput(f"{path}: cannot read ({error.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Korean offices often export CP949 (EUC-KR) CSV
        return data.decode("cp949")
    except UnicodeDecodeError:
        raise _BadInput(f"{path}: neither UTF-8 nor CP949 text") from None
