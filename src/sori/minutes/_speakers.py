"""The speaker grammar of Korean minutes, and ``parse_line`` for one line of text.

Forms read (marker optional: ○ ◆ ◇ ● ■ □ ▶ - …; colon optional where the line is only the speaker):

- ``○ 김종민 분과장: …`` — name, title
- ``○ 위원장 강수훈: …`` — title, name (no organisation: none is written)
- ``◆ 조춘호 ㈜아이티앱스 대표`` — name, organisation, title, speech on the next lines
- ``김세영 ㈜엑스알에이아이 이사: …`` and ``㈜아이티앱스 조춘호 대표: …``
- ``조춘호 대표(㈜아이티앱스): …`` — organisation in brackets after the title
- ``[솔트룩스] 홍길동 팀장 …`` — organisation in square brackets
- ``김세영 이사`` alone on a line — the speech follows

The name is the 2–4 syllable token next to the title (or the only one); every other token of the header
is the organisation. An organisation is never made from the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._orgs import has_company_form, normalise_organisation
from ._titles import Role, base_title, role_of

__all__ = ["Line", "Speaker", "parse_line", "parse_speaker"]

MARKERS = "○◯◆◇●■□▶▷►•◎▲△▣-*·"
_MARKER = re.compile(rf"^[{re.escape(MARKERS)}]+\s*")
# A colon that ends a header, not one inside a time such as 07:30.
_COLON = re.compile(r"(?<!\d)\s*[:：]\s*|(?<=\d)[:：](?!\d)\s*")
_BRACKET = re.compile(r"[\[［【〔]([^\]］】〕]{1,40})[\]］】〕]")
_PAREN = re.compile(r"[(（]([^()（）]{2,40})[)）]")
_HEADER_MAX = 60
# A line that reads as a sentence is speech, however name-like its words.
_SENTENCE_END = re.compile(r"(?:[.?!。]|다|요|까|죠|니다|습니다)\s*$|(?:다|요)[.,]?\s")
_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염"
    "여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온좌계"
)
_DOUBLE_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방")
# Ordinary words that look like names (surname syllable + one or two more) and head lines such as "정리:".
_NOT_NAME_WORDS = """
정리 결론 요약 이상 안건 주제 일시 장소 참석 기타 조치 참고 오늘 우리 지금 이번
제안 건의 요청 문의 답변 질문 의견 내용 사항 목적 배경 현황 문제 방향 계획 결과
기간 대상 예산 정책 전망 사회 개회 폐회 인사 발제 토론 자유토론 마무리 기업 지역
전국 정부 서울 부산 대구 인천 대전 울산 세종 전남 전북 경남 경북 충남 충북 강원
제주 한국 국가 시민 시장 위원 의원 대표 이사 고문 주최 주관 사업 지원 실증 인재
교육 데이터 안전 조찬 간담회 회의 공지 부탁 감사 노력 검토 반영 전달 구분 성명
소속 직위 직함 비고 연번 번호
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
_ORG_SUFFIXES = (
    "협의회", "협회", "재단", "센터", "연구원", "연구소", "대학교", "대학", "테크노파크", "사업단", "진흥원",
    "공사", "공단", "시청", "시의회", "의회", "위원회", "특위", "기업", "학교", "병원", "랩", "컴퍼니",
    "코리아", "스튜디오", "조합", "그룹", "㈜", "원", "단", "과", "국", "청",
)  # fmt: skip


@dataclass(frozen=True)
class Speaker:
    """Who spoke: name, title (직함), organisation as shown (legal form in front) and its comparison key."""

    name: str
    title: str = ""
    organisation: str = ""
    organisation_key: str = ""
    role: Role = Role.PARTICIPANT


@dataclass(frozen=True)
class Line:
    """One line split into its speaker (None when it names nobody) and the remaining text."""

    speaker: Speaker | None
    text: str
    marker: str = ""


def _is_name(token: str) -> bool:
    token = token.removesuffix("님")
    if not 2 <= len(token) <= 4 or token in _NOT_NAMES:
        return False
    if not all("가" <= ch <= "힣" for ch in token):
        return False
    if token[:2] in _DOUBLE_SURNAMES and len(token) >= 3:
        return True
    return token[0] in _SURNAMES and not base_title(token)


def _org_like(token: str) -> bool:
    return has_company_form(token) or (len(token) > 2 and token.endswith(_ORG_SUFFIXES))


@dataclass
class _Header:
    name: str = ""
    title: str = ""
    org_words: tuple[str, ...] = ()
    strong_org: bool = False  # a bracket, a legal form or an organisation suffix was seen


