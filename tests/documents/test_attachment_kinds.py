"""Attachments are judged by their bytes: the formats offices send are taken, anything else is refused."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from sori.documents import DocumentError, attachment_kind
from sori.minutes.samples import to_hwp, to_hwpx
from sori.minutes.samples._cfb import write_cfb

from ..minutes.conftest import rendered
from .pdf_files import blank_pdf


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["기관", "요청"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "name", "kind"),
    [
        (blank_pdf, "발제자료.pdf", "pdf"),
        (lambda: to_hwpx(["GPU 사용기간 연장"]), "건의서.hwpx", "hwpx"),
        (lambda: to_hwp(["GPU 사용기간 연장"]), "건의서.hwp", "hwp"),
        (lambda: rendered("round1", "docx")[0], "회의록.docx", "docx"),
        (_xlsx, "수요조사.xlsx", "xlsx"),
        (
            lambda: _zip({"[Content_Types].xml": b"<x/>", "ppt/presentation.xml": b"<p/>"}),
            "발제.pptx",
            "pptx",
        ),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "사진.png", "png"),
        (lambda: b"\xff\xd8\xff\xe0" + b"\0" * 32, "사진.jpg", "jpeg"),
        (lambda: b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 16, "사진.webp", "webp"),
        (lambda: "기관,요청\n㈜아이티앱스,GPU\n".encode(), "목록.csv", "csv"),
        (lambda: "GPU 사용기간을 늘려 주세요".encode("cp949"), "메모.txt", "txt"),
    ],
)
def test_office_formats_are_taken(make: object, name: str, kind: str) -> None:
    assert callable(make)
    assert attachment_kind(make(), name).name == kind


def test_a_renamed_file_is_judged_by_its_content() -> None:
    found = attachment_kind(blank_pdf(), "발제자료.hwp")
    assert (found.name, found.media_type, found.inline) == ("pdf", "application/pdf", True)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 4, "보고서.pdf"),  # a Windows program
        (b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4, "run.txt"),
        (_zip({"payload.js": b"alert(1)"}), "자료.zip"),  # a zip that is no office document
        (write_cfb({"Unknown": b"x" * 600}), "자료.doc"),  # an OLE file of no known kind
        (b"<script>alert(1)</script>", "건의서.pdf"),  # text under a document's name
        (b"<svg onload=alert(1)></svg>", "로고.svg"),
    ],
)
def test_programs_and_unknown_containers_are_refused(data: bytes, name: str) -> None:
    with pytest.raises(DocumentError) as raised:
        attachment_kind(data, name)
    assert raised.value.code == "unknown_format"
    assert "PDF" in str(raised.value)  # says what to send instead


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(DocumentError) as raised:
        attachment_kind(b"", "빈파일.pdf")
    assert raised.value.code == "empty"


def test_an_office_zip_bomb_is_refused_by_its_expanded_size() -> None:
    # 4 MB of zeros squeezed a thousandfold: a ratio no office document has.
    bomb = _zip({"ppt/presentation.xml": b"<p/>", "ppt/media/x.bin": b"\0" * (4 * 1024 * 1024)})
    with pytest.raises(DocumentError) as raised:
        attachment_kind(bomb, "발제.pptx")
    assert raised.value.code == "zip_bomb"
