"""``sori bench minutes``: read and extract a ~200-page minutes file per format, and score the labels.

Prints, per format, the time to read a generated document of about 4,000 paragraphs (the two labelled
rounds repeated) and to extract its candidates, then precision and recall against the labelled samples.
``--pdf`` adds the long PDF (rendering it with WeasyPrint takes a minute); ``--repeat N`` sets the size.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence

from sori.documents import read_document

from ._extract import extract
from .samples import (
    SCRIPTS,
    WRITERS,
    Script,
    expected_for,
    render,
    score,
    to_docx,
    to_hwp,
    to_hwpx,
    to_pdf,
    to_txt,
)

__all__ = ["long_minutes", "run"]

TARGET_SECONDS = 5.0


def long_minutes(repeat: int) -> tuple[list[str | tuple[tuple[str, ...], ...]], int]:
    """Return the labelled rounds repeated ``repeat`` times, and how many candidates they hold."""
    blocks: list[str | tuple[tuple[str, ...], ...]] = []
    expected = 0
    for _ in range(repeat):
        for script in SCRIPTS:
            blocks.extend(script.blocks)
            expected += len(script.expected)
    return blocks, expected


def _timed_long(fmt: str, blocks: list[str | tuple[tuple[str, ...], ...]], expected: int) -> str:
    writers: dict[str, Callable[[Sequence[str | tuple[tuple[str, ...], ...]]], bytes]] = {
        "hwpx": to_hwpx,
        "hwp": to_hwp,
        "docx": to_docx,
        "pdf": to_pdf,
        "txt": to_txt,
    }
    writer = writers[fmt]
    data = writer(blocks)
    start = time.perf_counter()
    document = read_document(data, f"long.{fmt}")
    read = time.perf_counter() - start
    start = time.perf_counter()
    extraction = extract(document)
    took = time.perf_counter() - start
    found = len(extraction.candidates)
    if fmt == "txt":  # plain text carries no tables, so no written suggestions
        expected = sum(len(expected_for(s, fmt)) for s in SCRIPTS) * (
            expected // sum(len(s.expected) for s in SCRIPTS)
        )
    verdict = "ok" if read + took <= TARGET_SECONDS else f"over {TARGET_SECONDS:.0f} s"
    return (
        f"{fmt:<5} {len(data) / 1024:>8.0f} KB {len(document.blocks):>6} blocks  read {read:6.2f} s  "
        f"extract {took:5.2f} s  total {read + took:5.2f} s  candidates {found}/{expected}  {verdict}"
    )


def _labelled(fmt: str, scripts: tuple[Script, ...]) -> str:
    found = expected = candidates = 0
    taken: list[str] = []
    for script in scripts:
        data, name = render(script, fmt)
        result = score(extract(read_document(data, name)), expected_for(script, fmt), script.not_proposals)
        found += result.found
        expected += result.expected
        candidates += result.candidates
        taken.extend(result.procedural_taken)
    precision = found / candidates if candidates else 1.0
    recall = found / expected if expected else 1.0
    return (
        f"{fmt:<5} precision {precision:.3f}  recall {recall:.3f}  ({found} of {expected} labelled, "
        f"{candidates} candidates, {len(taken)} procedural remarks taken)"
    )


def run(argv: list[str]) -> int:
    """Run the benchmark; returns 0."""
    parser = argparse.ArgumentParser(prog="sori bench minutes")
    parser.add_argument("--repeat", type=int, default=100, help="rounds repeated (100 ≈ 4,100 paragraphs)")
    parser.add_argument("--pdf", action="store_true", help="also time the long PDF (slow to render)")
    args = parser.parse_args(argv)
    blocks, expected = long_minutes(args.repeat)
    paragraphs = sum(1 for b in blocks if isinstance(b, str))
    tables = len(blocks) - paragraphs
    print(f"long minutes: {paragraphs:,} paragraphs and {tables} tables (target ≤ 5 s per format)")
    formats = ["hwpx", "docx", "hwp", "txt"] + (["pdf"] if args.pdf else [])
    for fmt in formats:
        print(_timed_long(fmt, blocks, expected), flush=True)
    print("labelled samples (2 rounds, 25 candidates):")
    for fmt in WRITERS:
        print(_labelled(fmt, SCRIPTS), flush=True)
    return 0
