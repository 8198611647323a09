"""Feedback letters (서면 회신): one printable PDF per recipient: each proposal, who said it, its answer.

The recipient is an organisation — one letter covering every voice of its people — or a person without an
organisation, who gets their own.

A letter is built either from a feedback row already written to the outbox (the answers as they stood when it
was sent) or from what a proposer is owed right now (their proposals and each demand's current answer).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core.documents import render_pdf, safe_filename
from sori.core.files import write_atomically
from sori.core.formatting import kdate
from sori.feedback.links import status_url
from sori.feedback.models import Feedback
from sori.feedback.notes import latest_note_for
from sori.feedback.selectors import Owed, feedback_owed
from sori.policy.models import Disposition
from sori.policy.repeats import EarlierAnswer, asked_before_with_answers_many
from sori.registry.models import Organisation, Person
from sori.voices.models import Proposal

__all__ = [
    "Letter",
    "LetterItem",
    "feedback_letter_pdf",
    "letter_filename",
    "letter_for_feedback",
    "letter_for_owed",
    "letter_pdf",
    "owed_letter_pdf",
    "write_pending_letters",
]

INDEX = "index.json"


@dataclass(frozen=True)
class LetterItem:
    """One proposal in a letter, with the answer to the demand it became.

    ``earlier`` are the earlier demands staff confirmed ask the same, oldest first, each with its answer.
    """

    proposal: Proposal
    disposition: Disposition
    earlier: tuple[EarlierAnswer, ...] = ()


def _items(pairs: list[tuple[Proposal, Disposition]]) -> tuple[LetterItem, ...]:
    """Return the letter's items, each with the earlier demands its demand repeats (a few queries in all)."""
    history = asked_before_with_answers_many({d.demand_id for _p, d in pairs}) if pairs else {}
    return tuple(
        LetterItem(proposal=p, disposition=d, earlier=history[d.demand_id].answers) for p, d in pairs
    )


@dataclass(frozen=True)
class Letter:
    """What one proposer's letter says: to whom, on which day, their proposals and their private link."""

    person: Person | None
    organisation: Organisation | None
    day: dt.date
    items: tuple[LetterItem, ...]
    status_url: str
    note: str = ""

    @property
    def recipient(self) -> str:
        """Return '㈜아이티앱스 조춘호 님', '조춘호 님' or '광주뿌리기업협회 담당자님'."""
        if self.person is not None:
            org = self.person.organisation or self.organisation
            name = _("%(name)s 님") % {"name": self.person.name}
            return f"{org.name} {name}" if org else name
        return _("%(organisation)s 담당자님") % {
            "organisation": self.organisation.name if self.organisation else ""
        }

    @property
    def for_organisation(self) -> bool:
        """Return whether this is an organisation's letter, covering the voices of all its people."""
        return self.person is None and self.organisation is not None

    @property
    def people(self) -> list[str]:
        """Return the names of the people whose proposals the letter covers, in the order they spoke."""
        return list(
            dict.fromkeys(i.proposal.person.name for i in self.items if i.proposal.person is not None)
        )

    @property
    def proposer(self) -> str:
        """Return who the letter is for, without honorifics, for file names: '㈜아이티앱스' or '조춘호'."""
        if self.person is not None:
            org = self.person.organisation or self.organisation
            return f"{org.name}_{self.person.name}" if org else self.person.name
        return self.organisation.name if self.organisation else "proposer"


def _status_url(person: Person | None, organisation: Organisation | None) -> str:
    return status_url(person=person, organisation=organisation)


def letter_for_feedback(feedback: Feedback) -> Letter:
    """Return the letter of a feedback row: its items with the answers as they stood when it was written."""
    items = feedback.items.select_related(
        "proposal__engagement", "proposal__demand", "proposal__person", "disposition__department"
    ).order_by("proposal__received_at", "proposal_id")
    person = feedback.person
    organisation = feedback.organisation
    return Letter(
        person=person,
        organisation=organisation,
        day=timezone.localdate(feedback.created_at),
        items=_items([(i.proposal, i.disposition) for i in items]),
        status_url=_status_url(person, None if person else organisation),
        note=feedback.note,
    )


def letter_for_owed(owed: Owed, *, day: dt.date | None = None, note: str = "") -> Letter:
    """Return the letter a recipient is owed now: their proposals and each demand's current answer."""
    return Letter(
        person=owed.person,
        organisation=owed.organisation,
        day=day or timezone.localdate(),
        items=_items(list(owed.items)),
        status_url=_status_url(owed.person, owed.organisation),
        note=note,
    )


def letter_pdf(letter: Letter) -> bytes:
    """Return the letter as an A4 PDF in Korean."""
    title = _("제안하신 내용의 처리 결과 알림")
    return render_pdf(
        "feedback/letters/letter.html",
        {
            "letter": letter,
            "title": title,
            "running": f"{title} — {letter.recipient}",
            "today_label": kdate(letter.day),
        },
    )


def feedback_letter_pdf(feedback: Feedback) -> bytes:
    """Return the printable letter (PDF) of a feedback row: its items and their dispositions."""
    return letter_pdf(letter_for_feedback(feedback))


def owed_letter_pdf(owed: Owed, note: str = "") -> bytes:
    """Return the letter (PDF) a proposer is owed now, before anything is sent."""
    return letter_pdf(letter_for_owed(owed, note=note))


def letter_filename(letter: Letter) -> str:
    """Return ``2025-11-11_㈜아이티앱스_조춘호.pdf``: file-system safe, Korean kept."""
    return safe_filename(f"{letter.day.isoformat()}_{letter.proposer}").replace(" ", "_") + ".pdf"


def write_pending_letters(*, directory: Path) -> list[Path]:
    """Write one PDF per recipient currently owed feedback into ``directory``; return the PDFs written.

    One letter per organisation (every voice of its people) and one per person without an organisation.
    Beside them ``index.json`` lists each file as ``{"file", "organisation", "people", "proposals"}``:
    the organisation's name (null for a person's own letter), the names of the people whose proposals it
    covers, and the ids of those proposals. The directory is created if needed; two recipients whose names
    give the same file name get ``-2``, ``-3``… Nothing is recorded as sent: this prints what is owed, the
    outbox records what was sent.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    index: list[dict[str, object]] = []
    used: set[str] = set()
    for owed in feedback_owed():
        note = latest_note_for(person=owed.person, organisation=None if owed.person else owed.organisation)
        letter = letter_for_owed(owed, note=note)
        name = letter_filename(letter)
        stem, n = name[: -len(".pdf")], 2
        while name in used:
            name, n = f"{stem}-{n}.pdf", n + 1
        used.add(name)
        path = directory / name
        write_atomically(path, letter_pdf(letter))
        written.append(path)
        people = letter.people or ([letter.person.name] if letter.person is not None else [])
        index.append(
            {
                "file": name,
                "organisation": letter.organisation.name if letter.for_organisation else None,  # type: ignore[union-attr]
                "people": people,
                "proposals": [item.proposal.id for item in letter.items],
            }
        )
    write_atomically(directory / INDEX, json.dumps(index, ensure_ascii=False, indent=1).encode("utf-8"))
    return written
