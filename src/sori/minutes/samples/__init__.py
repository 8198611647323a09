"""Labelled sample minutes and writers for every format, shipped for tests and ``sori bench minutes``.

``SCRIPTS`` holds two rounds of minutes with the candidates each must yield; ``render`` writes one in a
format; ``score`` compares an extraction with the labels (precision, recall, procedural remarks taken).
"""

from __future__ import annotations

from dataclasses import dataclass

from .._extract import Extraction
from ._formats import WRITERS, hwp_records, to_csv, to_docx, to_hwp, to_hwpx, to_pdf, to_txt, to_xlsx
from ._scripts import ROUND1, ROUND2, SCRIPTS, Expected, Script

__all__ = [
    "ROUND1",
    "ROUND2",
    "SCRIPTS",
    "WRITERS",
    "Expected",
    "Score",
    "Script",
    "expected_for",
    "hwp_records",
    "render",
    "score",
    "to_csv",
    "to_docx",
    "to_hwp",
    "to_hwpx",
    "to_pdf",
    "to_txt",
    "to_xlsx",
]

# Formats that keep tables as tables (PDF its ruled ones); TXT keeps only text: written suggestions drop out.
_TABLES = {"hwpx": True, "hwp": True, "docx": True, "pdf": True, "txt": False, "xlsx": True, "csv": True}
_ONLY_TABLE = {"xlsx", "csv"}


def render(script: Script, fmt: str) -> tuple[bytes, str]:
    """Return ``script`` written as ``fmt`` and a file name for it."""
    blocks = script.blocks
    data = {
        "hwpx": lambda: to_hwpx(blocks, title=script.title),
        "hwp": lambda: to_hwp(blocks),
        "docx": lambda: to_docx(blocks),
        "pdf": lambda: to_pdf(blocks),
        "xlsx": lambda: to_xlsx(script.table()),
        "csv": lambda: to_csv(script.table()),
        "txt": lambda: to_txt(blocks),
    }[fmt]()
    return data, f"{script.name}.{fmt}"


def expected_for(script: Script, fmt: str) -> tuple[Expected, ...]:
    """Return the candidates ``fmt`` can carry: spreadsheets the written ones, TXT the spoken, others all."""
    if fmt in _ONLY_TABLE:
        return tuple(e for e in script.expected if e.written)
    if not _TABLES[fmt]:
        return tuple(e for e in script.expected if not e.written)
    return script.expected


@dataclass(frozen=True)
class Score:
    """How an extraction compares with the labels."""

    found: int
    expected: int
    candidates: int
    procedural_taken: tuple[str, ...]
    missing: tuple[Expected, ...]

    @property
    def recall(self) -> float:
        """Share of labelled candidates found (speaker, organisation, kind and phrase all right)."""
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        """Share of candidates that match a label."""
        return self.found / self.candidates if self.candidates else 1.0


def _compact(text: str) -> str:
    return "".join(text.split())


def score(
    extraction: Extraction, expected: tuple[Expected, ...], not_proposals: tuple[str, ...] = ()
) -> Score:
    """Match candidates to labels one to one and count them.

    A label matches a candidate of the same speaker, organisation and kind whose text contains the label's
    phrase (spaces ignored).
    """
    free = list(extraction.candidates)
    missing: list[Expected] = []
    for label in expected:
        hit = next(
            (
                c
                for c in free
                if c.speaker == label.speaker
                and c.organisation == label.organisation
                and c.kind == label.kind
                and label.phrase in _compact(c.text)
            ),
            None,
        )
        if hit is None:
            missing.append(label)
        else:
            free.remove(hit)
    taken = tuple(
        phrase
        for phrase in not_proposals
        for c in extraction.candidates
        if _compact(phrase) in _compact(c.text)
    )
    return Score(
        found=len(expected) - len(missing),
        expected=len(expected),
        candidates=len(extraction.candidates),
        procedural_taken=taken,
        missing=tuple(missing),
    )
