from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sori.core"
    label = "core"
    verbose_name = "Sori"
