"""Reading CSV/XLSX bytes and Korean dates: the pure core of proposal imports."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sori.documents.tabular import MAX_CELL, MAX_ROWS, TabularError, column_letter, parse_when, read_table

HEADER = ["내용", "기관명", "접수일시"]
ROWS = [
    ["GPU 사용기간을 최소 12개월로 늘려 주세요", "㈜아이티앱스", "2025-11-11"],
    ["실증 공간이 필요합니다", "", ""],
]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    return "\r\n".join(",".join(r) for r in rows).encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr", "utf-16"])
def test_csv_in_every_encoding_korean_offices_use(encoding: str) -> None:
    # given the same table saved the ways Korean Excel and other tools save CSV
    data = csv_bytes([HEADER, *ROWS], encoding)
    # when it is read
    table = read_table(data, "제안.csv")
    # then the Korean header and cells come back intact, numbered as in the spreadsheet
    assert table.header == tuple(HEADER)
    assert table.rows[0].number == 2
    assert table.rows[0].cells == tuple(ROWS[0])
    assert table.rows[1].cells == ("실증 공간이 필요합니다", "", "")


def test_csv_tab_separated_and_quoted_multiline_cells() -> None:
    data = '내용\t기관명\n"첫 줄\n둘째 줄"\t광주AI\n\n마지막\t기관\n'.encode()
    table = read_table(data, "a.tsv")
    assert table.rows[0].cells == ("첫 줄\n둘째 줄", "광주AI")
    # the blank line is skipped but the numbering stays the spreadsheet's
    assert [r.number for r in table.rows] == [2, 4]


def test_xlsx_with_real_dates_and_numbers() -> None:
    data = xlsx_bytes(
        [[*HEADER, "인원"], ["GPU", "㈜아이티앱스", dt.datetime(2025, 11, 11, 7, 30), 70.0], [None] * 4]
    )
    table = read_table(data, "제안.xlsx")
    assert table.kind == "xlsx"
    assert table.rows == (table.rows[0],)
    assert table.rows[0].cells == ("GPU", "㈜아이티앱스", "2025-11-11 07:30", "70")


def test_blank_and_duplicate_header_names_get_column_letters() -> None:
    table = read_table(csv_bytes([["내용", "", "내용"], ["가", "나", "다"]]), "a.csv")
    assert table.header == ("내용", "(B열)", "내용 (2)")


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "a.csv", "빈 파일"),
        (b"\r\n\r\n,,\r\n", "a.csv", "빈 파일"),
        (b"%PDF-1.7 rest", "proposals.csv", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "회의록.hwp", "HWP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", ".xls"),
        (b"PK\x03\x04 broken zip", "a.xlsx", "손상"),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "image.csv", "표 파일"),
        ("내용\n가나다".encode("cp949")[:-1] + b"\xff\xfe\xfd", "a.csv", "인코딩"),
        (b"2025-11-11,45972\n2025-11-12,3\n", "a.csv", "머리글"),
        ("내용,기관명\n".encode(), "a.csv", "데이터 행이 없습니다"),
    ],
)
def test_bad_files_say_what_is_wrong(data: bytes, name: str, expected: str) -> None:
    with pytest.raises(TabularError) as err:
        read_table(data, name)
    assert expected in str(err.value)


def test_a_renamed_hwpx_or_docx_is_not_taken_for_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Contents/section0.xml", "<hwpx/>")
    with pytest.raises(TabularError) as err:
        read_table(buffer.getvalue(), "표.xlsx")
    assert "엑셀(.xlsx) 파일로 읽을 수 없습니다" in str(err.value)


def test_too_many_rows_and_too_long_cells() -> None:
    many = "내용\n" + "가\n" * (MAX_ROWS + 1)
    with pytest.raises(TabularError, match="20,000"):
        read_table(many.encode(), "a.csv")
    long = f"내용,기관\n짧음,{'가' * (MAX_CELL + 1)}\n"
    with pytest.raises(TabularError) as err:
        read_table(long.encode(), "a.csv")
    assert "2행 B열" in str(err.value)


def test_over_ten_megabytes_is_refused_before_reading() -> None:
    with pytest.raises(TabularError, match="MB"):
        read_table(b"a" * (10 * 1024 * 1024 + 1), "a.csv")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-11-11", dt.date(2025, 11, 11)),
        ("2025. 11. 11.", dt.date(2025, 11, 11)),
        ("2025.11.11 07:30", dt.datetime(2025, 11, 11, 7, 30)),
        ("2025년 11월 11일", dt.date(2025, 11, 11)),
        ("2025년 11월 11일 오후 2시 5분", dt.datetime(2025, 11, 11, 14, 5)),
        ("2025. 11. 11.(화) 07:30", dt.datetime(2025, 11, 11, 7, 30)),
        ("2025/11/11 7:30 PM", dt.datetime(2025, 11, 11, 19, 30)),
        ("2025-11-11T07:30:00", dt.datetime(2025, 11, 11, 7, 30)),
        ("20251111", dt.date(2025, 11, 11)),
        ("25.11.11", dt.date(2025, 11, 11)),
        ("45972", dt.date(2025, 11, 11)),
        ("45972.3125", dt.datetime(2025, 11, 11, 7, 30)),
        (45972.3125, dt.datetime(2025, 11, 11, 7, 30)),
    ],
)
def test_dates_in_the_forms_korean_offices_write(text: object, expected: object) -> None:
    assert parse_when(text) == expected


@pytest.mark.parametrize(
    "text", ["2025-13-01", "2025-02-30", "내일", "2025", "", "오후 25시", "2025-11-11 오후 13:00"]
)
def test_unreadable_dates_raise(text: str) -> None:
    with pytest.raises(ValueError):
        parse_when(text)


@given(
    moment=st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
        lambda m: m.replace(second=0, microsecond=0)
    ),
    form=st.sampled_from(
        [
            "{d:%Y-%m-%d} {d:%H:%M}",
            "{d.year}. {d.month}. {d.day}. {d:%H:%M}",
            "{d:%Y.%m.%d} {d:%H:%M}",
            "{d.year}년 {d.month}월 {d.day}일 {d.hour}시 {d.minute}분",
            "{d:%Y/%m/%d}T{d:%H:%M}",
        ]
    ),
)
def test_any_written_datetime_reads_back(moment: dt.datetime, form: str) -> None:
    assert parse_when(form.format(d=moment)) == moment


@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_any_written_date_and_excel_serial_reads_back(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    for text in (
        day.isoformat(),
        f"{day.year}. {day.month}. {day.day}.",
        f"{day.year}년 {day.month}월 {day.day}일",
    ):
        assert parse_when(text) == day
    assert parse_when(str(serial)) == day


def test_thousands_of_repeated_header_names_are_named_in_one_pass() -> None:
    # A header of 3,000 identical names once cost minutes (each new name rescanned every earlier one).
    table = read_table(csv_bytes([["내용"] * 3000, ["가"] * 3000]), "wide.csv")
    assert len(set(table.header)) == 3000
    assert table.header[:3] == ("내용", "내용 (2)", "내용 (3)") and table.header[-1] == "내용 (3000)"
    # a name that is itself a numbered repeat still gets a free number
    assert read_table(csv_bytes([["a", "a (2)", "a"], ["1", "2", "3"]]), "a.csv").header == (
        "a",
        "a (2)",
        "a (3)",
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["내용", "", "기관", "내용 (2)", "a"]), min_size=1, max_size=40))
def test_column_names_are_unique_and_keep_every_given_name(header: list[str]) -> None:
    header = ["번호", *header]
    table = read_table(csv_bytes([header, ["1"] * len(header)]), "h.csv")
    assert len(set(table.header)) == len(header)
    for given_name, named in zip(header, table.header, strict=True):
        assert named.startswith(given_name or "(")
