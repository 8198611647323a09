from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "sori.attachments"
    label = "attachments"
    verbose_name = _("첨부 파일")

    def ready(self) -> None:
        from sori.attachments.trail_labels import ACTION_LABELS, FIELD_LABELS
        from sori.core import trail

        trail.register_actions(ACTION_LABELS)
        trail.register_fields(FIELD_LABELS)
