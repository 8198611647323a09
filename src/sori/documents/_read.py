"""Recognise a file by its bytes and read it into a :class:`Document`."""

from __future__ import annotations

import io
import unicodedata

from ._errors import DocumentError, _
from ._limits import MAX_BLOCKS, MAX_BYTES
from ._model import Block, Document, TableBlock
from ._zipsafe import SafeZip, corrupt, encrypted

__all__ = ["FORMATS", "detect_format", "read_document"]

FORMATS = ("hwpx", "hwp", "docx", "pdf", "xlsx", "csv", "txt")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_HWP3 = b"HWP Document File V"


def _unknown(filename: str) -> DocumentError:
    return DocumentError(
        _(
            "'%(name)s'은(는) 읽을 수 있는 회의록 형식이 아닙니다. 한글(HWPX·HWP), 워드(DOCX), "
            "글자가 있는 PDF, 엑셀(XLSX)·CSV 또는 텍스트(TXT) 파일로 올려 주세요."
        ),
        code="unknown_format",
        name=filename or "파일",
    )


def detect_format(data: bytes, filename: str = "") -> str:
    """Return the format of ``data`` judged by its content (the extension only breaks ties for text).

    A renamed file is recognised by what it holds: a DOCX called ``.hwpx`` reads as DOCX. Raises
    ``DocumentError`` for formats that cannot be read (old Word/Excel/HWP 3, images, encrypted Office files).
    """
    name = filename.lower()
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, filename)
    if data.startswith(_OLE):
        return _ole_kind(data, filename)
    if data.startswith(_HWP3):
        raise DocumentError(
            _(
                "HWP 3.0 이하의 옛 한글 문서는 읽을 수 없습니다. 한글에서 '다른 이름으로 저장' → "
                "'한글 문서(*.hwpx)' 또는 PDF로 저장해 올려 주세요."
            ),
            code="unsupported_version",
        )
    if data.startswith(_IMAGES):
        raise DocumentError(
            _(
                "그림 파일이라 글자를 읽을 수 없습니다. 회의록 원본을 한글(HWPX) 또는 글자가 있는 "
                "PDF로 올려 주세요."
            ),
            code="scanned_pdf",
        )
    if _looks_binary(data):
        raise _unknown(filename)
    return "csv" if name.endswith((".csv", ".tsv")) else "txt"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NUL bytes by design
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 50


def _zip_kind(data: bytes, filename: str) -> str:
    archive = SafeZip(data, "압축(ZIP)")
    names = set(archive.names)
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"hwp" in mimetype:
            return "hwpx"
    if any(n.startswith("Contents/section") for n in names):
        return "hwpx"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise _unknown(filename)


def ole_entries(data: bytes, what: str) -> set[str]:
    """Return the stream and storage paths of an OLE compound file, or raise ``corrupt(what)``."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile's errors on damage vary
        raise corrupt(what) from exc
    try:
        return {"/".join(e) for e in ole.listdir(streams=True, storages=True)}
    finally:
        ole.close()


def _ole_kind(data: bytes, filename: str) -> str:
    entries = ole_entries(data, "OLE(HWP·DOC·XLS)")
    if "FileHeader" in entries:
        return "hwp"
    if "EncryptionInfo" in entries or "EncryptedPackage" in entries:
        kind = "엑셀(XLSX)" if filename.lower().endswith((".xlsx", ".xls")) else "워드(DOCX)"
        raise encrypted(kind)
    if "WordDocument" in entries:
        raise DocumentError(
            _("워드 97-2003(.doc) 형식은 읽을 수 없습니다. 워드에서 .docx 또는 PDF로 저장해 올려 주세요."),
            code="unknown_format",
        )
    if "Workbook" in entries or "Book" in entries:
        raise DocumentError(
            _("엑셀 97-2003(.xls) 형식은 읽을 수 없습니다. 엑셀에서 .xlsx 또는 CSV로 저장해 올려 주세요."),
            code="unknown_format",
        )
    raise _unknown(filename)


def read_document(data: bytes, filename: str = "") -> Document:
    """Return the paragraphs and tables of a minutes file, in reading order.

    Reads HWPX, HWP 5.0, DOCX, PDF with a text layer, XLSX, CSV and plain text (UTF-8, UTF-16 with BOM,
    CP949/EUC-KR), recognised by content, not by extension. Raises ``DocumentError`` — with a Korean message
    that says what to do — for empty, oversized, encrypted, damaged, scanned or unknown files and zip bombs.
    """
    if not data.strip():
        raise DocumentError(_("빈 파일입니다. 회의록 파일을 다시 골라 올려 주세요."), code="empty")
    if len(data) > MAX_BYTES:
        raise DocumentError(
            _("파일이 %(size)s MB로 너무 큽니다. %(limit)s MB 이하로 줄이거나 나누어 올려 주세요."),
            code="too_large",
            size=f"{len(data) / 1024 / 1024:.1f}",
            limit=MAX_BYTES // 1024 // 1024,
        )
    kind = detect_format(data, filename)
    blocks = _read(kind, data)
    if len(blocks) > MAX_BLOCKS:
        raise DocumentError(
            _("문단이 %(limit)s개를 넘어 너무 깁니다. 회의록을 나누어 올려 주세요."),
            code="too_large",
            limit=f"{MAX_BLOCKS:,}",
        )
    if not blocks:
        raise DocumentError(
            _("'%(name)s'에서 글자를 찾지 못했습니다. 내용이 있는 회의록 파일인지 확인해 주세요."),
            code="empty",
            name=filename or "파일",
        )
    return Document(blocks=tuple(blocks), format=kind, filename=filename)


def _read(kind: str, data: bytes) -> list[Block]:
    if kind == "hwpx":
        from ._hwpx import read_hwpx

        return read_hwpx(SafeZip(data, "한글(HWPX)"))
    if kind == "docx":
        from ._docx import read_docx

        return read_docx(data, SafeZip(data, "워드(DOCX)"))
    if kind == "hwp":
        from ._hwp5 import read_hwp

        return read_hwp(data)
    if kind == "pdf":
        from ._pdf import read_pdf

        return read_pdf(data)
    if kind == "xlsx":
        SafeZip(data, "엑셀(XLSX)").check_all()
        return _read_table(data, "minutes.xlsx")
    if kind == "csv":
        return _read_table(data, "minutes.csv")
    from ._text import read_text

    return read_text(data)


def _read_table(data: bytes, filename: str) -> list[Block]:
    from .tabular import TabularError, read_table

    try:
        table = read_table(data, filename)
    except TabularError as exc:
        raise DocumentError(exc.template, code="table", **exc.params) from exc
    rows = [table.header, *(row.cells for row in table.rows)]
    clean_rows = tuple(tuple(unicodedata.normalize("NFC", c).strip() for c in r) for r in rows)
    return [TableBlock(clean_rows)]
