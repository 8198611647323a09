"""Importing organisations and MOUs: messy files, dedup, all or nothing with a row-level report."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from openpyxl import Workbook

from sori.registry import services
from sori.registry.import_fields import ORGANISATION_COLUMNS, guess_mapping, parse_won
from sori.registry.models import Commitment, ImportKind, Mou, MouStage, Organisation, RegistryImport

pytestmark = pytest.mark.django_db


def _csv(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    return "\n".join(",".join(r) for r in rows).encode(encoding)


def _xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(data: bytes, name: str, kind: str, actor: Any) -> RegistryImport:
    return services.import_upload(data=data, filename=name, kind=kind, actor=actor)


def _guess(batch: RegistryImport) -> dict[str, int | None]:
    from sori.registry.import_fields import COLUMNS

    return guess_mapping(services.import_preview(batch).header, COLUMNS[ImportKind(batch.kind)])


def test_cp949_csv_with_legal_forms_and_a_known_number_gives_a_clean_registry(
    staff: Any, firm: Organisation
) -> None:
    # given: a CP949 file where "솔트룩스" is already registered as "㈜솔트룩스" and a number matches it
    data = _csv(
        [
            ["업체명", "사업자번호", "구분", "전략분야", "설립연도", "지역구분", "AI 역량"],
            ["솔트룩스", "123-45-67890", "AI기업", "문화콘텐츠", "2003년", "수도권 이전", "자연어처리"],
            ["(주)빛고을데이터", "", "중소기업", "데이터", "2019", "지역", ""],
        ],
        "cp949",
    )
    batch = _upload(data, "기관.csv", ImportKind.ORGANISATIONS, staff)
    # when
    report = services.import_apply(batch=batch, mapping=_guess(batch), decisions={}, actor=staff)
    # then
    assert [r.action for r in report.rows] == ["update", "create"]
    firm.refresh_from_db()
    assert firm.founded_year == 2003 and firm.ai_capabilities == "자연어처리"
    new = Organisation.objects.get(name="(주)빛고을데이터")
    assert (new.kind, new.strategic_field, new.origin) == ("sme", "data_infra", "local")
    assert Organisation.objects.count() == 2


def test_one_bad_row_saves_nothing_and_says_which_row(staff: Any) -> None:
    # given
    data = _xlsx(
        [
            ["기관명", "사업자등록번호", "설립연도", "이메일"],
            ["㈜가나AI", "111-22-33333", 2015, "a@example.kr"],
            ["", "222-33-44444", 2016, ""],
            ["㈜다라AI", "12345", "작년", "not-an-email"],
            ["(주)가나AI", "", "", ""],
        ]
    )
    batch = _upload(data, "기관.xlsx", ImportKind.ORGANISATIONS, staff)
    # when
    with pytest.raises(services.ImportRejected) as caught:
        services.import_apply(batch=batch, mapping=_guess(batch), decisions={}, actor=staff)
    # then
    errors = caught.value.report.errors
    assert any(e.startswith("3행: '기관명' 열(A)이 비어 있습니다") for e in errors)
    assert any(e.startswith("4행:") and "숫자 10자리" in e for e in errors)
    assert any(e.startswith("4행:") and "연도" in e for e in errors)
    assert any(e.startswith("4행:") and "이메일" in e for e in errors)
    assert any(e.startswith("5행:") and "2행과 같은 기관" in e for e in errors)
    assert Organisation.objects.count() == 0
    assert RegistryImport.objects.get().applied_at is None


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.csv", "빈 파일"),
        (b"%PDF-1.7 ...", "x.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "x.xls", "97-2003"),
        (b"PK\x03\x04broken", "x.xlsx", "엑셀(.xlsx) 파일로 읽을 수 없습니다"),
        ("기관명\n".encode(), "x.csv", "데이터 행이 없습니다"),
    ],
)
def test_unreadable_files_are_refused_at_upload(staff: Any, data: bytes, name: str, message: str) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=re.escape(message)):
        _upload(data, name, ImportKind.ORGANISATIONS, staff)
    assert RegistryImport.objects.count() == 0


def test_a_similar_name_waits_for_staff_to_decide(staff: Any) -> None:
    # given
    services.organisation_create(name="인포웍스", actor=staff)
    batch = _upload(
        _csv([["기관명", "분야"], ["인포윅스", "라이다"]]), "x.csv", ImportKind.ORGANISATIONS, staff
    )
    mapping = _guess(batch)
    # when: nothing decided
    with pytest.raises(services.ImportRejected) as caught:
        services.import_apply(batch=batch, mapping=mapping, decisions={}, actor=staff)
    flag = caught.value.report.undecided[0]
    assert (flag.name, flag.candidates[0].name) == ("인포윅스", "인포웍스")
    assert flag.candidates[0].ratio >= 0.8
    assert Organisation.objects.count() == 1
    # when: staff say it is the same organisation
    report = services.import_apply(
        batch=batch, mapping=mapping, decisions={flag.key: str(flag.candidates[0].id)}, actor=staff
    )
    # then
    assert [r.action for r in report.rows] == ["update"]
    assert Organisation.objects.get().sector == "라이다"


def test_missing_required_column_mapping_is_reported(staff: Any) -> None:
    batch = _upload(_csv([["무엇", "분야"], ["x", "y"]]), "x.csv", ImportKind.ORGANISATIONS, staff)
    report = services.import_check(batch=batch, mapping={"name": None, "sector": 1})
    assert "'기관명' 열을 지정해 주세요" in report.errors[0]


def test_mous_import_with_parties_commitments_and_stage(
    staff: Any, firm: Organisation, city: Organisation
) -> None:
    # given
    data = _xlsx(
        [
            ["협약명", "체결일", "협약기관", "고용 약속", "투자 약속", "개소일", "진행상황", "사유"],
            [
                "솔트룩스 협약",
                dt.datetime(2020, 3, 2),
                "광주광역시 투자유치과, 솔트룩스",
                "30명",
                "50억",
                "2020. 6. 29.",
                "운영 중",
                "",
            ],
            ["새회사 협약", "2020-05-01", "광주광역시 투자유치과; ㈜새회사", "", "", "", "정체", "연락 두절"],
        ]
    )
    batch = _upload(data, "협약.xlsx", ImportKind.MOUS, staff)
    # when
    services.import_apply(batch=batch, mapping=_guess(batch), decisions={}, actor=staff)
    # then
    first = Mou.objects.get(title="솔트룩스 협약")
    assert set(first.parties.all()) == {firm, city}
    assert first.stage == MouStage.OPERATING
    assert sorted(Commitment.objects.filter(mou=first).values_list("kind", "target_number")) == [
        ("investment", 5_000_000_000),
        ("jobs", 30),
        ("office", None),
    ]
    second = Mou.objects.get(title="새회사 협약")
    assert (second.stage, second.stage_reason) == (MouStage.STALLED, "연락 두절")
    assert Organisation.objects.filter(name="㈜새회사").exists()


def test_stalled_mou_without_reason_is_an_error(staff: Any) -> None:
    data = _csv([["협약명", "협약일", "협약기관", "단계"], ["x 협약", "2020-01-01", "㈜엑스", "철회"]])
    batch = _upload(data, "m.csv", ImportKind.MOUS, staff)
    report = services.import_check(batch=batch, mapping=_guess(batch))
    assert report.errors == ["2행: '철회' 단계에는 사유 열이 필요합니다."]


@pytest.mark.parametrize(
    ("cell", "won"),
    [
        ("3,000,000,000", 3_000_000_000),
        ("30억", 3_000_000_000),
        ("30억 원", 3_000_000_000),
        ("1조 2,000억", 1_200_000_000_000),
        ("5천만원", 50_000_000),
        ("2.5억", 250_000_000),
    ],
)
def test_money_as_offices_write_it(cell: str, won: int) -> None:
    assert parse_won(cell) == won


def test_header_guessing() -> None:
    mapping = guess_mapping(("상호", "사업자번호", "홈페이지", "메모"), ORGANISATION_COLUMNS)
    assert (mapping["name"], mapping["business_number"], mapping["website"]) == (0, 1, 2)
