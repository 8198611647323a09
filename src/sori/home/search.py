"""One search box for the staff area: proposals, demands, organisations, people and meetings, grouped by kind.

Each kind is searched as its own list page searches it (``sori.core.listing.search``: every word must appear,
anywhere in a word, so "사관학교" finds "AI사관학교"), and only among the rows the user may open there: an
officer finds only their own department's demands. A kind shows its first ``PER_KIND`` rows and a link to the
rest — its list page with the same ``q``, or, for people and meetings, which have no list of their own, this
page showing that kind alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sori.core import listing
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.engagement.models import Engagement
from sori.policy.selectors import user_department
from sori.registry.models import Organisation, Person
from sori.voices.models import Demand, Stage
from sori.voices.selectors import staff_demands, staff_proposals

PER_KIND = 10
PER_PAGE = 50


@dataclass(frozen=True)
class Kind:
    """One kind of result: who may see which rows of it, the fields its list searches, where "more" goes."""

    key: str
    label: str | Promise
    rows: Callable[[Any], QuerySet[Any] | None]  # user → the rows they may open, or None for none at all
    fields: tuple[str, ...]
    order: tuple[str, ...]
    list_url: str = ""  # the list page searching the same fields with ``q``; "" to show the kind here


def _demands(user: Any) -> QuerySet[Demand] | None:
    if can(user, "demand.view_all"):
        return staff_demands()
    department = user_department(user)
    if department is None:
        return None
    # An officer's inbox: their department's demands awaiting an answer and those answered.
    return Demand.objects.filter(
        department=department, stage__in=(Stage.ASSIGNED, Stage.ANSWERED)
    ).select_related("department", "theme")


def _inbox_or_list(user: Any) -> str:
    return "voices:demand_list" if can(user, "demand.view_all") else "policy:inbox"


def _only(capability: str, rows: Callable[[], QuerySet[Any]]) -> Callable[[Any], QuerySet[Any] | None]:
    return lambda user: rows() if can(user, capability) else None


KINDS: tuple[Kind, ...] = (
    Kind(
        "demands",
        _("정책 수요"),
        _demands,
        # The demands list's fields; an officer's inbox searches what was said instead (see ``_fields``).
        ("title", "theme__name", "department__name"),
        ("-created_at", "-id"),
        "voices:demand_list",
    ),
    Kind(
        "proposals",
        _("제안"),
        _only("demand.organise", staff_proposals),
        ("text", "organisation__name"),
        ("-received_at", "-id"),
        "voices:proposal_list",
    ),
    Kind(
        "organisations",
        _("기관"),
        _only("registry.manage", Organisation.objects.all),
        ("name", "sector", "ai_capabilities", "ai_needs", "location"),
        ("name", "id"),
        "registry:organisation_list",
    ),
    Kind(
        "people",
        _("인물"),
        _only("registry.manage", lambda: Person.objects.select_related("organisation")),
        ("name", "role", "organisation__name"),
        ("name", "id"),
    ),
    Kind(
        "meetings",
        _("간담회"),
        _only("engagement.manage", lambda: Engagement.objects.select_related("series")),
        ("title", "place", "series__title"),
        ("-starts_at", "-id"),
    ),
)
# What an officer's inbox searches (``sori.policy.views.SEARCH_FIELDS``), so "more" shows the same demands.
INBOX_FIELDS = ("title", "proposals__text", "proposals__organisation__name")


@dataclass(frozen=True)
class Group:
    """The results of one kind: up to ``PER_KIND`` rows (or a page of them), and where the rest are."""

    key: str
    label: str | Promise
    rows: list[Model]
    more_url: str


def _fields(kind: Kind, user: Any) -> tuple[str, ...]:
    if kind.key == "demands" and not can(user, "demand.view_all"):
        return INBOX_FIELDS
    return kind.fields


def _more_url(kind: Kind, user: Any, q: str) -> str:
    query = QueryDict(mutable=True)
    query["q"] = q
    if kind.key == "demands":
        return f"{reverse(_inbox_or_list(user))}?{query.urlencode()}"
    if kind.list_url:
        return f"{reverse(kind.list_url)}?{query.urlencode()}"
    query["kind"] = kind.key
    return f"{reverse('home:search')}?{query.urlencode()}"


def _search(request: HttpRequest, kind: Kind) -> QuerySet[Any] | None:
    rows = kind.rows(request.user)
    if rows is None:
        return None
    # Fields across a relation are matched through a subquery, so rows never repeat.
    found, _words = listing.search(rows, request, _fields(kind, request.user))
    return found.order_by(*kind.order)


@require("staff.area")
def staff_search(request: SignedInRequest) -> HttpResponse:
    """Find proposals, demands, organisations, people and meetings from the header's search box.

    ``?kind=people`` (or another kind) shows that kind alone, a page of ``PER_PAGE`` at a time.
    """
    q = " ".join(request.GET.get("q", "").split()[: listing.MAX_SEARCH_WORDS])
    only = request.GET.get("kind", "")
    groups: list[Group] = []
    page = None
    single = next((k for k in KINDS if k.key == only), None)
    if q and single is not None:
        found = _search(request, single)
        if found is not None:
            page = listing.paginate(found, request, PER_PAGE)
            groups.append(Group(single.key, single.label, list(page), ""))
    elif q:
        for kind in KINDS:
            found = _search(request, kind)
            if found is None:
                continue
            rows = list(found[: PER_KIND + 1])
            more = _more_url(kind, request.user, q) if len(rows) > PER_KIND else ""
            groups.append(Group(kind.key, kind.label, rows[:PER_KIND], more))
    return render(
        request,
        "home/search.html",
        {
            "q": q,
            "groups": groups,
            "found": sum(len(g.rows) for g in groups),
            "single": single,
            "page": page,
            "keep_page": listing.query_without(request, "page"),
        },
    )
