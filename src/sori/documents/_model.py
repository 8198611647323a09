"""What a document is once read: paragraphs and tables, in reading order."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Block", "Document", "Paragraph", "TableBlock"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of text, whitespace-normalised, never empty."""

    text: str


@dataclass(frozen=True)
class TableBlock:
    """A table as rows of cell strings; merged cells appear once, so rows may differ in length."""

    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | TableBlock


@dataclass(frozen=True)
class Document:
    """The blocks of a file in reading order, and the format it was read as.

    ``format`` is one of ``hwpx``, ``hwp``, ``docx``, ``pdf``, ``xlsx``, ``csv``, ``txt``.
    """

    blocks: tuple[Block, ...]
    format: str
    filename: str = ""

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Return the paragraphs only, tables left out."""
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def tables(self) -> tuple[TableBlock, ...]:
        """Return the tables only."""
        return tuple(b for b in self.blocks if isinstance(b, TableBlock))

    def text(self) -> str:
        """Return all text, one paragraph or table row per line (cells separated by `` | ``)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend(" | ".join(row) for row in block.rows)
        return "\n".join(lines)
