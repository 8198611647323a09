"""From a read document to speaker turns and candidate proposals, with the paragraph each came from.

Paragraphs are numbered from 1 in reading order; each table row takes a number too, so ``source.paragraph``
points at one line of the document as :meth:`sori.documents.Document.text` lays it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from sori.documents import Document, Paragraph, TableBlock

from ._cues import classify, classify_written, has_nominal_cue, is_procedural, split_sentences
from ._errors import MinutesError, _
from ._meeting import Meeting, meeting_fields
from ._orgs import normalise_organisation
from ._speakers import Speaker, parse_line
from ._titles import Role, role_of

__all__ = ["KINDS", "SKIP_REASONS", "Candidate", "Extraction", "Skipped", "Source", "Turn", "extract"]

KINDS = ("request", "suggestion", "complaint")
SKIP_REASONS = {
    "meeting_info": "회의 정보(제목·일시·장소)",
    "before_speakers": "첫 발언자 앞의 글",
    "speaker_line": "발언자 이름만 있는 줄",
    "heading": "제목·목차",
    "procedural": "인사·진행·약속 발언",
    "official": "공무원의 답변·설명",
    "no_proposal": "건의·제안·애로가 없는 발언",
    "table_header": "표의 머리글",
    "table": "건의 내용 열이 없는 표",
    "empty_row": "내용이 빈 표 행",
}
"""Why a paragraph gave no candidate: code → Korean label for the review screen."""

_HEADING = re.compile(
    r"^(?:\d{1,2}\s*[.)]|[IVX]{1,4}\.|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\.?|[가-하]\.|[□■▣]|<|〈|【|붙\s*임|별\s*첨|참\s*고)"
)
_STAGE = re.compile(r"^[(（][^()（）]{1,20}[)）]$")  # (박수), (일동 박수)
_NOT_SENTENCE = re.compile(r"(?:[.?!]|다|요)\s*$")
# A sentence that leans on the one before it ("그래서 …", "이를 위해 …") takes it along.
_CONNECTIVE = re.compile(
    r"^(?:그래서|따라서|그러므로|그러니|그러니까|그러려면|그러기\s*위해|이를\s*위해|이에|결국|즉|이런|그런|이러한|그러한)"
)
_SHORT = 20

_COLUMNS: dict[str, tuple[str, ...]] = {
    "content": (
        "건의내용",
        "건의사항",
        "제안내용",
        "제안사항",
        "요청사항",
        "애로사항",
        "의견",
        "내용",
        "건의",
    ),
    "name": ("성명", "이름", "발언자", "제안자", "건의자", "작성자", "대표자"),
    "organisation": ("기업명", "기관명", "회사명", "업체명", "단체명", "소속", "기업", "기관"),
    "title": ("직위", "직함", "직책"),
    "kind": ("구분", "유형", "분류"),
}


@dataclass(frozen=True)
class Source:
    """Where a candidate came from: the paragraph's number and its full text."""

    paragraph: int
    text: str


@dataclass(frozen=True)
class Candidate:
    """One voiced request, suggestion or complaint, and who voiced it.

    ``speaker`` is the person's name ("" for a written suggestion signed by an organisation only);
    ``organisation`` is shown with its legal form in front (㈜…) and is "" for committee members and
    whenever the minutes name none.
    """

    speaker: str
    title: str
    organisation: str
    text: str
    kind: str
    source: Source
    organisation_key: str = ""
    role: Role = Role.PARTICIPANT

    def to_json(self) -> dict[str, Any]:
        """Return the candidate in the ``sori minutes extract`` JSON form."""
        return {
            "speaker": self.speaker,
            "title": self.title,
            "organisation": self.organisation,
            "text": self.text,
            "kind": self.kind,
            "source": {"paragraph": self.source.paragraph, "text": self.source.text},
        }


@dataclass(frozen=True)
class Skipped:
    """A paragraph that gave no candidate, and why (a key of :data:`SKIP_REASONS`)."""

    paragraph: int
    reason: str


@dataclass(frozen=True)
class Turn:
    """One speaker's turn: who, and the numbers of the paragraphs spoken (the speaker line included)."""

    speaker: Speaker
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class Extraction:
    """Everything read from one minutes document."""

    meeting: Meeting
    candidates: tuple[Candidate, ...]
    skipped: tuple[Skipped, ...]
    turns: tuple[Turn, ...]

    def to_json(self) -> dict[str, Any]:
        """Return ``{"meeting", "candidates", "skipped"}`` as ``sori minutes extract`` writes it."""
        return {
            "meeting": self.meeting.to_json(),
            "candidates": [c.to_json() for c in self.candidates],
            "skipped": [{"paragraph": s.paragraph, "reason": s.reason} for s in self.skipped],
        }


@dataclass
class _State:
    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    turns: list[tuple[Speaker, list[int]]] = field(default_factory=list)
    head: list[tuple[int, str]] = field(default_factory=list)
    current: Speaker | None = None


