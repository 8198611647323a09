"""Read plain text: UTF-8 (with or without BOM), UTF-16 with BOM, or CP949/EUC-KR as offices save it."""

from __future__ import annotations

import codecs

from ._clean import clean
from ._errors import DocumentError, _
from ._model import Block, Paragraph

__all__ = ["decode_text", "read_text"]


def decode_text(data: bytes) -> str:
    """Return ``data`` decoded, trying UTF-16 (by BOM), UTF-8 and CP949 in turn."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(
        _(
            "글자 인코딩을 알 수 없는 텍스트 파일입니다. 메모장에서 'UTF-8'로 다시 저장하거나 "
            "한글(HWPX) 또는 PDF로 올려 주세요."
        ),
        code="unknown_format",
    )


def read_text(data: bytes) -> list[Block]:
    """Return one paragraph per non-blank line of a text file."""
    text = decode_text(data)
    return [Paragraph(line) for raw in text.splitlines() if (line := clean(raw))]
