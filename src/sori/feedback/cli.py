"""``sori outbox …`` and ``sori feedback …``: what the worker does, runnable by hand or from cron.

- ``sori outbox deliver [--limit N] [--remind]``: write the daily digests that are due, then deliver every
  outbox message that is due (new ones whose first delivery never ran, retries whose time has come, claims a
  crashed worker left behind) and print the counts; with ``--remind`` first write today's deadline
  reminders. Without a Celery broker, schedule ``sori outbox deliver --remind`` every few minutes with cron —
  reminders are written once per demand, kind and day, and digests once per person and day, however often it
  runs.
- ``sori outbox remind [--today YYYY-MM-DD]``: write the reminders only — first-answer deadlines, MOU
  commitments, milestone planned dates — and the progress notices to proposers of late answers (delivered at
  once when no broker is configured, else by the worker).
- ``sori feedback letters -o DIR``: one PDF letter per organisation (and per person without one) currently
  owed feedback, and ``DIR/index.json`` listing them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sori.core.cli import iso_date, positive_int, setup_django


def remind(today: dt.date | None = None) -> int:
    """Write today's deadline reminders and print what was written; return the exit status."""
    from sori.feedback.commitment_reminders import commitment_reminders_send
    from sori.feedback.deadlines import deadline_reminders_send
    from sori.feedback.milestone_reminders import milestone_reminders_send
    from sori.feedback.notices import progress_notices_send

    summary = deadline_reminders_send(today=today)
    print(f"답변 기한 알림: 새로 작성 {summary.written}건, 이미 보냄 {summary.already}건")
    print(f"협약 이행 약속 알림: 새로 작성 {commitment_reminders_send(today=today)}건")
    milestones = milestone_reminders_send(today=today)
    print(f"이행 예정일 알림: 새로 작성 {milestones.written}건, 이미 보냄 {milestones.already}건")
    notices = progress_notices_send(today=today)
    print(f"제안자 진행 상황 안내: 새로 작성 {notices.written}건 (답변이 늦어진 수요 {notices.demands}건)")
    missing = list(dict.fromkeys([*summary.no_address, *milestones.no_address]))
    if missing:
        names = ", ".join(missing)
        print(
            f"알림을 받을 주소가 없는 부서: {names} — 담당자 계정의 이메일이나 부서 이메일을 등록해 주세요."
        )
    return 0


def deliver(*, limit: int | None = None, with_reminders: bool = False) -> int:
    """Deliver what is due in the outbox (after writing reminders if asked) and print the counts."""
    from sori.feedback.digests import digests_send
    from sori.feedback.models import MessageStatus, OutboxMessage
    from sori.feedback.outbox import outbox_deliver_due

    if with_reminders:
        remind()
    digests = digests_send()
    if digests.digests or digests.released:
        print(
            f"하루 알림 모음: {digests.digests}명에게 {digests.items}건, "
            f"즉시 받기로 바꾼 사람의 알림 {digests.released}건"
        )
    run = outbox_deliver_due(limit=limit)
    waiting = OutboxMessage.objects.filter(status=MessageStatus.RETRYING).count()
    failed = OutboxMessage.objects.filter(status=MessageStatus.FAILED).count()
    print(
        f"발송함: 보냄 {run.sent}건, 재시도 예정 {run.retrying}건, 실패 {run.failed}건 "
        f"(전체 재시도 대기 {waiting}건, 확인이 필요한 발송 실패 {failed}건)"
    )
    return 1 if run.failed else 0


def cmd_outbox_deliver(args: argparse.Namespace) -> int:
    setup_django()
    return deliver(limit=args.limit, with_reminders=args.remind)


def cmd_outbox_remind(args: argparse.Namespace) -> int:
    setup_django()
    return remind(args.today)


def cmd_feedback_letters(args: argparse.Namespace) -> int:
    """Write one PDF per organisation (or person without one) owed feedback, and ``index.json``."""
    setup_django()
    from sori.core.files import write_error_message
    from sori.feedback.letters import INDEX, write_pending_letters

    directory = Path(args.output)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        paths = write_pending_letters(directory=directory)
    except OSError as exc:
        message = write_error_message(exc.filename or directory, exc)
        print(f"sori feedback letters: {message}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    print(f"회신문 {len(paths)}통을 {directory}에 썼습니다 (목록: {directory / INDEX}).", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``outbox`` and ``feedback`` and their subcommands to the ``sori`` command."""
    outbox = subparsers.add_parser("outbox", help="deliver the outbox and write deadline reminders")
    outbox_sub = outbox.add_subparsers(dest="outbox", metavar="ACTION")
    run = outbox_sub.add_parser("deliver", help="deliver every message that is due and print the counts")
    run.add_argument("--limit", type=positive_int, default=None, help="deliver at most N messages")
    run.add_argument("--remind", action="store_true", help="first write today's deadline reminders")
    run.set_defaults(func=cmd_outbox_deliver)
    rem = outbox_sub.add_parser("remind", help="write today's deadline reminders to the outbox")
    rem.add_argument("--today", type=iso_date, default=None, help="the day to remind for (YYYY-MM-DD)")
    rem.set_defaults(func=cmd_outbox_remind)

    feedback = subparsers.add_parser("feedback", help="feedback to proposers: letters")
    feedback_sub = feedback.add_subparsers(dest="feedback", metavar="ACTION")
    letters = feedback_sub.add_parser(
        "letters", help="write one PDF letter per organisation owed feedback, and index.json"
    )
    letters.add_argument("-o", "--output", required=True, help="directory to write the PDFs into")
    letters.set_defaults(func=cmd_feedback_letters)

    def missing_outbox(_args: argparse.Namespace) -> int:
        outbox.print_help()
        return 2

    def missing_feedback(_args: argparse.Namespace) -> int:
        feedback.print_help()
        return 2

    outbox.set_defaults(func=missing_outbox)
    feedback.set_defaults(func=missing_feedback)
