"""Background work of the organise screen; in-process unless ``SORI_BROKER_URL`` names a broker."""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(name="sori.organise.run")
def organising_run_task(run_id: int) -> str:
    """Do one organising run (idempotent: a run already done or running is left alone)."""
    from sori.voices.organise.runs import organising_run_execute

    return str(organising_run_execute(run_id=run_id).status)


@shared_task(name="sori.organise.suggest_demand", ignore_result=True)
def suggest_demand_task(proposal_ids: list[int]) -> int:
    """Encode newly recorded proposals (stored per proposal) and place them: a demand, a group, or waiting."""
    from sori.voices.organise.suggest import proposals_suggest_demand

    return proposals_suggest_demand(proposal_ids=proposal_ids)


@shared_task(name="sori.text.chunk")
def text_chunk_task(payload: dict[str, Any]) -> Any:
    """Run one chunk of an organising run's bulk work (sent as JSON by ``workers.send_to_celery``)."""
    from sori.text.remote import run_call

    return run_call(payload)
