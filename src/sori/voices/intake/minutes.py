"""Minutes in, voices out: upload a meeting's minutes, review the candidates read from them, save proposals.

``minutes_upload`` reads the file (``sori.documents`` + ``sori.minutes``) and keeps what was read for a
review that can be left and resumed; the same file uploaded again for the same meeting opens that review.
Staff edit, split, merge, reassign and reject candidates; ``minutes_accept`` then records the chosen ones
as the meeting's proposals in one transaction, registers missing people and organisations, and fills
the meeting's attendance from the speakers. Every change writes an audit record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.documents import Document, Paragraph, read_document
from sori.engagement.models import Attendance, Engagement
from sori.engagement.services import attendance_add
from sori.minutes import KINDS, Extraction, extract, normalise_organisation, role_of, split_sentences
from sori.voices.intake.linking import OWN_NAME_ROLES, OrganisationLink, Registry, speaker_resolve
from sori.voices.models import MinutesUpload, Proposal, Source
from sori.voices.services import proposal_record, suggestions_batched
from sori.voices.services.proposals import validate_text

OPEN = "open"
REJECTED = "rejected"
SAVED = "saved"
SKIPPED_TEXT = 300  # characters of a skipped paragraph kept for the review screen

Candidate = dict[str, Any]


# ----------------------------------------------------------------------------------------------------
# Reading a file into a review


def _numbered_lines(document: Document) -> tuple[dict[int, str], set[int]]:
    """Return each line's text, numbered as ``extract`` numbers them, and the numbers of table rows."""
    texts: dict[int, str] = {}
    rows: set[int] = set()
    number = 0
    for block in document.blocks:
        if isinstance(block, Paragraph):
            number += 1
            texts[number] = block.text
        else:
            for row in block.rows:
                number += 1
                texts[number] = " | ".join(row)
                rows.add(number)
    return texts, rows


def _who(
    name: str, title: str, organisation: str, role: str, registry: Registry, *, new: bool = False
) -> Candidate:
    """Return a speaker's fields with the organisation's registry link (none for members and chairs)."""
    own = role in OWN_NAME_ROLES
    link = registry.link(organisation, new=new) if organisation and not own else None
    return {
        "speaker": name,
        "title": title,
        "organisation": organisation,
        "role": role,
        "link": link.to_json() if link is not None else None,
    }


def review_of(
    extraction: Extraction, document: Document, *, registry: Registry
) -> tuple[dict[str, Any], list[Candidate]]:
    """Return what is stored of an extraction and the candidates to review, linked to the registry."""
    texts, rows = _numbered_lines(document)
    candidates = [
        {
            "id": number,
            "text": c.text,
            "original": c.text,
            "kind": c.kind,
            **_who(c.speaker, c.title, c.organisation, c.role.value, registry),
            "sources": [{"paragraph": c.source.paragraph, "text": c.source.text}],
            "written": c.source.paragraph in rows,
            "status": OPEN,
            "proposal_id": None,
        }
        for number, c in enumerate(extraction.candidates, start=1)
    ]
    speakers: dict[tuple[str, str], dict[str, Any]] = {}
    for turn in extraction.turns:
        s = turn.speaker
        if not s.name or (turn.paragraphs and turn.paragraphs[0] in rows):
            continue  # a written suggestion's author need not have been at the meeting
        if (s.name, s.organisation_key) not in speakers:
            who = _who(s.name, s.title, s.organisation, s.role.value, registry)
            speakers[(s.name, s.organisation_key)] = {**who, "name": who.pop("speaker")}
    stored = {
        "format": document.format,
        "meeting": extraction.meeting.to_json(),
        "skipped": [
            {"paragraph": s.paragraph, "reason": s.reason, "text": texts.get(s.paragraph, "")[:SKIPPED_TEXT]}
            for s in extraction.skipped
        ],
        "speakers": list(speakers.values()),
    }
    return stored, candidates


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def minutes_upload(
    *, engagement: Engagement, filename: str, data: bytes, actor: User
) -> tuple[MinutesUpload, bool]:
    """Read a minutes file for ``engagement`` and open its review; return (upload, created).

    The same file (same SHA-256) uploaded again for the same meeting returns the existing review and
    changes nothing. Raises ``DocumentError`` or ``MinutesError`` (nothing saved) for a file that cannot
    be read or in which nobody speaks.
    """
    digest = sha256_of(data)
    existing = MinutesUpload.objects.filter(engagement=engagement, sha256=digest).first()
    if existing is not None:
        return existing, False
    document = read_document(data, filename)
    extraction = extract(document)
    stored, candidates = review_of(extraction, document, registry=Registry())
    try:
        with transaction.atomic():
            upload = MinutesUpload.objects.create(
                engagement=engagement,
                filename=filename[:255],
                sha256=digest,
                size=len(data),
                format=document.format,
                extraction=stored,
                candidates=candidates,
                uploaded_by=actor,
            )
    except IntegrityError:
        # The same file was uploaded by someone else a moment ago: open that review.
        return MinutesUpload.objects.get(engagement=engagement, sha256=digest), False
    audit.record(
        actor=actor,
        action="minutes.upload",
        target=upload,
        scope=engagement,
        summary=upload.filename,
        after={"format": upload.format, "candidates": len(candidates), "sha256": digest},
    )
    return upload, True


