"""``sori report …``: reports for scripts and monthly mailings.

Each report is a subcommand registered in ``_SUBCOMMANDS``; to add one (e.g. ``sori report briefing``), write
an ``_add_<name>(reports)`` that adds its parser and sets ``func``, and list it there.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from sori.core.cli import iso_date, setup_django

FORMATS = ("json", "xlsx", "pdf")


def _write(data: bytes, output: str) -> bool:
    """Write ``data`` to ``output`` (``-``: standard output) whole or not at all; say why when it cannot."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return True
    from sori.core.files import write_atomically, write_error_message

    try:
        write_atomically(Path(output), data)
    except OSError as exc:
        print(f"sori report: {write_error_message(output, exc)}", file=sys.stderr)
        return False
    return True


def cmd_kpis(args: argparse.Namespace) -> int:
    """Write the committee's KPI report (the dashboard's figures) as JSON, XLSX or PDF."""
    if args.date_from and args.date_to and args.date_from > args.date_to:
        print("sori report kpis: --from가 --to보다 늦습니다.", file=sys.stderr)
        return 2
    if args.format != "json" and args.output == "-" and sys.stdout.isatty():
        print(f"sori report kpis: {args.format} 파일은 -o FILE로 저장하세요.", file=sys.stderr)
        return 2
    setup_django()
    from sori.reports.kpis import documents
    from sori.reports.kpis.selectors import kpi_report

    report = kpi_report(date_from=args.date_from, date_to=args.date_to)
    if args.format == "json":
        data = (documents.report_json(report) + "\n").encode("utf-8")
    elif args.format == "xlsx":
        data = documents.report_xlsx(report)
    else:
        data = documents.report_pdf(report)
    if not _write(data, args.output):
        return 1
    if args.output != "-":
        print(
            f"{args.output}: 유치 기관 {report.organisations_attracted}곳, 협약 {report.mous_signed}건, "
            f"사무소 개소 {report.offices_opened}곳",
            file=sys.stderr,
        )
    return 0


def _add_kpis(reports: argparse._SubParsersAction) -> None:
    kpis = reports.add_parser("kpis", help="KPI figures of the AI ecosystem (same as /staff/kpis/)")
    kpis.add_argument("--format", choices=FORMATS, default="json", help="json (default), xlsx or pdf")
    kpis.add_argument("-o", "--output", default="-", help="file to write (default: standard output)")
    kpis.add_argument("--from", dest="date_from", type=iso_date, default=None, help="first day, YYYY-MM-DD")
    kpis.add_argument("--to", dest="date_to", type=iso_date, default=None, help="last day, YYYY-MM-DD")
    kpis.set_defaults(func=cmd_kpis)


BRIEFING_FORMATS = ("pdf", "xlsx")


def cmd_briefing(args: argparse.Namespace) -> int:
    """Write the committee's briefing pack (the same as /staff/reports/briefing.pdf|.xlsx) to a file."""
    if args.date_from and args.date_to and args.date_from > args.date_to:
        print("sori report briefing: --from가 --to보다 늦습니다.", file=sys.stderr)
        return 2
    if args.output == "-" and sys.stdout.isatty():
        print(f"sori report briefing: {args.format} 파일은 -o FILE로 저장하세요.", file=sys.stderr)
        return 2
    setup_django()
    from sori.reports import documents
    from sori.reports.selectors import briefing_pack

    pack = briefing_pack(date_from=args.date_from, date_to=args.date_to)
    data = documents.briefing_pdf(pack) if args.format == "pdf" else documents.briefing_xlsx(pack)
    if not _write(data, args.output):
        return 1
    if args.output != "-":
        print(
            f"{args.output}: {pack.period} — 제안 {pack.proposals_voiced}건, "
            f"정책 수요 {pack.demands}건, 처리결과 확정 {pack.answered}건, "
            f"기한 초과 {len(pack.overdue)}건, 법령·조례 필요 {len(pack.legal)}건",
            file=sys.stderr,
        )
    return 0


def _add_briefing(reports: argparse._SubParsersAction) -> None:
    briefing = reports.add_parser(
        "briefing", help="the committee's briefing pack (same as /staff/reports/briefing.pdf)"
    )
    briefing.add_argument("--format", choices=BRIEFING_FORMATS, default="pdf", help="pdf (default) or xlsx")
    briefing.add_argument("-o", "--output", default="-", help="file to write (default: standard output)")
    briefing.add_argument(
        "--from", dest="date_from", type=iso_date, default=None, help="first day, YYYY-MM-DD"
    )
    briefing.add_argument("--to", dest="date_to", type=iso_date, default=None, help="last day, YYYY-MM-DD")
    briefing.set_defaults(func=cmd_briefing)


_SUBCOMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_add_kpis, _add_briefing]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``report`` and its subcommands to the ``sori`` command."""
    report = subparsers.add_parser("report", help="write a report: kpis, briefing, …")
    reports = report.add_subparsers(dest="report", metavar="REPORT")
    for add in _SUBCOMMANDS:
        add(reports)

    def missing(_args: argparse.Namespace) -> int:
        report.print_help()
        return 2

    report.set_defaults(func=missing)
