"""The voices loop over the API: meetings, proposals, demands, grouping, assignment, answers, feedback."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status

from sori.api.auth import actor, reads, writes
from sori.api.lookups import found, maybe, referenced
from sori.api.paging import IDEMPOTENCY_HEADER, Id, Page, PageQuery, idempotency_key, ordered, page_of
from sori.core.roles import can
from sori.engagement.models import Engagement, Series
from sori.engagement.services.meetings import engagement_create
from sori.feedback.models import FeedbackItem
from sori.policy.approval_services import answer_submit, needs_approval
from sori.policy.models import Disposition, Instrument, ReasonCode
from sori.policy.selectors import may_decide
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation
from sori.voices.models import Demand, Moderation, Proposal, Source, Stage, Theme
from sori.voices.outcomes import Outcome
from sori.voices.selectors import may_view_demand, staff_demands, staff_proposals
from sori.voices.services.demands import demand_add_proposals, demand_assign, demand_create, demand_publish
from sori.voices.services.proposals import proposal_record

router = Router(tags=["voices"])
Key = Header(None, alias=IDEMPOTENCY_HEADER, description="같은 키로 다시 보내면 처음 만든 것을 돌려줍니다.")


# ----------------------------------------------------------------------------------------------------
# Meetings


class MeetingOut(Schema):
    id: int
    series_id: Id
    series: str = Field(alias="series.title")
    round: int
    title: str
    theme: str
    starts_at: dt.datetime
    place: str
    attendee_count: int | None


class MeetingIn(Schema):
    series_id: Id
    round: int = Field(ge=1, le=10_000)
    title: str = Field(min_length=1, max_length=200)
    starts_at: dt.datetime
    theme: str = Field("", max_length=200)
    place: str = Field("", max_length=200)
    attendee_count: int | None = Field(None, ge=0, le=100_000)


@router.get(
    "/meetings", response=Page[MeetingOut], operation_id="meetings_list", **reads("engagement.manage")
)
def meetings_list(
    request: HttpRequest,
    page: Query[PageQuery],
    series_id: Id | None = None,
    sort: Literal["starts_at", "-starts_at", "id", "-id"] = "-starts_at",
) -> dict:
    qs = Engagement.objects.select_related("series")
    if series_id is not None:
        qs = qs.filter(series_id=series_id)
    return page_of(ordered(qs, sort), page)


@router.get(
    "/meetings/{meeting_id}", response=MeetingOut, operation_id="meetings_get", **reads("engagement.manage")
)
def meetings_get(request: HttpRequest, meeting_id: Id) -> Engagement:
    return found(Engagement.objects.select_related("series"), meeting_id)


@router.post(
    "/meetings", response={201: MeetingOut}, operation_id="meetings_create", **writes("engagement.manage")
)
def meetings_create(request: HttpRequest, payload: MeetingIn, key: str | None = Key) -> Status[Engagement]:
    series = referenced(Series, payload.series_id, "series_id")
    meeting = engagement_create(
        series=series,
        actor=actor(request),
        submission_key=idempotency_key(actor(request), key),
        **payload.dict(exclude={"series_id"}),
    )
    return Status(201, meeting)


# ----------------------------------------------------------------------------------------------------
# Proposals


class ProposalOut(Schema):
    id: int
    text: str
    organisation_id: Id | None
    meeting_id: Id | None = Field(alias="engagement_id")
    demand_id: Id | None
    source: Source
    moderation: Moderation
    received_at: dt.datetime


class ProposalIn(Schema):
    text: str = Field(min_length=1, max_length=20_000, description="제안 원문 그대로")
    organisation_id: Id | None = None
    meeting_id: Id | None = None
    received_at: dt.datetime | None = None


@router.get(
    "/proposals", response=Page[ProposalOut], operation_id="proposals_list", **reads("demand.organise")
)
def proposals_list(
    request: HttpRequest,
    page: Query[PageQuery],
    meeting_id: Id | None = None,
    organisation_id: Id | None = None,
    grouped: bool | None = None,
    moderation: Moderation | None = None,
    sort: Literal["received_at", "-received_at", "id", "-id"] = "-received_at",
) -> dict:
    qs = staff_proposals(grouped=grouped, moderation=moderation or "")
    if meeting_id is not None:
        qs = qs.filter(engagement_id=meeting_id)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return page_of(ordered(qs, sort), page)


@router.get(
    "/proposals/{proposal_id}", response=ProposalOut, operation_id="proposals_get", **reads("demand.organise")
)
def proposals_get(request: HttpRequest, proposal_id: Id) -> Proposal:
    return found(Proposal, proposal_id)


@router.post(
    "/proposals", response={201: ProposalOut}, operation_id="proposals_create", **writes("proposal.record")
)
def proposals_create(request: HttpRequest, payload: ProposalIn, key: str | None = Key) -> Status[Proposal]:
    """Record a proposal in its exact words, as staff do from a meeting or a letter."""
    organisation = maybe(Organisation, payload.organisation_id, "organisation_id")
    meeting = maybe(Engagement, payload.meeting_id, "meeting_id")
    proposal = proposal_record(
        text=payload.text,
        actor=actor(request),
        organisation=organisation,
        engagement=meeting,
        source=Source.MEETING if meeting else Source.DOCUMENT,
        received_at=payload.received_at,
        submission_key=idempotency_key(actor(request), key),
    )
    return Status(201, proposal)


# ----------------------------------------------------------------------------------------------------
# Demands


class DemandOut(Schema):
    id: int
    title: str
    theme: str | None = Field(None, alias="theme.name")
    stage: Stage
    outcome: Outcome | Literal[""]
    department_id: Id | None
    department: str | None = Field(None, alias="department.name")
    answer_due: dt.date | None
    published: bool
    created_at: dt.datetime


class DemandIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    proposal_ids: list[Id] = Field(min_length=1, max_length=1000)
    theme_id: Id | None = None


class ProposalIds(Schema):
    proposal_ids: list[Id] = Field(min_length=1, max_length=1000)


class AssignmentIn(Schema):
    department_id: Id
    answer_due: dt.date | None = Field(None, description="비우면 시리즈의 답변 기한(근무일)으로 정합니다.")


class PublicationIn(Schema):
    published: bool


class AnswerIn(Schema):
    outcome: Outcome
    reason_code: ReasonCode | Literal[""] = ""
    reason: str = Field("", max_length=20_000)
    limits: str = Field("", max_length=20_000)
    referred_to: str = Field("", max_length=200)
    instrument: Instrument | Literal[""] = ""
    due_date: dt.date | None = None


class AnswerOut(Schema):
    status: Literal["answered", "submitted_for_approval"] = Field(
        description="answered: 수요의 답변이 되었습니다. submitted_for_approval: 결재를 기다립니다."
    )
    disposition_id: Id | None
    outcome: Outcome
    reason: str
    limits: str


class FeedbackRow(Schema):
    proposal_id: Id
    organisation_id: Id | None
    status: Literal[
        "awaiting_answer", "owed", "no_recipient", "queued", "sent", "retrying", "failed", "recorded"
    ] = Field(
        description="awaiting_answer: 아직 답변 전. owed: 회신할 차례. "
        "no_recipient: 회신받을 사람이 없는 제안. 그 밖에는 보낸 회신의 발송 상태."
    )


class FeedbackStatusOut(Schema):
    demand_id: Id
    disposition_id: Id | None
    decided_at: dt.datetime | None
    proposals: list[FeedbackRow]


def _visible_demand(request: HttpRequest, demand_id: Id) -> Demand:
    demand = found(Demand.objects.select_related("theme", "department"), demand_id)
    if not may_view_demand(request.user, demand):
        raise PermissionDenied(_("다른 부서에 배정된 수요입니다."))
    return demand


@router.get("/demands", response=Page[DemandOut], operation_id="demands_list", **reads("staff.area"))
def demands_list(
    request: HttpRequest,
    page: Query[PageQuery],
    stage: Stage | None = None,
    outcome: Outcome | None = None,
    department_id: Id | None = None,
    published: bool | None = None,
    overdue: bool = False,
    sort: Literal["created_at", "-created_at", "answer_due", "-answer_due", "id", "-id"] = "-created_at",
) -> dict:
    """Staff see every demand; a department officer those assigned to their department."""
    qs = staff_demands(
        stage=stage or "", outcome=outcome or "", published=published, overdue=overdue, counts=False
    )
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if not can(request.user, "demand.view_all"):
        qs = qs.filter(department_id=getattr(request.user.profile, "organisation_id", None))  # type: ignore[union-attr]
    return page_of(ordered(qs, sort), page)


@router.get("/demands/{demand_id}", response=DemandOut, operation_id="demands_get", **reads("staff.area"))
def demands_get(request: HttpRequest, demand_id: Id) -> Demand:
    return _visible_demand(request, demand_id)


@router.post(
    "/demands", response={201: DemandOut}, operation_id="demands_create", **writes("demand.organise")
)
def demands_create(request: HttpRequest, payload: DemandIn, key: str | None = Key) -> Status[Demand]:
    """Group proposals into a new demand; they leave any demand they were in."""
    theme = maybe(Theme, payload.theme_id, "theme_id")
    demand = demand_create(
        title=payload.title,
        proposal_ids=payload.proposal_ids,
        actor=actor(request),
        theme=theme,
        submission_key=idempotency_key(actor(request), key),
    )
    return Status(201, demand)


@router.post(
    "/demands/{demand_id}/proposals",
    response=DemandOut,
    operation_id="demands_add_proposals",
    **writes("demand.organise"),
)
def demands_add_proposals(request: HttpRequest, demand_id: Id, payload: ProposalIds) -> Demand:
    demand = found(Demand, demand_id)
    return demand_add_proposals(demand=demand, proposal_ids=payload.proposal_ids, actor=actor(request))


@router.post(
    "/demands/{demand_id}/assignment",
    response=DemandOut,
    operation_id="demands_assign",
    **writes("demand.assign"),
)
def demands_assign(request: HttpRequest, demand_id: Id, payload: AssignmentIn) -> Demand:
    """Send a demand to the department in charge with a first-answer deadline."""
    demand = found(Demand, demand_id)
    department = referenced(Organisation, payload.department_id, "department_id")
    return demand_assign(
        demand=demand,
        department=department,
        actor=actor(request),
        answer_due=payload.answer_due,
    )


@router.post(
    "/demands/{demand_id}/publication",
    response=DemandOut,
    operation_id="demands_publish",
    **writes("demand.organise"),
)
def demands_publish(request: HttpRequest, demand_id: Id, payload: PublicationIn) -> Demand:
    demand = found(Demand, demand_id)
    return demand_publish(demand=demand, published=payload.published, actor=actor(request))


@router.post(
    "/demands/{demand_id}/answer",
    response={201: AnswerOut, 202: AnswerOut},
    operation_id="demands_answer",
    **writes("disposition.decide"),
)
def demands_answer(
    request: HttpRequest, demand_id: Id, payload: AnswerIn, key: str | None = Key
) -> Status[dict]:
    """Answer a demand (처리결과); where the department's answers need approval, it waits for it (202)."""
    demand = found(Demand.objects.select_related("department"), demand_id)
    if not may_decide(request.user, demand):
        raise PermissionDenied(_("다른 부서에 배정된 수요에는 답변할 수 없습니다."))
    answer = payload.dict()
    if needs_approval(request.user, demand):
        draft = answer_submit(demand=demand, actor=actor(request), department=demand.department, **answer)
        return Status(
            202, {"status": "submitted_for_approval", "disposition_id": None, **_answer_text(draft)}
        )
    disposition = disposition_decide(
        demand=demand,
        actor=actor(request),
        department=demand.department,
        submission_key=idempotency_key(actor(request), key) or "",
        **answer,
    )
    return Status(201, {"status": "answered", "disposition_id": disposition.id, **_answer_text(disposition)})


