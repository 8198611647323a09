"""Writes to organisations and people."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.submissions import submission_claim, submission_complete
from sori.core.web_links import validate_web_links
from sori.registry.models import (
    Organisation,
    OrganisationKind,
    Person,
    business_number_digits,
    organisation_key,
)

# Profile fields staff may set through forms and imports; the audit trail keeps their history.
PROFILE_FIELDS = (
    "name",
    "kind",
    "sector",
    "strategic_field",
    "ai_capabilities",
    "ai_needs",
    "size",
    "founded_year",
    "origin",
    "relocated_on",
    "location",
    "address",
    "email",
    "website",
    "links",
    "business_number",
    "public_name_consent",
)


def organisation_find(*, name: str) -> Organisation | None:
    """Return the organisation known under ``name`` or a spelling of it, or None."""
    exact = Organisation.objects.filter(name=name.strip()).first()
    if exact is not None:
        return exact
    key = organisation_key(name)
    return Organisation.objects.filter(name_key=key).order_by("id").first() if key else None


def organisation_by_business_number(number: str) -> Organisation | None:
    """Return the organisation with this business registration number (any spelling of it), or None."""
    digits = business_number_digits(number)
    return Organisation.objects.filter(business_number=digits).first() if digits else None


@transaction.atomic
def organisation_get_or_create(
    *, name: str, actor: User | None, kind: str = OrganisationKind.COMPANY, **fields: Any
) -> tuple[Organisation, bool]:
    """Return the organisation named ``name`` (matching legal-form spellings), creating it if new."""
    found = organisation_find(name=name)
    if found is not None:
        return found, False
    org = Organisation.objects.create(name=name.strip(), kind=kind, **fields)
    audit.record(
        actor=actor, action="organisation.create", target=org, summary=org.name, after={"name": org.name}
    )
    return org, True


def _check_unique(*, name: str, business_number: str, exclude_id: int | None) -> None:
    others = Organisation.objects.exclude(id=exclude_id) if exclude_id else Organisation.objects.all()
    key = organisation_key(name)
    same = others.filter(name_key=key).first() if key else None
    if same is not None:
        raise ValidationError(
            _(
                "'%(name)s'은(는) 이미 등록된 '%(other)s'과(와) 같은 기관으로 보입니다. "
                "기존 기관을 고쳐 주세요."
            )
            % {"name": name, "other": same.name}
        )
    digits = business_number_digits(business_number)
    if digits and len(digits) != 10:
        raise ValidationError(_("사업자등록번호는 숫자 10자리입니다(예: 123-45-67890)."))
    if digits and others.filter(business_number=digits).exists():
        other = others.get(business_number=digits)
        raise ValidationError(
            _("사업자등록번호 %(number)s은(는) 이미 '%(other)s'에 등록되어 있습니다.")
            % {"number": business_number, "other": other.name}
        )


@transaction.atomic
def organisation_create(
    *, name: str, actor: User | None, submission_key: str | None = None, **fields: Any
) -> Organisation:
    """Create an organisation with its profile; raise ValidationError if it is already registered.

    A second call with the same ``submission_key`` returns the first organisation.
    """
    if earlier := submission_claim(key=submission_key, action="organisation.create", model=Organisation):
        return earlier[0]
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_create: unknown fields {sorted(unknown)}")
    name = name.strip()
    _check_unique(name=name, business_number=fields.get("business_number") or "", exclude_id=None)
    validate_web_links(fields.get("links") or "")
    org = Organisation(name=name, **fields)
    org.save()
    submission_complete(key=submission_key, targets=[org])
    audit.record(
        actor=actor,
        action="organisation.create",
        target=org,
        summary=org.name,
        after={f: getattr(org, f) for f in PROFILE_FIELDS},
    )
    return org


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor: User | None, **fields: Any) -> Organisation:
    """Change profile fields; write one audit record with the fields that changed (none: no record)."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_update: unknown fields {sorted(unknown)}")
    if "links" in fields:
        validate_web_links(fields["links"] or "")
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if "business_number" in fields:
        fields["business_number"] = business_number_digits(fields["business_number"] or "") or None
    _check_unique(
        name=fields.get("name", org.name),
        business_number=fields.get("business_number") or "",
        exclude_id=org.id,
    )
    before = {f: getattr(org, f) for f in fields}
    changed = {f: v for f, v in fields.items() if before[f] != v}
    if not changed:
        return org
    for f, v in changed.items():
        setattr(org, f, v)
    org.save()
    audit.record(
        actor=actor,
        action="organisation.update",
        target=org,
        summary=org.name,
        before={f: before[f] for f in changed},
        after=changed,
    )
    return org


@transaction.atomic
def person_create(
    *, name: str, actor: User | None, organisation: Organisation | None = None, **fields: Any
) -> Person:
    """Create a person; ``contact_consent`` must be given explicitly by the caller when known."""
    person = Person.objects.create(name=name.strip(), organisation=organisation, **fields)
    audit.record(
        actor=actor, action="person.create", target=person, summary=person.name, after={"name": person.name}
    )
    return person
