"""The Celery app; workers start with ``celery -A sori.config.celery worker``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sori.config.settings.dev")
app = Celery("sori")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
