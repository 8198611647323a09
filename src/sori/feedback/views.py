"""Staff pages for feedback: who is owed an answer, the message before it goes, the outbox, letters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.exports import xlsx_response
from sori.core.formatting import kdatetime
from sori.core.listing import list_page, paginate, query_without
from sori.core.permissions import SignedInRequest, require
from sori.core.privacy import record_access
from sori.feedback.forms import OutboxFilterForm, OwedFilterForm, SendForm
from sori.feedback.links import status_url
from sori.feedback.models import Channel, DeliveryStatus, Feedback
from sori.feedback.notes import feedback_draft_of, feedback_draft_save, feedback_drafts_of, recipient_of
from sori.feedback.selectors import Owed, feedback_owed, outbox
from sori.feedback.services import (
    compose,
    feedback_retry,
    feedback_send,
    feedback_send_all,
    owed_for,
)
from sori.registry.models import Organisation, Person

KINDS = ("person", "org")


def _kind_id(owed: Owed) -> tuple[str, int]:
    if owed.person is not None:
        return "person", owed.person.id
    return "org", owed.organisation.id  # type: ignore[union-attr]


def _channel_label(owed: Owed) -> str:
    return owed.address or _("서면")


@require("feedback.send")
def owed_list(request: SignedInRequest) -> HttpResponse:
    """List every proposer owed feedback, with how many proposals, the channel, and a preview link."""
    record_access(request, "view", "feedback.owed")
    filters = OwedFilterForm(request.GET)
    values = filters.values()
    rows = everyone = feedback_owed()
    q = request.GET.get("q", "").strip()
    for word in q.lower().split():
        rows = [o for o in rows if word in o.label.lower() or word in o.address.lower()]
    if values.get("channel") == Channel.EMAIL:
        rows = [o for o in rows if o.address]
    elif values.get("channel") == Channel.LETTER:
        rows = [o for o in rows if not o.address]
    key = request.GET.get("sort", "name")
    if key.lstrip("-") == "count":
        rows.sort(key=lambda o: (len(o.items), o.label), reverse=key.startswith("-"))
    else:
        key = "-name" if key == "-name" else "name"
        rows.sort(key=lambda o: o.label, reverse=key.startswith("-"))

    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            _("회신 대기.xlsx"),
            _("회신 대기"),
            [_("받는 곳"), _("제안 수"), _("경로"), _("수신처"), _("수요")],
            (
                [
                    o.label,
                    len(o.items),
                    _("이메일") if o.address else _("서면"),
                    o.address,
                    " / ".join(dict.fromkeys(p.demand.title for p, _d in o.items if p.demand)),
                ]
                for o in rows
            ),
        )
    page = paginate(rows, request)
    drafted = _drafted(request.user)
    return render(
        request,
        "feedback/owed.html",
        {
            "filters": filters,
            "page": page,
            "rows": [(o, *_kind_id(o), _channel_label(o), _kind_id(o) in drafted) for o in page],
            "total": len(rows),
            # "모두 보내기" ignores the filters: the confirmation counts everyone it will write to.
            "everyone": len(everyone),
            "everyone_email": sum(1 for o in everyone if o.address),
            "everyone_letter": sum(1 for o in everyone if not o.address),
            "sort": key,
            "query": query_without(request, "sort", "page"),
            "page_query": query_without(request, "page"),
            "export_query": query_without(request, "page", "format"),
        },
    )


def _drafted(user: object) -> set[tuple[str, int]]:
    """Return the (kind, id) of the recipients ``user`` has a note drafted for (one query)."""
    return {
        ("person", d.person_id) if d.person_id else ("org", d.organisation_id)  # type: ignore[misc]
        for d in feedback_drafts_of(user)
    }


def _recipient(kind: str, pk: int) -> dict[str, Any]:
    if kind == "person":
        return {"person": get_object_or_404(Person.objects.select_related("organisation"), id=pk)}
    if kind == "org":
        return {"organisation": get_object_or_404(Organisation, id=pk)}
    raise Http404


@require("feedback.send")
def preview(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    """Show exactly the message one proposer will get, with the officer's own words, and send it."""
    record_access(request, "view", f"feedback.preview:{kind}:{pk}")
    owed = owed_for(**_recipient(kind, pk))
    if owed is None or not owed.items:
        messages.info(
            request, _("이 제안자에게 새로 알릴 처리 결과가 없습니다. 이미 보냈거나 아직 답변이 없습니다.")
        )
        return redirect("feedback:owed")
    recipient = recipient_of(owed)
    draft = feedback_draft_of(request.user, **recipient)
    form = SendForm(request.POST or None, address=owed.address, initial={"note": draft.note if draft else ""})
    if request.method == "POST" and request.POST.get("intent") == "draft":
        try:
            feedback_draft_save(actor=request.user, note=request.POST.get("note", ""), **recipient)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("덧붙이는 말을 임시저장했습니다. 보내기 전까지 나만 볼 수 있습니다."))
        return redirect("feedback:preview", kind, pk)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = feedback_send(
                actor=request.user,
                channel=form.cleaned_data["channel"],
                note=form.cleaned_data["note"],
                **recipient,
            )
        except (ValidationError, IntegrityError) as error:
            messages.warning(request, _sent_meanwhile(error))
            return redirect("feedback:owed")
        return _after_send(request, feedback)
    subject, body = compose(owed, draft.note if draft else "")
    return render(
        request,
        "feedback/preview.html",
        {
            "owed": owed,
            "form": form,
            "draft": draft,
            "subject": subject,
            "body": body,
            "status_url": status_url(person=owed.person, organisation=owed.organisation),
        },
    )


