"""What voices shows on the pages of the apps below it (registered from ``VoicesConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sori.core.forms import new_key
from sori.core.panels import register_panel
from sori.voices.intake import selectors as intake_selectors
from sori.voices.intake.forms import EntryForm
from sori.voices.intake.minutes_forms import MinutesUploadForm
from sori.voices.models import Moderation, Proposal


def _organisation_proposals(organisation: Any) -> Any:
    return Proposal.objects.filter(organisation=organisation).exclude(moderation=Moderation.REJECTED)


def organisation_proposals(_request: HttpRequest | None, organisation: Any) -> dict[str, Any]:
    """The organisation's proposals and what became of them, newest first."""
    return {
        "org_proposals": list(
            _organisation_proposals(organisation)
            .select_related("demand", "engagement", "person")
            .order_by("-received_at", "-id")
        )
    }


def organisation_proposal_count(_request: HttpRequest | None, organisation: Any) -> dict[str, Any]:
    return {"figure_value": _organisation_proposals(organisation).count(), "figure_label": _("낸 제안")}


def meeting_intake(request: HttpRequest | None, meeting: Any) -> dict[str, Any]:
    """Fast entry, minutes upload, the meeting's proposals and the files uploaded for it."""
    bound = getattr(request, "sori_entry_form", None)  # set by the entry view after a failed save
    return {
        "entry_form": bound or EntryForm(initial={"submission_key": new_key()}),
        "saved_key": request.GET.get("saved", "") if request is not None else "",
        "proposals": list(intake_selectors.meeting_proposals(meeting)),
        "batches": intake_selectors.recent_batches(meeting),
        "minutes_form": MinutesUploadForm(),
        "minutes_uploads": list(meeting.minutes_uploads.all()[:10]),
    }


def register() -> None:
    register_panel("engagement.meeting", template="voices/panels/meeting_intake.html", context=meeting_intake)
    register_panel(
        "registry.organisation",
        template="voices/panels/organisation_proposals.html",
        context=organisation_proposals,
        order=10,
    )
    register_panel(
        "registry.organisation.figures",
        template="core/_figure.html",
        context=organisation_proposal_count,
        order=10,
    )
