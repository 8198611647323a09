"""Staff's own words with a feedback message (덧붙이는 말): drafted, saved as they type, sent with it.

A draft belongs to its author and one recipient; nobody else sees it. Sending the message takes the sender's
draft (or, for "send all", the latest draft anyone wrote for that recipient) and ends every draft for it.
"""

from __future__ import annotations

from typing import TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sori.feedback.models import FeedbackDraft
from sori.feedback.selectors import Owed
from sori.registry.models import Organisation, Person

NOTE_LIMIT = 2000


def _for(person: Person | None, organisation: Organisation | None) -> Q:
    if person is not None:
        return Q(person=person)
    return Q(person__isnull=True, organisation=organisation)


class Recipient(TypedDict):
    person: Person | None
    organisation: Organisation | None


def recipient_of(owed: Owed) -> Recipient:
    """Return the recipient of ``owed`` as the keyword arguments the functions here take."""
    return {"person": owed.person, "organisation": None if owed.person else owed.organisation}


def feedback_draft_of(
    user: object, *, person: Person | None = None, organisation: Organisation | None = None
) -> FeedbackDraft | None:
    """Return ``user``'s draft note for the recipient, or None."""
    return FeedbackDraft.objects.filter(
        _for(person, organisation), author_id=getattr(user, "id", None)
    ).first()


def feedback_drafts_of(user: object) -> QuerySet[FeedbackDraft]:
    """Return ``user``'s draft notes, the latest first (the owed list marks those recipients)."""
    return FeedbackDraft.objects.filter(author_id=getattr(user, "id", None))


def latest_note_for(*, person: Person | None = None, organisation: Organisation | None = None) -> str:
    """Return the latest draft note anyone wrote for the recipient, or an empty string."""
    draft = FeedbackDraft.objects.filter(_for(person, organisation)).first()
    return draft.note if draft is not None else ""


@transaction.atomic
def feedback_draft_save(
    *, actor: User, note: str, person: Person | None = None, organisation: Organisation | None = None
) -> FeedbackDraft | None:
    """Keep ``note`` as ``actor``'s draft for the recipient; an empty note ends the draft (returns None).

    Refused with a message saying how much to cut when the note is longer than ``NOTE_LIMIT``.
    """
    note = check_note(note)
    if person is not None:
        organisation = None
    drafts = FeedbackDraft.objects.select_for_update().filter(_for(person, organisation), author=actor)
    if not note:
        drafts.delete()
        return None
    draft = drafts.first() or FeedbackDraft(author=actor, person=person, organisation=organisation)
    draft.note = note
    draft.save()
    return draft


def check_note(note: str) -> str:
    """Return ``note`` trimmed, with one kind of line break; refuse it when it is too long."""
    note = note.replace("\r\n", "\n").strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError(
            _(
                "덧붙이는 말이 %(length)s자로 %(limit)s자를 넘습니다. 줄여 주세요 — 적으신 내용은 "
                "그대로 있습니다."
            )
            % {"length": f"{len(note):,}", "limit": f"{NOTE_LIMIT:,}"}
        )
    return note


def feedback_drafts_end(*, person: Person | None, organisation: Organisation | None) -> None:
    """Remove every draft note for the recipient: the message they were for has been sent."""
    FeedbackDraft.objects.filter(_for(person, organisation)).delete()
