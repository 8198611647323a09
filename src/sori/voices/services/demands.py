"""Organising proposals into demands: create, add, split, merge, rename, assign, publish, support, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit, hooks
from sori.core.models import AuditRecord
from sori.core.submissions import submission_claim, submission_complete
from sori.registry.models import Organisation, OrganisationKind
from sori.voices import events
from sori.voices.deadlines import first_answer_due
from sori.voices.models import Demand, Moderation, Proposal, Stage, Support, Theme
from sori.voices.workflow import check_transition

GROUPING_ACTIONS = ("demand.create", "demand.add", "demand.split", "demand.merge", "demand.remove")


def _clean_title(title: str) -> str:
    """A demand's title is one line: it heads lists, e-mail subjects and file names."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("수요를 한 문장으로 적어 주세요."))
    if len(title) > 300:
        raise ValidationError(_("수요는 300자 이하의 한 문장으로 적어 주세요."))
    return title


def _groupable(proposal_ids: Sequence[int]) -> list[Proposal]:
    ids = list(dict.fromkeys(int(i) for i in proposal_ids))
    if not ids:
        raise ValidationError(_("묶을 제안을 하나 이상 선택해 주세요."))
    proposals = list(Proposal.objects.select_for_update().filter(id__in=ids))
    if len(proposals) != len(ids):
        raise ValidationError(
            _("선택한 제안 중 일부를 찾을 수 없습니다. 목록을 새로 고친 뒤 다시 선택해 주세요.")
        )
    pending = [p for p in proposals if p.moderation != Moderation.ACCEPTED]
    if pending:
        raise ValidationError(_("검토 대기 중이거나 반려된 제안은 묶을 수 없습니다. 먼저 접수해 주세요."))
    return proposals


def _move(proposals: list[Proposal], demand: Demand | None) -> dict[str, dict[str, Any]]:
    """Point ``proposals`` at ``demand``; return, for undo, their previous demand ids and join times.

    A proposal already in ``demand`` keeps its join time: it did not just join.
    """
    target = demand.id if demand is not None else None
    moving = [p.id for p in proposals if p.demand_id != target]
    Proposal.objects.filter(id__in=moving).update(
        demand=demand, joined_at=timezone.now() if demand is not None else None
    )
    return {
        "proposals": {str(p.id): p.demand_id for p in proposals},
        "joined": {str(p.id): p.joined_at.isoformat() if p.joined_at else None for p in proposals},
    }


def _voices_added(demand: Demand, proposals: list[Proposal], actor: User) -> None:
    """Tell later apps which proposals just joined ``demand`` (the department may owe them a fresh look)."""
    joined = [p.id for p in proposals if p.demand_id != demand.id]
    if joined:
        hooks.fire(events.DEMAND_VOICES_ADDED, demand=demand, proposal_ids=joined, actor=actor)


def _open_demand(demand_id: int) -> Demand:
    demand = Demand.objects.select_for_update().get(id=demand_id)
    if demand.stage == Stage.MERGED:
        raise ValidationError(_("이미 다른 수요에 병합된 수요입니다. 병합된 수요에서 작업해 주세요."))
    return demand


@transaction.atomic
def demand_create(
    *,
    title: str,
    proposal_ids: Sequence[int],
    actor: User,
    theme: Theme | None = None,
    submission_key: str | None = None,
) -> Demand:
    """Group proposals into a new demand (새 수요로 묶기); they leave any demand they were in.

    A repeated ``submission_key`` returns the demand the first submission made, instead of making another
    and moving the proposals to it (which would leave the first demand empty).
    """
    if earlier := submission_claim(key=submission_key, action="demand.create", model=Demand):
        return earlier[0]
    proposals = _groupable(proposal_ids)
    demand = Demand.objects.create(
        title=_clean_title(title), theme=theme, created_by=actor if actor.is_authenticated else None
    )
    previous = _move(proposals, demand)
    audit.record(
        actor=actor,
        action="demand.create",
        target=demand,
        summary=_("제안 %(count)s건으로 새 수요 생성") % {"count": len(proposals)},
        after={"title": demand.title, "theme": theme},
        before={"undo": {**previous, "created": [demand.id]}},
    )
    submission_complete(key=submission_key, targets=[demand])
    return demand


