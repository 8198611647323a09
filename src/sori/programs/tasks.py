"""Background work for programs; in-process unless ``SORI_BROKER_URL`` names a broker."""

from celery import shared_task

from sori.programs.services.selection import selection_execute


@shared_task(name="sori.programs.run_selection")
def run_selection(run_id: int) -> str:
    return selection_execute(run_id=run_id).status


@shared_task(name="sori.programs.introduction_reminders")
def introduction_reminders() -> dict[str, int]:
    """Remind coordinators of stalled introductions (the midfielder service), once per stall."""
    from sori.programs.introduction_reminders import introduction_reminders_send

    summary = introduction_reminders_send()
    return {"written": summary.written, "already": summary.already, "no_address": len(summary.no_address)}