# ----------------------------------------------------------------------------------------------------
# Reviewing


def _locked(upload: MinutesUpload) -> MinutesUpload:
    return MinutesUpload.objects.select_for_update().get(pk=upload.pk)


def _find(upload: MinutesUpload, candidate_id: int) -> tuple[int, Candidate]:
    for index, candidate in enumerate(upload.candidates):
        if candidate["id"] == candidate_id:
            return index, candidate
    raise ValidationError(_("그 후보를 찾지 못했습니다. 화면을 새로 고친 뒤 다시 해 주세요."))


def _editable(candidate: Candidate) -> None:
    if candidate["status"] == SAVED:
        raise ValidationError(
            _("이미 제안으로 저장한 후보는 고칠 수 없습니다. 저장된 제안은 제안 목록에서 다루어 주세요.")
        )


def _save(upload: MinutesUpload, actor: User, what: str, before: Any, after: Any) -> None:
    upload.save(update_fields=["candidates"])
    audit.record(
        actor=actor,
        action=f"minutes.{what}",
        target=upload,
        scope=upload.engagement,
        summary=upload.filename,
        before={"candidates": before},
        after={"candidates": after},
    )


def _next_id(upload: MinutesUpload) -> int:
    return max((c["id"] for c in upload.candidates), default=0) + 1


@transaction.atomic
def minutes_candidate_edit(
    *, upload: MinutesUpload, candidate_id: int, text: str, kind: str, actor: User
) -> MinutesUpload:
    """Change a candidate's words and kind (request, suggestion or complaint)."""
    upload = _locked(upload)
    index, candidate = _find(upload, candidate_id)
    _editable(candidate)
    text = validate_text(text)
    if kind not in KINDS:
        kind = candidate["kind"]
    before = {"id": candidate_id, "text": candidate["text"], "kind": candidate["kind"]}
    upload.candidates[index] = {**candidate, "text": text, "kind": kind}
    _save(upload, actor, "edit", before, {"id": candidate_id, "text": text, "kind": kind})
    return upload


