"""The HWP 5.0 record reader on synthetic record streams and on compound files written here.

No HWP file saved by Hangul itself is available to the test suite; these files follow the published
format (HWP 5.0 revision 1.3) and olefile reads their container.
"""

from __future__ import annotations

import contextlib
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sori.documents import DocumentError, Paragraph, TableBlock
from sori.documents._hwp5 import TAG_PARA_TEXT, iter_records, para_text, records_to_blocks
from sori.minutes.samples import hwp_records


def record(tag: int, level: int, payload: bytes, *, extended: bool = False) -> bytes:
    if extended or len(payload) >= 0xFFF:
        return struct.pack("<II", tag | (level << 10) | (0xFFF << 20), len(payload)) + payload
    return struct.pack("<I", tag | (level << 10) | (len(payload) << 20)) + payload


def test_header_fields_and_extended_size() -> None:
    long_text = "가" * 3000  # 6,000 bytes: needs the extra 32-bit size
    stream = record(66, 0, b"\0" * 22) + record(TAG_PARA_TEXT, 1, long_text.encode("utf-16-le"))
    records = list(iter_records(stream))
    assert [(r.tag, r.level, len(r.payload)) for r in records] == [(66, 0, 22), (67, 1, 6000)]


def test_para_text_skips_controls_by_their_width() -> None:
    inline = struct.pack("<8H", 9, 1, 2, 3, 4, 5, 6, 9)  # tab: eight units
    extended = struct.pack("<8H", 11, 0x6C74, 0x2062, 0, 0, 0, 0, 11)  # table anchor: eight units
    payload = (
        "GPU".encode("utf-16-le") + inline + "기간".encode("utf-16-le") + extended + "😀".encode("utf-16-le")
    )
    payload += struct.pack("<H", 13)
    assert para_text(payload) == "GPU 기간😀"


def test_tables_come_back_by_cell_address() -> None:
    blocks = records_to_blocks(
        list(
            iter_records(
                hwp_records(["앞 문단", (("기업명", "건의내용"), ("㈜아이티앱스", "GPU 연장")), "뒤 문단"])
            )
        )
    )
    assert blocks == [
        Paragraph("앞 문단"),
        TableBlock((("기업명", "건의내용"), ("㈜아이티앱스", "GPU 연장"))),
        Paragraph("뒤 문단"),
    ]


def test_truncated_record_is_refused() -> None:
    stream = record(67, 1, "문단".encode("utf-16-le"))
    with pytest.raises(DocumentError) as raised:
        list(iter_records(stream[:-1]))
    assert "hwpx" in str(raised.value).lower()


@given(st.binary(max_size=400))
def test_arbitrary_streams_read_or_fail_with_the_documented_error(data: bytes) -> None:
    with contextlib.suppress(DocumentError):
        records_to_blocks(list(iter_records(data)))
