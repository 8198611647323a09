import json
import subprocess
import sys
from pathlib import Path

import pytest

from sori.text.cli import main

from .conftest import FIXTURES


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cluster_writes_one_line_per_input(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    labels = tmp_path / "labels.jsonl"
    assert main(["cluster", str(FIXTURES / "proposals.jsonl"), "-o", str(out), "--labels", str(labels)]) == 0
    rows = {r["id"]: r for r in _lines(out)}
    assert len(rows) == 12
    assert rows["p3"]["duplicate_of"] == "p1" and rows["p1"]["duplicate_of"] is None
    assert rows["p1"]["cluster"] == rows["p3"]["cluster"] != -1
    assert rows["p10"]["cluster"] == -1
    assert "GPU" in rows["p1"]["keywords"]
    assert {r["cluster"] for r in _lines(labels)} == {r["cluster"] for r in rows.values()} - {-1}


def test_cluster_with_worker_processes_writes_the_same_file(tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["cluster", str(FIXTURES / "proposals.jsonl"), "-o", str(one), "--workers", "1"]) == 0
    assert main(["cluster", str(FIXTURES / "proposals.jsonl"), "-o", str(two), "--workers", "2"]) == 0
    assert two.read_bytes() == one.read_bytes()


def test_train_then_classify(tmp_path: Path) -> None:
    train = tmp_path / "train.jsonl"
    train.write_text(
        "\n".join(
            json.dumps({"text": t, "cat": c}, ensure_ascii=False)
            for t, c in [
                ("GPU 사용기간 연장", "compute"),
                ("GPU 서버 배정", "compute"),
                ("제조 공장 AI 교육", "manufacturing"),
                ("뿌리기업 제조 공정", "manufacturing"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    model = tmp_path / "model.npz"
    assert main(["train", str(train), "--label-field", "cat", "-o", str(model)]) == 0
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": 7, "text": "GPU 기간"}\n{"id": "x", "text": "제조 공정 교육"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(model), str(inp), "-o", str(out)]) == 0
    rows = _lines(out)
    assert [(r["id"], r["label"]) for r in rows] == [(7, "compute"), ("x", "manufacturing")]
    assert all(set(r) == {"id", "label", "score"} and 0 <= r["score"] <= 1 for r in rows)


def test_pairs_adds_similarity(tmp_path: Path) -> None:
    inp = tmp_path / "pairs.jsonl"
    inp.write_text(
        '{"a": "GPU 기간 연장", "b": "GPU 기간을 늘려 주세요", "n": 1}\n'
        '{"a": "GPU 기간 연장", "b": "주차 안내"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["pairs", str(inp), "-o", str(out)]) == 0
    rows = _lines(out)
    assert rows[0]["n"] == 1 and rows[0]["similarity"] > rows[1]["similarity"] >= 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "text": "좋아요"}\n{"id": 2, "text": \n', "in.jsonl:2: not valid JSON"),
        ('{"id": 1, "text": "좋아요"}\n\n{"id": 2}\n', "in.jsonl:3: missing field 'text'"),
        ('{"id": 1, "text": 5}\n', "in.jsonl:1: field 'text' must be a string"),
        ('{"id": 1, "text": "a"}\n{"id": "1", "text": "b"}\n', "in.jsonl:2: duplicate id"),
        ("[1, 2]\n", "in.jsonl:1: expected a JSON object"),
    ],
)
def test_bad_input_exits_2_names_the_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["cluster", str(inp), "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [inp]


def test_missing_file_and_bad_model_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pairs", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
    fake = tmp_path / "model.npz"
    fake.write_bytes(b"xx")
    assert (
        main(["classify", str(fake), str(FIXTURES / "proposals.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    )
    assert "not a sori.text classifier" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_module_entry_point_writes_to_stdout() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "sori.text", "pairs", "-"],
        input='{"a": "가나다", "b": "가나다"}\n',
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["similarity"] == 1.0


def test_output_files_get_the_usual_mode_not_a_private_one(tmp_path: Path) -> None:
    import os

    previous = os.umask(0o022)
    try:
        out = tmp_path / "out.jsonl"
        assert main(["cluster", str(FIXTURES / "proposals.jsonl"), "-o", str(out), "--by", "words"]) == 0
    finally:
        os.umask(previous)
    assert out.stat().st_mode & 0o777 == 0o644
