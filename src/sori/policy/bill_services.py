"""The legislative path of an ordinance or a law revision (입법 추진): register a bill, move it on,
correct it, and link the demands it answers.

Each move is checked against ``sori.policy.workflow`` (the bill table and what each stage needs), records a
``BillStage`` with the comparison table of the bill's demands as it stands then, writes an audit record on the
bill and on every demand it answers (so each demand's history shows it) and fires ``events.BILL_ADVANCED``
in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.core import audit, hooks
from sori.core.formatting import kdate
from sori.core.submissions import submission_claim, submission_complete
from sori.policy import events
from sori.policy.amendment_services import needs_legal_text
from sori.policy.bill_selectors import table_snapshot
from sori.policy.models import (
    Bill,
    BillKind,
    BillStage,
    Instrument,
    LegislativeStage,
    PlenaryResult,
    current_disposition,
)
from sori.policy.workflow import BILL_STAGE_NEEDS, bill_is_open, check_bill
from sori.voices.models import Demand, Stage

__all__ = [
    "bill_advance",
    "bill_blocked",
    "bill_create",
    "bill_link_demand",
    "bill_unlink_demand",
    "bill_update",
    "default_kind",
]

_S = LegislativeStage
# The bill's field that keeps each dated stage's date.
STAGE_DATE_FIELDS: dict[LegislativeStage, str] = {
    _S.PLENARY: "plenary_date",
    _S.SENT: "sent_on",
    _S.REPLIED: "replied_on",
    _S.PROMULGATED: "promulgated_on",
    _S.IN_FORCE: "in_force_on",
}
# What the date each dated stage needs is called, in the message asking for it.
_DATE_LABELS: dict[LegislativeStage, Any] = {
    _S.PLENARY: gettext_lazy("본회의 의결일"),
    _S.SENT: gettext_lazy("송부일"),
    _S.REPLIED: gettext_lazy("회신일"),
    _S.PROMULGATED: gettext_lazy("공포일"),
    _S.IN_FORCE: gettext_lazy("시행일"),
}
# The bill's fields filled when a stage is recorded (besides its date), by the argument that carries them.
STAGE_FIELDS: dict[LegislativeStage, dict[str, str]] = {
    _S.INTRODUCED: {"bill_number": "bill_number", "sponsor": "sponsor"},
    _S.COMMITTEE: {"committee": "committee"},
    _S.PLENARY: {"plenary_result": "plenary_result"},
    _S.SENT: {"sent_to": "sent_to"},
    _S.REPLIED: {"reply": "reply"},
    _S.DISCARDED: {"reason": "end_reason"},
    _S.WITHDRAWN: {"reason": "end_reason"},
}
# Which stage each correctable field belongs to: it may be corrected once that stage is reached.
FIELD_STAGES: dict[str, frozenset[LegislativeStage]] = {
    "bill_number": frozenset({_S.INTRODUCED}),
    "sponsor": frozenset({_S.INTRODUCED}),
    "committee": frozenset({_S.COMMITTEE}),
    "plenary_result": frozenset({_S.PLENARY}),
    "plenary_date": frozenset({_S.PLENARY}),
    "sent_to": frozenset({_S.SENT}),
    "sent_on": frozenset({_S.SENT}),
    "reply": frozenset({_S.REPLIED}),
    "replied_on": frozenset({_S.REPLIED}),
    "promulgated_on": frozenset({_S.PROMULGATED}),
    "in_force_on": frozenset({_S.IN_FORCE}),
    "end_reason": frozenset({_S.DISCARDED, _S.WITHDRAWN}),
}


def _messages() -> dict[str, str]:
    """Return what to write for each missing value (built per call, in the active language)."""
    return {
        "bill_number": _("의안번호를 적어 주세요(예: 제2026-123호) — 발의를 기록하려면 필요합니다."),
        "sponsor": _("발의자를 적어 주세요(예: 김광주 의원 등 12인)."),
        "committee": _("소관 상임위원회를 적어 주세요(예: 산업건설위원회)."),
        "plenary_result": _("본회의 결과(가결·수정가결·부결)를 골라 주세요."),
        "sent_to": _("건의를 보낸 기관을 적어 주세요(예: 과학기술정보통신부)."),
        "reply": _("회신 내용을 적어 주세요 — 공개 현황에 그대로 보입니다."),
    }


def default_kind(demand: Demand) -> BillKind:
    """Return the kind of bill the demand's current answer calls for: an ordinance, else a law revision."""
    disposition = current_disposition(demand)
    if disposition is not None and disposition.instrument == Instrument.ORDINANCE:
        return BillKind.ORDINANCE
    if disposition is not None and disposition.instrument == Instrument.LAW_REVISION:
        return BillKind.LAW_REVISION
    return BillKind.LAW_REVISION if disposition is not None else BillKind.ORDINANCE


