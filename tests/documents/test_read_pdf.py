"""PDF: paragraphs rebuilt from lines, ruled tables kept as tables, and every refusal a ``DocumentError``."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from sori.documents import DocumentError, Paragraph, TableBlock, read_document
from sori.documents._model import Block
from sori.documents._pdf_tables import Glyph, Rules, layout, rules_from_boxes
from sori.minutes import extract
from sori.minutes.samples import ROUND1, to_pdf

from ..minutes.conftest import need_format, rendered
from .pdf_files import blank_pdf, password_pdf

HEADER = ("연번", "기업명", "성명", "직위", "구분", "건의내용")


def shape(blocks: tuple[Block, ...]) -> list[str]:
    return [b.text if isinstance(b, Paragraph) else "<table>" for b in blocks]


def test_round1_reads_as_its_paragraphs_and_the_written_suggestions_table() -> None:
    need_format("pdf")
    document = read_document(*rendered("round1", "pdf"))
    assert document.format == "pdf"
    assert shape(document.blocks) == [b if isinstance(b, str) else "<table>" for b in ROUND1.blocks]
    (table,) = document.tables
    assert table.rows == ROUND1.table()


def test_written_suggestions_in_a_pdf_table_become_candidates() -> None:
    need_format("pdf")
    extraction = extract(read_document(*rendered("round1", "pdf")))
    written = [(c.speaker, c.organisation, c.kind) for c in extraction.candidates if c.speaker == "김다온"]
    assert written == [("김다온", "㈜빛고을데이터", "request")]
    kinds = {c.speaker: c.kind for c in extraction.candidates}
    assert kinds["최민호"] == "complaint"
    assert kinds["이하늘"] == "suggestion"


def test_a_table_running_over_a_page_break_is_one_table() -> None:
    need_format("pdf")
    rows = tuple((str(i), f"기업{i}", "홍길동", "대표", "건의", f"건의 내용 {i}번") for i in range(1, 71))
    table = (HEADER, *rows)
    document = read_document(to_pdf(["붙임 서면 건의사항", table, "끝."]), "건의.pdf")
    assert shape(document.blocks) == ["붙임 서면 건의사항", "<table>", "끝."]
    assert document.tables[0].rows == table


def test_a_cell_that_wraps_stays_in_its_row() -> None:
    need_format("pdf")
    sentence = "지역 기업이 실증 공모에 참여할 수 있도록 가점 제도와 컨설팅을 함께 마련해 주시기 바랍니다."
    long = " ".join([sentence] * 3)
    table = (
        HEADER,
        ("1", "주식회사 빛고을데이터", "김다온", "대표", "건의", long),
        ("2", "광주뿌리기업협회", "최민호", "국장", "애로", "비용 부담"),
    )
    document = read_document(to_pdf(["붙임", table]), "건의.pdf")
    assert document.tables[0].rows == table


def test_password_damage_scans_and_page_limit_are_refused() -> None:
    cases = {
        "encrypted": password_pdf(),
        "corrupt": b"%PDF-1.7\n" + bytes(range(256)) * 3,
        "scanned_pdf": blank_pdf(),
        "too_large": blank_pdf(pages=2001),
    }
    for code, data in cases.items():
        with pytest.raises(DocumentError) as raised:
            read_document(data, "회의록.pdf")
        assert raised.value.code == code


def test_an_empty_user_password_only_restricts_printing_and_opens() -> None:
    # The page is blank, so the file opens and is then refused for having no text, not for its password.
    with pytest.raises(DocumentError) as raised:
        read_document(password_pdf(user=""), "회의록.pdf")
    assert raised.value.code == "scanned_pdf"


def test_threads_reading_at_once_get_the_same_text() -> None:
    need_format("pdf")
    data, name = rendered("round2", "pdf")
    with ThreadPoolExecutor(max_workers=4) as pool:
        documents = list(pool.map(lambda _: read_document(data, name), range(8)))
    assert all(d.blocks == documents[0].blocks for d in documents)


# --- the table heuristic on characters placed by hand ---------------------------------------------------


def line(y: float, *cells: tuple[float, str]) -> list[Glyph]:
    """Return a text line at height ``y`` with each text starting at its x, 6 points a character."""
    glyphs: list[Glyph] = []
    for x, text in cells:
        if glyphs:
            glyphs.append(Glyph(" ", glyphs[-1].right, y, glyphs[-1].right, y + 10))
        glyphs += [Glyph(ch, x + 6 * i, y, x + 6 * i + 5, y + 10) for i, ch in enumerate(text)]
    return glyphs


def grid(columns: list[float], top: float, bottom: float) -> list[tuple[float, float, float, float]]:
    return [(x - 0.5, bottom, x + 0.5, top) for x in columns]


def test_lines_no_rule_crosses_stay_text() -> None:
    items = layout(["회의록", line(700, (50, "연번"), (150, "기업명")), "  "], Rules())
    assert items == ["회의록", "연번 기업명"]


def test_a_box_around_a_paragraph_is_not_a_table() -> None:
    rules = rules_from_boxes([(40, 600, 560, 720)])
    items = layout([line(700, (50, "첫 줄입니다")), line(680, (50, "둘째 줄입니다"))], rules)
    assert items == ["첫 줄입니다", "둘째 줄입니다"]


def test_vertical_rules_make_columns_and_each_line_a_row_without_horizontal_ones() -> None:
    rules = rules_from_boxes(grid([40, 100, 300], top=720, bottom=640))
    items = layout(
        [line(700, (50, "기업명"), (110, "건의내용")), line(680, (50, "가나"), (110, "요청")), "끝"], rules
    )
    assert items == [TableBlock((("기업명", "건의내용"), ("가나", "요청"))), "끝"]


def test_lines_between_two_horizontal_rules_are_one_row_whatever_order_they_come_in() -> None:
    boxes = [*grid([40, 100, 300], top=720, bottom=620), *[(40, y, 300, y + 1) for y in (720, 690, 620)]]
    items = layout(
        [
            line(700, (50, "기업명"), (110, "건의내용")),
            line(675, (50, "가나")),  # readers give a wrapped table cell by cell
            line(660, (50, "상사")),
            line(667, (110, "길게")),
            line(640, (110, "이어진 내용")),
        ],
        rules_from_boxes(boxes),
    )
    assert items == [TableBlock((("기업명", "건의내용"), ("가나 상사", "길게 이어진 내용")))]


def test_a_table_ruled_only_around_its_header_has_a_row_per_line() -> None:
    boxes = [*grid([40, 100, 300], top=720, bottom=600), *[(40, y, 300, y + 1) for y in (720, 690, 600)]]
    items = layout(
        [
            line(700, (50, "기업명"), (110, "건의내용")),
            line(675, (50, "가나"), (110, "요청")),
            line(655, (50, "다라"), (110, "제안")),
        ],
        rules_from_boxes(boxes),
    )
    assert items == [TableBlock((("기업명", "건의내용"), ("가나", "요청"), ("다라", "제안")))]
