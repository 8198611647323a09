"""Moderation: web submissions wait here until staff accept them into the workflow or reject them."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.permissions import SignedInRequest, require
from sori.core.privacy import record_access
from sori.voices.forms import ModerateForm
from sori.voices.models import Proposal
from sori.voices.selectors import pending_proposals, proposals_by_ids
from sori.voices.services import proposal_moderate
from sori.voices.views.common import fail, form_error_text, list_url

SORTS = {"received": "received_at", "organisation": "organisation__name", "name": "person__name"}


@require("proposal.moderate")
def moderation(request: SignedInRequest) -> HttpResponse:
    """List submissions waiting for moderation with who sent them; search, sort, page, export."""
    record_access(request, "view", "voices.moderation")
    return listing.list_page(
        request,
        pending_proposals(),
        search_fields=("text", "organisation__name", "claimed_organisation", "person__name", "person__email"),
        sorts=SORTS,
        default_sort="received",
        template="voices/moderation.html",
        export=_export,
        context={"form": ModerateForm()},
    )


def _export(qs: QuerySet[Proposal]) -> HttpResponse:
    headers = [_("접수일시"), _("이름"), _("기관"), _("이메일"), _("내용"), _("개인정보 동의 일시")]
    rows = (
        [
            p.received_at,
            p.person.name if p.person else "",
            p.organisation.name if p.organisation else p.claimed_organisation,
            p.person.email if p.person else "",
            p.text,
            p.consent_at,
        ]
        for p in qs.iterator(chunk_size=500)
    )
    return xlsx_response(_("웹 제안 검토") + ".xlsx", _("검토 대기"), headers, rows)


@require("proposal.moderate")
@require_POST
def moderation_decide(request: SignedInRequest) -> HttpResponse:
    """Accept or reject the ticked submissions (or the one whose button was pressed)."""
    form = ModerateForm(request.POST)
    back = list_url("voices:moderation", request.POST.get("query", ""))
    if not form.is_valid():
        return fail(request, form_error_text(form), back)
    accept = form.cleaned_data["decision"] == "accept"
    proposals = proposals_by_ids(form.cleaned_data["ids"], pending_only=True)
    if not proposals:
        return fail(request, _("선택한 제안은 이미 검토되었습니다. 목록을 새로 고쳐 주세요."), back)
    changed = proposal_moderate(
        proposals=proposals, accept=accept, actor=request.user, reason=form.cleaned_data["reason_sentence"]
    )
    if accept:
        text = _("제안 %(count)s건을 접수했습니다. 이제 제안 목록에서 정책 수요로 묶을 수 있습니다.")
    else:
        text = _(
            "제안 %(count)s건을 반려했습니다. 반려한 제안은 공개되지 않고 수요로 묶이지 않으며, 제안자는 "
            "상태 확인 링크에서 사유를 봅니다."
        )
    messages.success(request, text % {"count": changed})
    return HttpResponseRedirect(back)
