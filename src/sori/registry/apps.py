from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sori.registry"
    label = "registry"
    verbose_name = _("기관·인물")

    def ready(self) -> None:
        from sori.core import trail
        from sori.registry.trail_labels import ACTION_LABELS, FIELD_LABELS

        trail.register_actions(ACTION_LABELS)
        trail.register_fields(FIELD_LABELS)
