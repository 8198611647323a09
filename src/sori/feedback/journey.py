"""One journey per demand: from the first voice, through grouping and the answers, to the result.

A journey is read from what Sori already keeps — the earlier demands confirmed as the same request, the
accepted proposals and their meetings, the demand's
audit records (grouping, assignment, milestones, notices, letters), its dispositions and the legislative
stages of the bills that answer it — so nothing is written twice and every step has the date it happened.

Three audiences: staff see who asked by name; the public tracker sees organisations only with their
consent; the private status link, which may be passed on, sees counts only. Neither of the last two ever
sees a person, a staff name or a notice's recipients.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core.audit import ref
from sori.core.formatting import kdate
from sori.core.models import AuditRecord
from sori.core.trail import action_label
from sori.policy.models import (
    BILL_STAGE_COLOURS,
    BillStage,
    Disposition,
    LegislativeStage,
    Milestone,
    MilestoneStatus,
)
from sori.voices.models import Demand, Moderation, Proposal, Source
from sori.voices.outcomes import Outcome
from sori.voices.repeats import AskedBefore, asked_before_many


class Audience(enum.Enum):
    STAFF = "staff"  # who asked, by name
    PUBLIC = "public"  # organisations that agreed to be named; the rest counted
    PROPOSER = "proposer"  # a private status link, which may be passed on: counts only


class StepKind(enum.StrEnum):
    EARLIER = "earlier"
    VOICE = "voice"
    GROUPED = "grouped"
    ASSIGNED = "assigned"
    ANSWER = "answer"
    MILESTONE = "milestone"
    BILL = "bill"
    TOLD = "told"


@dataclass(frozen=True)
class Step:
    """One dated step of a journey, ready to show."""

    at: dt.datetime
    kind: StepKind
    title: str
    detail: str = ""
    colour: str = "none"
    url: str = ""


@dataclass(frozen=True)
class Journey:
    """A demand's steps in the order they happened, and the one line that says where it stands now."""

    demand: Demand
    steps: list[Step] = field(default_factory=list)
    result: str = ""
    result_colour: str = "none"


@dataclass(frozen=True)
class BillStep:
    """A legislative stage reached by a bill answering the demand."""

    on: dt.date
    bill_id: int
    bill_title: str
    stage: str
    stage_label: str
    detail: str
    colour: str

    @property
    def in_force(self) -> bool:
        return self.stage == LegislativeStage.IN_FORCE


def _stage_detail(stage: BillStage) -> str:
    """Say what the stage recorded, in the words of the bill's own fields."""
    bill = stage.bill
    facts = {
        LegislativeStage.INTRODUCED: " · ".join(
            x for x in (bill.bill_number and _("의안번호 %(n)s") % {"n": bill.bill_number}, bill.sponsor) if x
        ),
        LegislativeStage.COMMITTEE: bill.committee,
        LegislativeStage.PLENARY: bill.get_plenary_result_display() if bill.plenary_result else "",
        LegislativeStage.SENT: bill.sent_to,
        LegislativeStage.REPLIED: bill.reply[:200],
        LegislativeStage.DISCARDED: bill.end_reason,
        LegislativeStage.WITHDRAWN: bill.end_reason,
    }.get(LegislativeStage(stage.stage), "")
    return " — ".join(x for x in (facts, stage.note) if x)


def _bill_stages(demand_ids: set[int]) -> dict[int, list[BillStep]]:
    """Return each demand's bills' stages, oldest first, in one query."""
    found: dict[int, list[BillStep]] = defaultdict(list)
    rows = (
        BillStage.objects.filter(bill__demands__in=demand_ids)
        .annotate(demand_id=F("bill__demands"))
        .select_related("bill")
        .order_by("date", "recorded_at", "id")
    )
    for row in rows:
        found[row.demand_id].append(
            BillStep(
                on=row.date,
                bill_id=row.bill_id,
                bill_title=row.bill.title,
                stage=row.stage,
                stage_label=row.get_stage_display(),
                detail=_stage_detail(row),
                colour=BILL_STAGE_COLOURS.get(LegislativeStage(row.stage), "none"),
            )
        )
    return found


