"""Background work of the outbox; in-process unless ``SORI_BROKER_URL`` names a broker.

With a broker, run a worker and the beat scheduler::

    celery -A sori.config.celery worker -l info
    celery -A sori.config.celery beat -l info

The beat schedule (``sori.config.celery``) sweeps the outbox every minute (writing each day's digests from
``SORI_DIGEST_HOUR`` on) and writes the deadline reminders every morning. Without a broker nothing runs
periodically: schedule ``sori outbox deliver --remind`` with cron (or the Windows task scheduler) every few
minutes instead.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task


@shared_task(name="sori.outbox.deliver_message")
def deliver_message(message_id: int) -> str:
    """Deliver one outbox message if it is due (the first attempt, right after its transaction commits)."""
    from sori.feedback.outbox import message_deliver

    return message_deliver(message_id=message_id).status


@shared_task(name="sori.outbox.deliver_due")
def deliver_due(limit: int = 200, now: str | dt.datetime | None = None) -> dict[str, int]:
    """Write the daily digests that are due, then deliver every outbox message that is due: new ones,
    retries, and first attempts a broker outage left behind. ``now`` (ISO 8601) stands in for the clock."""
    from sori.feedback.digests import digests_send
    from sori.feedback.outbox import outbox_deliver_due

    when = dt.datetime.fromisoformat(now) if isinstance(now, str) else now
    digests = digests_send(now=when)
    run = outbox_deliver_due(limit=limit, now=when)
    return {
        "sent": run.sent,
        "retrying": run.retrying,
        "failed": run.failed,
        "digests": digests.digests,
        "released": digests.released,
    }


@shared_task(name="sori.deadlines.remind")
def remind() -> dict[str, int]:
    """Write today's reminders (deadlines, commitments, milestones) and progress notices to the outbox."""
    from sori.feedback.commitment_reminders import commitment_reminders_send
    from sori.feedback.deadlines import deadline_reminders_send
    from sori.feedback.milestone_reminders import milestone_reminders_send
    from sori.feedback.notices import progress_notices_send

    summary = deadline_reminders_send()
    milestones = milestone_reminders_send()
    return {
        "written": summary.written,
        "already": summary.already,
        "no_address": len(summary.no_address),
        "commitments": commitment_reminders_send(),
        "milestones": milestones.written,
        "progress_notices": progress_notices_send().written,
    }


@shared_task(name="sori.privacy.purge")
def privacy_purge() -> dict[str, int]:
    """Destroy the contacts of web proposers whose retention period has run out (one audit record a run)."""
    from sori.feedback.privacy import contacts_purge

    run = contacts_purge()
    return {"people": run.people, "copies": run.copies, "stopped": run.stopped}
