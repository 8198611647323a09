"""The figures of the committee's briefing pack and of a meeting's summary, computed once.

The PDF, the workbook and the staff page all read these dataclasses; nothing downstream counts again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core.formatting import kdate
from sori.engagement.models import Engagement
from sori.feedback.deadlines import answer_time_stats
from sori.feedback.selectors import latest_dispositions
from sori.policy.models import (
    LEGAL_INSTRUMENTS,
    OUTCOME_COLOURS,
    Amendment,
    Disposition,
    Outcome,
    ReasonCode,
)
from sori.registry.models import Organisation
from sori.voices.models import Demand, Moderation, Proposal, Stage
from sori.voices.repeats import asked_before_many


def period_label(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """Return the period in words: '2025. 11. 1.(토) ~ 2025. 11. 30.(일)', '…까지', '…부터' or '전체 기간'."""
    if date_from and date_to:
        return f"{kdate(date_from)} ~ {kdate(date_to)}"
    if date_to:
        return _("%(day)s까지") % {"day": kdate(date_to)}
    if date_from:
        return _("%(day)s부터") % {"day": kdate(date_from)}
    return _("전체 기간")


def organisation_label(organisation: Organisation | None) -> str:
    """Return how a pack names an organisation: its name only if it agreed (packs are handed out)."""
    if organisation is None:
        return _("개인")
    return organisation.public_name


@dataclass(frozen=True)
class OutcomeCount:
    outcome: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class DemandLine:
    """One demand as the pack shows it, with its current answer and its counts within the period."""

    id: int
    title: str
    theme: str
    department: str
    stage: str
    stage_label: str
    org_count: int
    proposal_count: int
    organisations: tuple[str, ...]
    answer_due: dt.date | None
    days_over: int
    disposition: Disposition | None
    # The drafted amendments (신·구조문대비표) kept with the demand, as "법규명 조문".
    amendments: tuple[str, ...] = ()
    # 제기 회차: "3회 (2020년부터)" when staff confirmed earlier demands asking the same, else "".
    rounds_label: str = ""

    @property
    def outcome(self) -> str:
        return self.disposition.outcome if self.disposition else ""

    @property
    def outcome_label(self) -> str:
        return str(self.disposition.get_outcome_display()) if self.disposition else str(self.stage_label)

    @property
    def colour(self) -> str:
        return OUTCOME_COLOURS[Outcome(self.outcome)] if self.disposition else "none"

    @property
    def reason_code_label(self) -> str:
        return str(self.disposition.get_reason_code_display()) if self.disposition else ""

    @property
    def instrument_label(self) -> str:
        return str(self.disposition.get_instrument_display()) if self.disposition else ""

    @property
    def needs_law(self) -> bool:
        """Return whether the answer goes through an ordinance or a law (instrument or reason code)."""
        d = self.disposition
        return d is not None and (
            d.instrument in LEGAL_INSTRUMENTS or d.reason_code == ReasonCode.NATIONAL_LAW
        )


@dataclass(frozen=True)
class ThemeBlock:
    name: str
    demands: tuple[DemandLine, ...]

    @property
    def org_count(self) -> int:
        return sum(d.org_count for d in self.demands)


@dataclass(frozen=True)
class BriefingPack:
    """The committee's briefing pack (위원회 보고 자료): a one-page summary, then the sections behind it."""

    today: dt.date
    date_from: dt.date | None
    date_to: dt.date | None
    proposals_voiced: int
    organisations_voiced: int
    ungrouped: int
    demands: int
    answered: int
    awaiting: int
    unassigned: int
    by_outcome: tuple[OutcomeCount, ...]
    themes: tuple[ThemeBlock, ...]
    decisions: tuple[DemandLine, ...]
    overdue: tuple[DemandLine, ...]
    legal: tuple[DemandLine, ...]
    # DepartmentStats rows of sori.feedback.deadlines (all first), or None where that module is absent.
    answer_times: tuple[Any, ...] | None = None

    @property
    def period(self) -> str:
        return period_label(self.date_from, self.date_to)

    def summary_rows(self) -> list[tuple[str, int, str]]:
        """Return the one-page figures as (label, value, unit), in the order the summary reads."""
        rows: list[tuple[str, int, str]] = [
            (_("접수된 제안"), self.proposals_voiced, _("건")),
            (_("제안한 기관"), self.organisations_voiced, _("곳")),
            (_("정책 수요"), self.demands, _("건")),
            (_("처리결과 확정"), self.answered, _("건")),
            (_("부서 검토 중"), self.awaiting, _("건")),
            (_("소관부서 미지정"), self.unassigned, _("건")),
            (_("답변 기한 초과"), len(self.overdue), _("건")),
            (_("법령·조례 필요"), len(self.legal), _("건")),
            (_("수요로 묶이지 않은 제안"), self.ungrouped, _("건")),
        ]
        return rows


