"""Fixtures for sori.text tests: small corpora written for the tests (no shared data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sori.text import Doc

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def proposals() -> list[Doc]:
    """Return meeting-style proposals with paraphrases, a copy and an edited copy."""
    rows = [
        json.loads(line)
        for line in (FIXTURES / "proposals.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [Doc(str(r["id"]), r["text"]) for r in rows]
