"""Reads for the public site: the tracker, a demand's public page, the private status link and the front page.

Public pages show organisations, never people: no name, e-mail or phone of a proposer leaves these functions,
and an organisation is named only when it agreed to be (``public_name_consent``). Proposal texts are never
returned for public pages either — only counted — since consent to be named is not consent to be quoted, and a
citizen's words may name the citizen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sori.attachments.selectors import with_public_files
from sori.engagement.models import Engagement, Series
from sori.feedback.journey import Audience, Journey, journey, journeys
from sori.feedback.public_bills import public_bills_by_demand, public_bills_of
from sori.policy.models import Bill, Disposition, Milestone, MilestoneStatus
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices.models import Demand, Moderation, Proposal, Stage
from sori.voices.outcomes import Outcome
from sori.voices.repeats import asked_before
from sori.voices.selectors import demand_organisations, published_demands
from sori.voices.voice_map import DrawnMap, PointIn, draw

# Status filter values beyond the outcomes: the two tags a demand carries before its first answer.
STATUS_ASSIGNED = "assigned"
STATUS_OPEN = "open"

SORTS: dict[str, Any] = {
    "decided": _("최근 결정순"),
    "orgs": _("요청 기관 많은 순"),
    "support": _("공감 많은 순"),
}
DEFAULT_SORT = "decided"


def status_choices() -> list[tuple[str, Any]]:
    """Return the tracker's status filter: each outcome, then '답변 준비 중' and '정리 중'."""
    return [*Outcome.choices, (STATUS_ASSIGNED, _("답변 준비 중")), (STATUS_OPEN, _("정리 중"))]


def _last_decided() -> Subquery:
    latest = Disposition.objects.filter(demand=OuterRef("pk")).order_by("-decided_at", "-id")
    return Subquery(latest.values("decided_at")[:1])


def tracker_demands(
    *,
    theme_id: int | None = None,
    series_id: int | None = None,
    engagement_id: int | None = None,
    status: str = "",
    q: str = "",
    sort: str = DEFAULT_SORT,
) -> QuerySet[Demand]:
    """Return published, unmerged demands for the tracker, filtered and sorted, with their counts in SQL.

    Each row carries ``org_count`` (distinct organisations that asked), ``support_count`` (공감),
    ``proposal_count`` and ``decided_at`` (the current decision's time, None before the first answer).
    ``engagement_id``/``series_id`` keep demands with at least one accepted proposal from that meeting/series.
    """
    qs = published_demands().annotate(decided_at=_last_decided())
    if theme_id is not None:
        qs = qs.filter(theme_id=theme_id)
    if engagement_id is not None or series_id is not None:
        voiced = Proposal.objects.filter(demand=OuterRef("pk"), moderation=Moderation.ACCEPTED)
        if engagement_id is not None:
            voiced = voiced.filter(engagement_id=engagement_id)
        if series_id is not None:
            voiced = voiced.filter(engagement__series_id=series_id)
        qs = qs.filter(Exists(voiced))
    if status in Outcome.values:
        qs = qs.filter(outcome=status)
    elif status == STATUS_ASSIGNED:
        qs = qs.filter(outcome="", stage=Stage.ASSIGNED)
    elif status == STATUS_OPEN:
        qs = qs.filter(outcome="", stage=Stage.OPEN)
    for word in q.split():
        qs = qs.filter(Q(title__icontains=word) | Q(theme__name__icontains=word))
    if sort == "orgs":
        order = [F("org_count").desc(), F("support_count").desc()]
    elif sort == "support":
        order = [F("support_count").desc(), F("org_count").desc()]
    else:
        order = [F("decided_at").desc(nulls_last=True)]
    return qs.order_by(*order, "-created_at", "-id")


def latest_dispositions(demand_ids: set[int]) -> dict[int, Disposition]:
    """Return each demand's current disposition (with its department) in one query."""
    latest: dict[int, Disposition] = {}
    rows = Disposition.objects.filter(demand_id__in=demand_ids).select_related("department")
    for d in rows.order_by("demand_id", "-decided_at", "-id"):
        latest.setdefault(d.demand_id, d)
    return latest