@require("feedback.send")
@require_POST
def preview_draft(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    """Save the note as a draft without leaving the page (posted every half minute); return the message."""
    owed = owed_for(**_recipient(kind, pk))
    if owed is None or not owed.items:
        return JsonResponse(
            {"saved": False, "message": _("이 제안자에게 새로 알릴 처리 결과가 없습니다.")}, status=409
        )
    try:
        draft = feedback_draft_save(
            actor=request.user, note=request.POST.get("note", ""), **recipient_of(owed)
        )
    except ValidationError as error:
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=409)
    _subject, body = compose(owed, draft.note if draft else "")
    return JsonResponse(
        {
            "saved": True,
            "message": _("%(time)s에 임시저장했습니다.") % {"time": kdatetime(timezone.now())},
            "preview": body,
        }
    )


def _sent_meanwhile(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("방금 다른 사람이 같은 회신을 보냈습니다. 보낸 회신 목록을 확인해 주세요.")


def _after_send(request: HttpRequest, feedback: Feedback) -> HttpResponse:
    """Say what happened to the message just sent, and open the letter to print when it is one."""
    feedback.refresh_from_db()  # the e-mail may already have been delivered (or failed) on commit
    who = str(feedback.person or feedback.organisation)
    if feedback.channel == Channel.LETTER:
        messages.success(
            request, _("%(who)s님께 보낼 서면 회신을 기록했습니다. 인쇄해서 전달해 주세요.") % {"who": who}
        )
        return redirect("feedback:letter", feedback.id)
    if feedback.channel == Channel.LINK:
        messages.success(request, _("%(who)s님께 상태 확인 링크로 알린 것으로 기록했습니다.") % {"who": who})
    elif feedback.status == DeliveryStatus.SENT:
        messages.success(
            request,
            _("%(who)s님께 이메일(%(address)s)로 회신을 보냈습니다.")
            % {"who": who, "address": feedback.address},
        )
    elif feedback.status == DeliveryStatus.FAILED:
        messages.error(
            request,
            _("%(who)s님께 이메일을 보내지 못했습니다(%(error)s). '보낸 회신'에서 다시 보내 주세요.")
            % {"who": who, "error": feedback.last_error[:200]},
        )
    elif feedback.status == DeliveryStatus.RETRYING:
        messages.warning(
            request,
            _(
                "%(who)s님께 이메일을 보내지 못했습니다(%(error)s). 잠시 뒤 자동으로 다시 보냅니다 — "
                "바로 보내려면 '보낸 회신'에서 다시 보내 주세요."
            )
            % {"who": who, "error": feedback.last_error[:200]},
        )
    else:
        messages.success(request, _("%(who)s님께 보낼 이메일을 발송 대기열에 넣었습니다.") % {"who": who})
    return redirect("feedback:owed")


@require("feedback.send")
@require_POST
def send_all(request: SignedInRequest) -> HttpResponse:
    """Send every owed proposer their message, each in its own service call, and report the counts."""
    summary = feedback_send_all(actor=request.user)
    if summary.total == 0 and not summary.skipped:
        messages.info(request, _("보낼 회신이 없습니다."))
        return redirect("feedback:owed")
    text = _(
        "회신 %(total)s건을 처리했습니다 — 이메일 발송 완료 %(sent)s건, 발송 대기 %(queued)s건, "
        "발송 실패 %(failed)s건, 서면 %(letters)s건, 상태 확인 링크 %(links)s건."
    ) % {
        "total": summary.total,
        "sent": summary.sent,
        "queued": summary.queued,
        "failed": summary.failed,
        "letters": summary.letters,
        "links": summary.links,
    }
    if summary.letters:
        text += " " + _("서면 회신은 '보낸 회신'에서 인쇄해 전달해 주세요.")
    if summary.failed:
        text += " " + _("발송 실패한 이메일은 '보낸 회신'에서 다시 보낼 수 있습니다.")
    if summary.skipped:
        text += " " + _("보내지 못한 제안자: %(names)s.") % {"names": ", ".join(summary.skipped)}
    (messages.warning if summary.failed or summary.skipped else messages.success)(request, text)
    return redirect("feedback:sent")


OUTBOX_SORTS = {"created": "created_at", "sent": "sent_at", "status": "status", "subject": "subject"}
OUTBOX_SEARCH = ("subject", "address", "person__name", "organisation__name")


def _next_and_id(feedback: Feedback) -> tuple[Any, str]:
    message = getattr(feedback, "message", None)  # letters and links have no outbox message
    if message is None:
        return None, ""
    return message.next_attempt_at, message.message_id


@require("feedback.send")
def sent_list(request: SignedInRequest) -> HttpResponse:
    """List the outbox: who, through which channel, and whether it arrived; failed e-mails may be retried."""
    record_access(request, "view", "feedback.sent")
    filters = OutboxFilterForm(request.GET)
    return list_page(
        request,
        outbox(**filters.values()),
        search_fields=OUTBOX_SEARCH,
        sorts=OUTBOX_SORTS,
        default_sort="-created",
        template="feedback/sent.html",
        export=_sent_xlsx,
        context={
            "filters": filters,
            "export_query": query_without(request, "page", "format"),
            "FAILED": DeliveryStatus.FAILED,
            "WAITING": (DeliveryStatus.FAILED, DeliveryStatus.RETRYING),
            "EMAIL": Channel.EMAIL,
            "LETTER": Channel.LETTER,
        },
    )


def _sent_xlsx(qs: QuerySet[Any]) -> HttpResponse:
    return xlsx_response(
        _("보낸 회신.xlsx"),
        _("보낸 회신"),
        [
            _("작성일시"),
            _("받는 사람"),
            _("경로"),
            _("수신처"),
            _("제목"),
            _("제안 수"),
            _("상태"),
            _("시도"),
            _("마지막 오류"),
            _("발송일시"),
            _("다음 시도"),
            "Message-ID",
        ],
        (
            [
                f.created_at,
                str(f.person or f.organisation),
                f.get_channel_display(),
                f.address,
                f.subject,
                f.item_count,
                f.get_status_display(),
                f.attempts,
                f.last_error,
                f.sent_at,
                *_next_and_id(f),
            ]
            for f in qs
        ),
    )


@require("feedback.send")
@require_POST
def retry(request: SignedInRequest, pk: int) -> HttpResponse:
    """Queue a failed e-mail again and say how it went."""
    feedback = get_object_or_404(Feedback, id=pk)
    try:
        feedback = feedback_retry(feedback=feedback, actor=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
        return redirect("feedback:sent")
    feedback.refresh_from_db()
    if feedback.status == DeliveryStatus.SENT:
        messages.success(request, _("%(address)s로 다시 보냈습니다.") % {"address": feedback.address})
    elif feedback.status == DeliveryStatus.FAILED:
        messages.error(
            request,
            _("이번에도 보내지 못했습니다(%(error)s). 주소를 확인하거나 서면으로 알려 주세요.")
            % {"error": feedback.last_error[:200]},
        )
    elif feedback.status == DeliveryStatus.RETRYING:
        messages.warning(
            request,
            _("이번에도 보내지 못했습니다(%(error)s). 잠시 뒤 자동으로 다시 보냅니다.")
            % {"error": feedback.last_error[:200]},
        )
    else:
        messages.success(
            request,
            _("%(address)s로 다시 보내도록 발송 대기열에 넣었습니다.") % {"address": feedback.address},
        )
    return redirect("feedback:sent")


@require("feedback.send")
def letter(request: SignedInRequest, pk: int) -> HttpResponse:
    """Show one message as a printable letter."""
    record_access(request, "view", f"feedback.feedback:{pk}")
    feedback = get_object_or_404(
        Feedback.objects.select_related("person__organisation", "organisation"), id=pk
    )
    return render(request, "feedback/letter.html", {"feedback": feedback})
