"""Rendered sample minutes, cached: each format is written once per test process."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache, lru_cache

import pytest

from sori.minutes.samples import SCRIPTS, Script, render


@cache
def rendered(name: str, fmt: str) -> tuple[bytes, str]:
    """Return the sample ``name`` written as ``fmt`` and its file name."""
    script = next(s for s in SCRIPTS if s.name == name)
    return render(script, fmt)


@lru_cache(maxsize=1)
def has_korean_font() -> bool:
    """Return whether fontconfig knows a Korean font (WeasyPrint draws tofu without one)."""
    if not shutil.which("fc-list"):
        return False
    done = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True, check=False)
    return bool(done.stdout.strip())


def need_format(fmt: str) -> None:
    """Skip a PDF test on a machine without a Korean font (install fonts-noto-cjk)."""
    if fmt == "pdf" and not has_korean_font():
        pytest.skip("no Korean font: apt-get install fonts-noto-cjk")


def script(name: str) -> Script:
    return next(s for s in SCRIPTS if s.name == name)
