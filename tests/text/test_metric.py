"""The grouping metric: learned from grouped proposals, shipped, replaceable, refused when stale."""

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

import sori.text._metric as metric_module
from sori.text import Doc, cluster, encode
from sori.text._meaning import DIM, MeaningEncoder
from sori.text._metric import default_metric, fit_metric, load_metric, read_header, save_metric
from sori.text.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def _rows(name: str) -> list[dict[str, str]]:
    text = (FIXTURES / f"paraphrases_{name}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    monkeypatch.setattr(metric_module, "_cache", {})
    monkeypatch.delenv("SORI_TEXT_METRIC", raising=False)


def _same_demand_auc(vectors: np.ndarray, demands: list[str], encoder: MeaningEncoder) -> float:
    x = encoder.transform(vectors)
    sims = x @ x.T
    tags = np.asarray(demands)
    upper = np.triu_indices(len(tags), 1)
    return float(roc_auc_score((tags[:, None] == tags[None, :])[upper], sims[upper]))


def test_the_shipped_metric_separates_demands_of_a_set_it_never_saw() -> None:
    rows = _rows("f")
    assert "paraphrases_f.jsonl" not in read_header(metric_module._DEFAULT)["fitted_on"]
    vectors = encode([r["text"] for r in rows])
    demands = [r["demand"] for r in rows]
    plain = _same_demand_auc(vectors, demands, MeaningEncoder.fit(vectors))
    learned = _same_demand_auc(vectors, demands, MeaningEncoder.fit(vectors, default_metric()))
    assert learned >= plain + 0.02, (plain, learned)


def test_a_metric_needs_demands_voiced_more_than_once() -> None:
    vectors = encode(["GPU 기간을 늘려 주세요", "주거 지원이 필요합니다", "사무실이 부족합니다"])
    with pytest.raises(ValueError, match="two demands"):
        fit_metric([(vectors, ["gpu", "housing", "office"])])


def test_saved_metric_reads_back_and_a_stale_one_is_refused(tmp_path: Path) -> None:
    rows = _rows("c")
    metric = fit_metric([(encode([r["text"] for r in rows]), [r["demand"] for r in rows])])
    path = tmp_path / "m.npz"
    save_metric(path, metric, fitted_on={"c.jsonl": len(rows)})
    again = load_metric(path)
    x = np.random.default_rng(0).normal(size=(3, DIM)).astype(np.float32)
    assert np.allclose(again.apply(x), metric.apply(x), atol=1e-2)
    assert read_header(path)["fitted_on"] == {"c.jsonl": len(rows)}

    with np.load(path) as data:
        parts = dict(data)
    parts["header"] = np.frombuffer(json.dumps({"model_version": "old", "fitted_on": {}}).encode(), np.uint8)
    np.savez(tmp_path / "old.npz", **parts)
    with pytest.raises(ValueError, match="sori text metric"):
        load_metric(tmp_path / "old.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a metric")
    with pytest.raises(ValueError, match="not a metric"):
        load_metric(tmp_path / "junk.npz")


def test_environment_chooses_the_metric_or_none(tmp_path: Path, monkeypatch) -> None:
    rows = _rows("c")
    docs = [Doc(r["id"], r["text"]) for r in rows]
    vectors = encode([d.text for d in docs])
    shipped = cluster(docs, vectors=vectors).assignments
    monkeypatch.setenv("SORI_TEXT_METRIC", "none")
    assert default_metric() is None
    assert (
        cluster(docs, vectors=vectors).assignments == cluster(docs, vectors=vectors, _metric=None).assignments
    )
    own = tmp_path / "own.npz"
    save_metric(own, fit_metric([(vectors, [r["demand"] for r in rows])]), fitted_on={"c": len(rows)})
    monkeypatch.setenv("SORI_TEXT_METRIC", str(own))
    assert default_metric() is not None

    chosen = default_metric()
    assert chosen is not None and np.allclose(chosen.scales, load_metric(own).scales)
    assert cluster(docs, vectors=vectors).assignments != shipped  # the city's own metric groups differently


def test_metric_command_fits_from_grouped_files(tmp_path: Path, capsys) -> None:
    out = tmp_path / "city.npz"
    a, c = str(FIXTURES / "paraphrases_a.jsonl"), str(FIXTURES / "paraphrases_c.jsonl")
    assert main(["metric", a, c, "-o", str(out)]) == 0
    assert read_header(out)["fitted_on"] == {"paraphrases_a.jsonl": 120, "paraphrases_c.jsonl": 70}
    assert load_metric(out).directions.shape[0] == DIM

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "GPU 기간 연장", "demand": "gpu"}\n{"text": "주거 지원"}\n', encoding="utf-8")
    target = tmp_path / "never.npz"
    assert main(["metric", str(bad), "-o", str(target)]) == 2
    assert "bad.jsonl:2: missing field 'demand'" in capsys.readouterr().err
    lonely = tmp_path / "lonely.jsonl"
    lonely.write_text('{"text": "GPU 기간 연장", "group": "gpu"}\n', encoding="utf-8")
    assert main(["metric", str(lonely), "--label-field", "group", "-o", str(target)]) == 2
    assert "two demands" in capsys.readouterr().err
    assert not target.exists() and not list(tmp_path.glob(".never*"))


def test_demands_by_meaning_place_a_new_voice_and_leave_an_unrelated_one() -> None:
    from sori.text import DemandIndex

    rows = _rows("f")
    demands: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        demands.setdefault(r["demand"], []).append(i)
    vectors = encode([r["text"] for r in rows])
    voiced = [d for d, members in demands.items() if len(members) >= 4]
    # every demand but one of its voices, which then comes in as a new proposal
    held = {d: demands[d][0] for d in voiced}
    index = DemandIndex.by_meaning(
        {d: vectors[[i for i in demands[d] if i != held.get(d)]] for d in demands}, threshold=0.35
    )
    placed = right = 0
    for d, i in held.items():
        found = index.nearest_k(vectors[i], 3)
        assert [s for _d, s in found] == sorted((s for _d, s in found), reverse=True)
        if found:
            placed += 1
            right += found[0][0] == d
    assert placed >= len(held) // 2 and right >= 0.8 * placed, (placed, right, len(held))
    unrelated = encode(["구내식당 메뉴에 채식 식단을 추가해 주세요."])[0]
    assert index.nearest_k(unrelated, 3) == []
