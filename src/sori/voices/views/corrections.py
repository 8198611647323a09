"""Correcting a recorded proposal (제안 고치기), from the demand or meeting page it is shown on."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core import trail
from sori.core.audit import ref
from sori.core.forms import add_service_errors
from sori.core.models import AuditRecord
from sori.core.permissions import SignedInRequest, require
from sori.voices.forms import ProposalCorrectForm
from sori.voices.models import Proposal
from sori.voices.services import proposal_correct


def _back(proposal: Proposal) -> str:
    if proposal.demand_id is not None:
        return reverse("voices:demand_detail", args=[proposal.demand_id])
    if proposal.engagement_id is not None:
        return reverse("engagement:meeting_detail", args=[proposal.engagement_id])
    return reverse("voices:proposal_list")


@require("proposal.record")
def proposal_edit(request: SignedInRequest, proposal_id: int) -> HttpResponse:
    """Show the proposal as recorded and save a correction with its reason; its earlier corrections below."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("person__organisation", "organisation", "engagement", "demand"),
        id=proposal_id,
    )
    initial = {
        "text": proposal.text,
        "engagement": proposal.engagement_id,
        "person": proposal.person_id,
        "organisation": proposal.organisation_id,
    }
    form = ProposalCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal_correct(proposal=proposal, actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("제안을 고쳤습니다. 고치기 전 내용과 이유는 변경 기록에 남았습니다."))
            return HttpResponseRedirect(_back(proposal))
    return render(
        request,
        "voices/proposal_edit.html",
        {
            "proposal": proposal,
            "form": form,
            "back": _back(proposal),
            "trail": trail.entries(AuditRecord.objects.filter(target=ref(proposal))[:50]),
        },
    )
