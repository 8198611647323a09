"""Importing organisations and MOUs from CSV/XLSX: upload, check every row, then save all or nothing.

Dedup against the registry: the same business registration number or the same name key ("(주)솔트룩스" =
"솔트룩스") is the same organisation; a close-but-different name ("인포웍스", "인포윅스") is flagged for staff
to confirm, and nothing is saved until every flag is decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.documents.tabular import Table, TabularError, column_letter, read_table
from sori.registry.import_fields import COLUMNS, Column
from sori.registry.matching import similar_names
from sori.registry.models import (
    CommitmentKind,
    CommitmentStatus,
    ImportKind,
    Mou,
    MouStage,
    Organisation,
    OrganisationKind,
    RegistryImport,
    organisation_key,
)
from sori.registry.services.mous import commitment_add, mou_create, mou_move
from sori.registry.services.organisations import organisation_create, organisation_update
from sori.registry.workflow import NEEDS_REASON

NEW = "new"


@dataclass
class RowResult:
    number: int
    name: str
    action: str = ""  # create, update, skip, error
    errors: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    ratio: float


@dataclass
class Flag:
    """A name in the file close to (but not the same as) a registered organisation: staff decide."""

    key: str
    name: str
    rows: list[int]
    candidates: list[Candidate]
    decision: str = ""


@dataclass
class ImportReport:
    rows: list[RowResult]
    flags: list[Flag]
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [
            _("%(row)s행: %(error)s") % {"row": r.number, "error": e} for r in self.rows for e in r.errors
        ]

    @property
    def undecided(self) -> list[Flag]:
        return [f for f in self.flags if not f.decision]

    @property
    def ready(self) -> bool:
        return not self.errors and not self.undecided

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def _table(batch: RegistryImport) -> Table:
    return read_table(bytes(batch.data), batch.filename)


@transaction.atomic
def import_upload(*, data: bytes, filename: str, kind: str, actor: User) -> RegistryImport:
    """Keep an uploaded file after checking it is a readable table; raise ValidationError if it is not."""
    try:
        read_table(data, filename)
    except TabularError as exc:
        raise ValidationError(_(exc.template) % exc.params if exc.params else _(exc.template)) from exc
    batch = RegistryImport.objects.create(
        kind=ImportKind(kind), filename=filename[:255], data=data, uploaded_by=actor if actor else None
    )
    audit.record(actor=actor, action="registry.import_upload", target=batch, summary=batch.filename)
    return batch


def import_preview(batch: RegistryImport) -> Table:
    """Return the uploaded table (for the mapping step)."""
    return _table(batch)


def _cells(
    table: Table, mapping: Mapping[str, int | None], columns: tuple[Column, ...], row: Any, result: RowResult
) -> None:
    for column in columns:
        index = mapping.get(column.key)
        cell = row.cells[index] if index is not None and index < len(row.cells) else ""
        if not cell:
            if column.required:
                result.errors.append(
                    _("'%(field)s' 열(%(col)s)이 비어 있습니다.")
                    % {"field": column.label, "col": column_letter(index) if index is not None else "-"}
                )
            continue
        try:
            result.values[column.key] = column.parse(cell)
        except ValueError as exc:
            result.errors.append(f"{column.label}({column_letter(index or 0)}열): {exc}")


class _Registry:
    """The organisations already registered, loaded once, and the names the file adds."""

    def __init__(self) -> None:
        orgs = list(Organisation.objects.only("id", "name", "name_key", "business_number"))
        self.by_key = {o.name_key: o for o in orgs}
        self.by_number = {o.business_number: o for o in orgs if o.business_number}
        self.names = [(o.id, o.name) for o in orgs]
        self.by_id = {o.id: o for o in orgs}

    def flag_for(self, name: str, flags: dict[str, Flag], row: int) -> None:
        key = organisation_key(name)
        if key in self.by_key:
            return
        if key in flags:
            flags[key].rows.append(row)
            return
        close = similar_names(name, self.names)
        if close:
            flags[key] = Flag(key, name, [row], [Candidate(s.id, s.name, s.ratio) for s in close[:3]])


def _decide(flags: dict[str, Flag], decisions: Mapping[str, str]) -> None:
    for key, flag in flags.items():
        choice = decisions.get(key, "")
        if choice == NEW or choice in {str(c.id) for c in flag.candidates}:
            flag.decision = choice


def _resolve(name: str, reg: _Registry, flags: Mapping[str, Flag]) -> Organisation | None:
    key = organisation_key(name)
    if key in reg.by_key:
        return reg.by_key[key]
    flag = flags.get(key)
    if flag and flag.decision and flag.decision != NEW:
        return reg.by_id[int(flag.decision)]
    return None


def import_check(
    *, batch: RegistryImport, mapping: Mapping[str, int | None], decisions: Mapping[str, str] | None = None
) -> ImportReport:
    """Return what saving would do, row by row, without saving anything."""
    try:
        table = _table(batch)
    except TabularError as exc:
        return ImportReport([], [], [_(exc.template) % exc.params if exc.params else _(exc.template)])
    columns = COLUMNS[ImportKind(batch.kind)]
    missing = [str(c.label) for c in columns if c.required and mapping.get(c.key) is None]
    if missing:
        return ImportReport(
            [],
            [],
            [
                _("'%(fields)s' 열을 지정해 주세요. 파일의 어느 열에 들어 있는지 골라야 가져올 수 있습니다.")
                % {"fields": "', '".join(missing)}
            ],
        )
    reg = _Registry()
    flags: dict[str, Flag] = {}
    results = []
    seen_keys: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    for row in table.rows:
        result = RowResult(row.number, "")
        _cells(table, mapping, columns, row, result)
        v = result.values
        if batch.kind == ImportKind.ORGANISATIONS:
            result.name = v.get("name", "")
            key = organisation_key(result.name)
            if key and key in seen_keys:
                result.errors.append(
                    _("%(other)s행과 같은 기관입니다. 한 행으로 합쳐 주세요.") % {"other": seen_keys[key]}
                )
            number = v.get("business_number")
            if number and number in seen_numbers:
                result.errors.append(
                    _("사업자등록번호가 %(other)s행과 같습니다. 한 행으로 합쳐 주세요.")
                    % {"other": seen_numbers[number]}
                )
            seen_keys.setdefault(key, row.number)
            if number:
                seen_numbers.setdefault(number, row.number)
            by_number = reg.by_number.get(number) if number else None
            by_key = reg.by_key.get(key)
            if by_number and by_key and by_number.id != by_key.id:
                result.errors.append(
                    _(
                        "사업자등록번호는 '%(a)s'의 것인데 이름은 '%(b)s'과(와) 같습니다. "
                        "어느 기관인지 확인해 주세요."
                    )
                    % {"a": by_number.name, "b": by_key.name}
                )
            elif by_number or by_key:
                result.action = "update"
                v["_existing"] = (by_number or by_key).id  # type: ignore[union-attr]
            elif result.name:
                reg.flag_for(result.name, flags, row.number)
        else:
            result.name = v.get("title", "")
            for party in v.get("parties", []):
                reg.flag_for(party, flags, row.number)
            stage = v.get("stage")
            if stage in NEEDS_REASON and not v.get("stage_reason"):
                result.errors.append(
                    _("'%(stage)s' 단계에는 사유 열이 필요합니다.") % {"stage": MouStage(stage).label}
                )
            if (
                v.get("title")
                and v.get("signed_on")
                and Mou.objects.filter(title=v["title"], signed_on=v["signed_on"]).exists()
            ):
                result.action = "skip"
        if result.errors:
            result.action = "error"
        elif not result.action:
            result.action = "create"
        results.append(result)
    _decide(flags, decisions or {})
    for r in results:
        if batch.kind == ImportKind.ORGANISATIONS and r.action == "create":
            flag = flags.get(organisation_key(r.name))
            if flag and flag.decision and flag.decision != NEW:
                r.action = "update"
                r.values["_existing"] = int(flag.decision)
    return ImportReport(results, list(flags.values()))


class ImportRejected(Exception):
    """The file has errors or undecided names; nothing was saved. ``report`` says which rows and why."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(" / ".join(report.errors[:5]))
        self.report = report


