"""Read a table from CSV or XLSX bytes, and the dates Korean offices write. Pure Python: no Django here.

``read_table`` returns the header and the data rows as strings, numbered as a spreadsheet numbers them (the
header is usually row 1), or raises ``TabularError`` whose message says what is wrong and what to do.
Messages are Korean templates marked with ``_`` so ``makemessages`` finds them; callers translate
``error.template`` and fill in ``error.params``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELL = 20_000
# Excel's epoch as Excel (after Lotus) counts: serial 1 is 1900-01-01, with a fictitious 1900-02-29.
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _(message: str) -> str:
    """Mark ``message`` for translation; it is translated where it is shown."""
    return message


class TabularError(ValueError):
    """A file that cannot be read as a table; ``template % params`` is the message for the user."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


@dataclass(frozen=True)
class Row:
    """One data row: its number as the spreadsheet shows it, and one string per column."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A header and its data rows; every row has exactly one cell per header column."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    kind: str  # "csv" or "xlsx"
    encoding: str = ""


def read_table(data: bytes, filename: str = "") -> Table:
    """Return the table in ``data`` (CSV in UTF-8, UTF-8 with BOM, UTF-16 or CP949/EUC-KR; or XLSX)."""
    if not data:
        raise TabularError(_("빈 파일입니다. 제안이 담긴 CSV 또는 엑셀(.xlsx) 파일을 올려 주세요."))
    if len(data) > MAX_BYTES:
        raise TabularError(
            _("파일이 %(size)s MB로 너무 큽니다. %(limit)s MB 이하로 나누어 올려 주세요."),
            size=f"{len(data) / 1024 / 1024:.1f}",
            limit=MAX_BYTES // 1024 // 1024,
        )
    name = filename.lower()
    if data.startswith(b"%PDF"):
        raise TabularError(_("PDF 파일은 가져올 수 없습니다. 표를 엑셀(.xlsx)이나 CSV로 저장해 올려 주세요."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: HWP 5 and Excel 97-2003
        if name.endswith(".xls"):
            raise TabularError(
                _(
                    "엑셀 97-2003(.xls) 형식은 읽을 수 없습니다. 엑셀에서 '다른 이름으로 저장' → "
                    "'Excel 통합 문서(.xlsx)' 또는 'CSV'로 저장해 다시 올려 주세요."
                )
            )
        raise TabularError(
            _("한글(HWP) 문서 등 표 파일이 아닌 형식입니다. 표를 엑셀(.xlsx)이나 CSV로 저장해 올려 주세요.")
        )
    if data.startswith(b"PK"):
        return _read_xlsx(data)
    if name.endswith((".xlsx", ".xlsm")):
        raise _not_xlsx()
    return _read_csv(data)


def _not_xlsx() -> TabularError:
    return TabularError(
        _(
            "엑셀(.xlsx) 파일로 읽을 수 없습니다. 파일이 손상되었거나 다른 형식(HWPX, DOCX 등)입니다. "
            "엑셀에서 열어 .xlsx 또는 CSV로 다시 저장해 올려 주세요."
        )
    )


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise _not_xlsx()
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TabularError:
        raise
    except Exception as exc:  # a corrupt archive fails in many ways inside openpyxl
        raise _not_xlsx() from exc
    try:
        sheet = workbook.worksheets[0]
        raw = ([_xlsx_cell(v) for v in values] for values in sheet.iter_rows(values_only=True))
        return _build(raw, kind="xlsx")
    except TabularError:
        raise
    except Exception as exc:
        raise _not_xlsx() from exc
    finally:
        workbook.close()


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d" if value.time() == dt.time(0) else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        raise TabularError(
            _(
                "표 파일(CSV·XLSX)이 아닙니다. 이미지나 문서 파일이 아닌지 확인하고, "
                "표를 CSV나 .xlsx로 저장해 올려 주세요."
            )
        )
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise TabularError(
        _("글자 인코딩을 알 수 없습니다. 엑셀에서 'CSV UTF-8(쉼표로 분리)' 형식으로 저장해 다시 올려 주세요.")
    )


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", "\t", ";"], key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _build(reader, kind="csv", encoding=encoding)
    except csv.Error as exc:
        raise TabularError(
            _(
                "CSV 파일의 %(row)s행을 읽을 수 없습니다(%(error)s). "
                "따옴표가 짝이 맞는지 확인해 다시 올려 주세요."
            ),
            row=reader.line_num,
            error=str(exc),
        ) from exc


def _too_many() -> TabularError:
    return TabularError(
        _(
            "데이터 행이 %(limit)s개를 넘어 너무 많습니다. "
            "한 번에 %(limit)s행까지 가져올 수 있으니 파일을 나누어 올려 주세요."
        ),
        limit=f"{MAX_ROWS:,}",
    )


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _build(raw: Any, *, kind: str, encoding: str = "") -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(raw, start=1):
        cells = [unicodedata.normalize("NFC", str(v)).strip() for v in values]
        for col, cell in enumerate(cells):
            if len(cell) > MAX_CELL:
                raise TabularError(
                    _(
                        "%(row)s행 %(column)s열의 내용이 %(length)s자로 너무 깁니다. "
                        "한 칸은 %(limit)s자까지입니다 — 나누어 적어 다시 올려 주세요."
                    ),
                    row=number,
                    column=column_letter(col),
                    length=f"{len(cell):,}",
                    limit=f"{MAX_CELL:,}",
                )
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise _too_many()
    if header is None:
        raise TabularError(_("빈 파일입니다. 제안이 담긴 CSV 또는 엑셀(.xlsx) 파일을 올려 주세요."))
    if not _looks_like_header(header):
        raise TabularError(
            _(
                "첫 행에 열 이름(머리글)이 없습니다. 첫 행에 '내용', '기관명'처럼 열 이름을 적고 "
                "둘째 행부터 제안을 적어 다시 올려 주세요."
            )
        )
    if not rows:
        raise TabularError(
            _("머리글 아래에 데이터 행이 없습니다. 둘째 행부터 제안을 한 행에 하나씩 적어 다시 올려 주세요.")
        )
    width = max(len(header), *(len(cells) for _n, cells in rows))
    names = _column_names(header + [""] * (width - len(header)))
    return Table(
        header=tuple(names),
        rows=tuple(Row(n, tuple(cells + [""] * (width - len(cells)))) for n, cells in rows),
        kind=kind,
        encoding=encoding,
    )


def _looks_like_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    if any(len(c) > 60 for c in filled):
        return False
    return not all(_is_number_or_date(c) for c in filled)


def _is_number_or_date(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
        return True
    except ValueError:
        pass
    try:
        parse_when(cell)
        return True
    except ValueError:
        return False


def _column_names(header: list[str]) -> list[str]:
    """Name every column uniquely: blank ones by their letter, repeats as "내용 (2)", "내용 (3)" …

    Linear in the columns: a set answers "taken?" and each name remembers the next number to try, so a
    header of thousands of repeated names costs no more than a plain one.
    """
    names: list[str] = []
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    for index, cell in enumerate(header):
        base = cell or f"({column_letter(index)}열)"
        name, n = base, next_number.get(base, 2)
        while name in taken:
            name, n = f"{base} ({n})", n + 1
        next_number[base] = n
        names.append(name)
        taken.add(name)
    return names


# --- dates -------------------------------------------------------------------------------------------------

_TIME = (
    r"(?:(?P<ampm>오전|오후|am|pm)\s*)?(?P<h>\d{1,2})\s*(?::|시)\s*(?:(?P<m>\d{1,2})\s*분?)?"
    r"(?::(?P<s>\d{1,2})(?:\.\d+)?)?(?:\s*(?P<ampm2>am|pm))?"
)
_DATE = re.compile(
    r"^(?P<y>\d{4}|\d{2})\s*(?:[-./]|년)\s*(?P<mo>\d{1,2})\s*(?:[-./]|월)\s*(?P<d>\d{1,2})\s*(?:\.|일)?"
    r"\s*(?:\(\s*[월화수목금토일]\s*\))?\s*(?:[T\s]\s*" + _TIME + r")?\s*$",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def parse_when(value: str | dt.datetime | dt.date | float) -> dt.datetime | dt.date:
    """Return the date (no time given) or naive datetime written in ``value``; raise ValueError if unreadable.

    Reads ``2025-11-11``, ``2025/11/11``, ``2025. 11. 11.``, ``2025. 11. 11.(화) 07:30``,
    ``2025.11.11 07:30``,
    ``2025년 11월 11일 오전 7시 30분``, ``25.11.11``, ``20251111`` and Excel serial numbers (``45972.3125``).
    """
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if _SERIAL.match(text):
        return _from_serial(float(text))
    match = _DATE.match(text) or _COMPACT.match(text)
    if match is None:
        raise ValueError(f"not a date: {value!r}")
    parts = match.groupdict()
    year = int(parts["y"])
    if year < 100:
        year += 2000
    day = dt.date(year, int(parts["mo"]), int(parts["d"]))  # raises ValueError for 2025-13-01
    if parts.get("h") is None:
        return day
    hour, minute, second = int(parts["h"]), int(parts["m"] or 0), int(parts["s"] or 0)
    ampm = (parts["ampm"] or parts["ampm2"] or "").lower()
    if ampm and not 1 <= hour <= 12:
        raise ValueError(f"not a 12-hour time: {value!r}")
    if ampm in ("오후", "pm") and hour != 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def _from_serial(serial: float) -> dt.datetime | dt.date:
    # Only serials of plausible dates (1954–2119); smaller numbers are more likely a year or a count.
    if not 20_000 <= serial <= 80_000:
        raise ValueError(f"not an Excel date: {serial!r}")
    moment = _EXCEL_EPOCH + dt.timedelta(seconds=round(serial * 86_400))
    return moment.date() if serial.is_integer() else moment