def _split_header(header: str) -> tuple[list[str], list[str], list[str]]:
    """Return (tokens, bracketed organisations, bracketed titles) of a header."""
    orgs: list[str] = []
    titles: list[str] = []

    def bracket(match: re.Match[str]) -> str:
        orgs.append(match.group(1).strip())
        return " "

    def paren(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        if has_company_form(match.group(0)) and normalise_organisation(match.group(0)).key == "":
            return match.group(0)  # "(주)" itself stays with its company name
        words = inner.split()
        if base_title(words[-1]):  # "(㈜아이티앱스 대표)" holds the organisation and the title
            titles.append(words[-1].removesuffix("님"))
            if words[:-1]:
                orgs.append(" ".join(words[:-1]))
        else:
            orgs.append(inner)
        return " "

    header = _BRACKET.sub(bracket, header)
    header = _PAREN.sub(paren, header)
    return header.split(), orgs, titles


def _read_header(header: str, *, prefix: bool) -> tuple[_Header, int] | None:
    """Read a speaker header; with ``prefix`` only a leading run of header tokens is taken.

    Returns the header and how many whitespace tokens of ``header`` it used (all of them unless ``prefix``).
    """
    if prefix:
        raw = header.split()
        used = 0
        parts: list[str] = []
        have_name = have_title = False
        for token in raw:
            bare, orgs, titles = _split_header(token)
            is_title = bool(titles) or any(base_title(t) for t in bare)
            is_name = any(_is_name(t) for t in bare) and not have_name
            is_org = bool(orgs) or any(_org_like(t) for t in bare)
            if have_name and have_title and not is_org:
                break
            if not (is_title or is_name or is_org):
                break
            have_name = have_name or is_name
            have_title = have_title or is_title
            parts.append(token)
            used += 1
        if not used:
            return None
        header = " ".join(parts)
    tokens, orgs, titles = _split_header(header)
    if len(tokens) > 7:
        return None
    title_index = [i for i, t in enumerate(tokens) if base_title(t)]
    found = _Header()
    if titles:
        found.title = titles[0]
    elif title_index:
        found.title = tokens[title_index[0]].removesuffix("님")
    names = [i for i, t in enumerate(tokens) if _is_name(t) and i not in title_index]
    if not names:
        return None
    if title_index and not titles:
        t = title_index[0]
        near = [i for i in names if abs(i - t) == 1]
        name_at = near[0] if near else names[0]
    else:
        name_at = names[-1] if len(names) > 1 and _org_like(tokens[names[0]]) else names[0]
    found.name = tokens[name_at].removesuffix("님")
    used_title = title_index[0] if title_index and not titles else -1
    words = [t for i, t in enumerate(tokens) if i not in (name_at, used_title)]
    # A second title ("대표이사 CEO") is not part of the organisation.
    words = [w for w in words if not base_title(w)]
    found.org_words = tuple(orgs + words)
    found.strong_org = bool(orgs) or any(_org_like(w) for w in words)
    return found, len(header.split())


def _speaker(found: _Header) -> Speaker:
    organisation = " ".join(found.org_words)
    org = normalise_organisation(organisation) if organisation else None
    display = org.display if org else ""
    return Speaker(
        name=found.name,
        title=found.title,
        organisation=display,
        organisation_key=org.key if org else "",
        role=role_of(found.title, display),
    )


def _acceptable(found: _Header, *, marker: bool, colon: bool, alone: bool) -> bool:
    if found.title:
        # Unknown words beside a name and title are organisation words only in a clear header.
        return colon or alone or marker or not found.org_words or found.strong_org
    if found.strong_org:
        return colon or alone or marker
    # A bare name needs a marker and a colon ("○ 김세영: …"), or to stand alone after a marker.
    return not found.org_words and marker and (colon or alone)


def parse_speaker(header: str) -> Speaker | None:
    """Return the speaker named by ``header`` (a speaker line without its speech), or None."""
    line = parse_line(header)
    return line.speaker if line.speaker and not line.text else None


def parse_line(text: str) -> Line:
    """Split one line into its speaker and the rest: ``"○ 위원장 강수훈: 감사합니다"`` → 강수훈, 위원장, rest.

    A line that names nobody comes back with ``speaker=None`` and the whole text. The organisation is only
    ever taken from words written beside the name, never made from the name itself.
    """
    line = " ".join(text.split())
    marker_match = _MARKER.match(line)
    marker = marker_match.group(0).strip() if marker_match else ""
    body = line[marker_match.end() :] if marker_match else line
    colon = _COLON.search(body[: _HEADER_MAX + 2])
    if colon and colon.start() > 0:
        header, rest = body[: colon.start()], body[colon.end() :]
        if len(header) <= _HEADER_MAX:
            read = _read_header(header, prefix=False)
            if read and _acceptable(read[0], marker=bool(marker), colon=True, alone=False):
                return Line(_speaker(read[0]), rest.strip(), marker)
    if marker or body.startswith(("[", "［", "【")):
        read = _read_header(body, prefix=True)
        if read and read[0].title:
            rest = " ".join(body.split()[read[1] :])
            if _acceptable(read[0], marker=True, colon=False, alone=not rest):
                return Line(_speaker(read[0]), rest, marker)
    if len(body) <= _HEADER_MAX and not _SENTENCE_END.search(body) and not colon:
        read = _read_header(body, prefix=False)
        if read and _acceptable(read[0], marker=bool(marker), colon=False, alone=True):
            return Line(_speaker(read[0]), "", marker)
    return Line(None, line, marker)
