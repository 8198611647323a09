from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sori.core"
    label = "core"
    verbose_name = "Sori"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from sori.core import trail
        from sori.core.idle_sessions import touch_on_login
        from sori.core.otp import mark_pending_on_login
        from sori.core.user_labels import ACTION_LABELS, BOOLEANS, CHOICES, FIELD_LABELS

        user_logged_in.connect(touch_on_login, dispatch_uid="sori.core.touch_on_login")
        user_logged_in.connect(mark_pending_on_login, dispatch_uid="sori.core.otp_pending_on_login")
        trail.register_actions(ACTION_LABELS)
        trail.register_fields(FIELD_LABELS)
        trail.register_choices(CHOICES)
        trail.register_booleans(BOOLEANS)
