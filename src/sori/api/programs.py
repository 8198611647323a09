"""Programs over the API: calls, applications, reviews, awards, usage files and renewals."""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Header, Query, Router, Schema, Status, UploadedFile

from sori.api.auth import actor, reads, writes
from sori.api.lookups import found, referenced
from sori.api.paging import IDEMPOTENCY_HEADER, Id, Page, PageQuery, idempotency_key, ordered, page_of
from sori.core.roles import can
from sori.programs import services
from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    AwardStatus,
    Call,
    Program,
    RequestType,
    Review,
    UsageFormat,
)
from sori.programs.selectors import company_of
from sori.programs.views.common import check_owner
from sori.registry.models import Organisation

M = TypeVar("M", bound=Model)
router = Router(tags=["programs"])
Key = Header(None, alias=IDEMPOTENCY_HEADER, description="같은 키로 다시 보내면 처음 만든 것을 돌려줍니다.")
BOTH = ("program.manage", "program.apply")


class CallOut(Schema):
    id: int
    program_id: Id
    program: str = Field(alias="program.name")
    title: str
    opens_on: dt.date
    closes_on: dt.date
    eligibility: str
    first_month: dt.date
    months: int
    term_months: int
    max_renewals: int


class ApplicationOut(Schema):
    id: int
    call_id: Id
    organisation_id: Id
    request_type: RequestType
    award_id: Id | None
    title: str
    resource: str
    amount: int
    min_amount: int | None
    start_month: dt.date
    months: int
    status: ApplicationStatus
    score: float | None
    awarded_amount: int | None
    created_at: dt.datetime


class ApplicationIn(Schema):
    call_id: Id
    organisation_id: Id | None = Field(
        None, description="직원이 기업을 대신해 낼 때만; 기업 사용자는 자기 기관"
    )
    title: str = Field(min_length=1, max_length=200)
    resource: str = Field(min_length=1, max_length=40)
    amount: int = Field(ge=1, le=1_000_000)
    min_amount: int | None = Field(None, ge=1, le=1_000_000)
    start_month: dt.date
    months: int = Field(ge=1, le=120)
    summary: str = Field(min_length=1, max_length=20_000)
    expected_outcomes: str = Field("", max_length=20_000)


class ReviewOut(Schema):
    id: int
    application_id: Id
    conflict: bool
    total: float | None
    submitted_at: dt.datetime | None
    criteria: dict[int, str] = Field(description="평가 항목 번호 → 이름")

    @staticmethod
    def resolve_criteria(obj: Review) -> dict[int, str]:
        return {c.id: c.name for c in obj.application.call.criteria.all()}


class ReviewIn(Schema):
    scores: dict[Id, int] = Field(description="평가 항목 번호 → 점수(0–100)")
    comment: str = Field("", max_length=20_000)


class AwardOut(Schema):
    id: int
    call_id: Id
    organisation_id: Id
    resource: str
    amount: int
    start_month: dt.date
    months: int
    status: AwardStatus
    renewals_used: int
    slurm_account: str | None


class FollowUpIn(Schema):
    request_type: Literal["renewal", "extension", "supplement"]
    months: int | None = Field(None, ge=1, le=120)
    amount: int | None = Field(None, ge=1, le=1_000_000)
    summary: str = Field(min_length=1, max_length=20_000)


class UsageOut(Schema):
    id: int
    filename: str
    added: int
    updated: int
    unchanged: int
    flagged: int
    gpu_hours: float


def _own(request: HttpRequest, qs: QuerySet[M]) -> QuerySet[M]:
    """Staff see every row; a company user its own organisation's."""
    if can(request.user, "program.manage"):
        return qs
    return qs.filter(organisation_id=company_of(request.user))


@router.get("/calls", response=Page[CallOut], operation_id="calls_list", **reads(*BOTH))
def calls_list(
    request: HttpRequest,
    page: Query[PageQuery],
    program_id: Id | None = None,
    sort: Literal["closes_on", "-closes_on", "opens_on", "-opens_on", "id", "-id"] = "-opens_on",
) -> dict:
    qs = Call.objects.select_related("program")
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    return page_of(ordered(qs, sort), page)


@router.get("/calls/{call_id}", response=CallOut, operation_id="calls_get", **reads(*BOTH))
def calls_get(request: HttpRequest, call_id: Id) -> Call:
    return found(Call.objects.select_related("program"), call_id)


@router.get("/applications", response=Page[ApplicationOut], operation_id="applications_list", **reads(*BOTH))
def applications_list(
    request: HttpRequest,
    page: Query[PageQuery],
    call_id: Id | None = None,
    status: ApplicationStatus | None = None,
    sort: Literal["created_at", "-created_at", "score", "-score", "id", "-id"] = "-created_at",
) -> dict:
    qs = _own(request, Application.objects.all())
    if call_id is not None:
        qs = qs.filter(call_id=call_id)
    if status:
        qs = qs.filter(status=status)
    return page_of(ordered(qs, sort), page)


