"""Background delivery of feedback; in-process unless ``SORI_BROKER_URL`` names a broker."""

from celery import shared_task

from sori.feedback.services import feedback_deliver


@shared_task(name="sori.feedback.deliver")
def deliver(feedback_id: int) -> str:
    return feedback_deliver(feedback_id=feedback_id).status
