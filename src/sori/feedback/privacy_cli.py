"""``sori privacy purge [--dry-run]``: erase the web proposers whose retention period has run out.

Without a Celery broker nothing runs periodically: schedule ``sori privacy purge`` once a day with cron.
``--dry-run`` prints how many people are due and changes nothing.
"""

from __future__ import annotations

import argparse

from sori.core.cli import setup_django


def purge(*, dry_run: bool = False) -> int:
    """Run the purge (or count what it would do) and print the counts; return the exit status."""
    from sori.feedback.privacy import contacts_purge, retention_days

    run = contacts_purge(dry_run=dry_run)
    if run.dry_run:
        print(
            f"보유 기간({retention_days()}일)이 지나 개인정보를 파기할 사람: {run.people}명 "
            "(시험 실행: 바꾼 것 없음)"
        )
    else:
        print(
            f"보유 기간({retention_days()}일)이 지난 개인정보를 파기했습니다: {run.people}명, "
            f"사본을 지운 기록 {run.copies}건, 보내지 않게 된 메일 {run.stopped}건"
        )
    return 0


def cmd_privacy_purge(args: argparse.Namespace) -> int:
    setup_django()
    return purge(dry_run=args.dry_run)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``privacy`` and its subcommands to the ``sori`` command."""
    privacy = subparsers.add_parser("privacy", help="personal data: erase web proposers past retention")
    privacy_sub = privacy.add_subparsers(dest="privacy", metavar="ACTION")
    run = privacy_sub.add_parser(
        "purge", help="erase web proposers once SORI_CONTACT_RETENTION_DAYS have passed"
    )
    run.add_argument("--dry-run", action="store_true", help="only count who is due; change nothing")
    run.set_defaults(func=cmd_privacy_purge)

    def missing(_args: argparse.Namespace) -> int:
        privacy.print_help()
        return 2

    privacy.set_defaults(func=missing)