@router.get(
    "/applications/{application_id}", response=ApplicationOut, operation_id="applications_get", **reads(*BOTH)
)
def applications_get(request: HttpRequest, application_id: Id) -> Application:
    application = found(Application, application_id)
    check_owner(request, application.organisation_id)
    return application


@router.post(
    "/applications", response={201: ApplicationOut}, operation_id="applications_create", **writes(*BOTH)
)
def applications_create(request: HttpRequest, payload: ApplicationIn, key: str | None = Key) -> Status:
    """Apply to a call until its close date: a company for itself, staff on a company's behalf."""
    call = referenced(Call, payload.call_id, "call_id")
    if can(request.user, "program.manage"):
        if payload.organisation_id is None:
            raise ValidationError({"organisation_id": [_("대신 신청할 기업의 번호를 적어 주세요.")]})
        organisation = referenced(Organisation, payload.organisation_id, "organisation_id")
    else:
        organisation = found(Organisation, company_of(request.user))
    application = services.application_submit(
        call=call,
        organisation=organisation,
        actor=actor(request),
        submission_key=idempotency_key(actor(request), key),
        **payload.dict(exclude={"call_id", "organisation_id"}),
    )
    return Status(201, application)


@router.get("/reviews", response=Page[ReviewOut], operation_id="reviews_list", **reads("program.review"))
def reviews_list(request: HttpRequest, page: Query[PageQuery], pending: bool | None = None) -> dict:
    """The reviews assigned to the token's user."""
    qs = Review.objects.filter(reviewer=actor(request)).prefetch_related("application__call__criteria")
    if pending is not None:
        qs = (
            qs.filter(submitted_at__isnull=pending, conflict=False)
            if pending
            else qs.exclude(submitted_at=None)
        )
    return page_of(ordered(qs, "-id"), page)


@router.post(
    "/reviews/{review_id}", response=ReviewOut, operation_id="reviews_submit", **writes("program.review")
)
def reviews_submit(request: HttpRequest, review_id: Id, payload: ReviewIn) -> Review:
    """Score every criterion (0–100) of a review assigned to the token's user."""
    review = found(Review.objects.select_related("application__call"), review_id)
    if review.reviewer_id != request.user.id:
        raise PermissionDenied(_("본인에게 배정된 평가만 제출할 수 있습니다."))
    return services.review_submit(
        review=review, scores=payload.scores, comment=payload.comment, actor=actor(request)
    )


@router.get("/awards", response=Page[AwardOut], operation_id="awards_list", **reads(*BOTH))
def awards_list(
    request: HttpRequest,
    page: Query[PageQuery],
    call_id: Id | None = None,
    status: AwardStatus | None = None,
    sort: Literal["start_month", "-start_month", "id", "-id"] = "-start_month",
) -> dict:
    qs = _own(request, Award.objects.all())
    if call_id is not None:
        qs = qs.filter(call_id=call_id)
    if status:
        qs = qs.filter(status=status)
    return page_of(ordered(qs, sort), page)


@router.post(
    "/awards/{award_id}/follow-ups",
    response={201: ApplicationOut},
    operation_id="awards_follow_up",
    **writes(*BOTH),
)
def awards_follow_up(
    request: HttpRequest, award_id: Id, payload: FollowUpIn, key: str | None = Key
) -> Status:
    """Ask for a renewal, an extension or a supplement of an award (short track, no re-selection)."""
    award = found(Award.objects.select_related("call"), award_id)
    check_owner(request, award.organisation_id)
    application = services.follow_up_submit(
        award=award,
        actor=actor(request),
        submission_key=idempotency_key(actor(request), key),
        **payload.dict(),
    )
    return Status(201, application)


@router.post(
    "/programs/{program_id}/usage",
    response={201: UsageOut},
    operation_id="usage_upload",
    **writes("program.manage"),
)
def usage_upload(
    request: HttpRequest,
    program_id: Id,
    file: File[UploadedFile],
    format: Form[UsageFormat] = UsageFormat.SACCT,
) -> Status:
    """Apply a ``sacct --parsable2`` or CSV usage file: every line or none, with a line-by-line report."""
    program = found(Program, program_id)
    limit = settings.SORI_ATTACHMENT_MAX_MB * 1024 * 1024
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("파일이 너무 큽니다. 한 번에 %(mb)sMB까지 올릴 수 있습니다.")
            % {"mb": settings.SORI_ATTACHMENT_MAX_MB}
        )
    try:
        batch = services.usage_import(
            program=program,
            filename=file.name or "usage",
            data=file.read(),
            format=format,
            actor=actor(request),
        )
    except services.UsageRejected as rejected:
        raise ValidationError(
            {f"line {line.line}": [line.reason] for line in rejected.lines[:200]}
        ) from rejected
    return Status(201, batch)
