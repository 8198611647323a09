"""Every file that cannot be read safely is refused with a message saying what to do."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from sori.documents import MAX_BYTES, DocumentError, read_document
from sori.minutes.samples import ROUND1, hwp_records, to_hwp, to_hwpx
from sori.minutes.samples._cfb import write_cfb

from ..minutes.conftest import rendered
from .pdf_files import blank_pdf, password_pdf


def refused(data: bytes, name: str) -> DocumentError:
    with pytest.raises(DocumentError) as raised:
        read_document(data, name)
    return raised.value


def _patch_central(data: bytes, member: str, *, flags: int | None = None, size: int | None = None) -> bytes:
    """Rewrite the flags or declared size of ``member`` in the central directory and its local header."""
    out = bytearray(data)
    name = member.encode()
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46 : at + 46 + name_len] == name:
            local = struct.unpack_from("<I", out, at + 42)[0]
            if flags is not None:
                struct.pack_into("<H", out, at + 8, flags)
                struct.pack_into("<H", out, local + 6, flags)
            if size is not None:
                struct.pack_into("<I", out, at + 24, size)
                struct.pack_into("<I", out, local + 22, size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def _zip(members: dict[str, bytes], *, hwpx: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if hwpx:
            mimetype = zipfile.ZipInfo("mimetype")
            archive.writestr(mimetype, "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_encrypted_hwpx_manifest() -> None:
    data = _zip(
        {
            "META-INF/manifest.xml": b"<odf:manifest><odf:encryption-data/></odf:manifest>",
            "Contents/section0.xml": b"x",
        }
    )
    error = refused(data, "회의록.hwpx")
    assert error.code == "encrypted"
    assert "암호가 걸린 한글(HWPX)" in str(error)
    assert "PDF" in str(error)


def test_zip_entries_with_the_encryption_flag() -> None:
    data = _patch_central(to_hwpx(["○ 김세영 이사: 네."]), "Contents/section0.xml", flags=0x1)
    assert refused(data, "회의록.hwpx").code == "encrypted"


def test_encrypted_docx_is_an_ole_envelope() -> None:
    data = write_cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 60, "EncryptedPackage": b"\0" * 5000})
    error = refused(data, "회의록.docx")
    assert error.code == "encrypted"
    assert "암호" in str(error)


def test_password_pdf() -> None:
    error = refused(password_pdf("secret"), "회의록.pdf")
    assert error.code == "encrypted"
    assert "암호가 걸린 PDF" in str(error)


@pytest.mark.parametrize(
    ("flags", "words"), [(1 | 2, "암호가 걸린"), (1 | 4, "배포용으로 보호된"), (1 | 16, "DRM")]
)
def test_protected_hwp_asks_for_hwpx_or_pdf(flags: int, words: str) -> None:
    error = refused(to_hwp(["○ 김세영 이사: 네."], flags=flags), "회의록.hwp")
    assert error.code == "encrypted"
    assert words in str(error)
    assert "HWPX" in str(error) and "PDF" in str(error)


def test_hwp_of_another_version() -> None:
    error = refused(to_hwp(["네"], version=b"\x00\x00\x00\x03"), "회의록.hwp")
    assert error.code == "unsupported_version"
    assert "hwpx" in str(error).lower()


def test_hwp3_signature() -> None:
    assert (
        refused(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + b"\0" * 100, "a.hwp").code
        == "unsupported_version"
    )


def test_damaged_hwp_body_is_refused_not_garbled() -> None:
    data = bytearray(to_hwp(ROUND1.paragraphs()))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = packer.compress(hwp_records(ROUND1.paragraphs())) + packer.flush()
    at = data.find(body)
    assert at > 0
    data[at + len(body) // 3 : at + len(body) // 3 + 200] = bytes(range(200))
    error = refused(bytes(data), "회의록.hwp")
    assert "hwpx" in str(error).lower()


def test_hwp_with_its_directory_overwritten_asks_for_hwpx() -> None:
    data = bytearray(to_hwp(ROUND1.paragraphs()))
    data[-2048:-1648] = b"\x07" * 400
    assert "hwpx" in str(refused(bytes(data), "회의록.hwp")).lower()


def test_truncated_zip() -> None:
    data = rendered("round1", "hwpx")[0]
    error = refused(data[: len(data) // 2], "회의록.hwpx")
    assert error.code == "corrupt"
    assert "손상" in str(error)


def test_corrupt_deflate_stream() -> None:
    data = bytearray(to_hwpx(ROUND1.paragraphs()))
    at = data.find(b"Contents/section0.xml") + 60
    data[at : at + 40] = b"\xff" * 40
    assert refused(bytes(data), "회의록.hwpx").code in {"corrupt", "zip_bomb"}


def test_zip_bomb_by_declared_size() -> None:
    data = _patch_central(to_hwpx(["네"]), "Contents/section0.xml", size=300 * 1024 * 1024)
    error = refused(data, "회의록.hwpx")
    assert error.code == "zip_bomb"
    assert "MB" in str(error)


def test_zip_bomb_by_ratio() -> None:
    data = _zip({"Contents/section0.xml": b"\0" * (4 * 1024 * 1024)})
    assert refused(data, "회의록.hwpx").code == "zip_bomb"


def test_zip_bomb_hiding_behind_a_small_declared_size() -> None:
    # The header promises 1,000 bytes; the stream inflates to 4 MB. Inflation stops at the promise.
    data = _patch_central(
        _zip({"Contents/section0.xml": b"<a>" + b" " * (4 * 1024 * 1024) + b"</a>"}),
        "Contents/section0.xml",
        size=1000,
    )
    assert refused(data, "회의록.hwpx").code == "zip_bomb"


def test_docx_bomb_is_refused_before_python_docx_expands_it() -> None:
    data = rendered("round1", "docx")[0]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/media/huge.bin", b"\0" * (4 * 1024 * 1024))
    assert refused(out.getvalue(), "회의록.docx").code == "zip_bomb"


def test_scanned_pdf_without_text() -> None:
    error = refused(blank_pdf(), "스캔.pdf")
    assert error.code == "scanned_pdf"
    assert "스캔한 PDF라 글자를 읽을 수 없습니다" in str(error)
    assert "HWPX" in str(error)


def test_huge_file() -> None:
    error = refused(b"a" * (MAX_BYTES + 1), "큰파일.txt")
    assert error.code == "too_large"
    assert "50 MB" in str(error)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "그림 파일"),
        (b"\x00\x01\x02\x03" * 100, "회의록 형식이 아닙니다"),
        (write_cfb({"WordDocument": b"\0" * 100}), ".doc"),
        (write_cfb({"Workbook": b"\0" * 100}), ".xls"),
        (_zip({"something.xml": b"<a/>"}, hwpx=False), "회의록 형식이 아닙니다"),
    ],
)
def test_unknown_formats_name_what_to_send(data: bytes, words: str) -> None:
    error = refused(data, "회의록.hwpx")
    assert words in str(error)
    assert error.template  # a marked template, translatable where shown
