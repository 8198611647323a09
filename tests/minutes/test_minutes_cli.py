"""``sori minutes extract``: exit codes, the JSON written, and no file left behind on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sori.cli import main
from sori.minutes.cli import main as minutes_main

from .conftest import rendered


def test_extract_writes_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, name = rendered("round1", "hwpx")
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out.json"
    assert main(["minutes", "extract", str(source), "-o", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result) == {"meeting", "candidates", "skipped"}
    assert result["meeting"]["date"] == "2025-11-11"
    assert len(result["candidates"]) == 16
    assert {"speaker", "title", "organisation", "text", "kind", "source"} == set(result["candidates"][0])
    assert "후보 16건" in capsys.readouterr().err


def test_extract_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, name = rendered("round2", "docx")
    (tmp_path / name).write_bytes(data)
    assert minutes_main(["extract", str(tmp_path / name)]) == 0
    assert json.loads(capsys.readouterr().out)["meeting"]["title"] == "제2차 AI기업 조찬간담회 결과보고"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "빈 파일"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "그림 파일"),
        (b"PK\x03\x04 broken zip", "손상"),
        ("광주 AI 동향\nGPU 수요가 늘고 있다.\n".encode(), "발언자를 찾지 못했습니다"),
    ],
)
def test_bad_input_exits_2_naming_the_file_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    source = tmp_path / "회의록.hwpx"
    source.write_bytes(content)
    out = tmp_path / "out.json"
    assert main(["minutes", "extract", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(source) in err
    assert message in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["minutes", "extract", str(tmp_path / "없음.hwpx")]) == 2
    assert "없음.hwpx" in capsys.readouterr().err


def test_bench_is_registered() -> None:
    from sori.cli import BENCHES

    assert "minutes" in BENCHES
