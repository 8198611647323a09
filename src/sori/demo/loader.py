"""Load the demo scenario (``scenario.json``) through Sori's own services.

Dates in the scenario are ISO (``2025-11-11T07:30``) or relative to the day of loading (``today-12``,
``today+3T09:00``), so the current round's deadlines are always near whenever the demo is run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from sori.core.models import AuditRecord, Profile
from sori.core.roles import Role, role_of
from sori.demo.registry_loader import registry_demo_load
from sori.engagement.models import AgendaItem, Attendance, Engagement, Series
from sori.policy.amendment_services import amendment_create
from sori.policy.bill_services import bill_advance, bill_create
from sori.policy.milestone_services import (
    milestone_complete,
    milestone_create,
    milestone_delay,
    milestone_drop,
    milestone_start,
)
from sori.policy.models import Disposition, MilestoneStatus
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation, Person
from sori.voices import services as voices
from sori.voices.models import Demand, Proposal, Theme

DEMO_PASSWORD = "sori-demo-2025"
ROLE_LABELS = {
    "staff": "위원회·정책 사무 (제안 정리, 부서 지정, 회신)",
    "officer": "소관부서 담당자 (답변 작성)",
    "company": "기업 사용자 (자기 기관의 제안과 답변)",
    "admin": "관리자",
}
_RELATIVE = re.compile(r"^today(?:(?P<sign>[+-])(?P<days>\d+))?(?:T(?P<time>\d{2}:\d{2}))?$")


def scenario() -> dict[str, Any]:
    """Return the shipped scenario."""
    text = resources.files("sori.demo").joinpath("scenario.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def when(value: str, today: dt.date) -> dt.datetime:
    """Return an aware datetime (Asia/Seoul) for an ISO or ``today±N[THH:MM]`` value."""
    match = _RELATIVE.match(value)
    if match:
        days = int(match["days"] or 0) * (-1 if match["sign"] == "-" else 1)
        hour, minute = (int(x) for x in (match["time"] or "09:00").split(":"))
        naive = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour, minute))
    else:
        naive = dt.datetime.fromisoformat(value if "T" in value else f"{value}T09:00")
    return timezone.make_aware(naive) if timezone.is_naive(naive) else naive


def day(value: str | None, today: dt.date) -> dt.date | None:
    return when(value, today).date() if value else None


@contextmanager
def backdated(at: dt.datetime) -> Iterator[None]:
    """Give the audit records written inside the block the scenario's time instead of the loading time."""
    last = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    yield
    AuditRecord.objects.filter(id__gt=last).update(at=at)


def demo_loaded() -> bool:
    return User.objects.filter(username="staff").exists() and Demand.objects.exists()


def demo_logins() -> list[tuple[str, str]]:
    users = [("admin", ROLE_LABELS["admin"])]
    for u in scenario()["users"]:
        label = ROLE_LABELS.get(u["role"], u["role"])
        org = u.get("department") or u.get("organisation")
        if org:
            name = next((o["name"] for o in scenario()["organisations"] if o["key"] == org), org)
            label = f"{label} — {name}"
        users.append((u["username"], label))
    return users


