"""Background work for programs; in-process unless ``SORI_BROKER_URL`` names a broker."""

from celery import shared_task

from sori.programs.services.selection import selection_execute


@shared_task(name="sori.programs.run_selection")
def run_selection(run_id: int) -> str:
    return selection_execute(run_id=run_id).status
