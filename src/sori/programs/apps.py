from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "sori.programs"
    label = "programs"
    verbose_name = "지원사업"