@transaction.atomic
def demand_add_proposals(*, demand: Demand, proposal_ids: Sequence[int], actor: User) -> Demand:
    """Add proposals to an existing demand (기존 수요에 추가)."""
    demand = _open_demand(demand.id)
    proposals = _groupable(proposal_ids)
    previous = _move(proposals, demand)
    audit.record(
        actor=actor,
        action="demand.add",
        target=demand,
        summary=_("제안 %(count)s건 추가") % {"count": len(proposals)},
        before={"undo": previous},
    )
    _voices_added(demand, proposals, actor)
    return demand


@transaction.atomic
def demand_add_new_proposals(*, demand: Demand, proposal_ids: Sequence[int], actor: User) -> int:
    """Add the proposals not yet in ``demand`` and return how many moved; a repeated POST adds nothing.

    Without this, a double-submitted "기존 수요에 추가" would write a second, empty grouping action and the
    user's "되돌리기" would undo that no-op instead of the real one.
    """
    ids = [int(i) for i in proposal_ids]
    already = set(Proposal.objects.filter(id__in=ids, demand=demand).values_list("id", flat=True))
    new = [i for i in ids if i not in already]
    if ids and not new:
        return 0
    demand_add_proposals(demand=demand, proposal_ids=new, actor=actor)
    return len(new)


@transaction.atomic
def demand_remove_proposals(*, demand: Demand, proposal_ids: Sequence[int], actor: User) -> Demand:
    """Take proposals out of a demand; they wait to be grouped again."""
    demand = _open_demand(demand.id)
    proposals = [p for p in _groupable(proposal_ids) if p.demand_id == demand.id]
    if not proposals:
        raise ValidationError(_("이 수요에 속한 제안을 선택해 주세요."))
    previous = _move(proposals, None)
    audit.record(
        actor=actor,
        action="demand.remove",
        target=demand,
        summary=_("제안 %(count)s건 제외") % {"count": len(proposals)},
        before={"undo": previous},
    )
    return demand


@transaction.atomic
def demand_split(
    *,
    demand: Demand,
    proposal_ids: Sequence[int],
    title: str,
    actor: User,
    submission_key: str | None = None,
) -> Demand:
    """Move some of a demand's proposals into a new demand with its own title; return the new demand.

    A repeated ``submission_key`` returns the demand the first submission split off.
    """
    if earlier := submission_claim(key=submission_key, action="demand.split", model=Demand):
        return earlier[0]
    demand = _open_demand(demand.id)
    proposals = _groupable(proposal_ids)
    if any(p.demand_id != demand.id for p in proposals):
        raise ValidationError(_("이 수요에 속한 제안만 나눌 수 있습니다."))
    if len(proposals) == demand.proposals.count():
        raise ValidationError(
            _("모든 제안을 옮기면 나누는 것이 아닙니다. 일부만 선택하거나 제목을 바꿔 주세요.")
        )
    new = Demand.objects.create(
        title=_clean_title(title), theme=demand.theme, created_by=actor if actor.is_authenticated else None
    )
    previous = _move(proposals, new)
    audit.record(
        actor=actor,
        action="demand.split",
        target=new,
        scope=demand,
        summary=_("'%(old)s'에서 제안 %(count)s건을 나눠 새 수요 생성")
        % {"old": demand.title[:80], "count": len(proposals)},
        before={"undo": {**previous, "created": [new.id]}},
        after={"title": new.title},
    )
    submission_complete(key=submission_key, targets=[new])
    return new


