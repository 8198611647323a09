"""Importing proposals from CSV/XLSX: upload, check every row against a mapping, save all or nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.forms import reader_error_text
from sori.documents.tabular import Table, TabularError, parse_when, read_table
from sori.engagement.models import Engagement, ImportBatch, ImportStatus
from sori.registry.models import Organisation, Person, organisation_key
from sori.registry.services import organisation_find, organisation_get_or_create, person_create
from sori.voices.intake.import_fields import (
    FIELD_KEYS,
    FIELDS,
    SOURCE_WORDS,
    ImportField,
    fields_for,
    guess_mapping,
    norm,
)
from sori.voices.models import Source, Theme
from sori.voices.services import proposal_record, suggestions_batched

MAX_REPORTED_ERRORS = 200
__all__ = [
    "FIELDS",
    "ImportField",
    "fields_for",
    "guess_mapping",
    "import_batch_create",
    "import_plan",
    "proposals_import",
]


@dataclass(frozen=True)
class PlannedRow:
    """One checked row, ready to be saved."""

    number: int
    text: str
    organisation: str
    person: str
    role: str
    email: str
    received_at: dt.datetime | None
    themes: tuple[Theme, ...]
    source: str
    engagement: Engagement | None


@dataclass
class ImportPlan:
    """What an import would do: its rows, or the row-by-row errors that stop it."""

    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    new_organisations: list[str] = field(default_factory=list)
    new_people: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def table_of(batch: ImportBatch) -> Table:
    """Return the table stored in a batch (it was readable when it was uploaded)."""
    return read_table(bytes(batch.data), batch.filename)


@transaction.atomic
def import_batch_create(
    *, filename: str, data: bytes, actor: User, engagement: Engagement | None = None
) -> ImportBatch:
    """Keep an uploaded file for the mapping step; refuse one that cannot be read, saying what to do."""
    try:
        table = read_table(data, filename)
    except TabularError as exc:
        raise ValidationError(reader_error_text(exc) + " " + _("아무 것도 저장되지 않았습니다.")) from exc
    batch = ImportBatch.objects.create(
        filename=filename[:255],
        data=data,
        engagement=engagement,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        row_count=len(table.rows),
    )
    audit.record(
        actor=actor,
        action="import.upload",
        target=batch,
        scope=engagement or batch,
        summary=batch.filename,
        after={"rows": batch.row_count, "engagement": engagement},
    )
    return batch


def _check_mapping(mapping: Mapping[str, int | None], width: int) -> dict[str, int]:
    chosen = {k: v for k, v in mapping.items() if k in FIELD_KEYS and v is not None}
    if "text" not in chosen:
        raise ValidationError(_("'내용' 항목에 쓸 열을 골라 주세요. 제안 내용이 없으면 가져올 수 없습니다."))
    if any(not 0 <= v < width for v in chosen.values()):
        raise ValidationError(_("파일에 없는 열을 골랐습니다. 열을 다시 골라 주세요."))
    if len(set(chosen.values())) != len(chosen):
        raise ValidationError(_("한 열을 두 항목에 쓸 수 없습니다. 항목마다 다른 열을 골라 주세요."))
    return chosen


class _Checker:
    """Check the rows of one table against one mapping, with look-ups cached across rows."""

    def __init__(self, batch: ImportBatch, table: Table, columns: dict[str, int]) -> None:
        self.batch, self.table, self.columns = batch, table, columns
        self.themes = list(Theme.objects.all())
        self.orgs: dict[str, Organisation | None] = {}
        self.meetings: dict[str, Engagement] = {}
        if "engagement" in columns:
            self.meetings = {norm(m.title): m for m in Engagement.objects.all()}

    def cell(self, cells: tuple[str, ...], key: str) -> str:
        return cells[self.columns[key]] if key in self.columns else ""

    def header(self, key: str) -> str:
        return self.table.header[self.columns[key]]

    def organisation(self, name: str) -> Organisation | None:
        key = organisation_key(name)
        if key not in self.orgs:
            self.orgs[key] = organisation_find(name=name)
        return self.orgs[key]

    def check(self, number: int, cells: tuple[str, ...]) -> tuple[PlannedRow | None, list[str]]:
        errors: list[str] = []

        def fail(message: str, **params: Any) -> None:
            errors.append(_("%(row)s행: %(message)s") % {"row": number, "message": message % params})

        text = self.cell(cells, "text")
        if not text:
            fail(_("'%(column)s' 열이 비어 있습니다."), column=self.header("text"))
        elif len(text) > settings.SORI_MAX_TEXT_LENGTH:
            fail(_("내용이 %(length)s자로 너무 깁니다."), length=f"{len(text):,}")
        org, person, role = (self.cell(cells, k) for k in ("organisation", "person", "role"))
        for value, label, limit in (
            (org, _("기관명"), 200),
            (person, _("제안자"), 100),
            (role, _("직위"), 100),
        ):
            if len(value) > limit:
                fail(_("%(label)s이(가) %(limit)s자를 넘습니다."), label=label, limit=limit)
        email = self.cell(cells, "email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                fail(
                    _("이메일 '%(value)s'의 형식이 올바르지 않습니다. name@example.kr처럼 적어 주세요."),
                    value=email,
                )
        meeting = self.batch.engagement
        if self.cell(cells, "engagement"):
            meeting = self.meetings.get(norm(self.cell(cells, "engagement")))
            if meeting is None:
                fail(
                    _(
                        "간담회 '%(value)s'을(를) 찾을 수 없습니다. "
                        "소리에 등록된 간담회 제목을 그대로 적어 주세요."
                    ),
                    value=self.cell(cells, "engagement"),
                )
        received = self._when(self.cell(cells, "received_at"), meeting, fail)
        themes = self._themes(self.cell(cells, "theme"), fail)
        source = self._source(self.cell(cells, "source"), meeting, fail)
        if errors:
            return None, errors
        return PlannedRow(number, text, org, person, role, email, received, themes, source, meeting), []

    def _when(self, value: str, meeting: Engagement | None, fail: Any) -> dt.datetime | None:
        if not value:
            return None
        try:
            when = parse_when(value)
        except ValueError:
            fail(
                _(
                    "접수일시 '%(value)s'을(를) 날짜로 읽을 수 없습니다. "
                    "2025-11-11 또는 2025. 11. 11. 형식으로 적어 주세요."
                ),
                value=value,
            )
            return None
        if isinstance(when, dt.datetime):
            return timezone.make_aware(when)
        if meeting is not None and timezone.localdate(meeting.starts_at) == when:
            return meeting.starts_at
        return timezone.make_aware(dt.datetime.combine(when, dt.time(0)))

    def _themes(self, value: str, fail: Any) -> tuple[Theme, ...]:
        found = []
        for word in filter(None, (w.strip() for w in re.split(r"[,;]", value))):
            theme = next((t for t in self.themes if norm(word) in (norm(t.code), norm(t.name))), None)
            if theme is None:
                known = ", ".join(t.name for t in self.themes) or _("(등록된 분야 없음)")
                fail(
                    _("분야 '%(value)s'을(를) 찾을 수 없습니다. 등록된 분야: %(known)s"),
                    value=word,
                    known=known,
                )
            else:
                found.append(theme)
        return tuple(found)

    def _source(self, value: str, meeting: Engagement | None, fail: Any) -> str:
        if not value:
            return Source.MEETING if meeting is not None else Source.DOCUMENT
        source = SOURCE_WORDS.get(value.strip().lower()) or SOURCE_WORDS.get(value.strip())
        if source is None:
            labels = ", ".join(str(s.label) for s in Source)
            fail(
                _("경로 '%(value)s'을(를) 알 수 없습니다. %(labels)s 중 하나로 적어 주세요."),
                value=value,
                labels=labels,
            )
            return Source.DOCUMENT
        return source


def import_plan(*, batch: ImportBatch, mapping: Mapping[str, int | None]) -> ImportPlan:
    """Check every row of a batch against ``mapping`` (field → column index); save nothing.

    The plan lists the row-by-row errors (the first ``MAX_REPORTED_ERRORS``, and their total) or, when there
    are none, the rows to save and the organisations that would be registered.
    """
    table = table_of(batch)
    checker = _Checker(batch, table, _check_mapping(mapping, len(table.header)))
    plan = ImportPlan()
    new_orgs: dict[str, str] = {}
    new_people: set[tuple[str, str]] = set()
    known_people = set(Person.objects.values_list("name", "organisation_id"))
    for row in table.rows:
        planned, errors = checker.check(row.number, row.cells)
        if errors:
            plan.error_count += len(errors)
            plan.errors.extend(errors[: max(0, MAX_REPORTED_ERRORS - len(plan.errors))])
            continue
        assert planned is not None
        plan.rows.append(planned)
        org = checker.organisation(planned.organisation) if planned.organisation else None
        if planned.organisation and org is None:
            new_orgs.setdefault(organisation_key(planned.organisation), planned.organisation)
        if planned.person and (planned.person, org.pk if org else None) not in known_people:
            new_people.add((planned.person, organisation_key(planned.organisation)))
    plan.new_organisations = sorted(new_orgs.values())
    plan.new_people = len(new_people)
    return plan


@transaction.atomic
def proposals_import(*, batch: ImportBatch, mapping: Mapping[str, int | None], actor: User) -> ImportBatch:
    """Save every row of a batch as a proposal in one transaction, or none of them.

    Raises ValidationError with one message per bad row ("5행: …") and saves nothing if any row is bad.
    A batch already applied is returned as it is: a second click imports nothing twice.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportStatus.APPLIED:
        return batch
    plan = import_plan(batch=batch, mapping=mapping)
    if not plan.ok:
        raise ValidationError(plan.errors)
    orgs: dict[str, Organisation] = {}
    people: dict[tuple[str, int | None], Person] = {}
    new_orgs = new_people = 0
    with suggestions_batched():
        for row in plan.rows:
            org = None
            if row.organisation:
                key = organisation_key(row.organisation)
                if key not in orgs:
                    orgs[key], created = organisation_get_or_create(name=row.organisation, actor=actor)
                    new_orgs += created
                org = orgs[key]
            person = None
            if row.person:
                pkey = (row.person, org.pk if org else None)
                if pkey not in people:
                    found = Person.objects.filter(name=row.person, organisation=org).order_by("id").first()
                    if found is None:
                        found = person_create(
                            name=row.person, actor=actor, organisation=org, role=row.role, email=row.email
                        )
                        new_people += 1
                    people[pkey] = found
                person = people[pkey]
            proposal_record(
                text=row.text,
                actor=actor,
                organisation=org,
                person=person,
                engagement=row.engagement,
                source=row.source,
                received_at=row.received_at or (row.engagement.starts_at if row.engagement else None),
                themes=row.themes,
            )
    batch.status = ImportStatus.APPLIED
    batch.mapping = {k: v for k, v in mapping.items() if v is not None}
    batch.applied_at = timezone.now()
    batch.created_proposals = len(plan.rows)
    batch.created_organisations = new_orgs
    batch.created_people = new_people
    batch.save()
    audit.record(
        actor=actor,
        action="import.apply",
        target=batch,
        scope=batch.engagement or batch,
        summary=batch.filename,
        before={"status": ImportStatus.UPLOADED},
        after={
            "status": batch.status,
            "proposals": len(plan.rows),
            "organisations": new_orgs,
            "people": new_people,
        },
    )
    return batch