def with_current_dispositions(demands: list[Demand]) -> list[Demand]:
    """Set ``current`` (the latest Disposition or None) on each demand, in one query for all of them."""
    latest = latest_dispositions({d.id for d in demands})
    for demand in demands:
        demand.current = latest.get(demand.id)  # type: ignore[attr-defined]
    return demands


@dataclass(frozen=True)
class Progress:
    """How far an answer has been carried out: its milestones by status, for a one-line summary."""

    total: int = 0
    done: int = 0
    delayed: int = 0
    dropped: int = 0


def milestones_by_disposition(disposition_ids: set[int]) -> dict[int, list[Milestone]]:
    """Return the milestones of these answers in planned order, in one query.

    Milestones carry what the department wrote (title, dates, reason, evidence), never who wrote it.
    """
    found: dict[int, list[Milestone]] = {}
    for m in Milestone.objects.filter(disposition_id__in=disposition_ids).order_by("planned_date", "id"):
        found.setdefault(m.disposition_id, []).append(m)
    return found


def with_progress(demands: list[Demand]) -> list[Demand]:
    """Set ``progress`` on each demand whose ``current`` is set (``with_current_dispositions``); one query."""
    current = {d.current.id: d for d in demands if getattr(d, "current", None) is not None}  # type: ignore[attr-defined]
    found = milestones_by_disposition(set(current)) if current else {}
    for demand in demands:
        disposition = getattr(demand, "current", None)
        rows = found.get(disposition.id, []) if disposition is not None else []
        demand.progress = Progress(  # type: ignore[attr-defined]
            total=len(rows),
            done=sum(m.status == MilestoneStatus.DONE for m in rows),
            delayed=sum(m.status == MilestoneStatus.DELAYED for m in rows),
            dropped=sum(m.status == MilestoneStatus.DROPPED for m in rows),
        )
    return demands


# ----------------------------------------------------------------------------------------------------
# Open data: exactly the fields the tracker shows, no personal data.

OPEN_DATA_FIELDS: list[tuple[str, Any]] = [
    ("id", _("번호")),
    ("demand", _("정책 수요")),
    ("theme", _("분야")),
    ("status", _("상태 코드")),
    ("status_label", _("상태")),
    ("reason", _("사유")),
    ("limits", _("한계")),
    ("referred_to", _("이관 기관")),
    ("instrument", _("수단")),
    ("department", _("소관부서")),
    ("decided_on", _("결정일")),
    ("due_date", _("이행 예정일")),
    ("organisations", _("요청 기관 수")),
    ("supports", _("공감 수")),
    ("url", _("주소")),
]


def status_of(demand: Demand) -> tuple[str, str]:
    """Return the status code and label of the demand's tag (the rule of ``voices/_status_tag.html``)."""
    if demand.outcome in Outcome.values:
        return demand.outcome, str(Outcome(demand.outcome).label)
    if demand.stage == Stage.ASSIGNED:
        return STATUS_ASSIGNED, str(_("답변 준비 중"))
    return STATUS_OPEN, str(_("정리 중"))


def open_data_row(demand: Demand, *, url: str) -> dict[str, Any]:
    """Return one demand as open data (``demand.current`` must be set by ``with_current_dispositions``)."""
    current: Disposition | None = getattr(demand, "current", None)
    code, label = status_of(demand)
    return {
        "id": demand.id,
        "demand": demand.title,
        "theme": demand.theme.name if demand.theme_id else "",  # type: ignore[union-attr]
        "status": code,
        "status_label": label,
        "reason": current.reason if current else "",
        "limits": current.limits if current else "",
        "referred_to": current.referred_to if current else "",
        "instrument": current.get_instrument_display() if current and current.instrument else "",
        "department": demand.department.name if demand.department_id else "",  # type: ignore[union-attr]
        "decided_on": current.decided_at.date().isoformat() if current else "",
        "due_date": current.due_date.isoformat() if current and current.due_date else "",
        "organisations": demand.org_count,  # type: ignore[attr-defined]
        "supports": demand.support_count,  # type: ignore[attr-defined]
        "url": url,
    }