def extract(document: Document) -> Extraction:
    """Return the meeting facts, speaker turns and candidate proposals of ``document``.

    Raises ``MinutesError`` when the document has no speaker turn at all (nothing said by anyone named),
    so a caller saves nothing for a file that is not minutes.
    """
    state = _State()
    number = 0
    for block in document.blocks:
        if isinstance(block, Paragraph):
            number += 1
            _paragraph(state, number, block.text)
        else:
            number = _table(state, number, block)
    if not state.turns:
        raise MinutesError(
            _(
                "'%(name)s'에서 발언자를 찾지 못했습니다. 회의록의 발언이 '○ 홍길동 대표: 내용'처럼 "
                "이름(과 직함)으로 시작하는지 확인해 주세요. 서면 건의는 '기업명·성명·건의내용' 열이 있는 "
                "엑셀 표로 올려 주세요."
            ),
            code="no_speakers",
            name=document.filename or "문서",
        )
    meeting, used = meeting_fields(state.head)
    head_skips = [Skipped(n, "meeting_info" if n in used else "before_speakers") for n, _t in state.head]
    skipped = sorted([*head_skips, *state.skipped], key=lambda s: s.paragraph)
    return Extraction(
        meeting=meeting,
        candidates=tuple(state.candidates),
        skipped=tuple(skipped),
        turns=tuple(Turn(speaker, tuple(numbers)) for speaker, numbers in state.turns),
    )


def _paragraph(state: _State, number: int, text: str) -> None:
    line = parse_line(text)
    if line.speaker is not None:
        state.current = _known(state, line.speaker)
        state.turns.append((state.current, [number]))
        if line.text:
            _speech(state, number, text, line.text)
        else:
            state.skipped.append(Skipped(number, "speaker_line"))
        return
    if len(text) <= 40 and not _NOT_SENTENCE.search(text) and (_HEADING.match(text) or line.marker):
        if state.turns:
            state.current = None
            state.skipped.append(Skipped(number, "heading"))
        else:
            state.head.append((number, text))
        return
    if state.current is None:
        if state.turns:
            state.skipped.append(Skipped(number, "before_speakers"))
        else:
            state.head.append((number, text))
        return
    state.turns[-1][1].append(number)
    if _STAGE.match(text):
        state.skipped.append(Skipped(number, "procedural"))
        return
    _speech(state, number, text, line.text)


def _known(state: _State, speaker: Speaker) -> Speaker:
    """Return ``speaker`` with the organisation written at their earlier turn when this one names none.

    Minutes name a company at a person's first turn and shorten later ones ("김세영 이사"); the organisation
    is taken only from the same name with the same or no title, never guessed.
    """
    if speaker.organisation or speaker.role is not Role.PARTICIPANT:
        return speaker
    for earlier, _numbers in reversed(state.turns):
        if (
            earlier.name == speaker.name
            and earlier.organisation
            and (not speaker.title or earlier.title == speaker.title)
        ):
            return replace(earlier, title=speaker.title or earlier.title)
    return speaker


def _speech(state: _State, number: int, paragraph: str, speech: str) -> None:
    speaker = state.current
    assert speaker is not None
    if speaker.role is Role.OFFICIAL:
        # Officials answer and explain; what they say is the city's reply, not a voice to track.
        state.skipped.append(Skipped(number, "official"))
        return
    found = 0
    procedural = 0
    sentences = split_sentences(speech)
    previous = ""
    for sentence in sentences:
        if is_procedural(sentence):
            procedural += 1
            previous = ""
            continue
        kind = classify(sentence)
        if kind is None or (kind == "complaint" and speaker.role is Role.CHAIR):
            previous = sentence
            continue
        text = sentence
        if previous and (_CONNECTIVE.match(sentence) or len(sentence) < _SHORT):
            text = f"{previous} {sentence}"
        state.candidates.append(_candidate(speaker, text, kind, number, paragraph))
        found += 1
        previous = ""
    if not found:
        reason = "procedural" if sentences and procedural == len(sentences) else "no_proposal"
        state.skipped.append(Skipped(number, reason))


def _candidate(speaker: Speaker, text: str, kind: str, number: int, paragraph: str) -> Candidate:
    return Candidate(
        speaker=speaker.name,
        title=speaker.title,
        organisation=speaker.organisation,
        organisation_key=speaker.organisation_key,
        role=speaker.role,
        text=text,
        kind=kind,
        source=Source(number, paragraph),
    )


def _columns(row: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        label = "".join(cell.split())
        for column, words in _COLUMNS.items():
            if column not in found and any(label == w or (len(label) <= 12 and w in label) for w in words):
                found[column] = index
                break
    return found


def _table(state: _State, number: int, table: TableBlock) -> int:
    """Read a table of written suggestions (one row each); other tables are skipped row by row."""
    columns: dict[str, int] = {}
    for row in table.rows:
        number += 1
        row_text = " | ".join(row)
        if not columns:
            columns = _columns(row)
            if "content" in columns and len(columns) >= 2:
                state.skipped.append(Skipped(number, "table_header"))
            else:
                columns = {}
                state.skipped.append(Skipped(number, "table"))
            continue

        content = _cell(columns, row, "content")
        if not content:
            state.skipped.append(Skipped(number, "empty_row"))
            continue
        written_org = _cell(columns, row, "organisation")
        org = normalise_organisation(written_org) if written_org else None
        title = _cell(columns, row, "title")
        speaker = Speaker(
            name=_cell(columns, row, "name"),
            title=title,
            organisation=org.display if org else "",
            organisation_key=org.key if org else "",
            role=role_of(title, org.display if org else ""),
        )
        state.turns.append((speaker, [number]))
        kind = _written_kind(_cell(columns, row, "kind"), content)
        state.candidates.append(_candidate(speaker, content, kind, number, row_text))
    return number


def _cell(columns: dict[str, int], row: tuple[str, ...], name: str) -> str:
    index = columns.get(name, -1)
    return row[index].strip() if 0 <= index < len(row) else ""


def _written_kind(label: str, content: str) -> str:
    if "애로" in label or "불편" in label:
        return "complaint"
    if "건의" in label or "요청" in label:
        return "request"
    if "제안" in label:
        return "suggestion"
    kind = classify_written(content)
    if kind == "complaint" and has_nominal_cue(content):
        return "suggestion"
    return kind
