"""The public tracker (no login): the list of published demands, a demand's page, and 공감 (support)."""

from __future__ import annotations

import csv
import io
import json
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sori.core.exports import csv_text, xlsx_response
from sori.core.listing import paginate, query_without
from sori.feedback.privacy import retention_period
from sori.feedback.public_bills import public_bill
from sori.feedback.public_cache import cached_public_page
from sori.feedback.public_forms import SupportForm, TrackerFilterForm
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
from sori.feedback.support import (
    LINK_MAX_AGE,
    LINKS_PER_DAY,
    LinkRefused,
    LinkRequest,
    session_supporter_key,
    support_by_user,
    support_confirm,
    support_link_request,
    supportable,
    user_supporter_key,
)
from sori.voices.models import Demand

PER_PAGE = 20


# This visitor's 공감 kept in their session: {"pending": {demand id: epoch seconds}, "counted": [demand ids]}.
SUPPORT_SESSION = "sori_support"
COUNTED, PENDING = "counted", "pending"


def _mine(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(SUPPORT_SESSION) or {})


def _remember(request: HttpRequest, demand_id: int, state: str) -> None:
    """Note in the visitor's session that their 공감 for the demand waits for its link, or counted."""
    mine = _mine(request)
    pending = {
        k: v
        for k, v in dict(mine.get(PENDING) or {}).items()
        if v > time.time() - LINK_MAX_AGE.total_seconds()
    }
    counted = [i for i in mine.get(COUNTED) or [] if i != demand_id]
    if state == PENDING:
        pending[str(demand_id)] = int(time.time())
    else:
        pending.pop(str(demand_id), None)
        counted.append(demand_id)
    request.session[SUPPORT_SESSION] = {PENDING: pending, COUNTED: counted[-200:]}


def support_state(request: HttpRequest, demand: Demand) -> str:
    """Return whether this visitor's 공감 for the demand is counted, waits for its link, or neither ("").

    A visitor without a session gets "" without a query: the page is the cached one everyone gets.
    """
    if request.user.is_authenticated:
        return COUNTED if is_supported(demand=demand, supporter_key=user_supporter_key(request.user)) else ""
    session_key = request.session.session_key
    if session_key is None:
        return ""
    mine = _mine(request)
    if demand.id in (mine.get(COUNTED) or []):
        return COUNTED
    if is_supported(demand=demand, supporter_key=session_supporter_key(session_key)):
        return COUNTED  # given in this browser before supports needed an address
    since = (mine.get(PENDING) or {}).get(str(demand.id))
    if since and since > time.time() - LINK_MAX_AGE.total_seconds():
        return PENDING
    return ""


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
    context = {
        "p": page,
        "d": page.demand,
        "support_state": support_state(request, page.demand),
        "support_form": SupportForm(),
        "link_days": LINK_MAX_AGE.days,
    }
    return render(request, "public/demand.html", context)


@require_POST
def support(request: HttpRequest, demand_id: int) -> HttpResponse:
    """Take a 공감: at once from a signed-in user, after a link sent to the address from anyone else."""
    found = demand_by_id(demand_id)
    if found is None or not supportable(found):
        raise Http404(_("공개된 정책 수요가 아닙니다."))
    back = redirect(reverse("public:demand", args=[found.id]) + "#support")
    if request.user.is_authenticated:
        if support_by_user(demand=found, user=request.user):
            messages.success(
                request, _("공감해 주셔서 고맙습니다. 공감 수는 위원회가 우선순위를 정할 때 참고합니다.")
            )
        else:
            messages.info(request, _("이미 공감하셨습니다."))
        return back
    form = SupportForm(request.POST)
    if form.is_bot:
        return back
    if not form.is_valid():
        for error in form.errors.get("email", []):
            messages.error(request, _("%(error)s 공감은 아직 반영되지 않았습니다.") % {"error": error})
        return back
    try:
        sent = support_link_request(demand=found, email=form.cleaned_data["email"])
    except ValidationError as exc:
        raise Http404(_("공개된 정책 수요가 아닙니다.")) from exc
    if sent is LinkRequest.LIMIT:
        messages.error(
            request,
            _(
                "이 주소로는 오늘 보낼 수 있는 확인 링크(%(n)s건)를 모두 보냈습니다. 이미 받은 메일의 링크를 "
                "열거나 내일 다시 시도해 주세요."
            )
            % {"n": LINKS_PER_DAY},
        )
        return back
    _remember(request, found.id, PENDING)
    if sent is LinkRequest.ALREADY_SENT:
        messages.info(
            request,
            _(
                "오늘 이 주소로 이 수요의 확인 링크를 이미 보냈습니다. 받은 메일함과 스팸함에서 "
                "[소리] 메일을 찾아 링크를 열어 주세요."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "입력하신 주소로 확인 링크를 보냈습니다. %(days)s일 안에 메일의 링크를 열면 공감이 "
                "반영됩니다. 몇 분 안에 오지 않으면 스팸함을 확인해 주세요."
            )
            % {"days": LINK_MAX_AGE.days},
        )
    return back


@require_safe
def support_confirm_link(request: HttpRequest, token: str) -> HttpResponse:
    """Count the 공감 a confirmation link from the mail stands for, and say what happened."""
    try:
        done = support_confirm(token=token)
    except LinkRefused as exc:
        found = demand_by_id(exc.demand_id) if exc.demand_id is not None else None
        context = {"error": exc.message, "d": found if found is not None and supportable(found) else None}
        response = render(request, "public/support_confirm.html", context, status=400)
    else:
        _remember(request, done.demand.id, COUNTED)
        response = render(request, "public/support_confirm.html", {"d": done.demand, "added": done.added})
    # The token is in the address: keep it out of search engines, shared caches and other sites' logs.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


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
