"""Recover ruled tables from a PDF page: characters with their boxes, and the rules drawn on the page.

A PDF has no tables, only characters and lines drawn near them. A text line starts a table when three
vertical rules or more cross it (a bordered table of two columns or more), or when the rules crossing it
split its characters into two cells or more; the lines that follow, crossed by the same rules, belong to it.
Readers meet the cells of a table one by one (a wrapped cell is several lines of its own), so every line goes
to its column by the rules on either side of it, and to its row by the horizontal rules above it: the lines
between two horizontal rules are one row, unless each of them fills every column the row uses (a table ruled
only around its header, one line a row). Without horizontal rules every line is a row.

Rules are taken from the bounds of drawn paths: a thin path is one rule, a box gives its four edges (cell
borders are often drawn as rectangles). Tables laid out with spaces alone, without rules, stay lines of text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ._clean import clean
from ._model import TableBlock

__all__ = ["Glyph", "Rules", "layout", "rules_from_boxes"]

_THIN = 2.0  # a path no wider (or taller) than this, in points, is a rule
_SAME = 3.0  # rules closer than this are one column boundary (double borders, cell spacing)


@dataclass(frozen=True)
class Glyph:
    """One character of a text line and its box in page coordinates (y grows upwards)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class Rules:
    """Vertical rules as ``(x, bottom, top)`` and horizontal ones as ``(y, left, right)``."""

    vertical: tuple[tuple[float, float, float], ...] = ()
    horizontal: tuple[tuple[float, float, float], ...] = ()


def rules_from_boxes(boxes: Iterable[tuple[float, float, float, float]]) -> Rules:
    """Return the rules drawn by paths with bounds ``(left, bottom, right, top)``."""
    vertical: list[tuple[float, float, float]] = []
    horizontal: list[tuple[float, float, float]] = []
    for left, bottom, right, top in boxes:
        width, height = right - left, top - bottom
        if width <= _THIN and height > _THIN:
            vertical.append(((left + right) / 2, bottom, top))
        elif height <= _THIN and width > _THIN:
            horizontal.append(((bottom + top) / 2, left, right))
        elif width > _THIN and height > _THIN:
            vertical += [(left, bottom, top), (right, bottom, top)]
            horizontal += [(bottom, left, right), (top, left, right)]
    return Rules(tuple(vertical), tuple(horizontal))


@dataclass
class _Line:
    text: str
    middle: float
    top: float
    bottom: float
    bounds: list[float]
    cells: dict[int, str]


def layout(lines: Sequence[str | Sequence[Glyph]], rules: Rules) -> list[str | TableBlock]:
    """Return a page's lines in order, ruled runs of them as tables; empty lines are left out.

    A line given as text, without its characters' boxes, is one no vertical rule crosses. A table of one row
    is returned too, since its other rows may be on the next page.
    """
    out: list[str | TableBlock] = []
    run: list[_Line] = []
    for item in lines:
        line = None if isinstance(item, str) else _line(item, rules)
        if line is not None and run and _fits(line.bounds, run[0].bounds):
            run.append(_aligned(line, run[0].bounds))
            continue
        if run:
            out += _table(run, rules)
            run = []
        if line is None:
            text = clean(item) if isinstance(item, str) else ""
            if text:
                out.append(text)
        elif len(line.bounds) >= 3 or sum(1 for text in line.cells.values() if text) >= 2:
            run = [line]
        else:
            out.append(line.text)
    if run:
        out += _table(run, rules)
    return out


def _cluster(values: Iterable[float]) -> list[float]:
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= _SAME:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _line(glyphs: Sequence[Glyph], rules: Rules) -> _Line | None:
    text = clean("".join(g.text for g in glyphs))
    inked = [g for g in glyphs if g.text.strip()]
    if not text or not inked:
        return None
    middles = sorted((g.bottom + g.top) / 2 for g in inked)
    middle = middles[len(middles) // 2]
    bounds = _cluster(x for x, bottom, top in rules.vertical if bottom - 1 <= middle <= top + 1)
    parts: dict[int, list[str]] = {}
    column = 0
    for glyph in glyphs:
        if glyph.text.strip():  # spaces stay in the cell of the character before them
            column = bisect_left(bounds, (glyph.left + glyph.right) / 2)
        parts.setdefault(column, []).append(glyph.text)
    return _Line(
        text=text,
        middle=middle,
        top=max(g.top for g in inked),
        bottom=min(g.bottom for g in inked),
        bounds=bounds,
        cells={c: clean("".join(p)) for c, p in parts.items()},
    )


def _nearest(x: float, bounds: list[float]) -> int | None:
    i = min(range(len(bounds)), key=lambda k: abs(bounds[k] - x), default=None)
    return i if i is not None and abs(bounds[i] - x) <= _SAME else None


def _fits(bounds: list[float], table: list[float]) -> bool:
    """Return whether a line's rules are some of the table's (a merged cell leaves one out)."""
    return bool(bounds) and all(_nearest(x, table) is not None for x in bounds)


def _aligned(line: _Line, table: list[float]) -> _Line:
    """Number the line's cells by the table's columns: a cell starts at the table rule nearest its left."""
    cells: dict[int, str] = {}
    for column, text in line.cells.items():
        left = _nearest(line.bounds[column - 1], table) if column else None
        key = 0 if left is None else left + 1
        cells[key] = f"{cells[key]} {text}".strip() if key in cells else text
    return _Line(line.text, line.middle, line.top, line.bottom, table, cells)


def _table(lines: list[_Line], rules: Rules) -> list[str | TableBlock]:
    bounds = lines[0].bounds
    left, right = bounds[0] - _SAME, bounds[-1] + _SAME
    top = max(line.top for line in lines) + _SAME
    bottom = min(line.bottom for line in lines) - _SAME
    between = _cluster(y for y, x0, x1 in rules.horizontal if x0 < right and x1 > left and bottom <= y <= top)
    bands: dict[int, list[_Line]] = {}
    for line in lines:
        bands.setdefault(sum(1 for y in between if y > line.middle), []).append(line)
    rows: list[dict[int, str]] = []
    for band in sorted(bands):
        rows += _rows(bands[band], split=not between)
    columns = sorted({c for row in rows for c, text in row.items() if text})
    if len(columns) < 2:
        return [line.text for line in lines]
    return [TableBlock(tuple(tuple(row.get(c, "") for c in columns) for row in rows))]


def _rows(lines: list[_Line], *, split: bool) -> list[dict[int, str]]:
    """Return the rows of the lines between two horizontal rules (or of a table without them)."""
    heights = _cluster(line.middle for line in lines)
    at: dict[int, list[_Line]] = {}
    for line in lines:
        at.setdefault(min(range(len(heights)), key=lambda k: abs(heights[k] - line.middle)), []).append(line)
    groups = [at[k] for k in sorted(at, reverse=True)]  # top of the page first
    used = {c for line in lines for c, text in line.cells.items() if text}
    if not split and not all(
        {c for line in g for c, text in line.cells.items() if text} == used for g in groups
    ):
        groups = [lines]
    rows = []
    for group in groups:
        row: dict[int, str] = {}
        for line in group:
            for column, text in line.cells.items():
                row[column] = f"{row.get(column, '')} {text}".strip()
        rows.append(row)
    return rows
