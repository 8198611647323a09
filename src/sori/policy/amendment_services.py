"""Drafting amendments (조문 개정안) of a demand that needs an ordinance or a law revision."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.submissions import submission_claim, submission_complete
from sori.policy.comparison import Comparison, compare
from sori.policy.models import LEGAL_INSTRUMENTS, Amendment, Instrument, ReasonCode, current_disposition
from sori.voices.models import Demand, Stage

_FIELDS = ("title", "article", "current_text", "proposed_text", "rationale")


def needs_legal_text(demand: Demand) -> bool:
    """Return whether the demand's current answer goes through an ordinance or a law revision."""
    disposition = current_disposition(demand)
    return disposition is not None and (
        disposition.instrument in LEGAL_INSTRUMENTS or disposition.reason_code == ReasonCode.NATIONAL_LAW
    )


def amendment_blocked(demand: Demand) -> str:
    """Return why no new draft may be made for this demand, or ``""`` when one may."""
    if demand.stage == Stage.MERGED:
        return _("병합된 수요에는 대비표를 만들 수 없습니다. 병합된 수요에서 작업해 주세요.")
    if not needs_legal_text(demand):
        return _(
            "대비표는 처리결과의 수단이 '%(ordinance)s' 또는 '%(law)s'인 수요에만 만들 수 있습니다. "
            "먼저 처리결과에 수단을 기록해 주세요."
        ) % {"ordinance": Instrument.ORDINANCE.label, "law": Instrument.LAW_REVISION.label}
    return ""


def amendment_errors(*, demand: Demand, title: str, current_text: str, proposed_text: str) -> dict[str, str]:
    """Return field → message for every rule a draft breaks; empty when it may be saved."""
    errors: dict[str, str] = {}
    blocked = amendment_blocked(demand)
    if blocked:
        errors["__all__"] = blocked
    if not title.strip():
        errors["title"] = _("법규명을 적어 주세요(예: 광주광역시 인공지능산업 육성 조례).")
    if not current_text.strip() and not proposed_text.strip():
        errors["proposed_text"] = _(
            "현행 조문과 개정안 중 하나는 있어야 합니다. "
            "새 조문이면 개정안만, 삭제면 현행만 붙여 넣어 주세요."
        )
    return errors


def _values(amendment: Amendment) -> dict[str, Any]:
    return {field: getattr(amendment, field) for field in _FIELDS}


@transaction.atomic
def amendment_create(
    *,
    demand: Demand,
    actor: User,
    title: str,
    article: str = "",
    current_text: str = "",
    proposed_text: str = "",
    rationale: str = "",
    submission_key: str = "",
) -> Amendment:
    """Save a draft amendment with the demand. A repeated ``submission_key`` returns the first draft."""
    # The demand is part of the action, so a key is never answered with another demand's draft.
    action = f"amendment.create:{demand.id}"
    if earlier := submission_claim(key=submission_key, action=action, model=Amendment):
        return earlier[0]
    demand = Demand.objects.select_for_update().get(id=demand.id)
    errors = amendment_errors(
        demand=demand, title=title, current_text=current_text, proposed_text=proposed_text
    )
    if errors:
        raise ValidationError(errors)
    amendment = Amendment.objects.create(
        demand=demand,
        title=title.strip(),
        article=article.strip(),
        current_text=current_text.strip(),
        proposed_text=proposed_text.strip(),
        rationale=rationale.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    submission_complete(key=submission_key, targets=[amendment])
    audit.record(
        actor=actor,
        action="amendment.create",
        target=amendment,
        scope=demand,
        summary=str(amendment),
        after=_values(amendment),
    )
    return amendment


@transaction.atomic
def amendment_update(
    *,
    amendment: Amendment,
    actor: User,
    title: str,
    article: str = "",
    current_text: str = "",
    proposed_text: str = "",
    rationale: str = "",
) -> Amendment:
    """Change a draft; the audit record keeps the text before and after, so every version can be read back."""
    amendment = Amendment.objects.select_for_update().select_related("demand").get(id=amendment.id)
    errors = amendment_errors(
        demand=amendment.demand, title=title, current_text=current_text, proposed_text=proposed_text
    )
    if amendment.demand.stage != Stage.MERGED:
        # A draft already made stays editable even if the decision's instrument changed since.
        errors.pop("__all__", None)
    if errors:
        raise ValidationError(errors)
    before = _values(amendment)
    amendment.title = title.strip()
    amendment.article = article.strip()
    amendment.current_text = current_text.strip()
    amendment.proposed_text = proposed_text.strip()
    amendment.rationale = rationale.strip()
    after = _values(amendment)
    if after == before:
        return amendment
    amendment.save()
    audit.record(
        actor=actor,
        action="amendment.update",
        target=amendment,
        scope=amendment.demand,
        summary=str(amendment),
        before={k: v for k, v in before.items() if v != after[k]},
        after={k: v for k, v in after.items() if v != before[k]},
    )
    return amendment


@transaction.atomic
def amendment_delete(*, amendment: Amendment, actor: User) -> None:
    """Delete a draft; the audit record keeps its last text."""
    amendment = Amendment.objects.select_for_update().select_related("demand").get(id=amendment.id)
    audit.record(
        actor=actor,
        action="amendment.delete",
        target=amendment,
        scope=amendment.demand,
        summary=str(amendment),
        before=_values(amendment),
    )
    amendment.delete()


def amendments_of(demand: Demand) -> QuerySet[Amendment]:
    """Return a demand's drafts, oldest first."""
    return Amendment.objects.filter(demand=demand).select_related("created_by").order_by("created_at", "id")


def amendment_table(amendment: Amendment, *, elide_unchanged: bool = True) -> Comparison:
    """Return the comparison table of a draft."""
    return compare(amendment.current_text, amendment.proposed_text, elide_unchanged=elide_unchanged)
