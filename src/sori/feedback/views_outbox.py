"""Staff pages for the outbox (every message, reminders included) and the answer-time figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.permissions import SignedInRequest, require
from sori.core.privacy import record_access
from sori.feedback.deadlines import DepartmentStats, answer_time_stats
from sori.feedback.models import MessageKind, MessageStatus, OutboxChannel, OutboxMessage
from sori.feedback.outbox import BACKOFF, MAX_ATTEMPTS, outbox_message_retry, outbox_messages
from sori.voices.deadlines import answer_days_are_working


class OutboxMessageFilterForm(forms.Form):
    q = forms.CharField(required=False, label=gettext_lazy("검색"))
    status = forms.ChoiceField(
        choices=[("", gettext_lazy("모든 상태")), *MessageStatus.choices],
        required=False,
        label=gettext_lazy("상태"),
    )
    kind = forms.ChoiceField(
        choices=[("", gettext_lazy("모든 종류")), *MessageKind.choices],
        required=False,
        label=gettext_lazy("종류"),
    )

    def values(self) -> dict[str, Any]:
        self.is_valid()  # an unknown value is ignored, never an error page
        return {k: self.cleaned_data.get(k) or "" for k in ("status", "kind")}


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        required=False, label=gettext_lazy("부서 지정일 from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=gettext_lazy("까지"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def values(self) -> dict[str, dt.date | None]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"date_from": data.get("date_from"), "date_to": data.get("date_to")}


OUTBOX_SORTS = {"created": "created_at", "next": "next_attempt_at", "sent": "sent_at", "status": "status"}
OUTBOX_SEARCH = ("subject", "to", "message_id", "organisation__name")


def _backoff_label() -> str:
    parts = []
    for seconds in BACKOFF:
        parts.append(
            _("%(n)s분") % {"n": seconds // 60} if seconds < 3600 else _("%(n)s시간") % {"n": seconds // 3600}
        )
    return " → ".join(parts)


@require("feedback.send")
def outbox_list(request: SignedInRequest) -> HttpResponse:
    """List every outbox message with its delivery state: attempts, next attempt, last error, Message-ID."""
    record_access(request, "view", "feedback.outbox")
    filters = OutboxMessageFilterForm(request.GET)
    return listing.list_page(
        request,
        outbox_messages(**filters.values()),
        search_fields=OUTBOX_SEARCH,
        sorts=OUTBOX_SORTS,
        default_sort="-created",
        template="feedback/outbox.html",
        export=_outbox_xlsx,
        context={
            "filters": filters,
            "export_query": listing.query_without(request, "page", "format"),
            "WAITING": (MessageStatus.FAILED, MessageStatus.RETRYING),
            "backoff": _backoff_label(),
            "max_attempts": MAX_ATTEMPTS,
        },
    )


def _outbox_xlsx(qs: QuerySet[OutboxMessage]) -> HttpResponse:
    return xlsx_response(
        _("발송함.xlsx"),
        _("발송함"),
        [
            _("작성일시"),
            _("종류"),
            _("수신처"),
            _("제목"),
            _("상태"),
            _("시도"),
            _("다음 시도"),
            _("마지막 오류"),
            _("발송일시"),
            "Message-ID",
        ],
        (
            [
                m.created_at,
                m.get_kind_display(),
                m.to,
                m.subject,
                m.get_status_display(),
                m.attempts,
                m.next_attempt_at,
                m.last_error,
                m.sent_at,
                m.message_id,
            ]
            for m in qs
        ),
    )


@require("feedback.send")
@require_POST
def outbox_retry(request: SignedInRequest, pk: int) -> HttpResponse:
    """Send one failed or waiting message now and say how it went."""
    message = get_object_or_404(OutboxMessage, id=pk)
    try:
        message = outbox_message_retry(message=message, actor=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
        return redirect("feedback:outbox")
    message.refresh_from_db()
    if message.status == MessageStatus.SENT:
        messages.success(request, _("%(to)s로 다시 보냈습니다.") % {"to": message.to})
    elif message.status in (MessageStatus.FAILED, MessageStatus.RETRYING):
        advice = (
            _("이번에도 보내지 못했습니다(%(error)s). 수신 주소와 받는 시스템의 상태를 확인해 주세요.")
            if message.channel == OutboxChannel.WEBHOOK
            else _("이번에도 보내지 못했습니다(%(error)s). 주소와 메일 서버 설정을 확인해 주세요.")
        )
        messages.error(request, advice % {"error": message.last_error[:200]})
    else:
        messages.success(request, _("%(to)s로 다시 보내도록 발송 대기열에 넣었습니다.") % {"to": message.to})
    return redirect("feedback:outbox")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


@require("demand.view_all")
def deadlines(request: SignedInRequest) -> HttpResponse:
    """Show how long departments take to answer: median, 90th percentile, share within the deadline."""
    form = PeriodForm(request.GET)
    stats = answer_time_stats(**form.values())
    rows: list[DepartmentStats] = [*stats.departments, stats.overall]
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            _("답변 소요일.xlsx"),
            _("답변 소요일"),
            [
                _("소관부서"),
                _("지정"),
                _("답변"),
                _("답변 대기"),
                _("기한 초과 대기"),
                _("중앙값(일)"),
                _("90번째 백분위(일)"),
                _("기한 내 답변"),
                _("기한 내 답변 비율"),
            ],
            (
                [
                    r.department,
                    r.assigned,
                    r.answered,
                    r.waiting,
                    r.overdue,
                    r.median_days,
                    r.p90_days,
                    r.within_deadline,
                    None if r.share_within_deadline is None else round(r.share_within_deadline, 3),
                ]
                for r in rows
            ),
        )
    return render(
        request,
        "feedback/deadlines.html",
        {
            "form": form,
            "stats": stats,
            "rows": [
                (r, _days(r.median_days), _days(r.p90_days), _percent(r.share_within_deadline)) for r in rows
            ],
            "answer_days": settings.SORI_ANSWER_DAYS,
            "working": answer_days_are_working(),
            "remind_before": getattr(settings, "SORI_REMIND_DAYS_BEFORE", 3),
            "export_query": listing.query_without(request, "format"),
        },
    )
