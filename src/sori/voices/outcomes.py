"""The outcome of a demand's answer (처리결과), kept on the demand itself so lists filter without a join."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("반영")
    PARTLY_ADOPTED = "partly_adopted", _("일부 반영")
    UNDER_REVIEW = "under_review", _("검토 중")
    LONG_TERM = "long_term", _("중장기 검토")
    NOT_ADOPTED = "not_adopted", _("반영 곤란")
    REFERRED = "referred", _("타 기관 이관")


# One colour per outcome, everywhere (UX.md): a reasoned "no" is grey, never red.
OUTCOME_COLOURS = {
    Outcome.ADOPTED: "green",
    Outcome.PARTLY_ADOPTED: "teal",
    Outcome.UNDER_REVIEW: "blue",
    Outcome.LONG_TERM: "purple",
    Outcome.NOT_ADOPTED: "grey",
    Outcome.REFERRED: "amber",
}
