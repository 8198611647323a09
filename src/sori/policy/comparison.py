"""The old/new comparison table (신·구조문대비표) of a legal text: a pure diff of Korean article text.

A table has two columns, 현행 (current) and 개정안 (proposed). Following Korean legislative practice,
the words taken out are underlined in the 현행 column and the words put in are underlined in the 개정안
column; a line that is new shows ``<신 설>`` on the current side and a line that goes shows ``<삭 제>``
on the proposed side.

Texts are compared line by line (one 조·항·호·목 per line: ``제7조(…)``, ``①``, ``1.``, ``가.``),
lines are paired by similarity so that a renumbered 호 still lines up with its old self, and paired
lines are compared word by word. Words keep their particles as written ("기간은" is one word);
punctuation is a word of its own. When one word becomes another and most of its characters stay
("6개월" → "12개월"), only the characters that changed are underlined.

Unchanged lines are, by default, elided the way council offices print them: ``① (생략)`` on the
current side and ``① (현행과 같음)`` on the proposed side, keeping the line's number so the reader can
follow; a line without a number (an article heading) is shown in full. Pass ``elide_unchanged=False``
to print every line in full.

This module imports nothing from Django: it takes strings and returns frozen dataclasses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum

__all__ = [
    "DELETED",
    "ELIDED_NEW",
    "ELIDED_OLD",
    "NEW_LINE",
    "Comparison",
    "Row",
    "RowKind",
    "Segment",
    "compare",
    "line_label",
    "tokenise",
]

NEW_LINE = "<신 설>"
DELETED = "<삭 제>"
ELIDED_OLD = "(생략)"
ELIDED_NEW = "(현행과 같음)"

# Lines whose similarity is below this are not "the same line, changed", but one removed and another added.
PAIR_THRESHOLD = 0.45
# One word becoming another is underlined character by character when at least this share of it stays.
CHAR_LEVEL_THRESHOLD = 0.5

_CIRCLED = "\u2460-\u2473\u3251-\u325f\u32b1-\u32bf"  # ①–⑳, ㉑–㉟, ㊱–㊿
_LABEL = re.compile(
    r"^\s*(?:"
    r"제\s*\d+\s*조(?:\s*의\s*\d+)?(?:\s*\([^)]*\))?(?:\s*[" + _CIRCLED + r"])?"  # 제7조의2(제목) ①
    r"|[" + _CIRCLED + r"]"  # ① 항
    r"|\d+(?:의\d+)?\."  # 1. 호, 3의2. 호
    r"|[가-힣]\."  # 가. 목
    r"|\d+\)|[가-힣]\)"  # 1) 가) 세목
    r")"
)
_TOKEN = re.compile(r"\s+|[" + _CIRCLED + r"]|[^\W_]+|[^\w\s]|_")


class RowKind(Enum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Segment:
    """A run of text in one cell; ``changed`` runs are underlined."""

    text: str
    changed: bool = False


Line = tuple[Segment, ...]


@dataclass(frozen=True)
class Row:
    """One row of the table: the lines on the current side and on the proposed side.

    ``old`` and ``new`` hold one tuple of segments per printed line. A SAME row holds one line a side
    (or the elided form), a CHANGED row one paired line a side, an ADDED row the marker ``<신 설>`` on
    the old side and one or more new lines, a REMOVED row one or more old lines and ``<삭 제>`` on the
    new side.
    """

    kind: RowKind
    old: tuple[Line, ...]
    new: tuple[Line, ...]

    @property
    def old_text(self) -> str:
        return "\n".join("".join(s.text for s in line) for line in self.old)

    @property
    def new_text(self) -> str:
        return "\n".join("".join(s.text for s in line) for line in self.new)


@dataclass(frozen=True)
class Comparison:
    """The whole table, with counts of what changed."""

    rows: tuple[Row, ...]

    def _count(self, kind: RowKind) -> int:
        return sum(1 for r in self.rows if r.kind is kind)

    @property
    def identical(self) -> bool:
        """Return whether nothing changed (also true when both texts are empty)."""
        return all(r.kind is RowKind.SAME for r in self.rows)

    @property
    def enacted(self) -> bool:
        """Return whether the whole text is new (신설): there was no current text."""
        return bool(self.rows) and all(r.kind is RowKind.ADDED for r in self.rows)

    @property
    def repealed(self) -> bool:
        """Return whether the whole text goes (삭제): there is no proposed text."""
        return bool(self.rows) and all(r.kind is RowKind.REMOVED for r in self.rows)

    @property
    def changed_rows(self) -> int:
        return self._count(RowKind.CHANGED)

    @property
    def added_rows(self) -> int:
        return self._count(RowKind.ADDED)

    @property
    def removed_rows(self) -> int:
        return self._count(RowKind.REMOVED)


def split_lines(text: str) -> list[str]:
    """Return the non-blank lines of ``text``, trimmed, with runs of spaces inside kept as written."""
    return [
        line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()
    ]


def line_label(line: str) -> str:
    """Return the numbering at the start of a line (``제7조(목적)``, ``①``, ``2.``, ``가.``), or ``""``."""
    match = _LABEL.match(line)
    return match.group(0).strip() if match else ""


def tokenise(text: str) -> list[str]:
    """Split text into words, punctuation marks and whitespace; joining the tokens gives the text back.

    A word is a run of letters and digits, so a Korean word keeps its particles ("기간은", "6개월로");
    brackets, commas, full stops, 「」 and circled numbers are tokens of their own.
    """
    return _TOKEN.findall(text)


def _words(text: str) -> list[tuple[str, str]]:
    """Return (word, whitespace after it) pairs; leading whitespace is dropped."""
    out: list[tuple[str, str]] = []
    for token in tokenise(text):
        if token.isspace():
            if out:
                word, space = out[-1]
                out[-1] = (word, space + token)
        else:
            out.append((token, ""))
    return out


def _merge(segments: Iterable[Segment]) -> Line:
    merged: list[Segment] = []
    for seg in segments:
        if not seg.text:
            continue
        if merged and merged[-1].changed == seg.changed:
            merged[-1] = Segment(merged[-1].text + seg.text, seg.changed)
        else:
            merged.append(seg)
    return tuple(merged)


def _run(words: Sequence[tuple[str, str]], changed: bool) -> list[Segment]:
    """Return segments for a run of words; a changed run does not underline the space after its last word."""
    if not words:
        return []
    if not changed:
        return [Segment("".join(w + s for w, s in words))]
    body = "".join(w + s for w, s in words[:-1]) + words[-1][0]
    return [Segment(body, True), Segment(words[-1][1])]


def _char_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]] | None:
    """Return character-level segments when ``old`` → ``new`` is a small edit of one word, else None."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    if kept == 0 or kept / max(len(old), len(new)) < CHAR_LEVEL_THRESHOLD:
        return None
    old_segs: list[Segment] = []
    new_segs: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            old_segs.append(Segment(old[i1:i2]))
            new_segs.append(Segment(new[j1:j2]))
        else:
            old_segs.append(Segment(old[i1:i2], True))
            new_segs.append(Segment(new[j1:j2], True))
    return old_segs, new_segs


