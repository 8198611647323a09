from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "sori.policy"
    label = "policy"
    verbose_name = _("처리결과")

    def ready(self) -> None:
        from sori.core import trail
        from sori.policy import attachments, panels
        from sori.policy.trail_labels import ACTION_LABELS, CHOICES, FIELD_LABELS

        trail.register_actions(ACTION_LABELS)
        trail.register_fields(FIELD_LABELS)
        trail.register_choices(CHOICES)
        panels.register()
        attachments.register()
