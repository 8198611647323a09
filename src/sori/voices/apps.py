from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoicesConfig(AppConfig):
    name = "sori.voices"
    label = "voices"
    verbose_name = _("제안·정책 수요")