def diff_line(old: str, new: str) -> tuple[Line, Line]:
    """Return the segments of one paired line on each side, the differing words marked as changed."""
    a, b = _words(old), _words(new)
    matcher = SequenceMatcher(None, [w for w, _s in a], [w for w, _s in b], autojunk=False)
    old_segs: list[Segment] = []
    new_segs: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            old_segs += _run(a[i1:i2], False)
            new_segs += _run(b[j1:j2], False)
            continue
        if tag == "replace" and i2 - i1 == 1 and j2 - j1 == 1:
            chars = _char_diff(a[i1][0], b[j1][0])
            if chars is not None:
                old_segs += [*chars[0], Segment(a[i1][1])]
                new_segs += [*chars[1], Segment(b[j1][1])]
                continue
        old_segs += _run(a[i1:i2], True)
        new_segs += _run(b[j1:j2], True)
    return _merge(old_segs), _merge(new_segs)


def _body_words(line: str) -> list[str]:
    """Return the words of a line after its number, so a renumbered 호 is judged by what it says."""
    body = line[len(line_label(line)) :] if line_label(line) else line
    return [w for w, _s in _words(body.strip())] or [w for w, _s in _words(line)]


def _similarity(a: str, b: str) -> float:
    """Return how alike two lines' bodies are: by words, or by characters for short edits (6개월→12개월)."""
    wa, wb = _body_words(a), _body_words(b)
    by_words = SequenceMatcher(None, wa, wb, autojunk=False).ratio()
    by_chars = SequenceMatcher(None, "".join(wa), "".join(wb), autojunk=False).ratio()
    return max(by_words, by_chars)


def _pair(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Align two blocks of differing lines in order, pairing similar lines (a small edit-distance DP)."""
    n, m = len(old), len(new)
    sim = [[_similarity(o, w) for w in new] for o in old]
    # best[i][j]: the largest total similarity aligning old[i:] with new[j:].
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if sim[i][j] >= PAIR_THRESHOLD:
                options.append(sim[i][j] + best[i + 1][j + 1])
            best[i][j] = max(options)
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= PAIR_THRESHOLD and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return pairs


def _same_row(line: str, elide: bool) -> Row:
    label = line_label(line)
    if elide and label and label != line:
        return Row(
            RowKind.SAME, ((Segment(f"{label} {ELIDED_OLD}"),),), ((Segment(f"{label} {ELIDED_NEW}"),),)
        )
    return Row(RowKind.SAME, ((Segment(line),),), ((Segment(line),),))


def compare(current: str, proposed: str, *, elide_unchanged: bool = True) -> Comparison:
    """Return the 신·구조문대비표 of ``current`` (현행) against ``proposed`` (개정안).

    Either text may be empty: an empty current text gives one ADDED row (신설), an empty proposed text one
    REMOVED row (삭제), and two empty texts no rows at all.
    """
    old_lines, new_lines = split_lines(current), split_lines(proposed)
    events: list[tuple[str, str | None, str | None]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            events += [("same", line, line) for line in old_lines[i1:i2]]
            continue
        for oi, nj in _pair(old_lines[i1:i2], new_lines[j1:j2]):
            old = old_lines[i1 + oi] if oi is not None else None
            new = new_lines[j1 + nj] if nj is not None else None
            events.append(("pair" if old is not None and new is not None else "one", old, new))
    rows: list[Row] = []
    for kind, old, new in events:
        if kind == "same":
            rows.append(_same_row(old or "", elide_unchanged))
        elif old is not None and new is not None:
            old_line, new_line = diff_line(old, new)
            rows.append(Row(RowKind.CHANGED, (old_line,), (new_line,)))
        elif new is not None:
            line = (Segment(new, True),)
            if rows and rows[-1].kind is RowKind.ADDED:
                rows[-1] = Row(RowKind.ADDED, rows[-1].old, (*rows[-1].new, line))
            else:
                rows.append(Row(RowKind.ADDED, ((Segment(NEW_LINE),),), (line,)))
        elif old is not None:
            line = (Segment(old, True),)
            if rows and rows[-1].kind is RowKind.REMOVED:
                rows[-1] = Row(RowKind.REMOVED, (*rows[-1].old, line), rows[-1].new)
            else:
                rows.append(Row(RowKind.REMOVED, (line,), ((Segment(DELETED),),)))
    return Comparison(rows=tuple(rows))
