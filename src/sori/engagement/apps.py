from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "sori.engagement"
    label = "engagement"
    verbose_name = _("간담회")

    def ready(self) -> None:
        from sori.engagement import panels

        panels.register()
