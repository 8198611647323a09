"""Recognise a file to keep as an attachment: documents, spreadsheets, slides, images, PDF, HWP/HWPX.

An attachment is stored, not read, so more formats are welcome here than in ``read_document`` (slides, old
Office files, images); the file is still judged by its bytes, never by its name, and a zip container is
expanded once under the caps of ``SafeZip`` so a zip bomb is refused before it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._errors import DocumentError, _
from ._read import _HWP3, _OLE, _looks_binary, ole_entries
from ._zipsafe import SafeZip

__all__ = ["ATTACHMENT_KINDS", "FileKind", "attachment_kind", "kind_named"]


@dataclass(frozen=True)
class FileKind:
    """What a file is: a short name, the media type it is served with, and whether a browser may show it."""

    name: str
    media_type: str
    inline: bool = False


_KINDS = {
    k.name: k
    for k in (
        FileKind("pdf", "application/pdf", inline=True),
        FileKind("hwp", "application/x-hwp"),
        FileKind("hwpx", "application/hwp+zip"),
        FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        FileKind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        FileKind("doc", "application/msword"),
        FileKind("xls", "application/vnd.ms-excel"),
        FileKind("ppt", "application/vnd.ms-powerpoint"),
        FileKind("png", "image/png", inline=True),
        FileKind("jpeg", "image/jpeg", inline=True),
        FileKind("gif", "image/gif", inline=True),
        FileKind("webp", "image/webp", inline=True),
        FileKind("txt", "text/plain; charset=utf-8"),
        FileKind("csv", "text/csv; charset=utf-8"),
    )
}
ATTACHMENT_KINDS: tuple[str, ...] = tuple(_KINDS)
"""Every kind an attachment may be, by name."""


def kind_named(name: str) -> FileKind:
    """Return the kind called ``name`` (as stored with an attachment); unknown names are served as bytes."""
    return _KINDS.get(name, FileKind(name, "application/octet-stream"))


_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def _refused(filename: str) -> DocumentError:
    return DocumentError(
        _(
            "'%(name)s'은(는) 첨부할 수 없는 형식입니다. 문서(HWP·HWPX·DOCX·PDF), 표(XLSX·CSV), "
            "발표 자료(PPTX), 그림(PNG·JPG·GIF·WEBP) 또는 텍스트 파일을 올려 주세요."
        ),
        code="unknown_format",
        name=filename or "파일",
    )


def attachment_kind(data: bytes, filename: str = "") -> FileKind:
    """Return what ``data`` is, judged by its content, or raise ``DocumentError`` saying what to send.

    Zip containers (HWPX, DOCX, XLSX, PPTX) are expanded once with the caps of ``SafeZip``, so an archive
    that declares or actually expands past them is refused as a zip bomb. The extension only tells CSV
    from plain text, and text is taken only under a text file's name.
    """
    if not data:
        raise DocumentError(_("빈 파일입니다. 내용이 있는 파일을 골라 올려 주세요."), code="empty")
    if data.startswith(b"%PDF"):
        return _KINDS["pdf"]
    for magic, name in _IMAGES:
        if data.startswith(magic):
            return _KINDS[name]
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _KINDS["webp"]
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, filename)
    if data.startswith(_OLE):
        return _ole_kind(data, filename)
    if data.startswith(_HWP3) or _looks_binary(data):
        raise _refused(filename)
    # Text only under a text file's name: "건의서.pdf" holding text is a broken or disguised file (HTML, SVG).
    extension = filename.lower().rpartition(".")[2] if "." in filename else ""
    if extension not in _TEXT_EXTENSIONS or not _decodes(data):
        raise _refused(filename)
    return _KINDS["csv" if extension in ("csv", "tsv") else "txt"]


_TEXT_EXTENSIONS = frozenset({"", "txt", "text", "csv", "tsv", "md"})


def _decodes(data: bytes) -> bool:
    for encoding in ("utf-8-sig", "utf-16", "cp949"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _zip_kind(data: bytes, filename: str) -> FileKind:
    archive = SafeZip(data, "압축(ZIP)")
    archive.check_all()
    names = set(archive.names)
    if "mimetype" in names and b"hwp" in archive.read("mimetype")[:100]:
        return _KINDS["hwpx"]
    if any(n.startswith("Contents/section") for n in names):
        return _KINDS["hwpx"]
    if "word/document.xml" in names:
        return _KINDS["docx"]
    if "xl/workbook.xml" in names:
        return _KINDS["xlsx"]
    if "ppt/presentation.xml" in names:
        return _KINDS["pptx"]
    raise _refused(filename)


def _ole_kind(data: bytes, filename: str) -> FileKind:
    entries = ole_entries(data, "OLE(HWP·DOC·XLS·PPT)")
    if "FileHeader" in entries:
        return _KINDS["hwp"]
    if "WordDocument" in entries:
        return _KINDS["doc"]
    if "Workbook" in entries or "Book" in entries:
        return _KINDS["xls"]
    if "PowerPoint Document" in entries:
        return _KINDS["ppt"]
    raise _refused(filename)
