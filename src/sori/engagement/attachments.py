"""Meetings take attachments (발제 자료, handouts): staff who run meetings see and add them."""

from __future__ import annotations

from django.urls import reverse

from sori.attachments.owners import OwnerRule, register_owner
from sori.core.roles import can
from sori.engagement.models import Engagement


def register() -> None:
    register_owner(
        Engagement,
        OwnerRule(
            label="meeting",
            can_view=lambda user, meeting: can(user, "engagement.manage"),
            can_attach=lambda user, meeting: can(user, "engagement.manage"),
            page=lambda meeting: reverse("engagement:meeting_detail", args=[meeting.pk]),
        ),
    )