@transaction.atomic
def demo_load(*, reset: bool = False, today: dt.date | None = None) -> str:
    """Load the scenario into an empty database (or after ``reset``); return a one-line summary."""
    if reset:
        call_command("flush", interactive=False, verbosity=0)
    today = today or timezone.localdate()
    data = scenario()

    for i, t in enumerate(data["themes"]):
        Theme.objects.update_or_create(code=t["code"], defaults={"name": t["name"], "order": i})
    themes = {t.code: t for t in Theme.objects.all()}

    orgs: dict[str, Organisation] = {}
    for o in data["organisations"]:
        orgs[o["key"]] = Organisation.objects.create(
            name=o["name"],
            kind=o["kind"],
            sector=o.get("sector", ""),
            location=o.get("location", ""),
            email=o.get("email", ""),
            public_name_consent=bool(o.get("public_name_consent")),
        )
    people: dict[str, Person] = {}
    for p in data["people"]:
        people[p["key"]] = Person.objects.create(
            name=p["name"],
            organisation=orgs.get(p.get("organisation") or ""),
            role=p.get("role", ""),
            email=p.get("email", ""),
            phone=p.get("phone", ""),
            contact_consent=bool(p.get("contact_consent")),
        )

    users = _users(data, orgs, people)
    staff = users["staff"]

    meetings: dict[str, Engagement] = {}
    for s in data["series"]:
        series = Series.objects.create(
            title=s["title"], host=orgs.get(s.get("host") or ""), description=s.get("description", "")
        )
        for e in s["engagements"]:
            meeting = Engagement.objects.create(
                series=series,
                round=e["round"],
                title=e["title"],
                theme=e.get("theme", ""),
                starts_at=when(e["starts_at"], today),
                place=e.get("place", ""),
                attendee_count=e.get("attendee_count"),
                minutes=e.get("minutes", ""),
            )
            meetings[e["key"]] = meeting
            for order, a in enumerate(e.get("agenda", [])):
                AgendaItem.objects.create(
                    engagement=meeting,
                    order=order,
                    presenter=a["presenter"],
                    topic=a["topic"],
                    presenter_organisation=orgs.get(a.get("presenter_organisation") or ""),
                )
            Attendance.objects.bulk_create(
                Attendance(engagement=meeting, person=people[k])
                for k in e.get("attendance", [])
                if k in people
            )

    proposals: dict[str, Proposal] = {}
    with voices.suggestions_batched():
        for p in data["proposals"]:
            at = when(p["received_at"], today)
            with backdated(at):
                proposals[p["key"]] = voices.proposal_record(
                    text=p["text"],
                    actor=staff,
                    organisation=orgs.get(p.get("organisation") or ""),
                    person=people.get(p.get("person") or ""),
                    engagement=meetings.get(p.get("engagement") or ""),
                    source=p.get("source", "meeting"),
                    received_at=at,
                    themes=[themes[p["theme"]]] if p.get("theme") in themes else [],
                )

    demands: dict[str, Demand] = {}
    for d in data["demands"]:
        assigned_at = when(d["assigned_at"], today) if d.get("assigned_at") else None
        with backdated(assigned_at or timezone.now()):
            demand = voices.demand_create(
                title=d["title"],
                proposal_ids=[proposals[k].id for k in d["proposals"]],
                actor=staff,
                theme=themes.get(d.get("theme") or ""),
            )
            if d.get("department"):
                demand = voices.demand_assign(
                    demand=demand,
                    department=orgs[d["department"]],
                    actor=staff,
                    answer_due=day(d.get("answer_due"), today),
                )
            if d.get("published"):
                demand = voices.demand_publish(demand=demand, published=True, actor=staff)
        Demand.objects.filter(id=demand.id).update(
            created_at=assigned_at or timezone.now(), assigned_at=assigned_at if d.get("department") else None
        )
        disp = d.get("disposition")
        if disp:
            decided_at = when(disp["decided_at"], today)
            decider = users.get(f"person:{disp.get('decided_by')}") or staff
            if role_of(decider) == Role.OFFICER and decider.profile.organisation_id != demand.department_id:
                decider = staff  # an officer answers only for their own department
            with backdated(decided_at):
                answer = disposition_decide(
                    demand=demand,
                    actor=decider,
                    outcome=disp["outcome"],
                    reason_code=disp.get("reason_code", ""),
                    reason=disp.get("reason", ""),
                    limits=disp.get("limits", ""),
                    referred_to=disp.get("referred_to", ""),
                    instrument=disp.get("instrument", ""),
                    due_date=day(disp.get("due_date"), today),
                    decided_at=decided_at,
                )
            Demand.objects.filter(id=demand.id).update(updated_at=decided_at)
            for m in disp.get("milestones", []):
                _milestone(answer, m, decider, today)
        for a in d.get("amendments", []):
            amendment_create(demand=demand, actor=staff, **a)
        if d.get("bill"):
            _bill(demand, d["bill"], staff, today)
        demands[d["key"]] = demand
    for d in data["demands"]:
        for earlier in d.get("repeats", []):
            voices.repeat_confirm(demand=demands[d["key"]], earlier=demands[earlier], actor=staff)

    registry = registry_demo_load(
        today=today, orgs_by_name={o.name: o for o in Organisation.objects.all()}, actor=staff
    )
    from sori.feedback.demo import outbox_demo_load

    outbox = outbox_demo_load(today=today, actor=staff)
    from sori.demo.programs_loader import programs_demo_load

    programs = programs_demo_load(today=today, actor=staff)
    from sori.demo.talent_loader import talent_demo_load

    programs += "; " + talent_demo_load(today=today, actor=staff)
    from sori.voices.organise.runs import organising_demo_run

    organised = organising_demo_run(actor=staff)
    return (
        f"기관 {Organisation.objects.count()}곳, 간담회 {Engagement.objects.count()}회, "
        f"제안 {Proposal.objects.count()}건, 정책 수요 {Demand.objects.count()}건; "
        f"{registry}; {outbox}; {programs}; {organised}"
    )