@transaction.atomic
def demand_merge(*, target: Demand, others: Sequence[Demand], actor: User, title: str = "") -> Demand:
    """Merge ``others`` into ``target``: their proposals move over and they close as merged."""
    target = _open_demand(target.id)
    sources = [_open_demand(d.id) for d in others if d.id != target.id]
    if not sources:
        raise ValidationError(_("병합할 다른 수요를 하나 이상 선택해 주세요."))
    before_title = target.title
    if title.strip():
        target.title = _clean_title(title)
        target.save(update_fields=["title", "updated_at"])
    moved: dict[str, dict[str, Any]] = {"proposals": {}, "joined": {}}
    closed: dict[str, dict[str, Any]] = {}
    joined: list[Proposal] = []
    for source in sources:
        check_transition(source.stage, Stage.MERGED)
        proposals = list(source.proposals.all())
        joined += proposals
        for key, values in _move(proposals, target).items():
            moved[key].update(values)
        closed[str(source.id)] = {"stage": source.stage, "published": source.published}
        source.stage = Stage.MERGED
        source.merged_into = target
        source.published = False
        source.save(update_fields=["stage", "merged_into", "published", "updated_at"])
        audit.record(
            actor=actor,
            action="demand.merged_away",
            target=source,
            summary=target.title[:200],
            before={"stage": closed[str(source.id)]["stage"]},
            after={"stage": Stage.MERGED},
        )
    audit.record(
        actor=actor,
        action="demand.merge",
        target=target,
        summary=_("수요 %(count)s건 병합") % {"count": len(sources)},
        before={"title": before_title, "undo": {**moved, "closed": closed, "title": before_title}},
        after={"title": target.title},
    )
    _voices_added(target, joined, actor)
    return target


@transaction.atomic
def demand_rename(*, demand: Demand, title: str, actor: User, theme: Theme | None = None) -> Demand:
    """Change a demand's sentence and theme; a staff title is never overwritten by a machine re-run."""
    demand = _open_demand(demand.id)
    before = {"title": demand.title, "theme": demand.theme}
    demand.title = _clean_title(title)
    demand.theme = theme
    demand.save(update_fields=["title", "theme", "updated_at"])
    audit.record(
        actor=actor,
        action="demand.rename",
        target=demand,
        summary=demand.title[:200],
        before=before,
        after={"title": demand.title, "theme": theme},
    )
    return demand


def answer_due_for(demand: Demand, assigned_on: dt.date) -> dt.date:
    """Return the first-answer deadline by the rule of ``sori.voices.deadlines`` (series, channel, days)."""
    return first_answer_due(demand=demand, assigned_on=assigned_on)


@transaction.atomic
def demand_assign(
    *, demand: Demand, department: Organisation, actor: User, answer_due: dt.date | None = None
) -> Demand:
    """Send a demand to the department in charge (소관부서 지정) with a first-answer deadline."""
    demand = _open_demand(demand.id)
    if department.kind != OrganisationKind.DEPARTMENT:
        raise ValidationError(_("소관부서는 시 부서여야 합니다. 기관 목록에서 부서를 선택해 주세요."))
    if not demand.proposals.exists():
        raise ValidationError(_("제안이 없는 수요는 부서에 보낼 수 없습니다."))
    new_stage = Stage.ANSWERED if demand.stage == Stage.ANSWERED else Stage.ASSIGNED
    check_transition(demand.stage, new_stage)
    before = {"department": demand.department, "stage": demand.stage, "answer_due": demand.answer_due}
    now = timezone.now()
    demand.department = department
    demand.stage = new_stage
    demand.assigned_at = now
    if demand.stage == Stage.ASSIGNED:
        demand.answer_due = answer_due or answer_due_for(demand, timezone.localdate(now))
    demand.save(update_fields=["department", "stage", "assigned_at", "answer_due", "updated_at"])
    audit.record(
        actor=actor,
        action="demand.assign",
        target=demand,
        summary=department.name,
        before=before,
        after={"department": department, "stage": demand.stage, "answer_due": demand.answer_due},
    )
    hooks.fire(events.DEMAND_ASSIGNED, demand=demand, actor=actor)
    return demand


