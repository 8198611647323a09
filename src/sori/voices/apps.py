from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoicesConfig(AppConfig):
    name = "sori.voices"
    label = "voices"
    verbose_name = _("제안·정책 수요")

    def ready(self) -> None:
        from sori.core import trail
        from sori.voices import attachments, panels, privacy
        from sori.voices.trail_labels import ACTION_LABELS, BOOLEANS, CHOICES, FIELD_LABELS

        trail.register_actions(ACTION_LABELS)
        trail.register_fields(FIELD_LABELS)
        trail.register_choices(CHOICES)
        trail.register_booleans(BOOLEANS)
        panels.register()
        attachments.register()
        privacy.register()
