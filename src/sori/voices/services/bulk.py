"""Acting on many demands at once from the demands list: assign a department, set the theme, (un)publish.

All or nothing: each demand goes through the same service as on its own page (so each gets its own audit
record), all in one transaction; if any one of them cannot be changed, none is, and the refusal names every
demand that stood in the way and why. A demand already as asked (already in that department, already public)
is left as it is and counted apart — it is not a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.registry.models import Organisation
from sori.voices.models import Demand, Stage, Theme
from sori.voices.services.demands import demand_assign, demand_publish, demand_rename

# More than a list page shows (50) with room for a second page ticked; past this, filter the list instead.
MAX_BULK = 200


class BulkAction(models.TextChoices):
    ASSIGN = "assign", gettext_lazy("소관부서 지정")
    THEME = "theme", gettext_lazy("분야 지정")
    PUBLISH = "publish", gettext_lazy("공개")
    UNPUBLISH = "unpublish", gettext_lazy("비공개로 내리기")


@dataclass(frozen=True)
class Refusal:
    """A demand the action could not change, and why, in words for the person who chose it."""

    demand_id: int
    title: str
    reason: str


class BulkRefused(ValidationError):
    """Raised when at least one demand cannot be changed; nothing was changed."""

    def __init__(self, refusals: Sequence[Refusal]) -> None:
        super().__init__([f"#{r.demand_id} {r.title}: {r.reason}" for r in refusals])
        self.refusals = list(refusals)


@dataclass
class BulkResult:
    """What one bulk action did: the demands it changed and those already as asked."""

    action: BulkAction
    changed: list[Demand] = field(default_factory=list)
    unchanged: list[Demand] = field(default_factory=list)


def _refusal(demand: Demand, action: BulkAction) -> str:
    """Return why ``action`` may not touch ``demand`` in a bulk action, or "" if it may try."""
    if demand.stage == Stage.MERGED and action != BulkAction.UNPUBLISH:
        return _("다른 수요에 병합되어 닫힌 수요입니다. 병합된 수요에서 작업해 주세요.")
    if action == BulkAction.ASSIGN and demand.stage == Stage.ANSWERED:
        return _("이미 답변이 기록된 수요입니다. 부서를 바꾸려면 그 수요의 화면에서 따로 바꿔 주세요.")
    return ""


def _already(
    demand: Demand, action: BulkAction, department: Organisation | None, theme: Theme | None
) -> bool:
    if action == BulkAction.ASSIGN:
        return (
            demand.stage == Stage.ASSIGNED
            and department is not None
            and demand.department_id == department.id
        )
    if action == BulkAction.THEME:
        return theme is not None and demand.theme_id == theme.id
    return demand.published == (action == BulkAction.PUBLISH)


@transaction.atomic
def demands_bulk(
    *,
    demand_ids: Sequence[int],
    action: BulkAction,
    actor: User,
    department: Organisation | None = None,
    theme: Theme | None = None,
) -> BulkResult:
    """Apply ``action`` to every demand of ``demand_ids``, or to none of them (raising ``BulkRefused``).

    ``department`` is needed to assign (each demand gets its own first-answer deadline by the usual rule),
    ``theme`` to set the theme. Answered demands are not re-assigned in bulk: moving an answered demand is a
    decision to take one by one.
    """
    action = BulkAction(action)
    ids = list(dict.fromkeys(int(i) for i in demand_ids))
    if not ids:
        raise ValidationError(_("바꿀 수요를 하나 이상 체크해 주세요."))
    if len(ids) > MAX_BULK:
        raise ValidationError(
            _("한 번에 %(max)s건까지 바꿀 수 있습니다. 목록을 걸러 나눠서 해 주세요.") % {"max": MAX_BULK}
        )
    if action == BulkAction.ASSIGN and department is None:
        raise ValidationError({"department": _("배정할 소관부서를 골라 주세요.")})
    if action == BulkAction.THEME and theme is None:
        raise ValidationError({"theme": _("지정할 분야를 골라 주세요.")})
    found = Demand.objects.select_for_update().in_bulk(ids)
    result = BulkResult(action=action)
    refusals: list[Refusal] = []
    for demand_id in ids:
        demand = found.get(demand_id)
        if demand is None:
            refusals.append(Refusal(demand_id, "", _("찾을 수 없는 수요입니다. 목록을 새로 고쳐 주세요.")))
            continue
        reason = _refusal(demand, action)
        if reason:
            refusals.append(Refusal(demand.id, demand.title, reason))
            continue
        if _already(demand, action, department, theme):
            result.unchanged.append(demand)
            continue
        try:
            if action == BulkAction.ASSIGN:
                assert department is not None
                demand = demand_assign(demand=demand, department=department, actor=actor)
            elif action == BulkAction.THEME:
                demand = demand_rename(demand=demand, title=demand.title, theme=theme, actor=actor)
            else:
                demand = demand_publish(demand=demand, published=action == BulkAction.PUBLISH, actor=actor)
        except (
            ValidationError
        ) as exc:  # the service's own rule (no proposals yet, …); its savepoint is undone
            refusals.append(Refusal(demand.id, demand.title, " ".join(exc.messages)))
            continue
        result.changed.append(demand)
    if refusals:
        raise BulkRefused(refusals)
    return result
