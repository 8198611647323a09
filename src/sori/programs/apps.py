from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "sori.programs"
    label = "programs"
    verbose_name = "지원사업"

    def ready(self) -> None:
        from sori.core import trail
        from sori.programs import panels
        from sori.programs.trail_labels import ACTION_LABELS

        panels.register()
        trail.register_actions(ACTION_LABELS)
