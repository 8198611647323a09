"""Minutes pages: upload a meeting's minutes, review each candidate beside its paragraph, save proposals."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sori.core.forms import reader_error_text
from sori.core.permissions import SignedInRequest, require
from sori.documents import DocumentError
from sori.engagement.models import Engagement
from sori.minutes import MinutesError
from sori.voices.intake import minutes as services
from sori.voices.intake.linking import EXACT, FUZZY
from sori.voices.intake.minutes_forms import CandidateForm, MinutesUploadForm
from sori.voices.models import MinutesUpload

KIND_LABELS = {
    "request": gettext_lazy("요청"),
    "suggestion": gettext_lazy("제안"),
    "complaint": gettext_lazy("애로"),
}
# The review screen's words for ``sori.minutes.SKIP_REASONS``.
SKIP_LABELS = {
    "meeting_info": gettext_lazy("회의 정보(제목·일시·장소)"),
    "before_speakers": gettext_lazy("첫 발언자 앞의 글"),
    "speaker_line": gettext_lazy("발언자 이름만 있는 줄"),
    "heading": gettext_lazy("제목·목차"),
    "procedural": gettext_lazy("인사·진행·약속 발언"),
    "official": gettext_lazy("공무원의 답변·설명"),
    "no_proposal": gettext_lazy("건의·제안·애로가 없는 발언"),
    "table_header": gettext_lazy("표의 머리글"),
    "table": gettext_lazy("건의 내용 열이 없는 표"),
    "empty_row": gettext_lazy("내용이 빈 표 행"),
}
STATUS_LABELS = {
    services.OPEN: gettext_lazy("검토 중"),
    services.REJECTED: gettext_lazy("뺌"),
    services.SAVED: gettext_lazy("제안으로 저장됨"),
}

log = logging.getLogger(__name__)


@require("proposal.record")
def minutes_upload(request: SignedInRequest, engagement_id: int) -> HttpResponse:
    """Upload a meeting's minutes; a file that cannot be used is refused with what to do, saving nothing."""
    meeting = get_object_or_404(Engagement.objects.select_related("series"), pk=engagement_id)
    form = MinutesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            review, created = services.minutes_upload(
                engagement=meeting, filename=upload.name, data=upload.read(), actor=request.user
            )
        except (DocumentError, MinutesError) as exc:
            form.add_error("file", reader_error_text(exc) + " " + _("아무 것도 저장되지 않았습니다."))
        else:
            if created:
                messages.success(
                    request,
                    _("'%(name)s'에서 제안 후보 %(count)s건을 찾았습니다. 원문과 비교해 확인해 주세요.")
                    % {"name": review.filename, "count": f"{len(review.candidates):,}"},
                )
            else:
                messages.info(
                    request,
                    _("이미 올린 파일입니다. 그때의 검토를 이어서 엽니다 — 새로 저장한 것은 없습니다."),
                )
            return redirect("voices:minutes_review", review.pk)
    return render(
        request,
        "voices/intake/minutes_upload.html",
        {"form": form, "meeting": meeting, "uploads": meeting.minutes_uploads.all()[:10]},
        status=400 if form.errors else 200,
    )


def _link_label(link: dict[str, Any] | None, role: str) -> str:
    if role in services.OWN_NAME_ROLES:
        return _("위원 본인 명의(기관 없음)")
    if not link:
        return _("기관 없음")
    if link["how"] == EXACT:
        return _("등록된 기관 '%(name)s'(정확히 일치)") % {"name": link["registry_name"]}
    if link["how"] == FUZZY:
        return _("비슷한 등록 기관 '%(name)s'에 연결(일치도 %(score)s)") % {
            "name": link["registry_name"],
            "score": f"{link['score']:.2f}",
        }
    return _("새 기관으로 등록")


def _review_context(upload: MinutesUpload) -> dict[str, Any]:
    candidates = [
        {
            **c,
            "number": number,
            "kind_label": KIND_LABELS.get(c["kind"], c["kind"]),
            "status_label": STATUS_LABELS.get(c["status"], c["status"]),
            "link_label": _link_label(c.get("link"), c["role"]),
            "link_how": (c.get("link") or {}).get("how", "none"),
            "last": number == len(upload.candidates),
        }
        for number, c in enumerate(upload.candidates, start=1)
    ]
    present = {
        services.speaker_key(a.person.name, a.person.organisation.name if a.person.organisation else "")
        for a in upload.engagement.attendances.select_related("person__organisation")
    }
    attendees = [
        {**a, "link_label": _link_label(a.get("link"), a["role"]), "present": a["key"] in present}
        for a in services.attendee_choices(upload)
    ]
    skipped: dict[str, list[dict[str, Any]]] = {}
    for s in upload.extraction.get("skipped", []):
        skipped.setdefault(s["reason"], []).append(s)
    counts = {status: sum(1 for c in candidates if c["status"] == status) for status in STATUS_LABELS}
    return {
        "upload": upload,
        "meeting": upload.engagement,
        "candidates": candidates,
        "attendees": attendees,
        "skipped": [
            {"reason": reason, "label": SKIP_LABELS.get(reason, reason), "paragraphs": items}
            for reason, items in skipped.items()
        ],
        "skipped_count": sum(len(items) for items in skipped.values()),
        "open_count": counts[services.OPEN],
        "rejected_count": counts[services.REJECTED],
        "saved_count": counts[services.SAVED],
        "kinds": list(KIND_LABELS.items()),
        "read": upload.extraction.get("meeting", {}),
        "read_date": _date_or_none(upload.extraction.get("meeting", {}).get("date")),
    }


