"""Meeting facts written at the head of minutes: title, date and time, place."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sori.documents.tabular import parse_when

__all__ = ["Meeting", "find_date", "meeting_fields"]

_TITLE_WORDS = re.compile(r"간담회|회의록|회의|토론회|협의회|위원회|설명회|포럼|워크숍|세미나")
# A line naming the meeting itself beats one naming only the body that holds it (…특별위원회).
_STRONG_TITLE = re.compile(r"간담회|회의록|토론회|설명회|포럼|워크숍|세미나|결과\s*보고|\d+\s*차\s*회의")
_DATE = re.compile(
    r"(?P<date>(?:19|20)\d{2}\s*(?:[.\-/]|년)\s*\d{1,2}\s*(?:[.\-/]|월)\s*\d{1,2}\s*(?:일|\.)?)"
    r"\s*(?:\(\s*[월화수목금토일]\s*\))?"
    r"(?:\s*(?P<time>(?:오전|오후)?\s*\d{1,2}\s*(?::\s*\d{2}|시(?:\s*\d{1,2}\s*분)?)))?"
)
_PLACE = re.compile(r"^(?:[□○■◆▶-]\s*)?(?:\d\.\s*)?(?:장\s*소|회의\s*장소|장소)\s*[:：]?\s*(?P<place>.+)$")
_LABELLED_TITLE = re.compile(
    r"^(?:[□○■◆▶-]\s*)?(?:회의명|제\s*목|회의\s*제목|행사명)\s*[:：]\s*(?P<title>.+)$"
)


@dataclass(frozen=True)
class Meeting:
    """What the minutes say about the meeting; empty strings where nothing was found."""

    title: str = ""
    date: dt.date | None = None
    time: dt.time | None = None
    place: str = ""

    def to_json(self) -> dict[str, str]:
        """Return the fields found, dates as ISO 8601 (``2025-11-11``, ``07:30``)."""
        out: dict[str, str] = {}
        if self.title:
            out["title"] = self.title
        if self.date:
            out["date"] = self.date.isoformat()
        if self.time:
            out["time"] = self.time.strftime("%H:%M")
        if self.place:
            out["place"] = self.place
        return out


def find_date(text: str) -> tuple[dt.date, dt.time | None] | None:
    """Return the first date (and time, if written) in ``text``.

    Reads ``2025. 11. 11.(화) 07:30``, ``2025년 11월 11일 오전 7시 30분``, ``2025-11-11``.
    """
    for match in _DATE.finditer(text):
        raw = match.group("date") + (" " + match.group("time") if match.group("time") else "")
        for candidate in (raw, match.group("date")):
            try:
                when = parse_when(candidate.strip())
            except ValueError:
                continue
            if isinstance(when, dt.datetime):
                return when.date(), when.time()
            return when, None
    return None


def _title_like(text: str) -> bool:
    return bool(_TITLE_WORDS.search(text)) and len(text) <= 80 and not text.endswith(("다.", "다"))


def meeting_fields(head: list[tuple[int, str]]) -> tuple[Meeting, set[int]]:
    """Return the meeting facts before the first speaker, and the numbers of the paragraphs that held them."""
    title, place = "", ""
    date: dt.date | None = None
    time: dt.time | None = None
    used: set[int] = set()
    for number, text in head:
        labelled = _LABELLED_TITLE.match(text)
        if labelled and not title:
            title = labelled.group("title").strip()
            used.add(number)
            continue
        if not place and (m := _PLACE.match(text)):
            place = m.group("place").strip()
            used.add(number)
            continue
        if date is None and (found := find_date(text)):
            date, time = found
            used.add(number)
            if (
                not title
                and _TITLE_WORDS.search(text)
                and len(text) <= 80
                and not text.startswith(("일시", "일 시"))
            ):
                title = _DATE.sub("", text).strip(" -–—()[]")
            continue
        weak_title = title and not _STRONG_TITLE.search(title)
        if (not title or (weak_title and _STRONG_TITLE.search(text))) and _title_like(text):
            title = text.strip(" □○■◆▶-")
            used.add(number)
    return Meeting(title=title, date=date, time=time, place=place), used
