from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "sori.webhooks"
    label = "webhooks"
    verbose_name = _("웹훅")

    def ready(self) -> None:
        from sori.core import hooks, trail
        from sori.feedback.models import OutboxChannel
        from sori.feedback.outbox import sender_register
        from sori.policy import events as policy_events
        from sori.programs import events as program_events
        from sori.webhooks import handlers
        from sori.webhooks.sender import WebhookSender
        from sori.webhooks.trail_labels import ACTION_LABELS

        trail.register_actions(ACTION_LABELS)
        sender_register(OutboxChannel.WEBHOOK, WebhookSender())
        # The deliveries are written in the transaction of the change, so a rolled-back change sends nothing.
        hooks.register_hook(policy_events.DISPOSITION_DECIDED, handlers.demand_answered)
        hooks.register_hook(program_events.AWARD_CONFIRMED, handlers.award_confirmed)
        hooks.register_hook(program_events.USAGE_IMPORTED, handlers.usage_imported)