def _demand_lines(proposals: list[Proposal], *, today: dt.date) -> tuple[list[DemandLine], dict[int, Demand]]:
    by_demand: dict[int, list[Proposal]] = defaultdict(list)
    for p in proposals:
        if p.demand_id:
            by_demand[p.demand_id].append(p)
    demands = {
        d.id: d
        for d in Demand.objects.filter(id__in=by_demand)
        .exclude(stage=Stage.MERGED)
        .select_related("theme", "department")
    }
    latest = latest_dispositions(set(demands))
    lines: list[DemandLine] = []
    for demand_id, demand in demands.items():
        asked = by_demand[demand_id]
        orgs = {p.organisation_id: p.organisation for p in asked if p.organisation_id}
        over = 0
        if demand.stage == Stage.ASSIGNED and demand.answer_due and demand.answer_due < today:
            over = (today - demand.answer_due).days
        lines.append(
            DemandLine(
                id=demand.id,
                title=demand.title,
                theme=demand.theme.name if demand.theme else _("분야 미지정"),
                department=demand.department.name if demand.department else "",
                stage=demand.stage,
                stage_label=str(demand.get_stage_display()),
                org_count=len(orgs),
                proposal_count=len(asked),
                organisations=tuple(sorted(organisation_label(o) for o in orgs.values())),
                answer_due=demand.answer_due,
                days_over=over,
                disposition=latest.get(demand_id) if demand.stage == Stage.ANSWERED else None,
            )
        )
    return lines, demands


