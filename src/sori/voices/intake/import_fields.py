"""The proposal fields an import column can map to, and the first guess from the header row's names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from sori.engagement.models import ImportBatch
from sori.voices.models import Source


@dataclass(frozen=True)
class ImportField:
    """A proposal field a column can be mapped to, with header names that suggest it."""

    key: str
    label: Any
    aliases: tuple[str, ...]
    required: bool = False


FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "text",
        gettext_lazy("내용"),
        (
            "내용",
            "제안",
            "제안내용",
            "건의",
            "건의사항",
            "건의내용",
            "의견",
            "요청사항",
            "애로사항",
            "text",
            "proposal",
            "content",
            "suggestion",
        ),
        required=True,
    ),
    ImportField(
        "organisation",
        gettext_lazy("기관명"),
        (
            "기관명",
            "기관",
            "소속",
            "기업",
            "기업명",
            "회사",
            "회사명",
            "업체",
            "업체명",
            "단체",
            "organisation",
            "organization",
            "company",
            "org",
        ),
    ),
    ImportField(
        "person", gettext_lazy("제안자"), ("제안자", "이름", "성명", "작성자", "name", "proposer", "person")
    ),
    ImportField("role", gettext_lazy("직위"), ("직위", "직책", "직급", "role", "position", "jobtitle")),
    ImportField("email", gettext_lazy("이메일"), ("이메일", "메일", "전자우편", "email", "mail")),
    ImportField(
        "received_at",
        gettext_lazy("접수일시"),
        (
            "접수일시",
            "접수일",
            "접수일자",
            "일시",
            "날짜",
            "일자",
            "작성일",
            "제출일",
            "date",
            "received",
            "receivedat",
            "datetime",
        ),
    ),
    ImportField(
        "theme", gettext_lazy("분야"), ("분야", "주제", "테마", "카테고리", "category", "theme", "sector")
    ),
    ImportField("source", gettext_lazy("경로"), ("경로", "접수경로", "출처", "채널", "source", "channel")),
    ImportField(
        "engagement",
        gettext_lazy("간담회"),
        ("간담회", "간담회명", "회의", "회의명", "meeting", "engagement"),
    ),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
SOURCE_WORDS = {
    **{s.value: s.value for s in Source},
    **{str(s.label): s.value for s in Source},
    "웹": Source.WEB,
    "홈페이지": Source.WEB,
    "온라인": Source.WEB,
    "메일": Source.EMAIL,
    "전자우편": Source.EMAIL,
    "회의": Source.MEETING,
    "공문": Source.DOCUMENT,
    "서면": Source.DOCUMENT,
}


def norm(text: str) -> str:
    return re.sub(r"[\s_\-·./()]+", "", unicodedata.normalize("NFKC", text)).lower()


def fields_for(batch: ImportBatch) -> tuple[ImportField, ...]:
    """Return the fields a batch may map: the meeting column only when no meeting was chosen at upload."""
    return tuple(f for f in FIELDS if f.key != "engagement" or batch.engagement_id is None)


def guess_mapping(header: tuple[str, ...], fields: tuple[ImportField, ...] = FIELDS) -> dict[str, int | None]:
    """Return field → column index guessed from header names (exact alias first, then containment)."""
    names = [norm(h) for h in header]
    mapping: dict[str, int | None] = {f.key: None for f in fields}
    used: set[int] = set()
    for exact in (True, False):
        for f in fields:
            if mapping[f.key] is not None:
                continue
            for index, name in enumerate(names):
                if index in used or not name:
                    continue
                if any(name == a if exact else (len(a) >= 2 and a in name) for a in map(norm, f.aliases)):
                    mapping[f.key] = index
                    used.add(index)
                    break
    return mapping