# ----------------------------------------------------------------------------------------------------
# A demand's public page


@dataclass(frozen=True)
class PublicEarlier:
    """An earlier demand asking the same, as the public sees it: year and title, its id only if published."""

    year: int
    title: str
    published_id: int | None


def public_asked_before(demand: Demand) -> list[PublicEarlier]:
    """Return the earlier demands ``demand`` repeats, oldest first; only published ones can be opened."""
    return [
        PublicEarlier(
            year=e.year,
            title=e.demand.title,
            published_id=e.demand.id if e.demand.published and e.demand.stage != Stage.MERGED else None,
        )
        for e in asked_before(demand).earlier
    ]


@dataclass(frozen=True)
class PublicDemand:
    """What the public page of a demand shows: counts and consenting organisations' names, never people."""

    demand: Demand
    dispositions: list[Disposition]
    named_organisations: list[str]
    hidden_organisations: int
    org_count: int
    support_count: int
    proposal_count: int
    meetings: list[Engagement]
    milestones: list[Milestone] = field(default_factory=list)
    # The bills (입법 추진) answering the demand, each with a public page of its own.
    bills: list[Bill] = field(default_factory=list)
    journey: Journey | None = None
    # Earlier demands staff confirmed ask the same, oldest first (``PublicEarlier``: no people, no words).
    asked_before: list[PublicEarlier] = field(default_factory=list)

    @property
    def current(self) -> Disposition | None:
        return self.dispositions[0] if self.dispositions else None

    @property
    def awaiting_answer(self) -> bool:
        """Return whether a department has the demand and owes its first answer."""
        return not self.dispositions and self.demand.stage == Stage.ASSIGNED


def public_demand(demand_id: int) -> PublicDemand | None:
    """Return a published, unmerged demand's public page, or None (unknown, unpublished or merged)."""
    demand = published_demands().filter(id=demand_id).first()
    if demand is None:
        return None
    organisations = list(demand_organisations(demand))
    named = [o.name for o in organisations if o.public_name_consent]
    meetings = list(
        Engagement.objects.filter(proposals__demand=demand, proposals__moderation=Moderation.ACCEPTED)
        .select_related("series")
        .distinct()
        .order_by("starts_at")
    )
    dispositions = list(demand.dispositions.select_related("department").order_by("-decided_at", "-id"))
    with_public_files(dispositions)
    return PublicDemand(
        demand=demand,
        dispositions=dispositions,
        milestones=list(dispositions[0].milestones.order_by("planned_date", "id")) if dispositions else [],
        named_organisations=named,
        hidden_organisations=len(organisations) - len(named),
        org_count=demand.org_count,  # type: ignore[attr-defined]
        support_count=demand.support_count,  # type: ignore[attr-defined]
        proposal_count=demand.proposal_count,  # type: ignore[attr-defined]
        meetings=meetings,
        # Only an answered demand can have a bill (its answer calls for an ordinance or a law revision).
        bills=public_bills_of(demand) if dispositions else [],
        journey=journey(demand, audience=Audience.PUBLIC),
        asked_before=public_asked_before(demand),
    )


def demand_by_id(demand_id: int) -> Demand | None:
    """Return the demand with this id, published or not (the support service decides)."""
    return Demand.objects.filter(id=demand_id).first()


def is_supported(*, demand: Demand, supporter_key: str) -> bool:
    """Return whether this supporter already supported (공감) the demand."""
    return demand.supports.filter(supporter_key=supporter_key).exists()


# ----------------------------------------------------------------------------------------------------
# The private status link


