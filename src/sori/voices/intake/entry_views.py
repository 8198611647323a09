"""Fast entry on a meeting's page: typed lines become the meeting's proposals, and its proposals as XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.exports import xlsx_response
from sori.core.forms import new_key
from sori.core.permissions import SignedInRequest, require
from sori.core.privacy import record_access
from sori.engagement.models import Engagement
from sori.engagement.selectors import meeting_detail
from sori.engagement.views.meetings import meeting_page
from sori.voices.intake import selectors
from sori.voices.intake.forms import EntryForm
from sori.voices.intake.lines import PlannedLine, entry_plan
from sori.voices.intake.linking import EXACT, FUZZY
from sori.voices.services import proposals_record_lines

# The bound entry form a failed save shows again, carried to the meeting page's intake panel.
ENTRY_FORM_ATTR = "sori_entry_form"
MAX_PREVIEW = 300
MAX_RAW = 400_000  # as EntryForm.raw


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
    record_access(request, "export", f"voices.meeting_proposals:{engagement_id}")
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


def _who(planned: PlannedLine) -> dict[str, str]:
    """Return the words the preview shows for a line's speaker and organisation link."""
    speaker, link = planned.line.speaker, planned.link
    person = " ".join(p for p in (speaker.name, speaker.title) if p) if speaker is not None else ""
    if planned.own_name:
        linked = _("위원 본인 명의(기관 없음)")
    elif link is None:
        linked = _("기관 없음") if speaker is not None else ""
    elif link.how == EXACT:
        linked = _("등록된 기관")
    elif link.how == FUZZY:
        linked = _("비슷한 등록 기관 '%(name)s'에 연결(일치도 %(score)s)") % {
            "name": link.registry_name,
            "score": f"{link.score:.2f}",
        }
    else:
        linked = _("새 기관으로 등록")
    warning = ""
    if not planned.attributed and not planned.error:
        warning = _("누가 말했는지 알 수 없습니다: 기관·제안자 없이 기록됩니다.")
    elif planned.line.inherited:
        warning = _("위 줄의 발언자")
    return {"person": person, "link_label": linked, "warning": warning}


@require("proposal.record")
@require_POST
def entry_preview(request: SignedInRequest) -> JsonResponse:
    """Return how each typed line will be recorded, read by the same code that saves it."""
    planned = entry_plan(request.POST.get("raw", "")[:MAX_RAW])
    return JsonResponse(
        {
            "count": sum(1 for p in planned if not p.line.header),
            "errors": sum(1 for p in planned if p.error),
            "unattributed": sum(1 for p in planned if not p.attributed and not p.error),
            "lines": [{**p.to_json(), **_who(p)} for p in planned[:MAX_PREVIEW]],
            "more": max(0, len(planned) - MAX_PREVIEW),
        }
    )
