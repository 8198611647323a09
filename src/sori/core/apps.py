from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sori.core"
    label = "core"
    verbose_name = "Sori"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from sori.core.idle_sessions import touch_on_login

        user_logged_in.connect(touch_on_login, dispatch_uid="sori.core.touch_on_login")