@dataclass(frozen=True)
class StatusRow:
    """One proposal on its proposer's status page, with what became of it."""

    proposal: Proposal
    demand: Demand | None
    disposition: Disposition | None
    milestones: list[Milestone] = field(default_factory=list)
    # The demand's bills that have a public page.
    bills: list[Bill] = field(default_factory=list)
    journey: Journey | None = None

    @property
    def deleted(self) -> bool:
        return self.proposal.deleted_at is not None

    @property
    def pending(self) -> bool:
        return self.proposal.moderation == Moderation.PENDING

    @property
    def rejected(self) -> bool:
        return self.proposal.moderation == Moderation.REJECTED

    @property
    def waiting_for_grouping(self) -> bool:
        return self.proposal.moderation == Moderation.ACCEPTED and self.demand is None

    @property
    def awaiting_answer(self) -> bool:
        return self.disposition is None and self.demand is not None and self.demand.stage == Stage.ASSIGNED


@dataclass(frozen=True)
class StatusPage:
    """A proposer (a person or an organisation) and each of their proposals."""

    person: Person | None
    organisation: Organisation | None
    rows: list[StatusRow]

    @property
    def organisation_name(self) -> str:
        """Return the organisation's name; a person's page names nobody, in case the link is passed on."""
        return self.organisation.name if self.organisation is not None else ""


def status_owner(token: str) -> Person | Organisation | None:
    """Return the person or organisation whose private status token this is, or None."""
    if not token:
        return None
    person = Person.objects.filter(status_token=token).first()
    if person is not None:
        return person
    return Organisation.objects.filter(status_token=token).first()


def submitted_proposal(proposal_id: object) -> Proposal | None:
    """Return the proposal this visitor just submitted (its id kept in their session), with its proposer."""
    if not isinstance(proposal_id, int):
        return None
    return Proposal.objects.select_related("person").filter(id=proposal_id).first()


def status_page(owner: Person | Organisation) -> StatusPage:
    """Return every proposal of ``owner`` (rejected and deleted too), newest first, each with its answer."""
    # Deleted proposals stay on their proposer's own page, marked 삭제됨 with the reason: a proposal
    # that silently vanished would read as lost or hidden, and the reason is owed as a rejection's is.
    qs = Proposal.all_objects.select_related(
        "demand__department", "demand__merged_into__department", "engagement__series"
    )
    qs = qs.filter(person=owner) if isinstance(owner, Person) else qs.filter(organisation=owner)
    proposals = list(qs.order_by("-received_at", "-id"))
    demands: dict[int, Demand] = {}
    for p in proposals:
        if p.demand_id is not None:
            demand = p.demand
            # A merged demand's answer lives on the demand it was merged into.
            if demand.stage == Stage.MERGED and demand.merged_into_id:  # type: ignore[union-attr]
                demand = demand.merged_into  # type: ignore[union-attr]
            demands[p.id] = demand  # type: ignore[assignment]
    latest = latest_dispositions({d.id for d in demands.values()})
    milestones = milestones_by_disposition({d.id for d in latest.values()}) if latest else {}
    by_id = {d.id: d for d in demands.values()}
    for answer in latest.values():
        answer.demand = by_id[answer.demand_id]  # whether its files are public depends on the demand
    with_public_files(list(latest.values()))
    bills = public_bills_by_demand(set(latest))
    # The page is private, but the demand's other proposers are none of the reader's business.
    found = journeys({d.id: d for d in demands.values()}.values(), audience=Audience.PROPOSER)
    rows = []
    for p in proposals:
        disposition = latest.get(demands[p.id].id) if p.id in demands else None
        rows.append(
            StatusRow(
                proposal=p,
                demand=demands.get(p.id),
                disposition=disposition,
                milestones=milestones.get(disposition.id, []) if disposition is not None else [],
                journey=found.get(demands[p.id].id) if p.id in demands else None,
                bills=bills.get(demands[p.id].id, []) if p.id in demands else [],
            )
        )
    return StatusPage(
        person=owner if isinstance(owner, Person) else None,
        organisation=owner if isinstance(owner, Organisation) else None,
        rows=rows,
    )


