"""The administrators' page of personal-data access records (개인정보 접속기록): list, search, export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.forms import DateInput
from sori.core.models import AccessAction, PersonalDataAccess
from sori.core.permissions import SignedInRequest, require
from sori.core.privacy import record_export

SORTS = {"at": "at", "user": "user_label", "people": "people"}
SEARCH = ("what", "path", "ip", "request_id")


class AccessFilterForm(forms.Form):
    """Who, when and what: every field optional; a bad value is ignored rather than refused."""

    user = forms.CharField(label=gettext_lazy("계정"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=gettext_lazy("수행 업무"),
        required=False,
        choices=[("", gettext_lazy("전체")), *AccessAction.choices],
    )
    date_from = forms.DateField(label=gettext_lazy("기간"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("까지"), required=False, widget=DateInput())

    def values(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "user": data.get("user") or "",
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


def access_records(
    *, user: str = "", action: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[PersonalDataAccess]:
    """Return access records by account (name or username, in part), task and days (both inclusive)."""
    qs = PersonalDataAccess.objects.all()
    if user:
        qs = qs.filter(Q(user_label__icontains=user) | Q(user__username__icontains=user))
    if action:
        qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs


@require("privacy.audit")
def access_list(request: SignedInRequest) -> HttpResponse:
    """List who opened or exported proposers' personal data, when, from where; search, export (recorded)."""
    filters = AccessFilterForm(request.GET)
    record_export(request, "core.personal_data_access")
    return listing.list_page(
        request,
        access_records(**filters.values()),
        search_fields=SEARCH,
        sorts=SORTS,
        default_sort="-at",
        template="home/privacy/access_list.html",
        export=_export,
        context={"filters": filters, "export_query": listing.query_without(request, "page", "format")},
    )


def _export(qs: QuerySet[PersonalDataAccess]) -> HttpResponse:
    headers = [
        _("일시"),
        _("계정"),
        _("아이디"),
        _("수행 업무"),
        _("대상"),
        _("정보주체 수"),
        _("주소"),
        _("접속지"),
        _("요청 ID"),
    ]
    rows = (
        [
            r.at,
            r.user_label,
            r.user.username if r.user else "",
            r.get_action_display(),
            r.what,
            r.people,
            r.path,
            r.ip or "",
            r.request_id,
        ]
        for r in qs.select_related("user").iterator(chunk_size=500)
    )
    return xlsx_response(_("개인정보 접속기록") + ".xlsx", _("접속기록"), headers, rows)