def bill_blocked(demand: Demand) -> str:
    """Return why no bill may answer this demand, or ``""`` when one may."""
    if demand.stage == Stage.MERGED:
        return _("병합된 수요에는 입법 추진을 등록할 수 없습니다. 병합된 수요에서 등록해 주세요.")
    if not needs_legal_text(demand):
        return _(
            "입법 추진은 처리결과의 수단이 '%(ordinance)s' 또는 '%(law)s'인 수요에만 등록할 수 있습니다. "
            "먼저 처리결과에 수단을 기록해 주세요."
        ) % {"ordinance": Instrument.ORDINANCE.label, "law": Instrument.LAW_REVISION.label}
    return ""


def _record(
    bill: Bill,
    *,
    actor: User,
    action: str,
    summary: str,
    demands: Iterable[Demand],
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write the record on the bill itself and on each demand it concerns, so every history shows it."""
    audit.record(actor=actor, action=action, target=bill, summary=summary, before=before, after=after)
    for demand in demands:
        audit.record(
            actor=actor, action=action, target=bill, scope=demand, summary=summary, before=before, after=after
        )


def _trail_key(name: str) -> str:
    """Return the name a field is recorded under (trails read ``title`` as a demand's)."""
    return "bill_title" if name == "title" else name


def _actor(actor: User) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def bill_create(
    *,
    demand: Demand,
    title: str,
    actor: User,
    kind: str = "",
    date: dt.date | None = None,
    note: str = "",
    submission_key: str = "",
) -> Bill:
    """Register a bill (초안) answering ``demand``, keeping the demand's drafted table as its first version.

    The demand's current answer must go through an ordinance or a law revision (``needs_legal_text``).
    ``kind`` defaults to what that answer calls for, ``date`` (of the draft) to today. A repeated
    ``submission_key`` returns the first bill.
    """
    action = f"bill.create:{demand.id}"
    if earlier := submission_claim(key=submission_key, action=action, model=Bill):
        return earlier[0]
    demand = Demand.objects.select_for_update().get(id=demand.id)
    errors: dict[str, str] = {}
    if blocked := bill_blocked(demand):
        errors["__all__"] = blocked
    title = title.strip()
    if not title:
        errors["title"] = _("안건명을 적어 주세요(예: 광주광역시 인공지능산업 육성 조례 일부개정조례안).")
    kind = kind or default_kind(demand)
    if kind not in BillKind.values:
        errors["kind"] = _("구분(조례 제·개정 또는 법 개정 건의)을 골라 주세요.")
    if errors:
        raise ValidationError(errors)
    bill = Bill.objects.create(kind=kind, title=title, created_by=_actor(actor))
    bill.demands.add(demand)
    BillStage.objects.create(
        bill=bill,
        stage=_S.DRAFT,
        date=date or timezone.localdate(),
        note=note.strip(),
        snapshot=table_snapshot(bill),
        recorded_by=_actor(actor),
    )
    submission_complete(key=submission_key, targets=[bill])
    _record(
        bill,
        actor=actor,
        action="bill.create",
        summary=f"{bill.get_kind_display()}: {title[:200]}",
        demands=[demand],
        after={"kind": kind, "bill_title": title, "stage": bill.stage},
    )
    return bill


def _stage_errors(new: LegislativeStage, values: dict[str, Any], date: dt.date | None) -> dict[str, str]:
    """Return field → message for each thing ``new`` needs that is missing or wrong."""
    errors: dict[str, str] = {}
    texts = _messages()
    for name in BILL_STAGE_NEEDS[new]:
        if name == "date":
            if date is None:
                label = _DATE_LABELS[new]
                errors["date"] = _("%(label)s을 적어 주세요(예: 2026-03-31).") % {"label": label}
        elif name == "reason":
            if not values["reason"]:
                errors["reason"] = _(
                    "%(stage)s 사유를 적어 주세요 — 공개 현황과 제안자에게 그대로 보입니다."
                ) % {"stage": new.label}
        elif name == "plenary_result":
            if values["plenary_result"] not in PlenaryResult.values:
                errors["plenary_result"] = texts["plenary_result"]
        elif not values[name]:
            errors[name] = texts[name]
    return errors


@transaction.atomic
def bill_advance(
    *,
    bill: Bill,
    stage: str,
    actor: User,
    date: dt.date | None = None,
    note: str = "",
    bill_number: str = "",
    sponsor: str = "",
    committee: str = "",
    plenary_result: str = "",
    sent_to: str = "",
    reply: str = "",
    reason: str = "",
) -> BillStage:
    """Move the bill one stage on with what that stage needs (``workflow.BILL_STAGE_NEEDS``); return it.

    발의 needs the bill number and sponsor (the bill's own are kept when none is given),
    상임위원회 심사 the committee, 본회의 의결 the result and date (부결 ends the bill),
    건의 송부 the body and date, 회신 the reply and date, 공포 and 시행 their dates, 폐기 and 철회 a reason.
    Other stages are dated today unless ``date`` says otherwise; no stage may be dated before the one before
    it. The stage keeps the comparison table of the bill's demands as it stands now.
    """
    bill = Bill.objects.select_for_update().get(id=bill.id)
    try:
        new = LegislativeStage(stage)
    except ValueError as exc:
        raise ValidationError({"stage": _("기록할 단계를 골라 주세요.")}) from exc
    check_bill(bill, new)
    values = {
        "bill_number": bill_number.strip() or bill.bill_number,
        "sponsor": sponsor.strip() or bill.sponsor,
        "committee": committee.strip() or bill.committee,
        "plenary_result": plenary_result,
        "sent_to": sent_to.strip() or bill.sent_to,
        "reply": reply.strip(),
        "reason": reason.strip(),
    }
    errors = _stage_errors(new, values, date)
    last = bill.stages.order_by("-recorded_at", "-id").first()
    on = date or timezone.localdate()
    if last is not None and on < last.date and "date" not in errors:
        errors["date"] = _("일자는 앞 단계 '%(stage)s'(%(date)s)보다 빠를 수 없습니다.") % {
            "stage": last.get_stage_display(),
            "date": kdate(last.date),
        }
    if errors:
        raise ValidationError(errors)
    fields: dict[str, Any] = {field: values[arg] for arg, field in STAGE_FIELDS.get(new, {}).items()}
    if new in STAGE_DATE_FIELDS:
        fields[STAGE_DATE_FIELDS[new]] = on
    before = {"stage": bill.stage, **{name: getattr(bill, name) for name in fields}}
    for name, value in fields.items():
        setattr(bill, name, value)
    bill.stage = new
    bill.save()
    row = BillStage.objects.create(
        bill=bill,
        stage=new,
        date=on,
        note=note.strip(),
        snapshot=table_snapshot(bill),
        recorded_by=_actor(actor),
    )
    summary = f"{bill.title[:150]}: {bill.stage_label} ({kdate(on)})"
    if values["reason"] and new in (_S.DISCARDED, _S.WITHDRAWN):
        summary += f" — {values['reason'][:200]}"
    _record(
        bill,
        actor=actor,
        action="bill.advance",
        summary=summary,
        demands=bill.demands.all(),
        before=before,
        after={"stage": new, "stage_date": on, "stage_note": row.note, **fields},
    )
    hooks.fire(events.BILL_ADVANCED, bill=bill, stage=row, actor=actor)
    return row


def reached_stages(bill: Bill) -> set[LegislativeStage]:
    """Return every stage the bill has recorded."""
    return {LegislativeStage(s) for s in bill.stages.values_list("stage", flat=True)}


def correctable_fields(bill: Bill) -> list[str]:
    """Return the fields ``bill_update`` may change now: the title and those of the stages reached."""
    reached = reached_stages(bill)
    return ["title", *(name for name, stages in FIELD_STAGES.items() if stages & reached)]


@transaction.atomic
def bill_update(
    *,
    bill: Bill,
    actor: User,
    title: str,
    bill_number: str | None = None,
    sponsor: str | None = None,
    committee: str | None = None,
    plenary_result: str | None = None,
    plenary_date: dt.date | None = None,
    sent_to: str | None = None,
    sent_on: dt.date | None = None,
    reply: str | None = None,
    replied_on: dt.date | None = None,
    promulgated_on: dt.date | None = None,
    in_force_on: dt.date | None = None,
    end_reason: str | None = None,
) -> Bill:
    """Correct the title and the fields of stages already reached (a wrong bill number, a date); audited.

    A field left ``None`` stays as it is. A field of a stage not reached yet is refused (it is written when
    that stage is recorded), and a field a reached stage needs may not be emptied. A changed stage date is
    changed on the stage's record too, and must keep the stages in order. The plenary result may go between
    가결 and 수정가결, never to or from 부결, which decided what came after.
    """
    given: dict[str, Any] = {
        "bill_number": bill_number,
        "sponsor": sponsor,
        "committee": committee,
        "plenary_result": plenary_result,
        "plenary_date": plenary_date,
        "sent_to": sent_to,
        "sent_on": sent_on,
        "reply": reply,
        "replied_on": replied_on,
        "promulgated_on": promulgated_on,
        "in_force_on": in_force_on,
        "end_reason": end_reason,
    }
    bill = Bill.objects.select_for_update().get(id=bill.id)
    allowed = set(correctable_fields(bill))
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = _("안건명을 적어 주세요(예: 광주광역시 인공지능산업 육성 조례 일부개정조례안).")
    new: dict[str, Any] = {"title": title}
    for name, value in given.items():
        if value is None:
            continue
        if name not in allowed:
            stages = ", ".join(str(s.label) for s in FIELD_STAGES[name])
            errors[name] = _("이 칸은 '%(stage)s' 단계를 기록할 때 적어 주세요.") % {"stage": stages}
            continue
        value = value.strip() if isinstance(value, str) else value
        if value == "":
            errors[name] = _("기록된 단계에 필요한 칸이라 비울 수 없습니다.")
            continue
        new[name] = value
    result = new.get("plenary_result")
    if result is not None and result not in PlenaryResult.values:
        errors["plenary_result"] = _messages()["plenary_result"]
    elif result is not None and (result == PlenaryResult.REJECTED) != bill.rejected:
        errors["plenary_result"] = _(
            "본회의 결과를 부결로, 또는 부결에서 바꿀 수는 없습니다 — "
            "그 뒤의 단계가 결과에 따라 정해졌습니다."
        )
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(bill, name) for name in new}
    changed = {name: value for name, value in new.items() if value != before[name]}
    if not changed:
        return bill
    for name, value in changed.items():
        setattr(bill, name, value)
    _move_stage_dates(bill, changed)
    bill.save()
    _record(
        bill,
        actor=actor,
        action="bill.update",
        summary=bill.title[:300],
        demands=bill.demands.all(),
        before={_trail_key(name): before[name] for name in changed},
        after={_trail_key(name): value for name, value in changed.items()},
    )
    return bill


def _move_stage_dates(bill: Bill, changed: dict[str, Any]) -> None:
    """Move changed stage dates onto their stage records; refuse an order the stages could not have had."""
    moved = {stage for stage, field in STAGE_DATE_FIELDS.items() if field in changed}
    if not moved:
        return
    rows = list(bill.stages.order_by("recorded_at", "id"))
    for row in rows:
        if row.stage in moved:
            row.date = changed[STAGE_DATE_FIELDS[LegislativeStage(row.stage)]]
    for earlier, later in itertools.pairwise(rows):
        if later.date < earlier.date:
            field = next(STAGE_DATE_FIELDS[s] for s in STAGE_DATE_FIELDS if s in moved)
            raise ValidationError(
                {
                    field: _(
                        "'%(later)s'(%(later_date)s)이 앞 단계 '%(earlier)s'(%(earlier_date)s)보다 빠릅니다. "
                        "날짜를 확인해 주세요."
                    )
                    % {
                        "later": later.get_stage_display(),
                        "later_date": kdate(later.date),
                        "earlier": earlier.get_stage_display(),
                        "earlier_date": kdate(earlier.date),
                    }
                }
            )
    for row in rows:
        if row.stage in moved:
            row.save(update_fields=["date"])


@transaction.atomic
def bill_link_demand(*, bill: Bill, demand: Demand, actor: User) -> Bill:
    """Add a demand the bill also answers; the demand's answer must need legal text, the bill be open."""
    bill = Bill.objects.select_for_update().get(id=bill.id)
    demand = Demand.objects.select_for_update().get(id=demand.id)
    if blocked := bill_blocked(demand):
        raise ValidationError({"demand": blocked})
    if not bill_is_open(bill):
        raise ValidationError(
            {
                "demand": _("'%(stage)s' 단계에서 끝난 건에는 수요를 더 연결할 수 없습니다.")
                % {"stage": bill.stage_label}
            }
        )
    titles = sorted(bill.demands.values_list("title", flat=True))
    if bill.demands.filter(id=demand.id).exists():
        raise ValidationError({"demand": _("이미 이 건에 연결된 수요입니다.")})
    bill.demands.add(demand)
    bill.save(update_fields=["updated_at"])
    _record(
        bill,
        actor=actor,
        action="bill.link",
        summary=_("%(bill)s ← %(demand)s") % {"bill": bill.title[:150], "demand": demand.title[:150]},
        demands=[demand],
        before={"demands": titles},
        after={"demands": [*titles, demand.title]},
    )
    return bill


@transaction.atomic
def bill_unlink_demand(*, bill: Bill, demand: Demand, actor: User) -> Bill:
    """Take a demand off the bill; a bill keeps at least one demand (discard it instead)."""
    bill = Bill.objects.select_for_update().get(id=bill.id)
    titles = dict(bill.demands.values_list("id", "title"))
    if demand.id not in titles:
        raise ValidationError({"demand": _("이 건에 연결된 수요가 아닙니다.")})
    if len(titles) == 1:
        raise ValidationError(
            {
                "demand": _(
                    "입법 추진 건에는 수요가 하나 이상 있어야 합니다. 다른 수요를 먼저 연결하거나, "
                    "추진을 멈추려면 폐기·철회를 기록해 주세요."
                )
            }
        )
    bill.demands.remove(demand)
    bill.save(update_fields=["updated_at"])
    _record(
        bill,
        actor=actor,
        action="bill.unlink",
        summary=_("%(bill)s ↛ %(demand)s") % {"bill": bill.title[:150], "demand": demand.title[:150]},
        demands=[demand],
        before={"demands": sorted(titles.values())},
        after={"demands": sorted(t for i, t in titles.items() if i != demand.id)},
    )
    return bill
