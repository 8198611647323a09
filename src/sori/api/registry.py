"""The registry over the API: organisations, MOUs and the commitments made in them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status

from sori.api.auth import actor, reads, writes
from sori.api.lookups import found, maybe
from sori.api.paging import IDEMPOTENCY_HEADER, Id, Page, PageQuery, idempotency_key, ordered, page_of
from sori.registry.models import (
    CommitmentKind,
    CommitmentStatus,
    Mou,
    MouStage,
    Organisation,
    OrganisationKind,
    Origin,
)
from sori.registry.selectors import mou_list, organisation_list
from sori.registry.services.mous import commitment_add, mou_create
from sori.registry.services.organisations import organisation_create

router = Router(tags=["registry"])
Key = Header(None, alias=IDEMPOTENCY_HEADER, description="같은 키로 다시 보내면 처음 만든 것을 돌려줍니다.")


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind | Literal[""]
    sector: str
    strategic_field: str
    origin: Origin | Literal[""]
    location: str
    website: str
    founded_year: int | None
    relocated_on: dt.date | None
    created_at: dt.datetime


class OrganisationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: OrganisationKind | Literal[""] = ""
    sector: str = Field("", max_length=200)
    origin: Origin | Literal[""] = ""
    location: str = Field("", max_length=200)
    website: str = Field(
        "", max_length=200, pattern=r"^(https?://\S+)?$", description="http:// 또는 https:// 주소"
    )


class CommitmentOut(Schema):
    id: int
    organisation_id: Id | None
    kind: CommitmentKind
    description: str
    target_date: dt.date | None
    target_number: int | None
    realised_number: int | None
    status: CommitmentStatus
    realised_on: dt.date | None


class CommitmentIn(Schema):
    organisation_id: Id | None = None
    kind: CommitmentKind
    description: str = Field("", max_length=300)
    target_date: dt.date | None = None
    target_number: int | None = Field(None, ge=0, le=10**15)


class MouOut(Schema):
    id: int
    title: str
    signed_on: dt.date
    event: str
    summary: str
    stage: MouStage
    party_ids: list[Id]
    commitments: list[CommitmentOut]

    @staticmethod
    def resolve_party_ids(obj: Mou) -> list[int]:
        return [p.id for p in obj.parties.all()]

    @staticmethod
    def resolve_commitments(obj: Mou) -> list:
        return list(obj.commitments.all())


class MouIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    signed_on: dt.date
    party_ids: list[Id] = Field(min_length=1, max_length=50)
    event: str = Field("", max_length=200)
    summary: str = Field("", max_length=5000)


@router.get(
    "/organisations",
    response=Page[OrganisationOut],
    operation_id="organisations_list",
    **reads("registry.manage"),
)
def organisations_list(
    request: HttpRequest,
    page: Query[PageQuery],
    kind: OrganisationKind | None = None,
    origin: Origin | None = None,
    q: str = Query("", max_length=100),
    sort: Literal["name", "-name", "created_at", "-created_at", "id", "-id"] = "name",
) -> dict:
    qs = organisation_list(kind=kind or "", origin=origin or "")
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    return page_of(ordered(qs, sort), page)


@router.get(
    "/organisations/{organisation_id}",
    response=OrganisationOut,
    operation_id="organisations_get",
    **reads("registry.manage"),
)
def organisations_get(request: HttpRequest, organisation_id: Id) -> Organisation:
    return found(Organisation, organisation_id)


@router.post(
    "/organisations",
    response={201: OrganisationOut},
    operation_id="organisations_create",
    **writes("registry.manage"),
)
def organisations_create(
    request: HttpRequest, payload: OrganisationIn, key: str | None = Key
) -> Status[Organisation]:
    fields = payload.dict(exclude={"name"})
    organisation = organisation_create(
        name=payload.name,
        actor=actor(request),
        submission_key=idempotency_key(actor(request), key),
        **fields,
    )
    return Status(201, organisation)


@router.get("/mous", response=Page[MouOut], operation_id="mous_list", **reads("registry.manage"))
def mous_list(
    request: HttpRequest,
    page: Query[PageQuery],
    stage: MouStage | None = None,
    organisation_id: Id | None = None,
    sort: Literal["signed_on", "-signed_on", "id", "-id"] = "-signed_on",
) -> dict:
    qs = mou_list(stage=stage or "")
    if organisation_id is not None:
        qs = qs.filter(parties__id=organisation_id)
    return page_of(ordered(qs, sort), page)


@router.get("/mous/{mou_id}", response=MouOut, operation_id="mous_get", **reads("registry.manage"))
def mous_get(request: HttpRequest, mou_id: Id) -> Mou:
    return found(mou_list(), mou_id)


@router.post("/mous", response={201: MouOut}, operation_id="mous_create", **writes("registry.manage"))
def mous_create(request: HttpRequest, payload: MouIn, key: str | None = Key) -> Status[Mou]:
    parties = list(Organisation.objects.filter(id__in=payload.party_ids))
    if len(parties) != len(set(payload.party_ids)):
        missing = sorted(set(payload.party_ids) - {p.id for p in parties})
        raise ValidationError({"party_ids": [_("등록되지 않은 기관 번호입니다: %(ids)s") % {"ids": missing}]})
    mou = mou_create(
        title=payload.title,
        signed_on=payload.signed_on,
        parties=parties,
        event=payload.event,
        summary=payload.summary,
        actor=actor(request),
        submission_key=idempotency_key(actor(request), key),
    )
    return Status(201, found(mou_list(), mou.id))


@router.post(
    "/mous/{mou_id}/commitments",
    response={201: CommitmentOut},
    operation_id="mous_add_commitment",
    **writes("registry.manage"),
)
def mous_add_commitment(
    request: HttpRequest, mou_id: Id, payload: CommitmentIn, key: str | None = Key
) -> Status:
    mou = found(Mou, mou_id)
    organisation = maybe(Organisation, payload.organisation_id, "organisation_id")
    item = commitment_add(
        mou=mou,
        actor=actor(request),
        submission_key=idempotency_key(actor(request), key),
        organisation=organisation,
        **payload.dict(exclude={"organisation_id"}),
    )
    return Status(201, item)
