"""Read HWP 5.0 binary documents: an OLE compound file (olefile) holding zlib-deflated record streams.

Only what minutes need is read: the text of body paragraphs (HWPTAG_PARA_TEXT) and of table cells, in order.
A file this reader cannot read for certain — encrypted, distribution-protected (배포용), DRM, another version
or malformed records — is refused with a message asking for HWPX or PDF rather than returning garbled text.

Record header (32 bits, little-endian): tag id in bits 0–9, level in bits 10–19, size in bits 20–31,
where size 0xFFF means a 32-bit size follows.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from ._clean import clean
from ._errors import DocumentError, _
from ._limits import MAX_BLOCKS, MAX_EXPANDED
from ._model import Block, Paragraph, TableBlock

__all__ = ["HwpRecord", "iter_records", "para_text", "read_hwp", "records_to_blocks"]

HWPTAG_BEGIN = 16
TAG_PARA_HEADER = HWPTAG_BEGIN + 50
TAG_PARA_TEXT = HWPTAG_BEGIN + 51
TAG_CTRL_HEADER = HWPTAG_BEGIN + 55
TAG_LIST_HEADER = HWPTAG_BEGIN + 56
TAG_TABLE = HWPTAG_BEGIN + 61

SIGNATURE = b"HWP Document File"
_FLAG_COMPRESSED = 1 << 0
_FLAG_PASSWORD = 1 << 1
_FLAG_DISTRIBUTION = 1 << 2
_FLAG_DRM = 1 << 4
_FLAG_CERT_ENCRYPTED = 1 << 8
_CTRL_TABLE = b" lbt"  # 'tbl ' as a little-endian 4-character id

# Characters 0–31 in PARA_TEXT are controls. "Char" controls take one UTF-16 unit; inline and extended
# controls take eight (the code, six units of data or a pointer, the code again).
_CHAR_CONTROLS = frozenset({0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31})
_SPACE_CONTROLS = {9: " ", 10: " ", 24: "-", 30: "-", 31: " "}
_SECTION = re.compile(r"^Section(\d+)$")


def _ask_other_format(reason: str) -> DocumentError:
    return DocumentError(
        _(
            "%(reason)s 한글(HWP) 문서라 믿을 수 있게 읽을 수 없습니다. 한글에서 '다른 이름으로 저장' → "
            "'한글 문서(*.hwpx)' 또는 PDF로 저장해 올려 주세요."
        ),
        code="unsupported_version",
        reason=reason,
    )


def _encrypted_hwp(reason: str) -> DocumentError:
    return DocumentError(
        _(
            "%(reason)s 한글(HWP) 문서라 읽을 수 없습니다. 암호·배포용 설정을 해제해 저장하거나, "
            "한글(HWPX) 또는 글자가 있는 PDF로 올려 주세요."
        ),
        code="encrypted",
        reason=reason,
    )


@dataclass(frozen=True)
class HwpRecord:
    """One record of an HWP 5.0 stream."""

    tag: int
    level: int
    payload: bytes


def iter_records(stream: bytes) -> Iterator[HwpRecord]:
    """Yield the records of a decompressed HWP stream; raise ``DocumentError`` if one overruns the data."""
    offset, end = 0, len(stream)
    while offset < end:
        if offset + 4 > end:
            raise _ask_other_format(_("구조가 손상된"))
        (header,) = struct.unpack_from("<I", stream, offset)
        offset += 4
        tag, level, size = header & 0x3FF, (header >> 10) & 0x3FF, header >> 20
        if size == 0xFFF:
            if offset + 4 > end:
                raise _ask_other_format(_("구조가 손상된"))
            (size,) = struct.unpack_from("<I", stream, offset)
            offset += 4
        if offset + size > end:
            raise _ask_other_format(_("구조가 손상된"))
        yield HwpRecord(tag, level, stream[offset : offset + size])
        offset += size


def para_text(payload: bytes) -> str:
    """Return the visible text of a PARA_TEXT payload, with control characters skipped or made spaces."""
    if len(payload) % 2:
        raise _ask_other_format(_("구조가 손상된"))
    units = struct.unpack(f"<{len(payload) // 2}H", payload)
    out: list[str] = []
    i, n = 0, len(units)
    while i < n:
        code = units[i]
        if code < 32:
            if code in _SPACE_CONTROLS:
                out.append(_SPACE_CONTROLS[code])
            i += 1 if code in _CHAR_CONTROLS else 8
            continue
        out.append(chr(code))
        i += 1
    text = "".join(out)
    try:
        # Surrogate pairs arrive as two units; round-trip them into real characters.
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError as exc:
        raise _ask_other_format(_("글자 구조가 손상된")) from exc


@dataclass
class _Table:
    level: int
    columns: int = 0
    cells: list[tuple[int, int, list[str]]] = field(default_factory=list)

    def block(self) -> TableBlock | None:
        rows: dict[int, list[tuple[int, str]]] = {}
        for index, (row, col, parts) in enumerate(self.cells):
            if row < 0:  # no address read: lay cells out by column count
                row, col = divmod(index, max(self.columns, 1))
            rows.setdefault(row, []).append((col, clean(" ".join(parts))))
        out = tuple(tuple(text for _c, text in sorted(cells)) for _r, cells in sorted(rows.items()))
        out = tuple(r for r in out if any(r))
        return TableBlock(out) if out else None


def records_to_blocks(records: Iterator[HwpRecord] | list[HwpRecord]) -> list[Block]:
    """Return paragraphs (level-0 PARA_TEXT) and tables (cells of 'tbl ' controls) from body records.

    Text deeper in other controls (headers, footnotes, text boxes) is left out: minutes never speak there.
    """
    blocks: list[Block] = []
    table: _Table | None = None
    pending: list[Block] = []  # tables anchored in the current paragraph, placed after its text
    for record in records:
        if table is not None and record.level <= table.level:
            made = table.block()
            if made:
                pending.append(made)
            table = None
        if record.tag == TAG_PARA_HEADER and record.level == 0:
            blocks.extend(pending)
            pending = []
        elif record.tag == TAG_PARA_TEXT and record.level == 1 and table is None:
            text = clean(para_text(record.payload))
            if text:
                blocks.append(Paragraph(text))
        elif record.tag == TAG_CTRL_HEADER and table is None and record.payload[:4] == _CTRL_TABLE:
            table = _Table(level=record.level)
        elif table is not None:
            if record.tag == TAG_TABLE and record.level == table.level + 1 and len(record.payload) >= 8:
                table.columns = struct.unpack_from("<H", record.payload, 6)[0]
            elif record.tag == TAG_LIST_HEADER and record.level == table.level + 1:
                if len(record.payload) >= 12:
                    col, row = struct.unpack_from("<HH", record.payload, 8)
                    table.cells.append((row, col, []))
                else:
                    table.cells.append((-1, -1, []))
            elif record.tag == TAG_PARA_TEXT and table.cells:
                table.cells[-1][2].append(para_text(record.payload))
        if len(blocks) > MAX_BLOCKS:
            break
    if table is not None:
        made = table.block()
        if made:
            pending.append(made)
    blocks.extend(pending)
    return blocks


def _inflate(raw: bytes, budget: int) -> bytes:
    """Inflate a raw-deflate body stream with a cap on the expanded size."""
    from ._zipsafe import zip_bomb

    inflater = zlib.decompressobj(-15)
    out = bytearray()
    pending = raw
    try:
        while True:
            piece = inflater.decompress(pending, 1 << 20)
            out += piece
            if len(out) > budget:
                raise zip_bomb()
            pending = inflater.unconsumed_tail
            if inflater.eof or (not pending and not piece):
                break
    except zlib.error as exc:
        raise _ask_other_format(_("압축이 손상된")) from exc
    return bytes(out)


def read_hwp(data: bytes) -> list[Block]:
    """Return the blocks of an HWP 5.0 file, or raise ``DocumentError`` naming why it cannot be read."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and assorted errors on damage
        raise _ask_other_format(_("손상된")) from exc
    try:
        if not ole.exists("FileHeader"):
            raise _ask_other_format(_("알 수 없는 구조의"))
        header = ole.openstream("FileHeader").read(256)
        if len(header) < 40 or not header.startswith(SIGNATURE):
            raise _ask_other_format(_("알 수 없는 구조의"))
        version = header[32:36]
        if version[3] != 5:
            raise _ask_other_format(_("HWP 5.0이 아닌 옛 버전의"))
        (flags,) = struct.unpack_from("<I", header, 36)
        if flags & _FLAG_PASSWORD:
            raise _encrypted_hwp(_("암호가 걸린"))
        if flags & _FLAG_DISTRIBUTION:
            raise _encrypted_hwp(_("배포용으로 보호된"))
        if flags & (_FLAG_DRM | _FLAG_CERT_ENCRYPTED):
            raise _encrypted_hwp(_("보안(DRM)이 걸린"))
        sections = sorted(
            (int(m.group(1)), entry)
            for entry in ole.listdir()
            if len(entry) == 2 and entry[0] == "BodyText" and (m := _SECTION.match(entry[1]))
        )
        if not sections:
            raise _ask_other_format(_("본문이 없는"))
        blocks: list[Block] = []
        budget = MAX_EXPANDED
        for _n, entry in sections:
            raw = ole.openstream(entry).read()
            stream = _inflate(raw, budget) if flags & _FLAG_COMPRESSED else raw
            budget -= len(stream)
            blocks.extend(records_to_blocks(list(iter_records(stream))))
    except DocumentError:
        raise
    except Exception as exc:
        raise _ask_other_format(_("손상된")) from exc
    finally:
        ole.close()
    if not blocks:
        raise _ask_other_format(_("본문 글자를 찾을 수 없는"))
    _check_plausible(blocks)
    return blocks


def _check_plausible(blocks: list[Block]) -> None:
    """Refuse text that is mostly unassigned or private-use characters: a sign of a misread stream."""
    import unicodedata

    text = "".join(b.text for b in blocks if isinstance(b, Paragraph))[:20_000]
    if not text:
        return
    odd = sum(1 for ch in text if unicodedata.category(ch) in ("Co", "Cn", "Cs"))
    if odd > 0.05 * len(text):
        raise _ask_other_format(_("글자를 알아볼 수 없는"))
