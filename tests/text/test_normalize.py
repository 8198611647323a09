import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sori.text import normalize

from .conftest import FIXTURES

GOLDEN = json.loads((FIXTURES / "normalize_golden.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", GOLDEN, ids=[c["name"] for c in GOLDEN])
def test_normalize_matches_golden_file(case: dict[str, str]) -> None:
    assert normalize(case["input"]) == case["expected"]


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_normalized_text_has_no_edge_or_double_spaces(text: str) -> None:
    out = normalize(text)
    assert out == out.strip()
    assert "  " not in out
    assert "\n\n" not in out
