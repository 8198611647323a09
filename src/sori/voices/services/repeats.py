"""Repeat demands: staff confirm that a demand asks again what an earlier one asked, or say it does not."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.formatting import kdate
from sori.voices.models import Demand, RepeatLink, RepeatStatus, Stage
from sori.voices.repeats import asked_before, first_raised


def _locked(demand: Demand, earlier: Demand) -> tuple[Demand, Demand]:
    """Lock both demands, lower id first so two opposite requests cannot deadlock."""
    rows = {
        d.id: d
        for d in Demand.objects.select_for_update().filter(id__in=[demand.id, earlier.id]).order_by("id")
    }
    return rows[demand.id], rows[earlier.id]


def _not_itself(demand: Demand, earlier: Demand) -> None:
    if demand.id == earlier.id:
        raise ValidationError(
            {
                "earlier": _(
                    "수요를 자기 자신과 연결할 수 없습니다. "
                    "이전 회차·연도에 나온 다른 수요의 번호를 적어 주세요."
                )
            }
        )


def _record(link: RepeatLink, *, action: str, actor: User, summary: str, before: str | None) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=link,
        scope=link.demand,
        summary=summary,
        before={"status": before},
        after={"status": link.status},
    )


def _decide(
    *, demand: Demand, earlier: Demand, status: str, actor: User, score: float | None
) -> tuple[RepeatLink, str | None]:
    """Write the judgement on the pair; return the link and its status before (None when new)."""
    link = RepeatLink.objects.select_for_update().filter(demand=demand, earlier=earlier).first()
    before = link.status if link is not None else None
    if link is None:
        link = RepeatLink(demand=demand, earlier=earlier)
    link.status = status
    if score is not None:
        link.score = score
    link.decided_by = actor if actor.is_authenticated else None
    link.decided_at = timezone.now()
    link.save()
    return link, before


@transaction.atomic
def repeat_confirm(*, demand: Demand, earlier: Demand, actor: User, score: float | None = None) -> RepeatLink:
    """Confirm that ``demand`` asks again what ``earlier`` asked (같은 요구로 연결).

    ``earlier`` must have been raised no later than ``demand`` (first accepted proposal, else creation);
    neither may be merged into another demand, and the link may not close a loop. ``score`` is the machine's
    similarity when it suggested the pair. Confirming a pair already confirmed changes nothing.
    """
    _not_itself(demand, earlier)
    demand, earlier = _locked(demand, earlier)
    if demand.stage == Stage.MERGED:
        raise ValidationError(
            {
                "demand": _(
                    "이 수요는 #%(id)s '%(title)s'에 병합되었습니다. 병합된 수요의 페이지에서 연결해 주세요."
                )
                % _merged_into(demand)
            }
        )
    if earlier.stage == Stage.MERGED:
        raise ValidationError(
            {
                "earlier": _(
                    "#%(earlier)s은(는) #%(id)s '%(title)s'에 병합된 수요입니다. #%(id)s과(와) 연결해 주세요."
                )
                % {"earlier": earlier.id, **_merged_into(earlier)}
            }
        )
    raised = first_raised([demand, earlier])
    if raised[earlier.id] > raised[demand.id]:
        raise ValidationError(
            {
                "earlier": _(
                    "#%(id)s '%(title)s'은(는) 이 수요보다 나중(%(day)s)에 제기되었습니다. "
                    "#%(id)s의 페이지에서 이 수요를 이전 요구로 연결해 주세요."
                )
                % {"id": earlier.id, "title": earlier.title, "day": kdate(raised[earlier.id])}
            }
        )
    if any(e.demand.id == demand.id for e in asked_before(earlier).earlier):
        raise ValidationError(
            {
                "earlier": _(
                    "#%(id)s은(는) 이미 이 수요를 이전 요구로 연결해 두었습니다. 거꾸로 연결하려면 "
                    "#%(id)s의 페이지에서 그 연결을 먼저 취소해 주세요."
                )
                % {"id": earlier.id}
            }
        )
    link, before = _decide(
        demand=demand, earlier=earlier, status=RepeatStatus.CONFIRMED, actor=actor, score=score
    )
    if before != RepeatStatus.CONFIRMED:
        _record(
            link,
            action="repeat.confirm",
            actor=actor,
            summary=_("#%(id)s '%(title)s'과(와) 같은 요구로 연결")
            % {"id": earlier.id, "title": earlier.title},
            before=before,
        )
    return link


@transaction.atomic
def repeat_dismiss(*, demand: Demand, earlier: Demand, actor: User, score: float | None = None) -> RepeatLink:
    """Record that ``earlier`` is not the same demand (아님): the machine stops suggesting it on ``demand``.

    Dismissing a confirmed pair takes the link back; dismissing it again changes nothing.
    """
    _not_itself(demand, earlier)
    demand, earlier = _locked(demand, earlier)
    link, before = _decide(
        demand=demand, earlier=earlier, status=RepeatStatus.DISMISSED, actor=actor, score=score
    )
    if before != RepeatStatus.DISMISSED:
        _record(
            link,
            action="repeat.dismiss",
            actor=actor,
            summary=_("#%(id)s '%(title)s'은(는) 같은 요구가 아님")
            % {"id": earlier.id, "title": earlier.title},
            before=before,
        )
    return link


@transaction.atomic
def repeat_undo(*, link: RepeatLink, actor: User) -> Demand:
    """Take back a judgement (연결 취소): the pair is as if never judged, and may be suggested again.

    Returns the later demand, whose page the link was shown on.
    """
    link = RepeatLink.objects.select_for_update().select_related("demand", "earlier").get(id=link.id)
    demand, earlier = link.demand, link.earlier
    audit.record(
        actor=actor,
        action="repeat.undo",
        target=link,
        scope=demand,
        summary=_("#%(id)s '%(title)s'과(와)의 판단 취소") % {"id": earlier.id, "title": earlier.title},
        before={"status": link.status},
        after={"status": None},
    )
    link.delete()
    return demand


def _merged_into(demand: Demand) -> dict[str, object]:
    into = demand.merged_into
    if into is None:
        return {"id": "—", "title": ""}
    return {"id": into.id, "title": into.title}