def _split_text(text: str) -> tuple[str, str]:
    """Split at the first line break, else at the sentence boundary nearest the middle."""
    text = text.strip()
    if "\n" in text:
        first, rest = text.split("\n", 1)
        if first.strip() and rest.strip():
            return first.strip(), " ".join(rest.split())
    sentences = split_sentences(" ".join(text.split()))
    if len(sentences) < 2:
        raise ValidationError(
            _("한 문장이라 나눌 곳을 찾지 못했습니다. 나눌 자리에서 줄을 바꾼 뒤 '나누기'를 눌러 주세요.")
        )
    half = len(text) / 2
    cut = min(range(1, len(sentences)), key=lambda i: abs(len(" ".join(sentences[:i])) - half))
    return " ".join(sentences[:cut]), " ".join(sentences[cut:])


@transaction.atomic
def minutes_candidate_split(
    *, upload: MinutesUpload, candidate_id: int, text: str, actor: User
) -> MinutesUpload:
    """Split a candidate in two (at the line break staff typed, else between sentences); same speaker."""
    upload = _locked(upload)
    index, candidate = _find(upload, candidate_id)
    _editable(candidate)
    first, second = _split_text(text or candidate["text"])
    validate_text(first)
    validate_text(second)
    new_id = _next_id(upload)
    upload.candidates[index : index + 1] = [
        {**candidate, "text": first},
        {**candidate, "id": new_id, "text": second, "original": "", "status": OPEN},
    ]
    _save(
        upload,
        actor,
        "split",
        {"id": candidate_id, "text": candidate["text"]},
        {"ids": [candidate_id, new_id], "texts": [first, second]},
    )
    return upload


@transaction.atomic
def minutes_candidate_merge(*, upload: MinutesUpload, candidate_id: int, actor: User) -> MinutesUpload:
    """Merge a candidate with the one after it: the words joined, the first one's speaker kept."""
    upload = _locked(upload)
    index, candidate = _find(upload, candidate_id)
    _editable(candidate)
    if index + 1 >= len(upload.candidates):
        raise ValidationError(_("마지막 후보라 아래에 합칠 후보가 없습니다."))
    following = upload.candidates[index + 1]
    _editable(following)
    sources = candidate["sources"] + [s for s in following["sources"] if s not in candidate["sources"]]
    merged = {
        **candidate,
        "text": f"{candidate['text']} {following['text']}",
        "sources": sources,
        "status": OPEN,
    }
    upload.candidates[index : index + 2] = [merged]
    _save(
        upload,
        actor,
        "merge",
        {"ids": [candidate_id, following["id"]]},
        {"id": candidate_id, "text": merged["text"]},
    )
    return upload


@transaction.atomic
def minutes_candidate_reassign(
    *,
    upload: MinutesUpload,
    candidate_id: int,
    speaker: str,
    title: str,
    organisation: str,
    new_organisation: bool,
    actor: User,
) -> MinutesUpload:
    """Say who voiced a candidate: person, title and organisation, linked to the registry anew.

    ``new_organisation`` registers the organisation as new instead of linking it to a similar spelling.
    A title of a committee member or chair makes the candidate theirs, with no organisation.
    """
    upload = _locked(upload)
    index, candidate = _find(upload, candidate_id)
    _editable(candidate)
    speaker, title = " ".join(speaker.split())[:100], " ".join(title.split())[:100]
    written = normalise_organisation(organisation).display[:200] if organisation.strip() else ""
    if not speaker and not written:
        raise ValidationError(_("발언자 이름이나 기관 중 하나는 적어 주세요."))
    who = _who(speaker, title, written, role_of(title, written).value, Registry(), new=new_organisation)
    before = {k: candidate[k] for k in ("speaker", "title", "organisation")}
    upload.candidates[index] = {**candidate, **who}
    _save(upload, actor, "reassign", {"id": candidate_id, **before}, {"id": candidate_id, **who})
    return upload


@transaction.atomic
def minutes_candidate_reject(
    *, upload: MinutesUpload, candidate_id: int, actor: User, reject: bool = True
) -> MinutesUpload:
    """Leave a candidate out of the proposals (or, with ``reject=False``, take it back in)."""
    upload = _locked(upload)
    index, candidate = _find(upload, candidate_id)
    _editable(candidate)
    status = REJECTED if reject else OPEN
    if candidate["status"] != status:
        upload.candidates[index] = {**candidate, "status": status}
        _save(upload, actor, "reject" if reject else "restore", {"id": candidate_id}, {"status": status})
    return upload


