from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "sori.feedback"
    label = "feedback"
    verbose_name = _("회신")

    def ready(self) -> None:
        from sori.core import hooks, trail
        from sori.feedback import handoffs, panels, privacy
        from sori.feedback.notices import milestone_slip_notify, transfer_notify
        from sori.feedback.public_cache import watch_public_models
        from sori.feedback.trail_labels import ACTION_LABELS, CHOICES, FIELD_LABELS
        from sori.policy import events
        from sori.voices import events as voice_events

        trail.register_actions(ACTION_LABELS)
        trail.register_fields(FIELD_LABELS)
        trail.register_choices(CHOICES)
        panels.register()
        privacy.register()
        watch_public_models()
        # Proposers hear of a transfer and of a slipped milestone in the transaction that records it.
        hooks.register_hook(events.DISPOSITION_DECIDED, transfer_notify)
        hooks.register_hook(events.MILESTONE_DELAYED, milestone_slip_notify)
        # Each hand-off tells whoever now has the work, in the same transaction.
        hooks.register_hook(voice_events.DEMAND_ASSIGNED, handoffs.assignment_notify)
        hooks.register_hook(voice_events.DEMAND_VOICES_ADDED, handoffs.voices_added_notify)
        hooks.register_hook(events.DISPOSITION_DECIDED, handoffs.answer_notify)
        hooks.register_hook(voice_events.PROPOSAL_SUBMITTED, handoffs.receipt_notify)
        hooks.register_hook(voice_events.PROPOSAL_REJECTED, handoffs.rejection_notify)
