"""Fast entry's line grammar: who said each typed line, read with the minutes' speaker grammar.

One line is one proposal. ``sori.minutes.parse_line`` reads the speaker forms of minutes ("김세영
㈜엑스알에이아이 이사: …", "○ 위원장 강수훈: …", "[솔트룩스] 홍길동 팀장: …"); when it finds nobody, the plain
"조직명: 내용" prefix names an organisation — or a person, when the prefix is a person's name and no
registered organisation has that name. A line holding only a speaker ("김세영 이사") names the speaker of
the lines below it, up to the next blank line or speaker line.

:func:`entry_plan` is used both by the live preview and by the save, so the preview shows what is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from sori.minutes import Role, Speaker, parse_line
from sori.registry.models import Organisation, Person
from sori.voices.intake.linking import OWN_NAME_ROLES, OrganisationLink, Registry, speaker_resolve

# "조직명: 내용" — a short prefix before the first colon (not inside a time such as 07:30).
_PREFIX = re.compile(r"^(?P<prefix>[^:：\n]{1,60}?)\s*(?<!\d)[:：]\s*(?P<text>\S.*)$")
# Numbered bullets are dropped before reading; other markers (○ ◆ - …) are part of the speaker grammar.
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")
_MARKER = re.compile(r"^\s*[-*•▲△○◯●◆◇■□▶▷►◎▣·]+\s*")


@dataclass(frozen=True)
class EntryLine:
    """One typed line read: its number, the proposal text, and who said it (if anyone is named).

    ``speaker`` is a person (from the speaker grammar or a name prefix); ``organisation`` is the display
    name written with it or in a "조직명:" prefix ("" when none). ``header`` marks a line that only names a
    speaker for the lines below; it records nothing. ``inherited`` marks a line spoken under such a header.
    """

    number: int
    text: str
    speaker: Speaker | None = None
    organisation: str = ""
    header: bool = False
    inherited: bool = False
    name_prefix: bool = False  # the speaker came from a bare "이름:" prefix


def _read(number: int, line: str) -> EntryLine:
    parsed = parse_line(line)
    if parsed.speaker is not None:
        speaker = parsed.speaker
        return EntryLine(
            number,
            parsed.text,
            speaker=speaker,
            organisation=speaker.organisation,
            header=not parsed.text,
        )
    body = _MARKER.sub("", line).strip()
    match = _PREFIX.match(body)
    if match is None or match["prefix"].strip().isdigit():
        return EntryLine(number, body)
    prefix, text = match["prefix"].strip(), match["text"].strip()
    # A bare person's name ("홍길동: …") reads as a speaker once a marker is put in front of it.
    named = parse_line(f"○ {prefix}: {text}").speaker
    if named is not None and not named.title and not named.organisation:
        return EntryLine(number, text, speaker=named, name_prefix=True)
    # Registered as written ("(주)엑스알에이아이"); the registry compares spellings by key.
    return EntryLine(number, text, organisation=" ".join(prefix.split()))


def _remember(line: EntryLine, known: dict[str, Speaker]) -> EntryLine:
    """Give a speaker named without an organisation the one written at their earlier line, as minutes do."""
    speaker = line.speaker
    if speaker is None:
        return line
    if speaker.organisation:
        known[speaker.name] = speaker
        return line
    earlier = known.get(speaker.name)
    if (
        earlier is None
        or speaker.role is not Role.PARTICIPANT
        or (speaker.title and earlier.title != speaker.title)
    ):
        return line
    speaker = replace(earlier, title=speaker.title or earlier.title)
    return replace(line, speaker=speaker, organisation=speaker.organisation, name_prefix=False)


def parse_entry(raw: str) -> list[EntryLine]:
    """Return the non-empty lines of fast entry, read; header lines come back with ``header=True``."""
    lines: list[EntryLine] = []
    current: EntryLine | None = None
    known: dict[str, Speaker] = {}
    for number, raw_line in enumerate(raw.splitlines(), start=1):
        line = _NUMBER.sub("", raw_line).strip()
        if not line:
            current = None
            continue
        read = _remember(_read(number, line), known)
        if read.header:
            current = read
        elif read.speaker is None and not read.organisation and current is not None:
            read = EntryLine(
                number,
                read.text,
                speaker=current.speaker,
                organisation=current.organisation,
                inherited=True,
            )
        elif read.speaker is not None or read.organisation:
            current = None
        lines.append(read)
    return lines


@dataclass(frozen=True)
class PlannedLine:
    """A line with the registry link it will be saved under and what is wrong with it, if anything."""

    line: EntryLine
    link: OrganisationLink | None
    own_name: bool  # a committee member or chair: the proposal is theirs, with no organisation
    error: str = ""

    @property
    def attributed(self) -> bool:
        return self.line.speaker is not None or self.link is not None

    def to_json(self) -> dict[str, Any]:
        """Return the line as the preview endpoint sends it (the text cut to 200 characters)."""
        speaker = self.line.speaker
        text = self.line.text
        return {
            "number": self.line.number,
            "text": text if len(text) <= 200 else text[:200] + "…",
            "length": len(text),
            "header": self.line.header,
            "inherited": self.line.inherited,
            "speaker": (
                {"name": speaker.name, "title": speaker.title, "role": speaker.role.value}
                if speaker is not None
                else None
            ),
            "organisation": self.link.to_json() if self.link is not None else None,
            "own_name": self.own_name,
            "attributed": self.attributed,
            "error": self.error,
        }


def _error(line: EntryLine, following: bool) -> str:
    if line.header:
        if following:
            return ""
        return _(
            "%(number)s행: 발언자(%(speaker)s)만 있고 제안 내용이 없습니다. "
            "':' 뒤나 다음 줄에 내용을 적어 주세요."
        ) % {"number": line.number, "speaker": line.speaker.name if line.speaker else ""}
    limit = settings.SORI_MAX_TEXT_LENGTH
    if len(line.text) > limit:
        message = _("내용이 %(length)s자로 너무 깁니다. %(limit)s자 이하로 나누어 입력해 주세요.") % {
            "length": f"{len(line.text):,}",
            "limit": f"{limit:,}",
        }
        return _("%(number)s행: %(message)s") % {"number": line.number, "message": message}
    return ""


def entry_plan(raw: str, *, registry: Registry | None = None) -> list[PlannedLine]:
    """Return every typed line with its speaker, its organisation's registry link and any error.

    Reads the registry but writes nothing. A "이름:" prefix that is the name of a registered organisation
    is read as that organisation, so a short company name is not taken for a person.
    """
    registry = registry or Registry()
    lines = parse_entry(raw)
    followed = {line.number for i, line in enumerate(lines[:-1]) if lines[i + 1].inherited}
    planned = []
    for line in lines:
        if line.name_prefix and line.speaker is not None and registry.exact(line.speaker.name):
            line = EntryLine(line.number, line.text, organisation=line.speaker.name)
        own_name = line.speaker is not None and line.speaker.role.value in OWN_NAME_ROLES
        link = registry.link(line.organisation) if line.organisation and not own_name else None
        planned.append(PlannedLine(line, link, own_name, _error(line, line.number in followed)))
    return planned


def line_resolve(planned: PlannedLine, *, actor: User) -> tuple[Organisation | None, Person | None]:
    """Return the organisation and person a planned line is recorded under, registering missing ones."""
    speaker = planned.line.speaker
    return speaker_resolve(
        name=speaker.name if speaker is not None else "",
        title=speaker.title if speaker is not None else "",
        role=speaker.role.value if speaker is not None else Role.PARTICIPANT.value,
        link=planned.link,
        actor=actor,
    )