def _date_or_none(value: object) -> dt.date | None:
    """Return the minutes' ISO date as a date, to show it the Korean way; None when absent or unreadable."""
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _apply(form: CandidateForm, upload: MinutesUpload, actor: User) -> str:
    """Run the review action the form names; return what to tell the user."""
    data = form.cleaned_data
    common = {"upload": upload, "candidate_id": data["candidate"], "actor": actor}
    actions: dict[str, Callable[[], object]] = {
        "edit": lambda: services.minutes_candidate_edit(**common, text=data["text"], kind=data["kind"]),
        "split": lambda: services.minutes_candidate_split(**common, text=data["text"]),
        "merge": lambda: services.minutes_candidate_merge(**common),
        "reassign": lambda: services.minutes_candidate_reassign(
            **common,
            speaker=data["speaker"],
            title=data["title"],
            organisation=data["organisation"],
            new_organisation=data["new_organisation"],
        ),
        "reject": lambda: services.minutes_candidate_reject(**common),
        "restore": lambda: services.minutes_candidate_reject(**common, reject=False),
    }
    done = {
        "edit": _("후보 내용을 고쳤습니다."),
        "split": _("후보를 둘로 나누었습니다."),
        "merge": _("아래 후보와 합쳤습니다."),
        "reassign": _("발언자를 바꾸었습니다."),
        "reject": _("후보를 뺐습니다. 제안으로 저장되지 않습니다."),
        "restore": _("뺀 후보를 되살렸습니다."),
    }
    actions[data["action"]]()
    return str(done[data["action"]])


@require("proposal.record")
def minutes_review(request: SignedInRequest, upload_id: int) -> HttpResponse:
    """Show each candidate beside its paragraph; POST edits, splits, merges, reassigns or rejects one."""
    upload = get_object_or_404(MinutesUpload.objects.select_related("engagement__series"), pk=upload_id)
    if request.method == "POST":
        form = CandidateForm(request.POST)
        anchor = "#candidates"
        if not form.is_valid():
            messages.error(request, _("요청을 알아보지 못했습니다. 화면을 새로 고친 뒤 다시 해 주세요."))
        else:
            anchor = f"#candidate-{form.cleaned_data['candidate']}"
            try:
                messages.success(request, _apply(form, upload, request.user))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect(reverse("voices:minutes_review", args=[upload.pk]) + anchor)
    return render(request, "voices/intake/minutes_review.html", _review_context(upload))


@require("proposal.record")
@require_POST
def minutes_accept(request: SignedInRequest, upload_id: int) -> HttpResponse:
    """Record the ticked candidates as the meeting's proposals and the ticked speakers as attendees."""
    upload = get_object_or_404(MinutesUpload.objects.select_related("engagement"), pk=upload_id)
    ids = [int(v) for v in request.POST.getlist("take") if v.isdigit()]
    try:
        accepted = services.minutes_accept(
            upload=upload, candidate_ids=ids, attendee_keys=request.POST.getlist("attend"), actor=request.user
        )
    except ValidationError as exc:
        messages.error(
            request, _("저장하지 못했습니다 — 아무 것도 저장되지 않았습니다.") + " " + " ".join(exc.messages)
        )
        return redirect("voices:minutes_review", upload.pk)
    except (OperationalError, InterfaceError):  # the database went away half-way: all rolled back
        log.exception("minutes %s not accepted: the database connection was lost", upload.pk)
        connection.close()  # the next query opens a new connection
        messages.error(
            request,
            _(
                "데이터베이스 연결이 끊겨 저장을 마치지 못했습니다 — 아무 것도 저장되지 않았습니다. "
                "잠시 뒤 다시 저장해 주세요."
            ),
        )
        return redirect("voices:minutes_review", upload.pk)
    if not accepted.proposals and not accepted.attendances:
        messages.info(
            request,
            _("새로 저장한 것이 없습니다. 고른 후보는 이미 저장했거나 뺀 것입니다."),
        )
        return redirect("voices:minutes_review", upload.pk)
    messages.success(
        request,
        _(
            "회의록에서 제안 %(proposals)s건을 기록하고 참석자 %(people)s명을 명단에 더했습니다. "
            "제안 정리에서 정책 수요로 묶어 주세요."
        )
        % {"proposals": len(accepted.proposals), "people": len(accepted.attendances)},
    )
    return redirect(reverse("engagement:meeting_detail", args=[upload.engagement_id]) + "#proposals")