def _answer_text(answer: Disposition | object) -> dict:
    return {name: getattr(answer, name) for name in ("outcome", "reason", "limits")}


@router.get(
    "/demands/{demand_id}/feedback",
    response=FeedbackStatusOut,
    operation_id="demands_feedback",
    **reads("staff.area"),
)
def demands_feedback(request: HttpRequest, demand_id: Id) -> dict:
    """Whether each proposer has been told the current answer: owed, or the state of the message sent."""
    demand = _visible_demand(request, demand_id)
    current = demand.dispositions.order_by("-decided_at", "-id").first()
    proposals = list(
        demand.proposals.filter(moderation=Moderation.ACCEPTED)
        .select_related("person")
        .order_by("received_at", "id")
    )
    sent: dict[int, str] = {}
    if current is not None:
        sent = dict(
            FeedbackItem.objects.filter(disposition=current, proposal__in=proposals).values_list(
                "proposal_id", "feedback__status"
            )
        )
    rows = []
    for p in proposals:
        organisation_id = p.organisation_id or (p.person.organisation_id if p.person else None)
        if not (organisation_id or p.person_id):
            status = "no_recipient"
        elif current is None:
            status = "awaiting_answer"
        else:
            status = sent.get(p.id, "owed")
        rows.append({"proposal_id": p.id, "organisation_id": organisation_id, "status": status})
    return {
        "demand_id": demand.id,
        "disposition_id": current.id if current else None,
        "decided_at": current.decided_at if current else None,
        "proposals": rows,
    }
