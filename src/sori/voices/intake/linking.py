"""Linking names heard at a meeting to the registry: exact key first, then the closest spelling, else new.

Fast entry and the minutes review both show staff how sure each link is before anything is saved, and
both save through :func:`speaker_resolve`, so what the preview promises is what gets recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from sori.minutes import Role, best_match
from sori.registry.models import Organisation, Person, organisation_key
from sori.registry.services import organisation_get_or_create, person_create

# Below this a similar spelling is not linked: "엑스알AI" scores 0.62 against "㈜엑스알에이아이".
# One mistyped syllable in a five-syllable name ("광주데이타") scores about 0.91.
FUZZY_LINK = 0.85

EXACT = "exact"
FUZZY = "fuzzy"
NEW = "new"
# Committee members and chairs speak in their own name: no organisation is linked for them.
OWN_NAME_ROLES = frozenset({Role.MEMBER.value, Role.CHAIR.value})


@dataclass(frozen=True)
class OrganisationLink:
    """How a written organisation name meets the registry.

    ``how`` is ``exact`` (same comparison key), ``fuzzy`` (closest spelling, ``score`` in [0.85, 0.95])
    or ``new`` (registered on saving); ``organisation_id`` and ``registry_name`` are set for the first two.
    """

    written: str
    how: str
    organisation_id: int | None = None
    registry_name: str = ""
    score: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """Return the link as stored in a minutes review and sent to the fast-entry preview."""
        return {
            "written": self.written,
            "how": self.how,
            "organisation_id": self.organisation_id,
            "registry_name": self.registry_name,
            "score": self.score,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OrganisationLink:
        return cls(
            written=data.get("written", ""),
            how=data.get("how", NEW),
            organisation_id=data.get("organisation_id"),
            registry_name=data.get("registry_name", ""),
            score=float(data.get("score") or 0.0),
        )


class Registry:
    """The registry's organisation names, read once per request and looked up many times."""

    def __init__(self) -> None:
        rows = list(Organisation.objects.order_by("id").values_list("id", "name", "name_key"))
        self._names = [(pk, name) for pk, name, _key in rows]
        self._by_key: dict[str, tuple[int, str]] = {}
        for pk, name, key in rows:
            self._by_key.setdefault(key, (pk, name))

    def exact(self, name: str) -> tuple[int, str] | None:
        """Return (id, name) of the organisation whose comparison key equals that of ``name``."""
        key = organisation_key(name)
        return self._by_key.get(key) if key else None

    def link(self, written: str, *, new: bool = False) -> OrganisationLink:
        """Return how ``written`` links: exact key match, else the best match of at least ``FUZZY_LINK``.

        ``new`` asks for a new organisation even when a similar spelling exists (an exact match still wins,
        since the registry refuses a second organisation with the same key).
        """
        found = self.exact(written)
        if found is not None:
            return OrganisationLink(written, EXACT, found[0], found[1], 1.0)
        if not new:
            match = best_match(written, self._names, min_confidence=FUZZY_LINK)
            if match is not None:
                return OrganisationLink(written, FUZZY, match.key, match.display, match.confidence)
        return OrganisationLink(written, NEW)


@transaction.atomic
def speaker_resolve(
    *, name: str, title: str, role: str, link: OrganisationLink | None, actor: User
) -> tuple[Organisation | None, Person | None]:
    """Return the organisation and person to record a proposal under, registering the missing ones.

    A linked organisation is used as it is; a ``new`` one is registered (or found, if an earlier line of
    the same save registered it). Members and chairs get no organisation. A person is found by name within
    the organisation (or among people without one) and created with ``title`` as their role otherwise.
    """
    organisation = None
    if link is not None and link.written and role not in OWN_NAME_ROLES:
        if link.organisation_id is not None:
            organisation = Organisation.objects.filter(pk=link.organisation_id).first()
        if organisation is None:
            organisation, _created = organisation_get_or_create(name=link.written, actor=actor)
    person = None
    name = name.strip()
    if name:
        person = Person.objects.filter(name=name, organisation=organisation).order_by("id").first()
        if person is None:
            person = person_create(name=name, actor=actor, organisation=organisation, role=title.strip())
    return organisation, person
