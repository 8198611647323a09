from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "sori.home"
    label = "home"
    verbose_name = "Sori home"
