"""Links Sori writes into mail and letters: a proposer's private status page."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from sori.registry.models import Organisation, Person


def status_url(*, person: Person | None, organisation: Organisation | None) -> str:
    """Return the proposer's private status link (no login needed), absolute, at ``SORI_SITE_URL``."""
    owner = person if person is not None else organisation
    if owner is None:
        raise ValueError("a status link needs a person or an organisation")
    return settings.SORI_SITE_URL.rstrip("/") + reverse("public:status", args=[owner.status_token])
