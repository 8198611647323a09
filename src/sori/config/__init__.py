"""Project configuration; loading the Celery app here makes ``shared_task`` use Sori's settings."""

from sori.config.celery import app as celery_app

__all__ = ["celery_app"]
