"""API tokens (API 토큰): a key a city system presents instead of a password, kept only as its hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("읽기")
    WRITE = "write", _("읽기·쓰기")


class ApiToken(models.Model):
    """One user's token: it acts with that user's role, never more, and only reads unless its scope is write.

    ``digest`` is the SHA-256 of the whole token. A token is 32 random bytes, so a fast hash is enough (no
    salt or stretching: nobody can guess it from a word list); the token itself is shown once and not kept.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("이름"), max_length=100)
    # The first characters, kept so people can tell their tokens apart (e.g. "sori_Xb3k").
    prefix = models.CharField(_("앞자리"), max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("권한 범위"), max_length=8, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField(_("만료일시"), null=True, blank=True)
    created_at = models.DateTimeField(_("만든 날"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("마지막 사용"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("폐기일시"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API 토큰")
        verbose_name_plural = _("API 토큰")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
