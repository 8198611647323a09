"""Files attached to meetings, demands, answers and proposals (첨부 파일)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def _path(instance: Attachment, filename: str) -> str:
    # Stored under the content hash, never the uploader's name: no path tricks, nothing personal in it.
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    """A file kept with a meeting, demand, answer or proposal (첨부 파일).

    Who may see it is the rule of the thing it belongs to (``sori.attachments.owners``); ``public`` marks the
    files of an answer that the public tracker shows once the answer is released.
    """

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    file = models.FileField(upload_to=_path, max_length=200)
    name = models.CharField(_("파일 이름"), max_length=200)
    kind = models.CharField(_("형식"), max_length=8)
    size = models.PositiveBigIntegerField(_("크기"))
    sha256 = models.CharField(max_length=64)
    public = models.BooleanField(_("공개"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("올린 때"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("첨부 파일")
        verbose_name_plural = _("첨부 파일")
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self) -> str:
        return self.name

    @property
    def size_text(self) -> str:
        """Return the size as people read it: 812 KB, 3.4 MB."""
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024)):,} KB"
        return f"{self.size / 1024 / 1024:.1f} MB"
