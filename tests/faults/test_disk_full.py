"""A full disk while writing a PDF: a clear Korean message and no half-written file left behind."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sori.cli import main
from sori.voices.models import Demand

FULL = "디스크 공간이 부족해 파일을 쓰지 못했습니다. 쓰다 만 파일은 남기지 않았습니다."


@pytest.fixture
def disk_full_after(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[int], None]:
    """Make the folder ``tmp_path`` full after ``n`` bytes more: writes there write what fits, then ENOSPC."""
    real_write = os.write

    def full_after(n: int) -> None:
        room = [n]

        def write(fd: int, data: Any) -> int:
            if not os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path)):
                return real_write(fd, data)
            if room[0] <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            done = real_write(fd, bytes(data[: room[0]]))
            room[0] -= done
            return done

        monkeypatch.setattr(os, "write", write)

    return full_after


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_a_briefing_pdf_that_does_not_fit_leaves_no_file_and_says_why(
    answered_demand: Demand, tmp_path: Path, disk_full_after: Callable[[int], None], capsys: Any
) -> None:
    out = tmp_path / "briefing.pdf"
    disk_full_after(1000)
    assert main(["report", "briefing", "-o", str(out)]) == 1
    assert f"{out}: {FULL}" in capsys.readouterr().err
    assert _left(tmp_path) == []  # neither a half PDF nor a temporary file


def test_an_earlier_briefing_survives_a_failed_overwrite(
    answered_demand: Demand, tmp_path: Path, disk_full_after: Callable[[int], None]
) -> None:
    out = tmp_path / "briefing.pdf"
    assert main(["report", "briefing", "-o", str(out)]) == 0
    before = out.read_bytes()
    disk_full_after(1000)
    assert main(["report", "briefing", "-o", str(out)]) == 1
    assert out.read_bytes() == before
    assert _left(tmp_path) == ["briefing.pdf"]


def test_letters_that_do_not_fit_leave_only_whole_files_and_say_why(
    answered_demand: Demand, tmp_path: Path, disk_full_after: Callable[[int], None], capsys: Any
) -> None:
    folder = tmp_path / "letters"
    disk_full_after(1000)
    assert main(["feedback", "letters", "-o", str(folder)]) == 1
    err = capsys.readouterr().err
    assert FULL in err and ".pdf" in err
    assert _left(folder) == []
    # Once there is room again the same command writes every letter and the index.
    disk_full_after(10**9)
    assert main(["feedback", "letters", "-o", str(folder)]) == 0
    left = _left(folder)
    assert "index.json" in left and any(name.endswith(".pdf") for name in left)
    assert all((folder / n).read_bytes().rstrip().endswith(b"%%EOF") for n in left if n.endswith(".pdf"))