# Audit actions shown as steps; the rest (renames, undo, publication, retries) are the staff trail's business.
_GROUPING = ("demand.create", "demand.merge")
_TOLD = ("feedback.item", "progress.notify", "transfer.notify")
_MILESTONE_STEPS = {
    "milestone.create": ("none", lambda m: _("이행 계획: %(title)s") % {"title": m}),
    "milestone.start": ("blue", lambda m: _("추진 시작: %(title)s") % {"title": m}),
    "milestone.complete": ("green", lambda m: _("이행 완료: %(title)s") % {"title": m}),
    "milestone.delay": ("amber", lambda m: _("이행 지연: %(title)s") % {"title": m}),
    "milestone.drop": ("grey", lambda m: _("이행 중단: %(title)s") % {"title": m}),
}


def _as_datetime(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _who(proposals: list[Proposal], audience: Audience) -> str:
    """Say who voiced these proposals: by name for staff; for the public by consenting organisation only."""
    if audience is Audience.STAFF:
        labels = list(dict.fromkeys(p.proposer_label for p in proposals))
        return ", ".join(labels)
    named: list[str] = []
    hidden: set[int] = set()
    people = 0
    for p in proposals:
        organisation = p.organisation
        if organisation is None:
            people += 1
        elif organisation.public_name_consent and audience is Audience.PUBLIC:
            if organisation.name not in named:
                named.append(organisation.name)
        else:
            hidden.add(organisation.id)
    parts = list(named)
    if hidden and audience is Audience.PUBLIC:
        parts.append(_("비공개 기관 %(n)s곳") % {"n": len(hidden)})
    elif hidden:
        parts.append(_("기관 %(n)s곳") % {"n": len(hidden)})
    if people:
        parts.append(_("개인 %(n)s명") % {"n": people})
    return ", ".join(parts)


def _voices(proposals: list[Proposal], audience: Audience) -> list[Step]:
    """One step per meeting (or per day, for proposals that came in writing or on the web)."""
    by_occasion: dict[Any, list[Proposal]] = defaultdict(list)
    for p in proposals:
        key = ("meeting", p.engagement_id) if p.engagement_id else ("written", p.source, p.received_at.date())
        by_occasion[key].append(p)
    steps = []
    for key, group in by_occasion.items():
        first = min(group, key=lambda p: p.received_at)
        count = _("제안 %(n)s건") % {"n": len(group)}
        who = _who(group, audience)
        if key[0] == "meeting" and first.engagement is not None:
            title = _("%(meeting)s에서 제기") % {"meeting": first.engagement.title}
            at = first.engagement.starts_at
        else:
            title = _("%(source)s(으)로 제기") % {"source": Source(first.source).label}
            at = first.received_at
        steps.append(
            Step(at=at, kind=StepKind.VOICE, title=title, detail=f"{count} · {who}" if who else count)
        )
    return steps


def _earlier(history: AskedBefore, audience: Audience) -> list[Step]:
    """The same request raised before (confirmed repeats), each with the answer it had."""
    steps = []
    for e in history.earlier:
        demand = e.demand
        if audience is Audience.STAFF:
            url = reverse("voices:demand_detail", args=[demand.id])
        else:
            url = reverse("public:demand", args=[demand.id]) if demand.published else ""
        detail = (
            _("그때 답변: %(outcome)s") % {"outcome": Outcome(demand.outcome).label}
            if demand.outcome
            else _("그때 답변 없음")
        )
        title = _("같은 요구가 먼저 제기됨: %(title)s") % {"title": demand.title}
        steps.append(Step(at=e.first_at, kind=StepKind.EARLIER, title=title, detail=detail, url=url))
    return steps


def _answers(dispositions: list[Disposition]) -> list[Step]:
    steps = []
    for index, d in enumerate(sorted(dispositions, key=lambda d: (d.decided_at, d.id))):
        label = d.get_outcome_display()
        title = (_("답변: %(outcome)s") if index == 0 else _("다시 답변: %(outcome)s")) % {"outcome": label}
        detail = d.reason
        if d.outcome == Outcome.REFERRED and d.referred_to:
            detail = _("%(body)s(으)로 이관. %(reason)s") % {"body": d.referred_to, "reason": d.reason}
        elif d.due_date:
            detail = f"{detail} ({_('이행 예정일')} {kdate(d.due_date)})".strip()
        steps.append(Step(at=d.decided_at, kind=StepKind.ANSWER, title=title, detail=detail, colour=d.colour))
    return steps


def _from_records(
    records: list[AuditRecord], milestones: dict[str, Milestone], audience: Audience
) -> list[Step]:
    steps = []
    told_days: set[tuple[str, dt.date]] = set()
    for r in records:
        if r.action == "demand.create":
            steps.append(Step(at=r.at, kind=StepKind.GROUPED, title=_("비슷한 제안을 모아 수요로 정리")))
        elif r.action == "demand.merge":
            steps.append(Step(at=r.at, kind=StepKind.GROUPED, title=_("같은 요구의 다른 수요를 합침")))
        elif r.action == "demand.assign":
            department = str(r.after.get("department") or "")
            steps.append(
                Step(
                    at=r.at,
                    kind=StepKind.ASSIGNED,
                    title=_("소관부서 지정: %(department)s") % {"department": department},
                )
            )
        elif r.action in _MILESTONE_STEPS:
            milestone = milestones.get(r.target)
            if milestone is None:
                continue  # deleted with an earlier answer
            colour, words = _MILESTONE_STEPS[r.action]
            detail = ""
            if r.action in ("milestone.delay", "milestone.drop"):
                detail = str(r.after.get("reason") or milestone.reason)
                if r.action == "milestone.delay" and r.after.get("planned_date"):
                    new_date = dt.date.fromisoformat(str(r.after["planned_date"]))
                    detail = f"{detail} ({_('새 예정일')} {kdate(new_date)})"
            elif r.action == "milestone.create":
                detail = _("%(date)s 예정") % {"date": kdate(milestone.first_planned_date)}
            elif r.action == "milestone.complete":
                detail = " · ".join(x for x in (milestone.evidence_note, milestone.figure_text) if x)
            steps.append(
                Step(
                    at=r.at,
                    kind=StepKind.MILESTONE,
                    title=words(milestone.title),
                    detail=detail,
                    colour=colour,
                )
            )
        elif r.action in _TOLD:
            # Letters go out one per proposer: one step per kind and day is what a reader needs.
            day = timezone.localdate(r.at)
            if (r.action, day) in told_days:
                continue
            told_days.add((r.action, day))
            detail = r.summary if audience is Audience.STAFF else ""
            steps.append(Step(at=r.at, kind=StepKind.TOLD, title=action_label(r.action), detail=detail))
    return steps


def _bills(stages: list[BillStep], demand: Demand, audience: Audience) -> list[Step]:
    steps = []
    for s in stages:
        if audience is Audience.STAFF:
            url = reverse("bills:detail", args=[s.bill_id])
        elif demand.published:  # a bill answering a published demand has a public page
            url = reverse("public:bill", args=[s.bill_id])
        else:
            url = ""
        steps.append(
            Step(
                at=_as_datetime(s.on),
                kind=StepKind.BILL,
                title=f"{s.bill_title}: {s.stage_label}",
                detail=s.detail,
                colour=s.colour,
                url=url,
            )
        )
    return steps


def _result(
    demand: Demand, current: Disposition | None, milestones: list[Milestone], stages: list[BillStep]
) -> tuple[str, str]:
    """Say where the demand stands now, in one line, and its colour."""
    enacted = [s for s in stages if s.stage in (LegislativeStage.IN_FORCE, LegislativeStage.PROMULGATED)]
    if enacted:
        last = max(enacted, key=lambda s: (s.stage == LegislativeStage.IN_FORCE, s.on))
        words = _("%(title)s 시행 (%(date)s)") if last.in_force else _("%(title)s 공포 (%(date)s)")
        return words % {"title": last.bill_title, "date": kdate(last.on)}, "green"
    if current is None:
        if demand.outcome == "" and demand.department_id:
            return _("소관부서가 답변을 준비하고 있습니다."), "none"
        return _("비슷한 제안을 모아 정리하고 있습니다."), "none"
    if milestones:
        done = sum(m.status == MilestoneStatus.DONE for m in milestones)
        dropped = sum(m.status == MilestoneStatus.DROPPED for m in milestones)
        if done + dropped == len(milestones):
            if done:
                return _("이행 완료 (%(done)s/%(total)s단계)") % {
                    "done": done,
                    "total": len(milestones),
                }, "green"
            return _("이행이 중단되었습니다. 사유는 각 단계에 적었습니다."), "grey"
        return _("이행 중 (%(done)s/%(total)s단계 완료)") % {"done": done, "total": len(milestones)}, "blue"
    return _("%(outcome)s — 마지막 답변 %(date)s") % {
        "outcome": current.get_outcome_display(),
        "date": kdate(timezone.localdate(current.decided_at)),
    }, current.colour


def journeys(demands: Iterable[Demand], *, audience: Audience) -> dict[int, Journey]:
    """Return the journey of each demand, in a fixed number of queries whatever the number of demands.

    A demand that others were merged into carries their voices, answers and steps too.
    """
    demands = list(demands)
    if not demands:
        return {}
    ids = {d.id for d in demands}
    owner: dict[int, int] = {d.id: d.id for d in demands}
    for source_id, target_id in Demand.objects.filter(merged_into_id__in=ids).values_list(
        "id", "merged_into_id"
    ):
        owner[source_id] = target_id
    proposals = (
        Proposal.objects.filter(demand_id__in=ids, moderation=Moderation.ACCEPTED)
        .select_related("engagement", "organisation", "person")
        .order_by("received_at", "id")
    )
    records = AuditRecord.objects.filter(
        scope__in=[f"voices.demand:{i}" for i in owner],
        action__in=[*_GROUPING, "demand.assign", *_MILESTONE_STEPS, *_TOLD],
    ).order_by("at", "id")
    dispositions = list(Disposition.objects.filter(demand_id__in=owner).order_by("decided_at", "id"))
    milestone_rows = list(
        Milestone.objects.filter(disposition__in=dispositions).order_by("planned_date", "id")
    )
    stages = _bill_stages(ids)
    histories = asked_before_many(ids)

    by_demand: dict[int, dict[str, list[Any]]] = {i: defaultdict(list) for i in ids}
    for p in proposals:
        by_demand[p.demand_id]["proposals"].append(p)  # type: ignore[index]
    for r in records:
        by_demand[owner[int(r.scope.rsplit(":", 1)[1])]]["records"].append(r)
    for d in dispositions:
        by_demand[owner[d.demand_id]]["dispositions"].append(d)
    milestone_refs = {ref(m): m for m in milestone_rows}
    disposition_owner = {d.id: owner[d.demand_id] for d in dispositions}

    found = {}
    for demand in demands:
        parts = by_demand[demand.id]
        own_dispositions = parts["dispositions"]
        current = max(own_dispositions, key=lambda d: (d.decided_at, d.id)) if own_dispositions else None
        current_milestones = [
            m for m in milestone_rows if current is not None and m.disposition_id == current.id
        ]
        own_milestones = {
            k: m for k, m in milestone_refs.items() if disposition_owner[m.disposition_id] == demand.id
        }
        own_stages = stages.get(demand.id, [])
        steps = [
            *_earlier(histories[demand.id], audience),
            *_voices(parts["proposals"], audience),
            *_from_records(parts["records"], own_milestones, audience),
            *_answers(own_dispositions),
            *_bills(own_stages, demand, audience),
        ]
        steps.sort(key=lambda s: s.at)
        result, colour = _result(demand, current, current_milestones, own_stages)
        found[demand.id] = Journey(demand=demand, steps=steps, result=result, result_colour=colour)
    return found


def journey(demand: Demand, *, audience: Audience) -> Journey:
    """Return one demand's journey."""
    return journeys([demand], audience=audience)[demand.id]
