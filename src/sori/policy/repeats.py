"""Earlier demands asking the same, each with the answer it got then: what an officer and a letter recall."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sori.policy.models import Disposition
from sori.voices.models import Demand
from sori.voices.repeats import AskedBefore, EarlierDemand, asked_before_many


def _has_final_consonant(word: str) -> bool:
    """Return whether the last syllable of a Korean word ends in a consonant other than ㄹ (then '으로')."""
    last = word.strip()[-1:] if word.strip() else ""
    if not ("가" <= last <= "힣"):
        return False
    final = (ord(last) - ord("가")) % 28
    return final not in (0, 8)  # none, or ㄹ: '로'


@dataclass(frozen=True)
class EarlierAnswer:
    """An earlier demand and its latest answer (None when it was never answered)."""

    earlier: EarlierDemand
    disposition: Disposition | None

    @property
    def demand(self) -> Demand:
        return self.earlier.demand

    @property
    def year(self) -> int:
        return self.earlier.year

    @property
    def sentence(self) -> str:
        """Return "이 요구는 2020년에도 제기되었고, 당시 '중장기 검토'로 답했습니다: <사유>" for a letter."""
        d = self.disposition
        if d is None:
            return _("이 요구는 %(year)s년에도 제기되었습니다.") % {"year": self.year}
        outcome = str(d.get_outcome_display())
        values = {"year": self.year, "outcome": outcome}
        if _has_final_consonant(outcome):
            said = _("이 요구는 %(year)s년에도 제기되었고, 당시 '%(outcome)s'으로 답했습니다") % values
        else:
            said = _("이 요구는 %(year)s년에도 제기되었고, 당시 '%(outcome)s'로 답했습니다") % values
        reason = " ".join(d.reason.split())
        return f"{said}: {reason}" if reason else f"{said}."


@dataclass(frozen=True)
class AskedBeforeAnswers:
    """A demand's confirmed history (``sori.voices.repeats.AskedBefore``) with each earlier answer."""

    history: AskedBefore
    answers: tuple[EarlierAnswer, ...]

    def __bool__(self) -> bool:
        return bool(self.answers)

    @property
    def years_label(self) -> str:
        return self.history.years_label

    @property
    def rounds_label(self) -> str:
        return self.history.rounds_label


def latest_answers(demand_ids: Iterable[int]) -> dict[int, Disposition]:
    """Return each demand's current answer (the latest disposition), in one query."""
    latest: dict[int, Disposition] = {}
    rows = Disposition.objects.filter(demand_id__in=set(demand_ids)).select_related("department")
    for d in rows.order_by("demand_id", "-decided_at", "-id"):
        latest.setdefault(d.demand_id, d)
    return latest


def asked_before_with_answers_many(demand_ids: Iterable[int]) -> dict[int, AskedBeforeAnswers]:
    """Return each demand's earlier demands, oldest first, each with its latest answer.

    The queries of ``asked_before_many`` and one more for the answers when any earlier demand was found.
    """
    histories = asked_before_many(demand_ids)
    wanted = {e.demand.id for h in histories.values() for e in h.earlier}
    latest = latest_answers(wanted) if wanted else {}
    return {
        demand_id: AskedBeforeAnswers(
            history=history,
            answers=tuple(EarlierAnswer(e, latest.get(e.demand.id)) for e in history.earlier),
        )
        for demand_id, history in histories.items()
    }


def asked_before_with_answers(demand: Demand) -> AskedBeforeAnswers:
    """Return the earlier demands ``demand`` repeats, oldest first, each with the answer it got."""
    return asked_before_with_answers_many([demand.id])[demand.id]