def _bill(demand: Demand, spec: dict[str, Any], actor: User, today: dt.date) -> None:
    """Register the demand's bill and move it through the scenario's stages, through the services."""
    first, *later = spec["stages"]
    note, start = first.get("note", ""), day(first["date"], today)
    bill = bill_create(demand=demand, title=spec["title"], actor=actor, date=start, note=note)
    for stage in later:
        fields = {k: v for k, v in stage.items() if k not in ("stage", "date")}
        bill_advance(bill=bill, stage=stage["stage"], actor=actor, date=day(stage["date"], today), **fields)


def _milestone(answer: Disposition, m: dict[str, Any], actor: User, today: dt.date) -> None:
    """Add one milestone of an answer and move it as the scenario says, through the services."""
    planned = day(m["planned"], today)
    assert planned is not None
    milestone = milestone_create(disposition=answer, title=m["title"], planned_date=planned, actor=actor)
    evidence = {
        "note": m.get("note", ""),
        "url": m.get("url", ""),
        "figure": Decimal(str(m["figure"])) if m.get("figure") is not None else None,
        "figure_label": m.get("figure_label", ""),
    }
    status = m.get("status", MilestoneStatus.PLANNED)
    if status == MilestoneStatus.IN_PROGRESS:
        milestone_start(milestone=milestone, actor=actor, **evidence)
    elif status == MilestoneStatus.DONE:
        milestone_complete(
            milestone=milestone, actor=actor, completed_on=day(m.get("completed_on"), today), **evidence
        )
    elif status == MilestoneStatus.DELAYED:
        milestone_delay(
            milestone=milestone,
            actor=actor,
            reason=m["reason"],
            new_planned_date=day(m["new_planned"], today),
        )
    elif status == MilestoneStatus.DROPPED:
        milestone_drop(milestone=milestone, actor=actor, reason=m["reason"])


def _users(data: dict[str, Any], orgs: dict[str, Organisation], people: dict[str, Person]) -> dict[str, User]:
    """Create the demo logins; the returned map also finds an officer's user by ``person:<key>``."""
    found: dict[str, User] = {}
    admin = User.objects.create_superuser("admin", "admin@example.kr", DEMO_PASSWORD)
    found["admin"] = admin
    for u in data["users"]:
        person = people.get(u.get("person") or "")
        user = User.objects.create_user(
            u["username"],
            person.email if person and person.email else "",
            DEMO_PASSWORD,
            first_name=person.name if person else "",
        )
        org = orgs.get(u.get("department") or u.get("organisation") or "")
        Profile.objects.create(user=user, role=Role(u["role"]), organisation=org, person=person)
        found[u["username"]] = user
        if person is not None:
            found[f"person:{u['person']}"] = user
    if "staff" not in found:
        raise ValueError("scenario.json: a user named 'staff' is required")
    return found
