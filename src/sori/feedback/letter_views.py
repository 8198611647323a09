"""Downloads of feedback letters (서면 회신) as PDF: what a proposer is owed now, or a letter already sent."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from sori.core.documents import pdf_response
from sori.core.permissions import SignedInRequest, require
from sori.core.privacy import record_access
from sori.feedback.letters import (
    feedback_letter_pdf,
    letter_filename,
    letter_for_feedback,
    letter_for_owed,
    letter_pdf,
)
from sori.feedback.models import Feedback
from sori.feedback.notes import feedback_draft_of
from sori.feedback.services import owed_for
from sori.registry.models import Organisation, Person


@require("feedback.send")
def owed_letter(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    """Download the letter one proposer is owed now (nothing is recorded as sent)."""
    record_access(request, "download", f"feedback.letter:{kind}:{pk}")
    if kind == "person":
        owed = owed_for(person=get_object_or_404(Person, id=pk))
    elif kind == "org":
        owed = owed_for(organisation=get_object_or_404(Organisation, id=pk))
    else:
        raise Http404
    if owed is None or not owed.items:
        messages.info(
            request, _("이 제안자에게 새로 알릴 처리 결과가 없습니다. 이미 보냈거나 아직 답변이 없습니다.")
        )
        return redirect("feedback:owed")
    draft = feedback_draft_of(
        request.user, person=owed.person, organisation=None if owed.person else owed.organisation
    )
    letter = letter_for_owed(owed, note=draft.note if draft is not None else "")
    return pdf_response(letter_pdf(letter), letter_filename(letter))


@require("feedback.send")
def sent_letter(request: SignedInRequest, pk: int) -> HttpResponse:
    """Download the letter of a feedback row, with the answers as they stood when it was written."""
    record_access(request, "download", f"feedback.feedback:{pk}")
    feedback = get_object_or_404(
        Feedback.objects.select_related("person__organisation", "organisation"), id=pk
    )
    return pdf_response(feedback_letter_pdf(feedback), letter_filename(letter_for_feedback(feedback)))
