"""Writes to organisations and people."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sori.core import audit
from sori.registry.models import Organisation, OrganisationKind, Person, organisation_key

def organisation_find(*, name: str) -> Organisation | None:
    """Return the organisation known under ``name`` or a spelling of it, or None."""
    exact = Organisation.objects.filter(name=name.strip()).first()
    if exact is not None:
        return exact
    key = organisation_key(name)
    return Organisation.objects.filter(name_key=key).order_by("id").first() if key else None


@transaction.atomic
def organisation_get_or_create(
    *, name: str, actor: Any, kind: str = OrganisationKind.COMPANY, **fields: Any
) -> tuple[Organisation, bool]:
    """Return the organisation named ``name`` (matching legal-form spellings), creating it if new."""
    found = organisation_find(name=name)
    if found is not None:
        return found, False
    org = Organisation.objects.create(name=name.strip(), kind=kind, **fields)
    audit.record(actor=actor, action="organisation.create", target=org, summary=org.name, after={"name": org.name})
    return org, True


@transaction.atomic
def person_create(*, name: str, actor: Any, organisation: Organisation | None = None, **fields: Any) -> Person:
    """Create a person; ``contact_consent`` must be given explicitly by the caller when known."""
    person = Person.objects.create(name=name.strip(), organisation=organisation, **fields)
    audit.record(
        actor=actor, action="person.create", target=person, summary=person.name, after={"name": person.name}
    )
    return person