# ----------------------------------------------------------------------------------------------------
# The front page


@dataclass(frozen=True)
class FrontPage:
    """Counts and the latest decisions for the public front page."""

    published: int
    answered: int
    organisations: int
    latest: list[Demand]


def front_page(limit: int = 5) -> FrontPage:
    """Return the counts of public and answered demands and of organisations heard, and the latest answers."""
    public = Demand.objects.filter(published=True).exclude(stage=Stage.MERGED)
    latest = list(tracker_demands(sort=DEFAULT_SORT).filter(outcome__in=Outcome.values)[:limit])
    return FrontPage(
        published=public.count(),
        answered=public.filter(outcome__in=Outcome.values).count(),
        # Organisations heard: those behind accepted proposals, leaving out the city's own offices.
        organisations=Organisation.objects.filter(
            Exists(Proposal.objects.filter(organisation=OuterRef("pk"), moderation=Moderation.ACCEPTED))
        )
        .exclude(kind__in=[OrganisationKind.DEPARTMENT, OrganisationKind.COMMITTEE])
        .count(),
        latest=with_current_dispositions(latest),
    )


# ----------------------------------------------------------------------------------------------------
# What we heard: a series' proposals on the map of the voices, without personal data


@dataclass(frozen=True)
class HeardMap:
    """A series' accepted proposals as points: never their words, never a person, organisations by consent."""

    series: Series
    drawn: DrawnMap
    proposal_count: int
    published: list[Demand]


def heard_series() -> QuerySet[Series]:
    """Return the series with accepted proposals, newest first (the public maps that exist)."""
    # EXISTS, not a join with DISTINCT: the join reads every proposal (seconds at 100,000 of them).
    voiced = Proposal.objects.filter(engagement=OuterRef("pk"), moderation=Moderation.ACCEPTED)
    heard = Engagement.objects.filter(Exists(voiced), series=OuterRef("pk"))
    return Series.objects.filter(Exists(heard)).order_by("-created_at", "-id")


def heard_map(series_id: int) -> HeardMap | None:
    """Return the public map of a series, or None when it has no accepted proposal.

    Each point says who asked only as the tracker does (an organisation's name with its consent, else
    '비공개 기관' or '개인') and which published demand it belongs to; proposals in no published demand are
    grey and say only that. Nothing is encoded: points come from the vectors stored when proposals were
    saved.
    """
    series = heard_series().filter(id=series_id).first()
    if series is None:
        return None
    rows = list(
        Proposal.objects.filter(moderation=Moderation.ACCEPTED, engagement__series=series)
        .select_related("organisation")
        .order_by("received_at", "id")
        .only("id", "demand_id", "organisation__name", "organisation__public_name_consent")
    )
    demand_ids = {p.demand_id for p in rows if p.demand_id is not None}
    published = {d.id: d for d in published_demands().filter(id__in=demand_ids)}
    wanted = []
    for p in rows:
        org = p.organisation
        if org is None:
            who = str(_("개인"))
        else:
            who = org.name if org.public_name_consent else str(_("비공개 기관"))
        demand = published.get(p.demand_id or 0)
        where = demand.title if demand is not None else str(_("정리 중이거나 아직 공개되지 않은 수요"))
        wanted.append(
            PointIn(proposal_id=p.id, group=f"d{demand.id}" if demand else "", label=f"{who} · {where}")
        )
    labels = {f"d{d.id}": d.title for d in published.values()}
    urls = {f"d{d.id}": reverse("public:demand", args=[d.id]) for d in published.values()}
    return HeardMap(
        series=series,
        drawn=draw(f"series:{series.id}", wanted, labels, group_urls=urls),
        proposal_count=len(rows),
        published=sorted(published.values(), key=lambda d: d.title),
    )
