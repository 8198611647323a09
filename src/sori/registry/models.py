"""Organisations and people that every loop points at."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


_LEGAL_FORMS = re.compile(r"\(주\)|㈜|주식회사|\(유\)|유한회사|\(재\)|재단법인|\(사\)|사단법인|\(株\)")


def organisation_key(name: str) -> str:
    """Return the key two spellings of one organisation share: "(주)솔트룩스" and "솔트룩스 " both give "솔트룩스"."""
    text = unicodedata.normalize("NFKC", name)
    text = _LEGAL_FORMS.sub("", text)
    return re.sub(r"[\s·.,\-]+", "", text).lower()


def new_token() -> str:
    """Return an unguessable token for a private status link."""
    return secrets.token_urlsafe(24)


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("기업")
    INSTITUTION = "institution", _("기관·연구소")
    DEPARTMENT = "department", _("시 부서")
    COMMITTEE = "committee", _("위원회")


class Organisation(models.Model):
    """An organisation (기관·기업): a company, an institution, a city department or a council committee."""

    name = models.CharField(_("기관명"), max_length=200, unique=True)
    # "(주)솔트룩스" and "솔트룩스" share this key, so one organisation is not registered twice.
    name_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    kind = models.CharField(_("구분"), max_length=16, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY)
    sector = models.CharField(_("분야"), max_length=200, blank=True)
    location = models.CharField(_("소재지"), max_length=200, blank=True)
    email = models.EmailField(_("대표 이메일"), blank=True)
    # PIPA and plain courtesy: a company is named on public pages only when it agreed to be.
    public_name_consent = models.BooleanField(_("공개 명칭 동의"), default=False)
    status_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("기관")
        verbose_name_plural = _("기관")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = organisation_key(self.name)
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        """Return the name for public pages: the real name only with consent."""
        return self.name if self.public_name_consent else str(_("비공개 기관"))


class Person(models.Model):
    """A person (인물): a company representative, an officer, a committee member or a citizen."""

    name = models.CharField(_("이름"), max_length=100)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("소속"), null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    role = models.CharField(_("직위·역할"), max_length=100, blank=True)
    email = models.EmailField(_("이메일"), blank=True)
    phone = models.CharField(_("전화"), max_length=40, blank=True)
    contact_consent = models.BooleanField(_("연락 동의"), default=False)
    status_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("인물")
        verbose_name_plural = _("인물")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name
