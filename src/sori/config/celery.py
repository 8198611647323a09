"""The Celery app; workers start with ``celery -A sori.config.celery worker``."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sori.config.settings.dev")
app = Celery("sori")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The outbox sweep every minute (it also writes the daily digests from SORI_DIGEST_HOUR on), the deadline
# reminders every morning (``celery … beat``), by task name
# so that the settings import no app.
app.conf.beat_schedule = {
    "sori-outbox-deliver": {"task": "sori.outbox.deliver_due", "schedule": 60.0},
    "sori-deadline-reminders": {"task": "sori.deadlines.remind", "schedule": crontab(hour=8, minute=30)},
    "sori-introduction-reminders": {
        "task": "sori.programs.introduction_reminders",
        "schedule": crontab(hour=8, minute=40),
    },
    # Web proposers past the retention period the consent notice states are erased (개인정보 파기).
    "sori-privacy-purge": {"task": "sori.privacy.purge", "schedule": crontab(hour=3, minute=10)},
}
