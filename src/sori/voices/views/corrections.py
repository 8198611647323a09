"""Correcting a recorded proposal (제안 고치기), deleting it with a reason (삭제), restoring it (되살리기)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core import trail
from sori.core.audit import ref
from sori.core.forms import add_service_errors
from sori.core.listing import paginate
from sori.core.models import AuditRecord
from sori.core.permissions import SignedInRequest, require
from sori.voices.forms import ProposalCorrectForm, ProposalDeleteForm
from sori.voices.models import Proposal
from sori.voices.selectors import deleted_proposals
from sori.voices.services import proposal_correct, proposal_delete, proposal_restore

# The delete form shares its page with the correction form, whose ``reason`` is a different field.
DELETE_PREFIX = "delete"


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
            "delete_form": ProposalDeleteForm(prefix=DELETE_PREFIX),
            "back": _back(proposal),
            "trail": trail.entries(AuditRecord.objects.filter(target=ref(proposal))[:50]),
        },
    )


@require("proposal.record")
@require_POST
def proposal_delete_view(request: SignedInRequest, proposal_id: int) -> HttpResponse:
    """Delete the proposal with the reason given; without one, go back to its page saying what to do."""
    proposal = get_object_or_404(Proposal.objects, id=proposal_id)
    back = _back(proposal)
    form = ProposalDeleteForm(request.POST, prefix=DELETE_PREFIX)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        emptied = proposal_delete(proposal=proposal, actor=request.user, reason=reason)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(reverse("voices:proposal_edit", args=[proposal.id]))
    messages.success(request, _("제안을 삭제했습니다. 삭제된 제안 목록에서 되살릴 수 있습니다."))
    if emptied is not None:
        messages.warning(
            request,
            _(
                "‘%(title)s’ 수요에 남은 제안이 없습니다. 수요는 그대로 두었으니 병합하거나 제목을 고치거나 "
                "그대로 답변할지 정해 주세요."
            )
            % {"title": emptied.title},
        )
    return HttpResponseRedirect(back)


@require("proposal.record")
def proposal_deleted_list(request: SignedInRequest) -> HttpResponse:
    """List deleted proposals, newest deletion first, with who deleted each, when and why."""
    return render(request, "voices/proposal_deleted.html", {"page": paginate(deleted_proposals(), request)})


@require("proposal.record")
@require_POST
def proposal_restore_view(request: SignedInRequest, proposal_id: int) -> HttpResponse:
    """Restore a deleted proposal; it waits to be grouped again."""
    proposal = get_object_or_404(Proposal.all_objects, id=proposal_id)
    try:
        proposal_restore(proposal=proposal, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "제안을 되살렸습니다. 예전 수요로는 돌아가지 않으니 제안 목록에서 "
                "다시 정책 수요로 묶어 주세요."
            ),
        )
    return HttpResponseRedirect(reverse("voices:proposal_deleted"))