def _period_proposals(date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(moderation=Moderation.ACCEPTED)
    if date_from:
        qs = qs.filter(received_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(received_at__date__lte=date_to)
    return qs


def _answer_times(
    date_from: dt.date | None, date_to: dt.date | None, today: dt.date
) -> tuple[Any, ...] | None:
    """Return time-to-answer rows (all departments first, then each) from ``sori.feedback.deadlines``."""
    stats = answer_time_stats(date_from=date_from, date_to=date_to, today=today)
    return (stats.overall, *stats.departments)


_OUTCOME_ORDER = {o: i for i, o in enumerate(Outcome.values)}


def briefing_pack(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None, today: dt.date | None = None
) -> BriefingPack:
    """Return the committee pack for proposals received between ``date_from`` and ``date_to`` (inclusive).

    A demand is in the pack when at least one of its accepted proposals was received in the period; its
    counts (proposals, distinct organisations) are those of the period, so they add up to the summary.
    Overdue means: assigned, not yet answered, and its answer deadline before ``today``.
    """
    today = today or timezone.localdate()
    proposals = list(_period_proposals(date_from, date_to).select_related("organisation"))
    lines, _demands = _demand_lines(proposals, today=today)
    counted = [p for p in proposals if p.demand_id is None or p.demand_id in _demands]
    outcome_counts: dict[str, int] = defaultdict(int)
    for line in lines:
        if line.disposition is not None:
            outcome_counts[line.outcome] += 1
    themes: dict[str, list[DemandLine]] = defaultdict(list)
    theme_order: dict[str, tuple[int, str]] = {}
    for line in lines:
        themes[line.theme].append(line)
        demand = _demands[line.id]
        theme_order[line.theme] = (demand.theme.order, demand.theme.name) if demand.theme else (10_000, "")
    drafts: dict[int, list[str]] = defaultdict(list)
    for amendment in Amendment.objects.filter(demand_id__in=[d.id for d in lines if d.needs_law]):
        drafts[amendment.demand_id].append(str(amendment))
    lines = [dataclasses.replace(d, amendments=tuple(drafts[d.id])) if d.id in drafts else d for d in lines]
    history = asked_before_many(d.id for d in lines) if lines else {}
    lines = [
        dataclasses.replace(d, rounds_label=history[d.id].rounds_label) if history.get(d.id) else d
        for d in lines
    ]
    by_size = sorted(lines, key=lambda d: (-d.org_count, -d.proposal_count, d.id))
    return BriefingPack(
        today=today,
        date_from=date_from,
        date_to=date_to,
        proposals_voiced=len(counted),
        organisations_voiced=len({p.organisation_id for p in counted if p.organisation_id}),
        ungrouped=sum(1 for p in counted if p.demand_id is None),
        demands=len(lines),
        answered=sum(1 for d in lines if d.stage == Stage.ANSWERED),
        awaiting=sum(1 for d in lines if d.stage == Stage.ASSIGNED),
        unassigned=sum(1 for d in lines if d.stage == Stage.OPEN),
        by_outcome=tuple(
            OutcomeCount(o.value, str(o.label), OUTCOME_COLOURS[o], outcome_counts.get(o.value, 0))
            for o in Outcome
        ),
        themes=tuple(
            ThemeBlock(name, tuple(d for d in by_size if d.theme == name))
            for name in sorted(themes, key=lambda n: theme_order[n])
        ),
        decisions=tuple(
            sorted(
                (d for d in lines if d.disposition is not None),
                key=lambda d: (_OUTCOME_ORDER[d.outcome], -d.org_count, d.id),
            )
        ),
        overdue=tuple(sorted((d for d in lines if d.days_over > 0), key=lambda d: (-d.days_over, d.id))),
        legal=tuple(d for d in by_size if d.needs_law),
        answer_times=_answer_times(date_from, date_to, today),
    )


# ----------------------------------------------------------------------------------------------------
# One meeting: what was voiced in that round


@dataclass(frozen=True)
class VoicedLine:
    organisation: str
    text: str


@dataclass(frozen=True)
class VoicedGroup:
    """The proposals of one meeting that became one demand (or are not grouped yet)."""

    title: str
    theme: str
    demand_id: int | None
    outcome_label: str
    colour: str
    lines: tuple[VoicedLine, ...]
    org_count: int


@dataclass(frozen=True)
class MeetingSummary:
    """What was voiced at one meeting (차수별 요약): the agenda, and the proposals by their demand."""

    engagement: Engagement
    agenda: tuple[tuple[str, str, str], ...]
    proposals: int
    organisations: int
    groups: tuple[VoicedGroup, ...]
    today: dt.date = field(default_factory=timezone.localdate)


def meeting_choices() -> QuerySet[Engagement]:
    """Return meetings for the picker, newest first, with how many proposals each heard."""
    return (
        Engagement.objects.select_related("series")
        .annotate(
            proposal_count=Count(
                "proposals",
                filter=Q(proposals__moderation=Moderation.ACCEPTED, proposals__deleted_at__isnull=True),
            )
        )
        .order_by("-starts_at", "-id")
    )


def meeting_summary(*, engagement: Engagement, today: dt.date | None = None) -> MeetingSummary:
    """Return a meeting's agenda and its accepted proposals grouped by the demand (and theme) they became."""
    proposals = list(
        engagement.proposals.filter(moderation=Moderation.ACCEPTED)
        .select_related("organisation", "demand__theme")
        .order_by("received_at", "id")
    )
    groups: dict[int | None, list[Proposal]] = defaultdict(list)
    for p in proposals:
        groups[p.demand_id].append(p)
    built: list[tuple[tuple[int, str, int, int], VoicedGroup]] = []
    for items in groups.values():
        demand = items[0].demand
        lines = tuple(VoicedLine(organisation_label(p.organisation), p.text) for p in items)
        orgs = len({p.organisation_id for p in items if p.organisation_id})
        if demand is None:
            group = VoicedGroup(
                _("아직 수요로 묶이지 않은 제안"), "", None, _("정리 중"), "none", lines, orgs
            )
            key = (20_000, "", 0, 0)
        else:
            outcome = Outcome(demand.outcome) if demand.outcome in Outcome.values else None
            group = VoicedGroup(
                title=demand.title,
                theme=demand.theme.name if demand.theme else _("분야 미지정"),
                demand_id=demand.id,
                outcome_label=str(outcome.label) if outcome else str(demand.get_stage_display()),
                colour=OUTCOME_COLOURS[outcome] if outcome else "none",
                lines=lines,
                org_count=orgs,
            )
            order = demand.theme.order if demand.theme else 10_000
            key = (order, group.theme, -len(items), demand.id)
        built.append((key, group))
    agenda = tuple(
        (
            item.presenter,
            item.presenter_organisation.name if item.presenter_organisation else "",
            item.topic,
        )
        for item in engagement.agenda.select_related("presenter_organisation").order_by("order", "id")
    )
    return MeetingSummary(
        engagement=engagement,
        agenda=agenda,
        proposals=len(proposals),
        organisations=len({p.organisation_id for p in proposals if p.organisation_id}),
        groups=tuple(g for _k, g in sorted(built, key=lambda kv: kv[0])),
        today=today or timezone.localdate(),
    )


__all__ = [
    "BriefingPack",
    "DemandLine",
    "MeetingSummary",
    "briefing_pack",
    "meeting_choices",
    "meeting_summary",
    "period_label",
]
