"""Fast entry on a meeting's page: typed lines become the meeting's proposals, and its proposals as XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.exports import xlsx_response
from sori.core.forms import new_key
from sori.core.permissions import SignedInRequest, require
from sori.engagement.models import Engagement
from sori.engagement.selectors import meeting_detail
from sori.engagement.views.meetings import meeting_page
from sori.voices.intake import selectors
from sori.voices.intake.forms import EntryForm
from sori.voices.services import proposals_record_lines

# The bound entry form a failed save shows again, carried to the meeting page's intake panel.
ENTRY_FORM_ATTR = "sori_entry_form"


def _meeting(engagement_id: int) -> Engagement:
    try:
        return meeting_detail(engagement_id)
    except Engagement.DoesNotExist as exc:
        raise Http404 from exc


@require("proposal.record")
@require_POST
def meeting_entry(request: SignedInRequest, engagement_id: int) -> HttpResponse:
    """Record the typed lines as proposals of this meeting, all or nothing."""
    meeting = _meeting(engagement_id)
    form = EntryForm(request.POST)
    if form.is_valid():
        key = form.cleaned_data["submission_key"] or new_key()
        repeated = selectors.entry_recorded(key)
        try:
            recorded = proposals_record_lines(
                raw=form.cleaned_data["raw"], actor=request.user, engagement=meeting, submission_key=key
            )
        except ValidationError as exc:
            form.add_error("raw", exc)
        else:
            if repeated:
                messages.info(request, _("이미 저장된 입력입니다. 같은 제안을 두 번 기록하지 않았습니다."))
            else:
                messages.success(
                    request,
                    _(
                        "제안 %(count)s건을 기록했습니다. "
                        "이어서 입력하거나 제안 정리에서 정책 수요로 묶어 주세요."
                    )
                    % {"count": len(recorded)},
                )
            return redirect(reverse("engagement:meeting_detail", args=[meeting.pk]) + f"?saved={key}#entry")
    messages.error(
        request,
        _("저장하지 못했습니다 — 아무 것도 저장되지 않았습니다. 아래 오류를 고쳐 다시 저장해 주세요."),
    )
    setattr(request, ENTRY_FORM_ATTR, form)
    return meeting_page(request, meeting)


@require("engagement.manage")
def meeting_proposals_xlsx(request: SignedInRequest, engagement_id: int) -> HttpResponse:
    """Download what was said at a meeting, and by whom, as a spreadsheet."""
    meeting = _meeting(engagement_id)
    return xlsx_response(
        _("%(meeting)s_제안.xlsx") % {"meeting": meeting.title},
        _("제안"),
        [_("번호"), _("기관"), _("제안자"), _("내용"), _("접수일시"), _("정책 수요")],
        (
            [
                i,
                p.organisation or "",
                p.person.name if p.person else "",
                p.text,
                p.received_at,
                p.demand or "",
            ]
            for i, p in enumerate(selectors.meeting_proposals(meeting), start=1)
        ),
    )
