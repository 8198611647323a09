"""``sori programs …``: the support programs from the command line.

``sori programs occupancy`` prints one row per resource pool and month: capacity, units held by awards,
units pending (selections computed but not confirmed, renewals and supplements not yet decided) and the
approved exceptions that allow more than the capacity. ``sori programs remind`` writes the reminders of
stalled introductions (미드필더 연결) to the outbox, once per stall — for cron where no beat scheduler runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from typing import Any

from sori.core.cli import setup_django


def year_month(value: str) -> dt.date:
    """Parse ``YYYY-MM`` into the month's first day, with a message that says how to write it."""
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"월은 YYYY-MM으로 적어 주세요: {value!r}") from None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows: list[list[str]], right: set[int]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def cmd_occupancy(args: argparse.Namespace) -> int:
    """Print each pool's occupancy per month as JSON or a table."""
    if args.month_from and args.month_to and args.month_from > args.month_to:
        print("sori programs occupancy: --from가 --to보다 늦습니다.", file=sys.stderr)
        return 2
    setup_django()
    from sori.programs.models import ResourcePool
    from sori.programs.occupancy import occupancy

    pools = ResourcePool.objects.all()
    if args.pool is not None:
        pools = pools.filter(name=args.pool)
        if not pools.exists():
            names = ", ".join(ResourcePool.objects.values_list("name", flat=True)) or "(없음)"
            print(
                f"sori programs occupancy: '{args.pool}' 풀이 없습니다. 있는 풀: {names}",
                file=sys.stderr,
            )
            return 2
    rows = occupancy(pools=pools, start=args.month_from, end=args.month_to)
    if args.format == "json":
        data: list[dict[str, Any]] = [r.as_json() for r in rows]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("자원 풀이 없습니다.")
        return 0
    table = [["풀", "월", "용량", "배정", "대기", "여유", "비고"]]
    for r in rows:
        note = []
        if r.over:
            note.append(f"용량 초과 {r.held - r.capacity}")
        note += [str(e.get("reason", "")) for e in r.exceptions]
        table.append(
            [
                r.pool.name,
                f"{r.month:%Y-%m}",
                f"{r.capacity:,}",
                f"{r.held:,}",
                f"{r.pending:,}",
                f"{r.free:,}",
                "; ".join(note),
            ]
        )
    print(_table(table, right={2, 3, 4, 5}))
    return 0


def _add_occupancy(programs: argparse._SubParsersAction) -> None:
    occ = programs.add_parser(
        "occupancy",
        help="capacity, held and pending units per resource pool and month (same as the pool pages)",
    )
    occ.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    occ.add_argument("--pool", default=None, metavar="NAME", help="only this pool (its exact name)")
    occ.add_argument("--from", dest="month_from", type=year_month, default=None, help="first month, YYYY-MM")
    occ.add_argument("--to", dest="month_to", type=year_month, default=None, help="last month, YYYY-MM")
    occ.set_defaults(func=cmd_occupancy)


def cmd_remind(_args: argparse.Namespace) -> int:
    """Write today's reminders of stalled introductions and say how many."""
    setup_django()
    from sori.programs.introduction_reminders import introduction_reminders_send

    summary = introduction_reminders_send()
    print(f"멈춘 미드필더 연결 알림: 새로 작성 {summary.written}건, 이미 보냄 {summary.already}건")
    for name in summary.no_address:
        print(f"  받을 주소 없음: {name}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``programs`` and its subcommands to the ``sori`` command."""
    programs = subparsers.add_parser("programs", help="support programs: occupancy of resource pools")
    sub = programs.add_subparsers(dest="programs_command", metavar="COMMAND")
    _add_occupancy(sub)
    remind = sub.add_parser("remind", help="remind coordinators of stalled introductions (once per stall)")
    remind.set_defaults(func=cmd_remind)

    def missing(_args: argparse.Namespace) -> int:
        programs.print_help()
        return 2

    programs.set_defaults(func=missing)
