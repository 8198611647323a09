"""Read HWPX (OWPML, KS X 6101): a zip of XML parts, read directly with the standard library.

Sections are listed in ``Contents/content.hpf`` (the OPF spine); paragraphs are ``hp:p`` with text in
``hp:run/hp:t``, tables are ``hp:tbl/hp:tr/hp:tc`` whose cells hold paragraphs of their own. Elements are
matched by local name, so the 2011 and later namespace URIs read alike.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ._clean import clean, has_doctype
from ._errors import DocumentError
from ._limits import MAX_BLOCKS
from ._model import Block, Paragraph, TableBlock
from ._zipsafe import SafeZip, corrupt, encrypted

__all__ = ["read_hwpx"]

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_hwpx(archive: SafeZip) -> list[Block]:
    """Return the blocks of every section of an HWPX archive, in reading order."""
    names = set(archive.names)
    if "META-INF/manifest.xml" in names:
        manifest = archive.read("META-INF/manifest.xml")
        if b"encryption-data" in manifest or b"EncryptionData" in manifest:
            raise encrypted("한글(HWPX)")
    if archive.is_encrypted():
        raise encrypted("한글(HWPX)")
    sections = _section_order(archive, names)
    if not sections:
        raise corrupt("한글(HWPX)")
    blocks: list[Block] = []
    for name in sections:
        root = _parse(archive.read(name))
        _walk(root, blocks)
        if len(blocks) > MAX_BLOCKS:
            raise _too_many()
    return blocks


def _too_many() -> DocumentError:
    from ._errors import _

    return DocumentError(
        _("문단이 %(limit)s개를 넘어 너무 깁니다. 회의록을 나누어 올려 주세요."),
        code="too_large",
        limit=f"{MAX_BLOCKS:,}",
    )


def _parse(xml: bytes) -> ET.Element:
    if has_doctype(xml):
        raise corrupt("한글(HWPX)")
    try:
        return ET.fromstring(xml)
    except ET.ParseError as exc:
        raise corrupt("한글(HWPX)") from exc


def _section_order(archive: SafeZip, names: set[str]) -> list[str]:
    """Return section part names in spine order, falling back to their numbers when the manifest is odd."""
    found = sorted((int(m.group(1)), n) for n in names if (m := _SECTION.match(n)))
    by_number = [n for _i, n in found]
    if "Contents/content.hpf" not in names:
        return by_number
    root = _parse(archive.read("Contents/content.hpf"))
    hrefs: dict[str, str] = {}
    for item in root.iter():
        if _local(item.tag) == "item" and item.get("id") and item.get("href"):
            hrefs[item.get("id", "")] = item.get("href", "")
    order: list[str] = []
    for ref in root.iter():
        if _local(ref.tag) == "itemref":
            href = hrefs.get(ref.get("idref", ""), "")
            name = href if href.startswith("Contents/") else f"Contents/{href}"
            if name in names and _SECTION.match(name) and name not in order:
                order.append(name)
    return order or by_number


def _walk(section: ET.Element, blocks: list[Block]) -> None:
    for child in section:
        if _local(child.tag) == "p":
            _paragraph(child, blocks)


def _paragraph(p: ET.Element, blocks: list[Block]) -> None:
    """Append the paragraph's own text, then any tables anchored in it."""
    parts: list[str] = []
    tables: list[ET.Element] = []
    for run in p:
        if _local(run.tag) != "run":
            continue
        for item in run:
            name = _local(item.tag)
            if name == "t":
                parts.append(_t_text(item))
            elif name == "tbl":
                tables.append(item)
            else:
                # Shapes and text boxes (hp:rect, hp:container …) carry their own paragraphs.
                for inner in item.iter():
                    if _local(inner.tag) == "tbl":
                        tables.append(inner)
                        break
    text = clean("".join(parts))
    if text:
        blocks.append(Paragraph(text))
    for table in tables:
        rows = _table_rows(table)
        if rows:
            blocks.append(TableBlock(rows))


def _t_text(t: ET.Element) -> str:
    # hp:t holds mixed content: text with <hp:tab/>, <hp:lineBreak/> and markers in between.
    out = [t.text or ""]
    for child in t:
        if _local(child.tag) in ("tab", "lineBreak", "fwSpace", "nbSpace"):
            out.append(" ")
        out.append(child.tail or "")
    return "".join(out)


def _table_rows(tbl: ET.Element) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    for tr in tbl:
        if _local(tr.tag) != "tr":
            continue
        cells: list[str] = []
        for tc in tr:
            if _local(tc.tag) == "tc":
                cells.append(_cell_text(tc))
        if any(cells):
            rows.append(tuple(cells))
    return tuple(rows)


def _cell_text(tc: ET.Element) -> str:
    """Return a cell's paragraphs joined by spaces; a table nested in a cell reads as its text."""
    texts: list[str] = []
    for el in tc.iter():
        if _local(el.tag) == "t":
            texts.append(_t_text(el))
        elif _local(el.tag) == "p" and texts and not texts[-1].endswith(" "):
            texts.append(" ")
    return clean("".join(texts))
