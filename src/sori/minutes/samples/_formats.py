# ruff: noqa: E501 — OWPML fragments read best unbroken
"""Write a labelled script in every format offices send: HWPX, HWP 5.0, DOCX, PDF, XLSX, CSV and TXT.

The HWPX is an OWPML package written by hand (mimetype first and stored, META-INF/container.xml,
Contents/content.hpf, header.xml, section0.xml); the HWP is an HWP 5.0 compound file with deflated
record streams; DOCX comes from python-docx, PDF from WeasyPrint, XLSX from openpyxl.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from xml.sax.saxutils import escape

from ._cfb import write_cfb

__all__ = ["WRITERS", "hwp_records", "to_csv", "to_docx", "to_hwp", "to_hwpx", "to_pdf", "to_txt", "to_xlsx"]

Table = tuple[tuple[str, ...], ...]
Blocks = Sequence[str | Table]

_HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
_HS = "http://www.hancom.co.kr/hwpml/2011/section"
_HH = "http://www.hancom.co.kr/hwpml/2011/head"
_HC = "http://www.hancom.co.kr/hwpml/2011/core"
_OPF = "http://www.idpf.org/2007/opf/"


def _p(text: str, pid: int) -> str:
    # Two runs per paragraph, as word processors split them at formatting changes.
    half = len(text) // 2
    runs = "".join(
        f'<hp:run charPrIDRef="0"><hp:t>{escape(part)}</hp:t></hp:run>'
        for part in (text[:half], text[half:])
        if part
    )
    return f'<hp:p id="{pid}" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">{runs}</hp:p>'


def _tbl(rows: Table, pid: int) -> str:
    cols = max(len(r) for r in rows)
    trs = []
    for r, row in enumerate(rows):
        tcs = []
        for c, cell in enumerate(row):
            tcs.append(
                '<hp:tc name="" header="0" hasMargin="0" protect="0" editable="0" dirty="0" borderFillIDRef="1">'
                '<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="CENTER">'
                f"{_p(cell, pid * 1000 + r * 50 + c)}</hp:subList>"
                f'<hp:cellAddr colAddr="{c}" rowAddr="{r}"/><hp:cellSpan colSpan="1" rowSpan="1"/>'
                '<hp:cellSz width="7000" height="1000"/></hp:tc>'
            )
        trs.append(f"<hp:tr>{''.join(tcs)}</hp:tr>")
    return (
        f'<hp:p id="{pid}" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">'
        f'<hp:run charPrIDRef="0"><hp:tbl id="{pid}" rowCnt="{len(rows)}" colCnt="{cols}" cellSpacing="0" '
        f'borderFillIDRef="1"><hp:sz width="42000" height="{1000 * len(rows)}"/>{"".join(trs)}</hp:tbl>'
        "</hp:run></hp:p>"
    )


def to_hwpx(blocks: Blocks, *, title: str = "회의록") -> bytes:
    """Return an HWPX (OWPML) package of the paragraphs and tables in ``blocks``."""
    body = "".join(_p(b, i) if isinstance(b, str) else _tbl(b, i) for i, b in enumerate(blocks, start=1))
    section = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><hs:sec xmlns:hs="{_HS}" xmlns:hp="{_HP}">'
        f"{body}</hs:sec>"
    )
    header = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><hh:head xmlns:hh="{_HH}" xmlns:hc="{_HC}" '
        'version="1.4" secCnt="1"><hh:beginNum page="1" footnote="1" endnote="1" pic="1" tbl="1" equation="1"/>'
        '<hh:refList><hh:fontfaces itemCnt="1"><hh:fontface lang="HANGUL" fontCnt="1">'
        '<hh:font id="0" face="함초롬바탕" type="TTF" isEmbedded="0"/></hh:fontface></hh:fontfaces>'
        '<hh:charProperties itemCnt="1"><hh:charPr id="0" height="1000" textColor="#000000"/></hh:charProperties>'
        '<hh:paraProperties itemCnt="1"><hh:paraPr id="0"/></hh:paraProperties>'
        '<hh:styles itemCnt="1"><hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" '
        'charPrIDRef="0"/></hh:styles></hh:refList></hh:head>'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><opf:package xmlns:opf="{_OPF}" version="" '
        f'unique-identifier="" id=""><opf:metadata><opf:title>{escape(title)}</opf:title>'
        "<opf:language>ko</opf:language></opf:metadata><opf:manifest>"
        '<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        '</opf:manifest><opf:spine><opf:itemref idref="header" linear="no"/>'
        '<opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>'
    )
    container = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ocf:container '
        'xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf"><ocf:rootfiles>'
        '<ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
        "</ocf:rootfiles></ocf:container>"
    )
    version = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><hv:HCFVersion '
        'xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" tagetApplication="WORDPROCESSOR" major="5" '
        'minor="1" micro="0" buildNumber="1" os="1" xmlVersion="1.4" application="Sori" appVersion="0.1"/>'
    )
    manifest = '<?xml version="1.0" encoding="UTF-8"?><odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # The mimetype entry comes first and uncompressed, so the type can be read at a fixed offset.
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("version.xml", version)
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("Contents/content.hpf", content)
        archive.writestr("Contents/header.xml", header)
        archive.writestr("Contents/section0.xml", section)
    return out.getvalue()


# --- HWP 5.0 ---------------------------------------------------------------------------------------------


def _record(tag: int, level: int, payload: bytes) -> bytes:
    if len(payload) < 0xFFF:
        return struct.pack("<I", tag | (level << 10) | (len(payload) << 20)) + payload
    return struct.pack("<II", tag | (level << 10) | (0xFFF << 20), len(payload)) + payload


def _para_header(nchars: int, level: int, controls: int = 0) -> bytes:
    return _record(66, level, struct.pack("<IIHBBHHHI", nchars, controls, 0, 0, 0, 1, 0, 1, 0))


def _para(text: str, level: int, *, tab_at: int = -1) -> bytes:
    payload = bytearray(text.encode("utf-16-le"))
    if 0 <= tab_at <= len(text):
        # An inline control (tab, 9) takes eight UTF-16 units: the code, six of data, the code again.
        tab = struct.pack("<8H", 9, 0, 0, 0, 0, 0, 0, 9)
        payload[2 * tab_at : 2 * tab_at] = tab
    payload += struct.pack("<H", 13)
    return (
        _para_header(len(payload) // 2, level)
        + _record(67, level + 1, bytes(payload))
        + _record(68, level + 1, struct.pack("<II", 0, 0))
    )


def _table_records(rows: Table) -> bytes:
    cols = max(len(r) for r in rows)
    # The anchoring paragraph holds the extended control 11 ('tbl ') and its end mark.
    control = struct.pack("<8H", 11, 0x6C74, 0x2062, 0, 0, 0, 0, 11) + struct.pack("<H", 13)
    out = _para_header(len(control) // 2, 0, controls=1 << 11) + _record(67, 1, control)
    out += _record(71, 1, b" lbt" + struct.pack("<I", 0) + b"\0" * 38)
    out += _record(77, 2, struct.pack("<IHHH", 0, len(rows), cols, 0) + b"\0" * 8)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            # Paragraph count, a reserved unit and list flags (8 bytes, as Hangul writes them), then the cell.
            cell_header = struct.pack("<HHIHHHHIIHHHHH", 1, 0, 0, c, r, 1, 1, 7000, 1000, 0, 0, 0, 0, 1)
            out += _record(72, 2, cell_header)
            out += _para(cell, 2)
    return out


def hwp_records(blocks: Blocks) -> bytes:
    """Return the decompressed BodyText section stream for ``blocks`` (paragraphs, tables)."""
    out = bytearray()
    for index, block in enumerate(blocks):
        if isinstance(block, str):
            # Every third paragraph carries a tab control before its first word, to be skipped on reading.
            out += _para(block, 0, tab_at=0 if index % 3 == 0 else -1)
        else:
            out += _table_records(block)
    return bytes(out)


def to_hwp(blocks: Blocks, *, flags: int = 1, version: bytes = b"\x00\x03\x00\x05") -> bytes:
    """Return an HWP 5.0 file (compound file, deflated body) of ``blocks``; ``flags`` is the FileHeader set."""
    header = b"HWP Document File".ljust(32, b"\0") + version + struct.pack("<I", flags)
    header = header.ljust(256, b"\0")

    def deflate(data: bytes) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush()

    body = hwp_records(blocks)
    doc_info = _record(16, 0, struct.pack("<H7I", 1, 1, 1, 1, 1, 1, 1, 0))
    return write_cfb(
        {
            "FileHeader": header,
            "DocInfo": deflate(doc_info) if flags & 1 else doc_info,
            "BodyText/Section0": deflate(body) if flags & 1 else body,
        }
    )


# --- DOCX, PDF, spreadsheets, text -------------------------------------------------------------------------


def to_docx(blocks: Blocks) -> bytes:
    """Return a DOCX of ``blocks`` written with python-docx."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            table = document.add_table(rows=len(block), cols=max(len(r) for r in block))
            for r, row in enumerate(block):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(blocks: Blocks) -> bytes:
    """Return a PDF with a text layer, rendered by WeasyPrint (needs a Korean font such as Noto Sans CJK)."""
    from weasyprint import HTML

    def words(text: str) -> str:
        # Lines break between words only, as Hangul lays out Korean (어절 단위), in paragraphs and table
        # cells alike; WeasyPrint would otherwise break inside words.
        return " ".join(f'<span style="white-space: nowrap">{escape(w)}</span>' for w in text.split())

    parts = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p>{words(block)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{words(c)}</td>" for c in row) + "</tr>" for row in block)
            parts.append(f"<table>{rows}</table>")
    html = (
        "<html lang='ko'><head><meta charset='utf-8'><style>@page { size: A4; margin: 2cm }"
        "body { font-family: 'Noto Sans CJK KR', sans-serif; font-size: 11pt; word-break: keep-all }"
        "p { margin: 0 0 0.6em } td { border: 1px solid #999; padding: 2px }</style></head><body>"
        + "".join(parts)
        + "</body></html>"
    )
    result: bytes = HTML(string=html).write_pdf()
    return result


def to_xlsx(table: Table) -> bytes:
    """Return an XLSX whose first sheet holds ``table`` (header row first)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in table:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_csv(table: Table, encoding: str = "cp949") -> bytes:
    """Return ``table`` as CSV in ``encoding`` (Korean Excel saves CP949 by default)."""
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode(encoding)


def to_txt(blocks: Blocks, encoding: str = "utf-8") -> bytes:
    """Return the paragraphs one per line; tables as tab-separated rows."""
    lines = [b if isinstance(b, str) else "\n".join("\t".join(r) for r in b) for b in blocks]
    return "\r\n".join(lines).encode(encoding)


WRITERS = ("hwpx", "hwp", "docx", "pdf", "xlsx", "csv", "txt")
