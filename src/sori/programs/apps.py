from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "sori.programs"
    label = "programs"
    verbose_name = "지원사업"

    def ready(self) -> None:
        from sori.programs import panels

        panels.register()
