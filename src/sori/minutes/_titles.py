"""Job titles (직함) heard at round tables, and the role each implies. The one list of titles lives here."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["COUNCIL_TITLES", "OFFICIAL_TITLES", "TITLES", "Role", "base_title", "role_of"]


class Role(StrEnum):
    """Who a speaker is at the table; chairs and officials run the meeting, others bring the voices."""

    CHAIR = "chair"  # 위원장, 의장: opens, gives the floor, closes
    MEMBER = "member"  # 위원, 의원: committee members; their own suggestions are proposals
    OFFICIAL = "official"  # 시장, 국장, 과장 …: answers for the city
    PARTICIPANT = "participant"  # companies, institutions, experts, citizens


# Longest first where one ends with another (부위원장 before 위원장 before 위원), so suffix matching picks the
# most specific title.
COUNCIL_TITLES: dict[str, Role] = {
    "공동위원장": Role.CHAIR,
    "부위원장": Role.CHAIR,
    "위원장": Role.CHAIR,
    "부의장": Role.CHAIR,
    "의장": Role.CHAIR,
    "좌장": Role.CHAIR,
    "사회자": Role.CHAIR,
    "시의원": Role.MEMBER,
    "의원": Role.MEMBER,
    "위원": Role.MEMBER,
}
OFFICIAL_TITLES: frozenset[str] = frozenset(
    {"시장", "부시장", "실장", "국장", "과장", "사무국장", "주무관", "사무관", "서기관", "전문위원", "계장"}
)
_OTHER_TITLES = (
    "대표이사",
    "대표",
    "부대표",
    "회장",
    "부회장",
    "사장",
    "부사장",
    "이사장",
    "이사",
    "상무",
    "전무",
    "감사",
    "본부장",
    "부장",
    "차장",
    "팀장",
    "파트장",
    "실장",
    "소장",
    "센터장",
    "원장",
    "부원장",
    "단장",
    "사업단장",
    "분과장",
    "연구원",
    "선임연구원",
    "책임연구원",
    "수석연구원",
    "연구위원",
    "교수",
    "박사",
    "총장",
    "매니저",
    "프로",
    "CEO",
    "CTO",
    "COO",
    "PM",
)
TITLES: tuple[str, ...] = tuple(
    sorted({*COUNCIL_TITLES, *OFFICIAL_TITLES, *_OTHER_TITLES}, key=lambda t: (-len(t), t))
)
"""Every title recognised, longest first; a token ending in one (인공지능분과장) is a title too."""
# Titles that are also the end of organisation names or ordinary words (한국전자통신연구원, 회계감사).
_EXACT_ONLY = frozenset({"연구원", "감사", "프로", "PM", "CEO", "CTO", "COO"})


def base_title(token: str) -> str:
    """Return the title ``token`` is or ends with (정책기획본부장 → 본부장), or "" when it is no title."""
    token = token.removesuffix("님")
    for title in TITLES:
        if token == title:
            return title
    if len(token) > 2:
        for title in TITLES:
            # Qualified titles (산건위원장, 인공지능분과장) end with a known title of two or more syllables.
            if title not in _EXACT_ONLY and token.endswith(title) and _hangul(token[: -len(title)]):
                return title
    return ""


def _hangul(text: str) -> bool:
    # Qualifiers are Hangul words, possibly with Latin or digits ("AI정책과장", "9대산업분과장").
    return bool(text) and all("가" <= ch <= "힣" or (ch.isascii() and ch.isalnum()) for ch in text)


def role_of(title: str, organisation: str = "") -> Role:
    """Return the role a title implies; an official title with a company organisation is a participant.

    실장, 과장 and 팀장 exist in companies too, so an official title counts as the city's only when no
    organisation is named or the organisation is a public office (시, 구, 청, 시의회).
    """
    base = base_title(title) or title
    if base in COUNCIL_TITLES:
        return COUNCIL_TITLES[base]
    if base in OFFICIAL_TITLES and (not organisation or _public_office(organisation)):
        return Role.OFFICIAL
    return Role.PARTICIPANT


def _public_office(organisation: str) -> bool:
    compact = organisation.replace(" ", "")
    return compact.endswith(("시", "청", "구", "군", "도", "시의회", "과", "국", "실", "부", "처"))
