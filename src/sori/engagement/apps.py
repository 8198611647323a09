from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "sori.engagement"
    label = "engagement"
    verbose_name = _("간담회")

    def ready(self) -> None:
        from sori.core.privacy import register_copies
        from sori.engagement import attachments, panels

        panels.register()
        attachments.register()
        # Minutes and the agenda name the people who spoke or presented (erased with them).
        register_copies("engagement.Engagement", ("minutes",))
        register_copies("engagement.AgendaItem", ("presenter",))