# ----------------------------------------------------------------------------------------------------
# Accepting


@dataclass(frozen=True)
class Accepted:
    """What one acceptance recorded: the new proposals and attendances."""

    proposals: list[Proposal]
    attendances: list[Attendance]


def speaker_key(name: str, organisation: str) -> str:
    """Return the key a speaker is ticked by on the review screen (name and organisation)."""
    return f"{name}|{normalise_organisation(organisation).key if organisation else ''}"


def attendee_choices(upload: MinutesUpload) -> list[dict[str, Any]]:
    """Return the people who spoke, once each: the turns' speakers and the spoken candidates' ones.

    Each has ``name``, ``title``, ``organisation``, ``role``, ``link`` (registry link JSON or None) and
    ``key``, the value its tick box sends.
    """
    seen: dict[str, dict[str, Any]] = {}
    people = [
        *upload.extraction.get("speakers", []),
        *(
            {**{k: c[k] for k in ("title", "organisation", "role", "link")}, "name": c["speaker"]}
            for c in upload.candidates
            if c["speaker"] and not c["written"] and c["status"] != REJECTED
        ),
    ]
    for person in people:
        seen.setdefault(speaker_key(person["name"], person["organisation"]), person)
    return [{**p, "key": k} for k, p in seen.items()]


def _link(who: dict[str, Any]) -> OrganisationLink | None:
    return OrganisationLink.from_json(who["link"]) if who.get("link") else None


@transaction.atomic
def minutes_accept(
    *,
    upload: MinutesUpload,
    candidate_ids: Iterable[int],
    attendee_keys: Iterable[str],
    actor: User,
) -> Accepted:
    """Record the chosen candidates as the meeting's proposals, all in one transaction.

    Missing organisations and people are registered (never an organisation for a member or chair); the
    ticked speakers are added to the meeting's attendance, each once. A candidate already saved or
    rejected is passed over, so accepting twice records nothing new.
    """
    upload = _locked(upload)
    meeting = upload.engagement
    chosen = set(candidate_ids)
    ticked = set(attendee_keys)
    when = meeting.starts_at
    recorded: list[Proposal] = []
    with suggestions_batched():
        for index, candidate in enumerate(upload.candidates):
            if candidate["id"] not in chosen or candidate["status"] != OPEN:
                continue
            organisation, person = speaker_resolve(
                name=candidate["speaker"],
                title=candidate["title"],
                role=candidate["role"],
                link=_link(candidate),
                actor=actor,
            )
            proposal = proposal_record(
                text=candidate["text"],
                actor=actor,
                organisation=organisation,
                person=person,
                engagement=meeting,
                source=Source.DOCUMENT if candidate["written"] else Source.MEETING,
                received_at=when,
            )
            recorded.append(proposal)
            upload.candidates[index] = {**candidate, "status": SAVED, "proposal_id": proposal.pk}
    attendees = []
    for choice in attendee_choices(upload):
        if choice["key"] in ticked:
            _organisation, person = speaker_resolve(
                name=choice["name"],
                title=choice["title"],
                role=choice["role"],
                link=_link(choice),
                actor=actor,
            )
            if person is not None:
                attendees.append(person)
    attended = attendance_add(engagement=meeting, actor=actor, people=attendees) if attendees else []
    if recorded or attended:
        upload.accepted_at = timezone.now()
        upload.save(update_fields=["candidates", "accepted_at"])
        audit.record(
            actor=actor,
            action="minutes.accept",
            target=upload,
            scope=meeting,
            summary=upload.filename,
            after={"proposals": len(recorded), "attendances": len(attended)},
        )
    return Accepted(recorded, attended)
