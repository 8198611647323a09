"""What the columns of an organisation or MOU spreadsheet may hold, and how a cell becomes a value.

Each parser takes the cell's text and returns a value or raises ``ValueError`` whose message (Korean) says
what is wrong with that cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.documents.tabular import parse_when
from sori.registry.models import (
    ImportKind,
    MouStage,
    OrganisationKind,
    Origin,
    Size,
    StrategicField,
    business_number_digits,
)


def norm(text: str) -> str:
    """Return ``text`` without spaces, punctuation or case, for matching header names and choice words."""
    return re.sub(r"[\s_\-·./()]+", "", unicodedata.normalize("NFKC", text)).lower()


def _choice(choices: Any, extra: dict[str, str] | None = None) -> Callable[[str], str]:
    words = {norm(c.value): c.value for c in choices} | {norm(str(c.label)): c.value for c in choices}
    words |= {norm(k): v for k, v in (extra or {}).items()}

    def parse(cell: str) -> str:
        key = norm(cell)
        if key in words:
            return words[key]
        starts = {v for w, v in words.items() if key and (w.startswith(key) or key.startswith(w))}
        if len(starts) == 1:
            return starts.pop()
        raise ValueError(
            _("'%(cell)s'은(는) 알 수 없는 값입니다. 다음 중 하나로 적어 주세요: %(choices)s")
            % {"cell": cell, "choices": ", ".join(str(c.label) for c in choices)}
        )

    return parse


def parse_date(cell: str) -> dt.date:
    try:
        value = parse_when(cell)
    except ValueError:
        raise ValueError(
            _("'%(cell)s'은(는) 날짜로 읽을 수 없습니다. 2020-09-22 또는 2020. 9. 22. 처럼 적어 주세요.")
            % {"cell": cell}
        ) from None
    return value.date() if isinstance(value, dt.datetime) else value


def parse_year(cell: str) -> int:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:년)?.*", cell)
    year = int(match.group(1)) if match else None
    if year is None or not 1850 <= year <= 2100:
        raise ValueError(
            _("'%(cell)s'은(는) 연도로 읽을 수 없습니다. 2015처럼 네 자리로 적어 주세요.") % {"cell": cell}
        )
    return year


def parse_count(cell: str) -> int:
    text = unicodedata.normalize("NFKC", cell).replace(",", "").replace("명", "").replace("개", "").strip()
    if not re.fullmatch(r"\d+(?:\.0+)?", text):
        raise ValueError(_("'%(cell)s'은(는) 숫자가 아닙니다. 120처럼 숫자만 적어 주세요.") % {"cell": cell})
    return int(float(text))


_UNITS = {"조": 10**12, "억": 10**8, "천만": 10**7, "백만": 10**6, "만": 10**4, "천": 10**3}


def parse_won(cell: str) -> int:
    """Read money as offices write it: ``3,000,000,000``, ``30억 원``, ``1조 2,000억``, ``5천만원``."""
    text = unicodedata.normalize("NFKC", cell).replace(",", "").replace(" ", "").removesuffix("원")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return int(float(text))
    total, rest = 0.0, text
    for part in re.finditer(r"(\d+(?:\.\d+)?)(조|억|천만|백만|만|천)", text):
        total += float(part.group(1)) * _UNITS[part.group(2)]
        rest = rest.replace(part.group(0), "", 1)
    if total and (not rest or re.fullmatch(r"\d+", rest)):
        return int(total + (int(rest) if rest else 0))
    raise ValueError(
        _("'%(cell)s'은(는) 금액으로 읽을 수 없습니다. 3000000000 또는 30억처럼 적어 주세요.")
        % {"cell": cell}
    )


def parse_business_number(cell: str) -> str:
    digits = business_number_digits(cell)
    if len(digits) != 10:
        raise ValueError(
            _("사업자등록번호 '%(cell)s'은(는) 숫자 10자리가 아닙니다(예: 123-45-67890).") % {"cell": cell}
        )
    return digits


def parse_email(cell: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(cell)
    except ValidationError:
        raise ValueError(_("'%(cell)s'은(는) 이메일 주소가 아닙니다.") % {"cell": cell}) from None
    return cell


def parse_url(cell: str) -> str:
    url = cell if re.match(r"^https?://", cell) else f"https://{cell}"
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s]+", url):
        raise ValueError(_("'%(cell)s'은(는) 누리집 주소가 아닙니다.") % {"cell": cell})
    return url


def parse_parties(cell: str) -> list[str]:
    names = [n.strip() for n in re.split(r"[,;/\n]|、", cell) if n.strip()]
    if not names:
        raise ValueError(_("협약 기관이 비어 있습니다."))
    return names


def text(cell: str) -> str:
    return cell.strip()


@dataclass(frozen=True)
class Column:
    """A field a column can be mapped to, the header names that suggest it, and how its cells are read."""

    key: str
    label: Any
    aliases: tuple[str, ...]
    parse: Callable[[str], Any] = text
    required: bool = False


ORGANISATION_COLUMNS = (
    Column(
        "name",
        gettext_lazy("기관명"),
        (
            "기관명",
            "기관",
            "기업명",
            "기업",
            "회사명",
            "회사",
            "업체명",
            "상호",
            "name",
            "organisation",
            "company",
        ),
        required=True,
    ),
    Column(
        "business_number",
        gettext_lazy("사업자등록번호"),
        ("사업자등록번호", "사업자번호", "사업자", "brn"),
        parse_business_number,
    ),
    Column(
        "kind",
        gettext_lazy("구분"),
        ("구분", "기관구분", "유형", "기관유형", "kind", "type"),
        _choice(
            OrganisationKind,
            {
                "기업": "company",
                "AI": "company",
                "연구소": "institution",
                "대학": "institution",
                "공공": "public_body",
                "제조": "manufacturer",
                "뿌리": "root_industry",
            },
        ),
    ),
    Column(
        "strategic_field",
        gettext_lazy("전략 분야"),
        ("전략분야", "특화분야", "field"),
        _choice(
            StrategicField,
            {
                "자동차": "mobility",
                "모빌리티": "mobility",
                "제조": "manufacturing",
                "뿌리산업": "manufacturing",
                "콘텐츠": "culture",
                "문화": "culture",
                "데이터": "data_infra",
                "인프라": "data_infra",
                "보안": "security",
                "농업": "agriculture",
                "의료": "healthcare",
                "바이오": "healthcare",
            },
        ),
    ),
    Column("sector", gettext_lazy("분야·업종"), ("분야", "업종", "주요사업", "사업분야", "sector")),
    Column("size", gettext_lazy("규모"), ("규모", "기업규모", "size"), _choice(Size, {"중소기업": "small"})),
    Column(
        "founded_year",
        gettext_lazy("설립 연도"),
        ("설립연도", "설립년도", "설립일", "설립", "founded"),
        parse_year,
    ),
    Column(
        "origin",
        gettext_lazy("지역 구분"),
        ("지역구분", "지역", "이전여부", "origin"),
        _choice(
            Origin,
            {
                "지역": "local",
                "광주": "local",
                "토착": "local",
                "이전": "relocated",
                "수도권이전": "relocated",
                "역외": "outside",
            },
        ),
    ),
    Column(
        "relocated_on",
        gettext_lazy("광주 이전일"),
        ("광주이전일", "이전일", "이전일자", "relocated"),
        parse_date,
    ),
    Column("location", gettext_lazy("소재지"), ("소재지", "시군구", "location")),
    Column("address", gettext_lazy("주소"), ("주소", "사업장주소", "address")),
    Column("email", gettext_lazy("대표 이메일"), ("이메일", "대표이메일", "메일", "email"), parse_email),
    Column(
        "website", gettext_lazy("누리집"), ("누리집", "홈페이지", "웹사이트", "website", "url"), parse_url
    ),
    Column(
        "ai_capabilities", gettext_lazy("AI 역량"), ("AI역량", "보유기술", "역량", "기술", "capabilities")
    ),
    Column("ai_needs", gettext_lazy("AI 수요"), ("AI수요", "수요", "필요기술", "needs")),
)

MOU_COLUMNS = (
    Column("title", gettext_lazy("협약명"), ("협약명", "협약", "제목", "title"), required=True),
    Column(
        "signed_on",
        gettext_lazy("협약일"),
        ("협약일", "체결일", "협약일자", "체결일자", "일자", "날짜", "date"),
        parse_date,
        required=True,
    ),
    Column(
        "parties",
        gettext_lazy("협약 기관"),
        ("협약기관", "참여기관", "기관명", "기관", "기업명", "기업", "parties"),
        parse_parties,
        required=True,
    ),
    Column("event", gettext_lazy("체결 행사"), ("체결행사", "행사", "회의", "event")),
    Column(
        "stage",
        gettext_lazy("후속 단계"),
        ("후속단계", "단계", "진행상황", "상태", "stage"),
        _choice(
            MouStage, {"체결": "signed", "개소": "office_opened", "운영": "operating", "이전": "hq_relocated"}
        ),
    ),
    Column("stage_reason", gettext_lazy("단계 사유"), ("사유", "단계사유", "비고", "reason")),
    Column(
        "office_target",
        gettext_lazy("사무소 개소 목표일"),
        ("개소목표일", "사무소개소목표일", "개소예정일"),
        parse_date,
    ),
    Column("office_opened_on", gettext_lazy("사무소 개소일"), ("개소일", "사무소개소일"), parse_date),
    Column(
        "jobs",
        gettext_lazy("고용 약속(명)"),
        ("고용약속", "고용", "고용인원", "신규고용", "jobs"),
        parse_count,
    ),
    Column("jobs_realised", gettext_lazy("고용 실적(명)"), ("고용실적", "실제고용"), parse_count),
    Column(
        "investment",
        gettext_lazy("투자 약속(원)"),
        ("투자약속", "투자", "투자금액", "투자액", "investment"),
        parse_won,
    ),
    Column("investment_realised", gettext_lazy("투자 실적(원)"), ("투자실적", "실제투자"), parse_won),
)

COLUMNS = {ImportKind.ORGANISATIONS: ORGANISATION_COLUMNS, ImportKind.MOUS: MOU_COLUMNS}


def guess_mapping(header: tuple[str, ...], columns: tuple[Column, ...]) -> dict[str, int | None]:
    """Return field key → column index for the header names that say which field they hold."""
    taken: set[int] = set()
    mapping: dict[str, int | None] = {}
    names = [norm(h) for h in header]
    for column in columns:
        aliases = [norm(a) for a in column.aliases]
        found = next((i for i, n in enumerate(names) if n in aliases and i not in taken), None)
        if found is None:
            found = next(
                (
                    i
                    for i, n in enumerate(names)
                    if i not in taken and any(n.startswith(a) for a in aliases[:2])
                ),
                None,
            )
        mapping[column.key] = found
        if found is not None:
            taken.add(found)
    return mapping