@transaction.atomic
def import_apply(
    *,
    batch: RegistryImport,
    mapping: Mapping[str, int | None],
    decisions: Mapping[str, str] | None,
    actor: User,
) -> ImportReport:
    """Save every row or none: raise ImportRejected if any row has an error or a similar name is undecided."""
    batch = RegistryImport.objects.select_for_update().get(pk=batch.pk)
    if batch.applied_at is not None:
        raise ImportRejected(
            ImportReport([], [], [_("이미 가져온 파일입니다. 같은 파일을 두 번 저장하지 않습니다.")])
        )
    report = import_check(batch=batch, mapping=mapping, decisions=decisions)
    if not report.ready:
        raise ImportRejected(report)
    flags = {f.key: f for f in report.flags}
    reg = _Registry()
    try:
        for r in report.rows:
            if batch.kind == ImportKind.ORGANISATIONS:
                _apply_organisation(r, actor)
            elif r.action == "create":
                _apply_mou(r, reg, flags, actor)
    except ValidationError as exc:
        # Raising out of the atomic block undoes every row saved before this one.
        report.file_errors.append(" ".join(exc.messages))
        raise ImportRejected(report) from exc
    batch.applied_at = timezone.now()
    batch.report = {
        "created": report.count("create"),
        "updated": report.count("update"),
        "skipped": report.count("skip"),
    }
    batch.save(update_fields=["applied_at", "report"])
    audit.record(
        actor=actor, action="registry.import_apply", target=batch, summary=batch.filename, after=batch.report
    )
    return report


