"""Celery discovers an app's tasks in ``<app>.tasks``: the organise screen's background work lives here."""

from sori.voices.organise.tasks import organising_run_task, suggest_demand_task

__all__ = ["organising_run_task", "suggest_demand_task"]
