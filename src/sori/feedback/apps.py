from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "sori.feedback"
    label = "feedback"
    verbose_name = _("회신")

    def ready(self) -> None:
        from sori.core import trail
        from sori.feedback.trail_labels import ACTION_LABELS

        trail.register_actions(ACTION_LABELS)