@transaction.atomic
def demand_publish(*, demand: Demand, published: bool, actor: User) -> Demand:
    """Show or hide a demand on the public tracker (staff moderate what becomes public)."""
    demand = _open_demand(demand.id)
    if demand.published == published:
        return demand
    demand.published = published
    demand.save(update_fields=["published", "updated_at"])
    audit.record(
        actor=actor,
        action="demand.publish",
        target=demand,
        summary=demand.title[:200],
        before={"published": not published},
        after={"published": published},
    )
    return demand


def demand_support(*, demand: Demand, supporter_key: str, basis: str) -> bool:
    """Record one support (공감) for a published demand; return False if this supporter already did.

    ``supporter_key`` is a keyed hash (of an account id or a confirmed address) made by the caller; ``basis``
    a ``SupportBasis`` saying which.
    """
    if not demand.published or demand.stage == Stage.MERGED:
        raise ValidationError(_("공개된 수요에만 공감할 수 있습니다."))
    try:
        with transaction.atomic():
            Support.objects.create(demand=demand, supporter_key=supporter_key, basis=basis)
    except IntegrityError:
        return False
    return True


def last_undoable(*, actor: User) -> AuditRecord | None:
    """Return the actor's latest grouping action that can still be undone, or None."""
    return (
        AuditRecord.objects.filter(actor=actor, action__in=GROUPING_ACTIONS)
        .exclude(before__undo__isnull=True)
        .order_by("-at", "-id")
        .first()
    )


@transaction.atomic
def grouping_undo(*, actor: User) -> AuditRecord:
    """Undo the actor's last grouping action (create, add, remove, split, merge).

    Proposals go back to the demands they were in; demands the action created are deleted if nothing else has
    been attached to them since; merged demands reopen. The undo is itself audited and cannot be undone twice.
    """
    entry = last_undoable(actor=actor)
    if entry is None:
        raise ValidationError(_("되돌릴 작업이 없습니다."))
    undo = entry.before["undo"]
    # Records from before join times were kept restore none: null never counts as a new voice.
    joined = undo.get("joined", {})
    for pid, old_demand in undo.get("proposals", {}).items():
        at = joined.get(pid)
        Proposal.objects.filter(id=int(pid)).update(
            demand_id=old_demand, joined_at=dt.datetime.fromisoformat(at) if at else None
        )
    for did, state in undo.get("closed", {}).items():
        Demand.objects.filter(id=int(did)).update(
            stage=state["stage"], published=state["published"], merged_into=None
        )
    if "title" in undo:
        Demand.objects.filter(id=int(entry.target.split(":")[1])).update(title=undo["title"])
    for did in undo.get("created", []):
        created = Demand.objects.filter(id=did).first()
        if created is None:
            continue
        # Anything recorded on the new demand since (assigned, published, renamed, answered) would be lost.
        later = (
            AuditRecord.objects.filter(scope=audit.ref(created), id__gt=entry.id)
            .exclude(action__in=(*GROUPING_ACTIONS, "demand.merged_away", "demand.undo"))
            .exists()
        )
        if later or created.proposals.exists() or created.dispositions.exists():
            raise ValidationError(_("그 사이 새 수요에 다른 작업이 있어 되돌릴 수 없습니다."))
        AuditRecord.objects.filter(scope=audit.ref(created)).update(scope="")
        created.delete()
    entry.before = {k: v for k, v in entry.before.items() if k != "undo"}
    entry.save(update_fields=["before"])
    return audit.record(actor=actor, action="demand.undo", target=entry_target(entry), summary=entry.summary)


def entry_target(entry: AuditRecord) -> Demand | AuditRecord:
    """Return the demand an audit entry was about if it still exists, else the entry itself."""
    demand_id = int(entry.target.split(":")[1]) if entry.target.startswith("voices.demand:") else None
    return Demand.objects.filter(id=demand_id).first() or entry if demand_id else entry
