"""``read_document`` reads every format offices send into paragraphs and tables, judged by content."""

from __future__ import annotations

import pytest

from sori.documents import Document, DocumentError, Paragraph, TableBlock, detect_format, read_document
from sori.minutes.samples import ROUND1, render, to_csv, to_hwp, to_hwpx, to_txt, to_xlsx

from ..minutes.conftest import need_format, rendered


def first_table(document: Document) -> TableBlock:
    return next(b for b in document.blocks if isinstance(b, TableBlock))


@pytest.mark.parametrize("fmt", ["hwpx", "hwp", "docx"])
def test_structured_formats_keep_paragraphs_and_tables_in_order(fmt: str) -> None:
    document = read_document(*rendered("round1", fmt))
    assert document.format == fmt
    texts = [b.text if isinstance(b, Paragraph) else "<table>" for b in document.blocks]
    assert texts == [b if isinstance(b, str) else "<table>" for b in ROUND1.blocks]
    assert first_table(document).rows == ROUND1.table()


def test_pdf_rebuilds_wrapped_paragraphs() -> None:
    need_format("pdf")
    document = read_document(*rendered("round1", "pdf"))
    texts = [p.text for p in document.paragraphs]
    # The long GPU paragraph wraps over two lines on the page and comes back whole.
    assert ROUND1.blocks[12] in texts
    assert "○ 위원장 강수훈: 이른 아침 바쁘신 가운데" in texts[5]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "utf-16"])
def test_text_in_the_encodings_offices_use(encoding: str) -> None:
    document = read_document(to_txt(ROUND1.paragraphs(), encoding), "회의록.txt")
    assert document.format == "txt"
    assert [p.text for p in document.paragraphs] == ROUND1.paragraphs()


@pytest.mark.parametrize(
    ("data", "fmt"), [(to_xlsx(ROUND1.table()), "xlsx"), (to_csv(ROUND1.table()), "csv")]
)
def test_spreadsheets_become_one_table(data: bytes, fmt: str) -> None:
    document = read_document(data, f"건의.{fmt}")
    assert document.format == fmt
    (table,) = document.blocks
    assert isinstance(table, TableBlock)
    assert table.rows[0] == ROUND1.table()[0]
    assert table.rows[1][1] == "(주)빛고을데이터"


@pytest.mark.parametrize(
    ("fmt", "renamed", "detected"),
    [
        ("docx", "회의록.hwpx", "docx"),
        ("hwpx", "회의록.pdf", "hwpx"),
        ("hwp", "회의록.docx", "hwp"),
        ("xlsx", "건의.csv", "xlsx"),
    ],
)
def test_renamed_files_are_read_by_what_they_hold(fmt: str, renamed: str, detected: str) -> None:
    data, _name = rendered("round1", fmt)
    assert detect_format(data, renamed) == detected
    assert read_document(data, renamed).format == detected


def test_hwpx_sections_follow_the_spine_and_runs_join() -> None:
    document = read_document(to_hwpx(["첫 문단입니다", "둘째 문단"]), "a.hwpx")
    assert [p.text for p in document.paragraphs] == ["첫 문단입니다", "둘째 문단"]


def test_hwp_inline_controls_are_skipped_not_shown() -> None:
    # Every third paragraph of the sample starts with a tab control (8 UTF-16 units).
    document = read_document(to_hwp(["없는 제어문자", "둘째", "셋째", "넷째"]), "a.hwp")
    assert [p.text for p in document.paragraphs] == ["없는 제어문자", "둘째", "셋째", "넷째"]


def test_document_text_lays_out_paragraph_numbers() -> None:
    document = read_document(*render(ROUND1, "hwpx"))
    lines = document.text().splitlines()
    assert lines[0] == ROUND1.blocks[0]
    assert lines[-1] == " | ".join(ROUND1.table()[-1])


def test_blank_file_is_refused() -> None:
    with pytest.raises(DocumentError) as raised:
        read_document(b"  \n ", "a.txt")
    assert raised.value.code == "empty"