def _profile(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if not k.startswith("_") and k != "name"}


def _apply_organisation(r: RowResult, actor: User) -> None:
    if r.action == "update":
        org = Organisation.objects.get(pk=r.values["_existing"])
        # Only the cells the file fills change; an empty cell never erases what staff entered.
        organisation_update(organisation=org, actor=actor, **_profile(r.values))
    elif r.action == "create":
        organisation_create(name=r.values["name"], actor=actor, **_profile(r.values))


def _apply_mou(r: RowResult, reg: _Registry, flags: Mapping[str, Flag], actor: User) -> None:
    v = r.values
    parties = []
    for name in v["parties"]:
        org = _resolve(name, reg, flags)
        if org is None:
            org = organisation_create(name=name, actor=actor, kind=OrganisationKind.COMPANY)
            reg.by_key[org.name_key] = org
        parties.append(org)
    mou = mou_create(
        title=v["title"], signed_on=v["signed_on"], parties=parties, actor=actor, event=v.get("event", "")
    )
    party = next(
        (p for p in parties if p.kind not in (OrganisationKind.DEPARTMENT, OrganisationKind.COMMITTEE)),
        parties[0],
    )
    if v.get("office_target") or v.get("office_opened_on"):
        opened = v.get("office_opened_on")
        commitment_add(
            mou=mou,
            actor=actor,
            kind=CommitmentKind.OFFICE,
            organisation=party,
            target_date=v.get("office_target") or opened,
            realised_on=opened,
            status=CommitmentStatus.FULFILLED if opened else CommitmentStatus.PENDING,
        )
    for kind, target, realised in (
        (CommitmentKind.JOBS, "jobs", "jobs_realised"),
        (CommitmentKind.INVESTMENT, "investment", "investment_realised"),
    ):
        if v.get(target) is not None:
            commitment_add(
                mou=mou,
                actor=actor,
                kind=kind,
                organisation=party,
                target_number=v[target],
                realised_number=v.get(realised),
                target_date=v.get("office_target"),
            )
    _advance(mou, v.get("stage") or MouStage.SIGNED, v.get("stage_reason", ""), actor)


def _advance(mou: Mou, stage: str, reason: str, actor: User) -> None:
    """Walk a new MOU along the pipeline to the stage the file gives, so every step is in its history."""
    order = [MouStage.OFFICE_OPENED, MouStage.OPERATING, MouStage.HQ_RELOCATED]
    if stage in NEEDS_REASON:
        mou_move(mou=mou, stage=stage, reason=reason, actor=actor)
        return
    for step in order[: order.index(MouStage(stage)) + 1] if stage in order else []:
        mou = mou_move(mou=mou, stage=step, actor=actor)
