# ruff: noqa: E501 — minutes are quoted one paragraph per line
"""Two labelled minutes, the one source of truth for tests and the benchmark.

Round 1 follows the council AI committee's first breakfast round table (2025-11-11); round 2 is worded
differently on purpose, so the rules are not tuned to one text. Each script is a sequence of paragraphs
(strings) and tables (tuples of rows); ``expected`` lists every candidate a reader should find.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ROUND1", "ROUND2", "SCRIPTS", "Expected", "Script"]

Table = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Expected:
    """A candidate that must be found: who, the kind, and a phrase its text contains (spaces ignored)."""

    speaker: str
    organisation: str
    kind: str
    phrase: str
    written: bool = False  # from the table of written suggestions, not from speech


@dataclass(frozen=True)
class Script:
    """Minutes as paragraphs and tables, with the meeting facts and candidates they hold."""

    name: str
    blocks: tuple[str | Table, ...]
    expected: tuple[Expected, ...]
    title: str
    date: str
    time: str
    not_proposals: tuple[str, ...]  # phrases of procedural remarks no candidate may contain

    def paragraphs(self) -> list[str]:
        """Return the paragraphs only (tables left out)."""
        return [b for b in self.blocks if isinstance(b, str)]

    def table(self) -> Table:
        """Return the table of written suggestions."""
        return next(b for b in self.blocks if not isinstance(b, str))


ROUND1 = Script(
    name="round1",
    title="제1차 AI기업 조찬간담회 회의록",
    date="2025-11-11",
    time="07:30",
    blocks=(
        "광주광역시의회 인공지능실증도시특별위원회",
        "제1차 AI기업 조찬간담회 회의록",
        "일시: 2025. 11. 11.(화) 07:30",
        "장소: 광주광역시의회 대회의실",
        "1. 개회",
        "○ 위원장 강수훈: 이른 아침 바쁘신 가운데 참석해 주신 기업인 여러분께 감사드립니다. 오늘은 'AI기업들에게 듣는다'를 주제로 현장의 목소리를 듣고자 합니다. 먼저 김종민 분과장님 말씀해 주시기 바랍니다.",
        "2. 자유토론",
        "○ 광주 9대산업협의회 인공지능분과장 김종민: 안녕하십니까, 광주 9대산업협의회 인공지능분과장 김종민입니다. AI는 빠르고 제조는 느리다. 중간에 미드필더가 필요하다.",
        "뿌리산업 및 소부장산업 등 제조업 현장에서도 고령화에 따라 AI를 접목해 돌파구를 찾고 싶어 합니다. 제조기업을 대상으로 한 AI 교육과 지원 프로그램을 신설해 주시기 바랍니다.",
        "AI기업과 연구기관, 제조업이 정기적으로 소통할 수 있는 협의체도 마련되어야 합니다.",
        "◆ 조춘호 ㈜아이티앱스 대표",
        "저희는 건설현장 안전관리 솔루션을 개발하고 있습니다. 광주AI데이터센터 GPU를 6개월씩 사용하고 있는데 그때마다 학습이 끊기는 문제가 있습니다.",
        "GPU 사용기간을 최소 12개월로 해 주시고, 매번 새로 선발하는 방식이 아닌 갱신하는 것으로 제도를 개선해 주시기 바랍니다.",
        "조춘호 대표(㈜아이티앱스): 덧붙이면, 실증 결과를 조달 시장으로 연결할 수 있도록 혁신제품 지정 절차를 안내해 주셨으면 합니다.",
        "김세영 ㈜엑스알에이아이 이사: 콘텐츠 기반 AI기업은 실증사업을 기반으로 레퍼런스를 쌓아야 한다. 광주가 주로 진행하고 있는 공공기관 장소 제공형 중심의 실증사업은 접근성이 떨어진다.",
        "[솔트룩스] 홍길동 팀장",
        "수도권에서 이전한 기업과 지역 기업이 함께 참여하는 상생 프로젝트가 필요합니다. 스타트업은 초기 2~3년을 버티기 어렵습니다. 일회성이 아닌 지속적인 지원을 강화해야 합니다.",
        "김세영 이사",
        "AI사관학교 수료생이 바로 현장에 투입될 수 있도록 기업 맞춤형 교육 과정을 운영해 달라.",
        "○ 위원 박미정: 기업들 말씀을 들어 보니 실증 공모에 지역 기업 가점을 두는 방안이 필요하다고 생각합니다.",
        "○ AI정책과장 이영수: 말씀하신 GPU 사용기간 연장은 과학기술정보통신부와 협의가 필요한 사항입니다. 관련 부서와 협의해 검토하겠습니다.",
        "3. 폐회",
        "○ 위원장 강수훈: 오늘 기업인들께서 주신 의견을 면밀히 정리해 광주시 정책에 반영되도록 노력하겠습니다. 당장 반영이 어려운 사안이라도 그 이유와 한계를 명확히 피드백하는 것이 우리 특위의 역할입니다.",
        "AI산업의 주체는 현장에 있습니다. 기업의 목소리를 시정에 반영하고, 전문가의 지혜로 제도적 뒷받침을 하겠습니다. 이상으로 제1차 간담회를 마치겠습니다.",
        "붙임 서면 건의사항",
        (
            ("연번", "기업명", "성명", "직위", "구분", "건의내용"),
            ("1", "(주)빛고을데이터", "김다온", "대표", "건의", "제조 데이터 표준화 가이드 마련"),
            ("2", "광주뿌리기업협회", "최민호", "사무국장", "애로", "뿌리기업은 AI 도입 비용 부담이 큼"),
            ("3", "주식회사 무등콘텐츠AI", "이하늘", "이사", "제안", "AI 바우처 정산 서류 간소화"),
        ),
    ),
    expected=(
        Expected("김종민", "광주 9대산업협의회", "suggestion", "미드필더가필요하다"),
        Expected("김종민", "광주 9대산업협의회", "request", "AI교육과지원프로그램을신설해"),
        Expected("김종민", "광주 9대산업협의회", "suggestion", "협의체도마련되어야"),
        Expected("조춘호", "㈜아이티앱스", "complaint", "학습이끊기는문제"),
        Expected("조춘호", "㈜아이티앱스", "request", "GPU사용기간을최소12개월로"),
        Expected("조춘호", "㈜아이티앱스", "request", "혁신제품지정절차를안내해"),
        Expected("김세영", "㈜엑스알에이아이", "suggestion", "레퍼런스를쌓아야"),
        Expected("김세영", "㈜엑스알에이아이", "complaint", "접근성이떨어진다"),
        Expected("홍길동", "솔트룩스", "suggestion", "상생프로젝트가필요"),
        Expected("홍길동", "솔트룩스", "complaint", "버티기어렵습니다"),
        Expected("홍길동", "솔트룩스", "suggestion", "지속적인지원을강화해야"),
        Expected("김세영", "㈜엑스알에이아이", "request", "맞춤형교육과정을운영해달라"),
        Expected("박미정", "", "suggestion", "가점을두는방안이필요"),
        Expected("김다온", "㈜빛고을데이터", "request", "표준화가이드마련", written=True),
        Expected("최민호", "광주뿌리기업협회", "complaint", "도입비용부담", written=True),
        Expected("이하늘", "㈜무등콘텐츠AI", "suggestion", "정산서류간소화", written=True),
    ),
    not_proposals=(
        "감사드립니다",
        "말씀해주시기",
        "면밀히정리해",
        "노력하겠습니다",
        "검토하겠습니다",
        "마치겠습니다",
        "피드백하는것이",
    ),
)

ROUND2 = Script(
    name="round2",
    title="제2차 AI기업 조찬간담회 결과보고",
    date="2025-11-14",
    time="07:30",
    blocks=(
        "제2차 AI기업 조찬간담회 결과보고",
        "□ 일시: 2025년 11월 14일(금) 오전 7시 30분",
        "□ 장소: 시의회 3층 회의실",
        "◇ 사회자 정은지: 지금부터 제2차 간담회를 시작하겠습니다. 첫 발제는 김운섭 본부장님께서 해 주시겠습니다.",
        "◇ 김운섭 광주테크노파크 정책기획본부장: (발제 내용은 별첨 자료로 갈음)",
        "◇ 강수훈 위원장: 감사합니다. 이어서 기업 의견을 듣겠습니다.",
        "◇ 박서준 대표 (주)무등로보틱스: 저희 같은 제조 로봇 기업에는 데이터센터 GPU 신청 절차가 까다롭습니다. 신청 서류를 간소화해 주십시오.",
        "또한 실증 장비를 빌려 쓸 수 있는 공동 테스트베드가 광주에 생기면 좋겠습니다.",
        "◇ 이도윤 책임연구원(한국전자통신연구원 호남권연구센터): 연구기관이 보유한 모델을 지역 기업이 쓸 수 있도록 기술이전 문턱을 낮춰야 합니다.",
        "◇ 최유진 ㈜빛고을데이터 본부장",
        "데이터 라벨링 인력을 구하기가 너무 힘듭니다. AI사관학교와 연계한 채용 연계형 인턴 과정을 만들어 주실 것을 요청드립니다. 저희도 적극 협력하겠습니다.",
        "◇ 의원 윤하진: 실증밸리 조성사업이 지역 기업 매출로 이어지는지 성과지표를 관리할 필요가 있습니다.",
        "◇ 인공지능산업국장 오정훈: 건의하신 사항은 소관 부서별로 검토해 다음 회의 때 답변드리겠습니다.",
        "◇ 좌장 강수훈 위원장: 오늘 주신 말씀은 꼼꼼히 정리해 관계 부서에 전달하겠습니다. 모두 수고 많으셨습니다.",
        "<서면 의견>",
        (
            ("소속", "이름", "직함", "의견"),
            ("㈜광주모빌리티AI", "한지우", "CTO", "자율주행 실증 구간을 도심까지 확대해 주시기 바랍니다"),
            ("재단법인 광주문화기술", "서민재", "팀장", "문화콘텐츠 기업도 GPU 지원 대상에 포함해야 합니다"),
        ),
    ),
    expected=(
        Expected("박서준", "㈜무등로보틱스", "complaint", "신청절차가까다롭습니다"),
        Expected("박서준", "㈜무등로보틱스", "request", "간소화해주십시오"),
        Expected("박서준", "㈜무등로보틱스", "suggestion", "공동테스트베드"),
        Expected("이도윤", "한국전자통신연구원 호남권연구센터", "suggestion", "기술이전문턱을낮춰야"),
        Expected("최유진", "㈜빛고을데이터", "complaint", "라벨링인력을구하기가"),
        Expected("최유진", "㈜빛고을데이터", "request", "인턴과정을만들어"),
        Expected("윤하진", "", "suggestion", "성과지표를관리할필요"),
        Expected("한지우", "㈜광주모빌리티AI", "request", "실증구간을도심까지확대", written=True),
        Expected("서민재", "(재)광주문화기술", "suggestion", "GPU지원대상에포함해야", written=True),
    ),
    not_proposals=(
        "시작하겠습니다",
        "감사합니다",
        "답변드리겠습니다",
        "전달하겠습니다",
        "수고",
        "협력하겠습니다",
    ),
)

SCRIPTS = (ROUND1, ROUND2)
