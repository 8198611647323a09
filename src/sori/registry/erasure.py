"""Erasure on request (개인정보 보호법 제36조 삭제 요구): a person's data goes, their proposals stay.

The person's row is kept, so the proposals they voiced and the answers to them remain the organisation's
record, but it no longer says who they were: the name becomes "익명 제안자", the role and contacts are
emptied, and the private status link stops working (a new token nobody was given). Every copy of the name,
e-mail or phone another app wrote into a text (audit summaries, letters and outbox bodies and addresses,
meeting minutes; see ``sori.core.privacy.register_copies``) is replaced in the same transaction. An account
that signed in as the person is anonymised and closed. The audit record of the erasure names only the
person's id and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit, hooks
from sori.core.models import AuditRecord, Profile
from sori.core.privacy import ERASED_NAME, REMOVED, scrub_copies, scrub_text
from sori.registry.models import Person, new_token

# Fired inside the erasure's transaction before anything is replaced, with ``person`` (still as it was) and
# ``actor``: an app that holds undelivered work for the person (queued mail) stops it here.
PERSON_ERASE = "registry.person_erase"

# Shorter names are left in other texts: one letter would replace that letter everywhere.
MIN_NAME_LENGTH = 2


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: the person (now anonymous) and how many rows elsewhere held a copy."""

    person: Person
    copies: int
    account_closed: bool


def contact_replacements(*, email: str, phone: str) -> dict[str, str]:
    """Return the strings an e-mail and a phone number are written as, each mapped to "(삭제됨)"."""
    out: dict[str, str] = {}
    if email.strip():
        out[email.strip()] = REMOVED
    if phone.strip():
        out[phone.strip()] = REMOVED
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 7:
            out[digits] = REMOVED
    return out


def _replacements(person: Person, account: User | None) -> dict[str, str]:
    out: dict[str, str] = {}
    names = [person.name.strip()]
    if account is not None:
        names.append(account.get_full_name().strip())
    for name in names:
        if len(name) >= MIN_NAME_LENGTH and name != ERASED_NAME:
            out[name] = ERASED_NAME
    out.update(contact_replacements(email=person.email, phone=person.phone))
    if account is not None:
        out.update(contact_replacements(email=account.email, phone=""))
    return out


def _account_of(person: Person) -> User | None:
    profile = Profile.objects.select_related("user").filter(person=person).first()
    return profile.user if profile is not None else None


def _close_account(user: User) -> None:
    """Anonymise and close the account that signed in as the erased person; its acts stay in the trail."""
    AuditRecord.objects.filter(actor=user).update(actor_label=ERASED_NAME)
    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
def person_erase(*, person: Person, actor: User | None, reason: str) -> Erasure:
    """Erase ``person``'s personal data everywhere and keep their proposals and the answers to them.

    ``reason`` says why (e.g. the request and when it came); a copy of the person's name or contacts in it is
    replaced too, so the erasure's own record names nobody. Refused for a person already erased.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("삭제 사유를 적어 주세요. 예: 정보주체의 삭제 요구(2026. 1. 5. 전화 접수).")}
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ValidationError(_("이미 개인정보를 삭제한 인물입니다. 더 지울 것이 없습니다."))
    account = _account_of(person)
    replacements = _replacements(person, account)
    hooks.fire(PERSON_ERASE, person=person, actor=actor)

    person.name = ERASED_NAME
    person.role = ""
    person.email = ""
    person.phone = ""
    person.contact_consent = False
    person.status_token = new_token()
    person.erased_at = timezone.now()
    person.save()
    if account is not None:
        _close_account(account)
    copies = scrub_copies(replacements)
    audit.record(
        actor=actor,
        action="person.erase",
        target=person,
        summary=_("개인정보 삭제: %(reason)s") % {"reason": scrub_text(reason, replacements)},
        after={"copies": copies, "account_closed": account is not None},
    )
    return Erasure(person=person, copies=copies, account_closed=account is not None)
