"""Property tests of the scheduler usage parsers: whatever text arrives, every line is accounted for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sori.alloc import parse_sacct, parse_usage_csv

HEADER = "JobID|JobName|Account|User|Partition|AllocTRES|Elapsed|Start|End|State|ExitCode"
CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="|\n\r"), max_size=12
)
LINE = st.lists(CELL, min_size=0, max_size=13).map("|".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=15))
def test_sacct_lines_are_each_a_record_an_error_or_a_skipped_step(lines: list[str]) -> None:
    text = "\n".join([HEADER, *lines])
    parsed = parse_sacct(text)
    seen = {r.line for r in parsed.records} | {e.line for e in parsed.errors}
    # no line is both accepted and rejected, and none is reported twice
    assert len(seen) == len(parsed.records) + len(parsed.errors)
    assert all(r.gpu_seconds >= 0 and r.account for r in parsed.records)
    physical = text.splitlines()[1:]  # what the parser calls lines: any line break ends one
    assert len(seen) + parsed.skipped_steps <= len([line for line in physical if line.strip()])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_without_raising(text: str) -> None:
    for parse in (parse_sacct, parse_usage_csv):
        parsed = parse(text)
        assert all(e.reason for e in parsed.errors)  # each rejected line says why
