"""The public tracker (no login): the list of published demands, a demand's page, and 공감 (support)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.exports import csv_text, xlsx_response
from sori.core.listing import paginate, query_without
from sori.feedback.privacy import retention_period
from sori.feedback.public_bills import public_bill
from sori.feedback.public_cache import cached_public_page
from sori.feedback.public_forms import TrackerFilterForm
from sori.feedback.public_selectors import (
    OPEN_DATA_FIELDS,
    SORTS,
    demand_by_id,
    heard_map,
    heard_series,
    is_supported,
    open_data_row,
    public_demand,
    tracker_demands,
    with_current_dispositions,
    with_progress,
)
from sori.voices.models import Demand
from sori.voices.services import demand_support

PER_PAGE = 20


def supporter_key(request: HttpRequest, *, create: bool = False) -> str:
    """Return the visitor's anonymous supporter key: a salted SHA-256 of the account id or the session key.

    No address or name is stored. With ``create`` a session is started for a visitor who has none; without
    it an unknown visitor gets an empty key.
    """
    if request.user.is_authenticated:
        raw = f"user:{request.user.pk}"
    else:
        if request.session.session_key is None:
            if not create:
                return ""
            # An empty session is never saved or sent, so mark it before asking for a key.
            request.session["sori_visitor"] = True
            request.session.save()
        raw = f"session:{request.session.session_key}"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{raw}".encode()).hexdigest()


def _open_data(request: HttpRequest, demands: list[Demand], fmt: str) -> HttpResponse:
    demands = with_current_dispositions(demands)
    url = request.build_absolute_uri
    rows = [open_data_row(d, url=url(reverse("public:demand", args=[d.id]))) for d in demands]
    if fmt == "json":
        fields = {key: str(label) for key, label in OPEN_DATA_FIELDS}
        payload = {"fields": fields, "count": len(rows), "demands": rows}
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="sori-demands.json"'
        return response
    headers = [str(label) for _key, label in OPEN_DATA_FIELDS]
    values = [[row[key] for key, _label in OPEN_DATA_FIELDS] for row in rows]
    if fmt == "xlsx":
        return xlsx_response("sori-demands.xlsx", _("정책 수요 현황"), headers, values)
    buffer = io.StringIO()
    # The byte-order mark lets Korean Excel open the UTF-8 file without garbling it.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([csv_text(v) for v in row] for row in values)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sori-demands.csv"'
    return response


@cached_public_page
def tracker(request: HttpRequest) -> HttpResponse:
    """List published demands like a newspaper page; ``?format=csv|json|xlsx`` gives the same list."""
    form = TrackerFilterForm(request.GET)
    filters = form.filters()
    demands = tracker_demands(**filters)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "json", "xlsx"):
        return _open_data(request, list(demands), fmt)
    page = paginate(demands, request, per_page=PER_PAGE)
    with_progress(with_current_dispositions(list(page.object_list)))
    return render(
        request,
        "public/tracker.html",
        {
            "form": form,
            "page": page,
            "sort": filters["sort"],
            "sorts": SORTS,
            "filtered": any(filters[k] for k in ("q", "theme_id", "series_id", "engagement_id", "status")),
            "query": query_without(request, "page", "format"),
            "sort_query": query_without(request, "page", "format", "sort"),
            "heard": list(heard_series()[:12]),
            "heard_series": filters["series_id"],
        },
    )


@cached_public_page
def demand(request: HttpRequest, demand_id: int) -> HttpResponse:
    """Show one published demand: its answers in plain Korean, who asked (consenting organisations only)."""
    page = public_demand(demand_id)
    if page is None:
        raise Http404(_("공개된 정책 수요가 아닙니다."))
    key = supporter_key(request)
    supported = bool(key) and is_supported(demand=page.demand, supporter_key=key)
    return render(request, "public/demand.html", {"p": page, "d": page.demand, "supported": supported})


@require_POST
def support(request: HttpRequest, demand_id: int) -> HttpResponse:
    """Record one 공감 per visitor for a published demand, then return to its page."""
    found = demand_by_id(demand_id)
    if found is None:
        raise Http404
    try:
        added = demand_support(demand=found, supporter_key=supporter_key(request, create=True))
    except ValidationError as exc:
        raise Http404(_("공개된 정책 수요가 아닙니다.")) from exc
    if added:
        messages.success(
            request, _("공감해 주셔서 고맙습니다. 공감 수는 위원회가 우선순위를 정할 때 참고합니다.")
        )
    else:
        messages.info(request, _("이미 공감하셨습니다."))
    return redirect("public:demand", demand_id=found.id)


@cached_public_page
def series_heard(request: HttpRequest, series_id: int) -> HttpResponse:
    """Show what was heard in a series as a map of its proposals, without personal data or their words."""
    page = heard_map(series_id)
    if page is None:
        raise Http404(_("제안이 접수된 간담회 시리즈가 아닙니다."))
    return render(request, "public/series_heard.html", {"h": page})


@cached_public_page
def bill(request: HttpRequest, bill_id: int) -> HttpResponse:
    """Show how far an ordinance or a law revision has gone, with its table, for the demands it answers."""
    page = public_bill(bill_id)
    if page is None:
        raise Http404(_("공개된 정책 수요에 답하는 입법 추진이 아닙니다."))
    return render(request, "public/bill.html", {"p": page, "bill": page.bill})


def _office() -> dict[str, Any]:
    """Return who answers the public, from the settings (``SORI_CONTACT_*``, ``SORI_PRIVACY_*``)."""
    return {
        "name": settings.SORI_CONTACT_NAME,
        "email": settings.SORI_CONTACT_EMAIL,
        "phone": settings.SORI_CONTACT_PHONE,
        "address": settings.SORI_CONTACT_ADDRESS,
        "privacy_officer": settings.SORI_PRIVACY_OFFICER,
        "policy_date": settings.SORI_PRIVACY_POLICY_DATE,
    }


@cached_public_page
def contact(request: HttpRequest) -> HttpResponse:
    """Say who runs Sori for the public and how to reach them."""
    return render(request, "public/contact.html", {"office": _office()})


@cached_public_page
def privacy_policy(request: HttpRequest) -> HttpResponse:
    """The privacy policy (개인정보처리방침): what is kept, why, how long, the rights, and whom to ask."""
    return render(request, "public/privacy.html", {"office": _office(), "retention": retention_period()})
