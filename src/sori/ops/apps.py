from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "sori.ops"
    label = "ops"
    verbose_name = "Sori operations"

    def ready(self) -> None:
        from sori.ops.metrics import register_collector

        register_collector()
