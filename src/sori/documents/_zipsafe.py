"""Open zip containers (HWPX, DOCX, XLSX) without trusting their headers.

A zip bomb declares small sizes and expands to gigabytes, or declares honestly and expands to gigabytes all
the same. Both are refused: declared sizes are added up first, then every entry that is read is
stream-decompressed with a running cap, so no more than the cap is ever held in memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from ._errors import DocumentError, _
from ._limits import MAX_EXPANDED, MAX_MEMBERS, MAX_RATIO

__all__ = ["SafeZip", "corrupt", "encrypted", "zip_bomb"]

_CHUNK = 64 * 1024


def corrupt(kind: str) -> DocumentError:
    """Return the error for a damaged ``kind`` container (HWPX, DOCX …)."""
    return DocumentError(
        _(
            "%(kind)s 파일이 손상되어 열 수 없습니다. 원래 프로그램에서 열어 다시 저장한 뒤 올려 주세요. "
            "계속 안 되면 PDF로 저장해 올려 주세요."
        ),
        code="corrupt",
        kind=kind,
    )


def zip_bomb() -> DocumentError:
    """Return the error for an archive that expands beyond the limit."""
    return DocumentError(
        _(
            "압축을 풀면 %(limit)s MB를 넘는 파일이라 열지 않았습니다. 문서에 든 큰 그림이나 첨부를 빼고 "
            "다시 저장하거나 PDF로 올려 주세요."
        ),
        code="zip_bomb",
        limit=MAX_EXPANDED // 1024 // 1024,
    )


def encrypted(kind: str) -> DocumentError:
    """Return the error for a password-protected or encrypted file."""
    return DocumentError(
        _(
            "암호가 걸린 %(kind)s 문서라 읽을 수 없습니다. 암호를 해제해 다시 저장하거나, "
            "한글(HWPX) 또는 글자가 있는 PDF로 올려 주세요."
        ),
        code="encrypted",
        kind=kind,
    )


class SafeZip:
    """A zip archive whose entries are read with size caps; raises ``DocumentError`` for bombs and damage."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise corrupt(kind) from exc
        if len(infos) > MAX_MEMBERS:
            raise zip_bomb()
        if sum(i.file_size for i in infos) > MAX_EXPANDED:
            raise zip_bomb()
        for info in infos:
            big = info.file_size > 1024 * 1024
            if big and info.compress_size and info.file_size > MAX_RATIO * info.compress_size:
                raise zip_bomb()
        self._infos = {i.filename: i for i in infos}
        self._data = data
        self._budget = MAX_EXPANDED

    @property
    def names(self) -> list[str]:
        """Return the entry names in archive order."""
        return list(self._infos)

    def is_encrypted(self) -> bool:
        """Return whether any entry carries the zip encryption flag."""
        return any(i.flag_bits & 0x1 for i in self._infos.values())

    def read(self, name: str) -> bytes:
        """Return the expanded bytes of ``name``, counting them against the archive's expansion budget."""
        info = self._infos.get(name)
        if info is None:
            raise corrupt(self.kind)
        return self._expand(info, keep=True)

    def _expand(self, info: zipfile.ZipInfo, *, keep: bool) -> bytes:
        # Python's zipfile stops at the declared size, so a lying header would pass unnoticed; the raw
        # stream is inflated here with a cap instead, and a size or CRC unlike the header's is refused.
        if info.flag_bits & 0x1:
            raise encrypted(self.kind)
        raw = self._raw(info)
        out = bytearray()
        crc = 0
        size = 0
        if info.compress_type == zipfile.ZIP_STORED:
            pieces: Iterable[bytes] = (raw[i : i + _CHUNK] for i in range(0, len(raw), _CHUNK))
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            pieces = _inflate(raw, self.kind)
        else:
            raise corrupt(self.kind)
        for piece in pieces:
            size += len(piece)
            self._budget -= len(piece)
            if self._budget < 0 or size > info.file_size:
                # Past the budget, or past what the header promised: stop inflating at once.
                raise zip_bomb()
            crc = zlib.crc32(piece, crc)
            if keep:
                out += piece
        if size != info.file_size or crc != info.CRC:
            raise corrupt(self.kind)
        return bytes(out)

    def _raw(self, info: zipfile.ZipInfo) -> bytes:
        data = self._data
        offset = info.header_offset
        header = data[offset : offset + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise corrupt(self.kind)
        name_len = int.from_bytes(header[26:28], "little")
        extra_len = int.from_bytes(header[28:30], "little")
        start = offset + 30 + name_len + extra_len
        raw = data[start : start + info.compress_size]
        if len(raw) != info.compress_size:
            raise corrupt(self.kind)
        return raw

    def check_all(self) -> None:
        """Expand every entry once, discarding the bytes, to prove the whole archive is safe.

        Used before handing the archive to a library that would expand every part in memory itself.
        """
        for info in self._infos.values():
            self._expand(info, keep=False)


def _inflate(raw: bytes, kind: str) -> Iterator[bytes]:
    """Yield the inflated pieces of a raw deflate stream, at most ``_CHUNK`` bytes at a time."""
    inflater = zlib.decompressobj(-15)
    pending = raw
    try:
        while True:
            piece = inflater.decompress(pending, _CHUNK)
            if piece:
                yield piece
            pending = inflater.unconsumed_tail
            if inflater.eof:
                return
            if not pending and not piece:
                # Input exhausted before the stream ended: truncated data.
                raise corrupt(kind)
    except zlib.error as exc:
        raise corrupt(kind) from exc
