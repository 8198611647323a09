"""Matching: sites ↔ AI firms' solutions and manufacturers' needs ↔ AI firms' capabilities.

Candidates are ranked by text similarity (``rank``), filtered by hard constraints, each match explained.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from sori.programs.models import DemoSite
from sori.registry.models import Organisation, OrganisationKind
from sori.text import Doc, SimilarityIndex

AI_FIRM_KINDS = (OrganisationKind.COMPANY,)


@dataclass(frozen=True)
class Ranked:
    """A candidate's similarity to the query (0–1) and the keywords both texts share."""

    id: str
    score: float
    shared: tuple[str, ...]


def rank(query: str, candidates: Sequence[tuple[str, str]], *, k: int = 10) -> list[Ranked]:
    """Return up to ``k`` candidates (id, text) most similar to ``query``, best first.

    Empty texts never match.
    """
    candidates = [(i, t) for i, t in candidates if t.strip()]
    if not query.strip() or not candidates:
        return []
    index = SimilarityIndex.build([Doc(i, t) for i, t in candidates])
    return [Ranked(m.id, m.score, m.shared_keywords) for m in index.query(query, k=k, min_score=0.0)]


@dataclass(frozen=True)
class MatchRow:
    """One candidate with its score, shared keywords and the hard constraints it passes or fails."""

    id: int
    name: str
    text: str
    score: float
    shared: tuple[str, ...]
    checks: tuple[tuple[bool, str], ...]

    @property
    def eligible(self) -> bool:
        return all(ok for ok, _t in self.checks)


def _ai_firms(exclude: int | None = None) -> list[Organisation]:
    qs = Organisation.objects.filter(kind__in=AI_FIRM_KINDS).exclude(ai_capabilities="")
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return list(qs.only("id", "name", "ai_capabilities"))


def site_constraints(
    site: DemoSite, starts_on: dt.date, ends_on: dt.date, taken: int
) -> list[tuple[bool, str]]:
    """Return the site's hard constraints for the period: availability and free capacity."""
    available = site.available_from <= starts_on and ends_on <= site.available_until
    free = site.capacity - taken
    return [
        (available, _("이용 가능 기간 %(a)s~%(b)s") % {"a": site.available_from, "b": site.available_until}),
        (free > 0, _("빈자리 %(f)s/%(c)s") % {"f": max(free, 0), "c": site.capacity}),
    ]


def firms_for_site(site: DemoSite, starts_on: dt.date, ends_on: dt.date, k: int = 10) -> list[MatchRow]:
    """Rank AI firms whose capabilities fit what the site can test; the site's constraints apply to all."""
    taken = site.placements.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).count()
    placed = set(site.placements.values_list("organisation_id", flat=True))
    checks = site_constraints(site, starts_on, ends_on, taken)
    firms = {str(o.id): o for o in _ai_firms()}
    rows = []
    for r in rank(site.testable, [(i, o.ai_capabilities) for i, o in firms.items()], k=k):
        o = firms[r.id]
        own = (o.id not in placed, _("이미 이 공간에 배정됨") if o.id in placed else _("AI기업"))
        rows.append(MatchRow(o.id, o.name, o.ai_capabilities, r.score, r.shared, (*checks, own)))
    return rows


def sites_for_firm(firm: Organisation, starts_on: dt.date, ends_on: dt.date) -> list[MatchRow]:
    """Rank sites for a firm's capabilities (or needs), each with its availability and capacity checks."""
    sites = {
        str(s.id): s
        for s in DemoSite.objects.annotate(
            taken=Count(
                "placements", filter=Q(placements__starts_on__lte=ends_on, placements__ends_on__gte=starts_on)
            )
        )
    }
    text = firm.ai_capabilities or firm.ai_needs
    rows = []
    for r in rank(text, [(i, s.testable) for i, s in sites.items()], k=len(sites) or 1):
        s = sites[r.id]
        rows.append(
            MatchRow(
                s.id,
                s.name,
                s.testable,
                r.score,
                r.shared,
                tuple(site_constraints(s, starts_on, ends_on, s.taken)),
            )
        )
    return sorted(rows, key=lambda m: (not m.eligible, -m.score))


def firms_for_need(organisation: Organisation, k: int = 10) -> list[MatchRow]:
    """Rank AI firms whose capabilities answer a manufacturer's AI needs (the 'midfielder')."""
    firms = {str(o.id): o for o in _ai_firms(exclude=organisation.id)}
    return [
        MatchRow(
            firms[r.id].id,
            firms[r.id].name,
            firms[r.id].ai_capabilities,
            r.score,
            r.shared,
            ((True, _("AI기업")),),
        )
        for r in rank(organisation.ai_needs, [(i, o.ai_capabilities) for i, o in firms.items()], k=k)
    ]
