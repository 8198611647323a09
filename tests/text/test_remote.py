"""Chunk calls as JSON: what a task queue carries between machines, and nothing it should not."""

import json
from typing import Any

import numpy as np
import pytest

from sori.text import Doc, Mapper, Prediction, _bulk, default_classifier, organise
from sori.text._encoder import Encoder, TfidfHasher
from sori.text.remote import RemoteMapper, call_payloads, decode, encode, run_call

from .test_bulk import _corpus


def _through_json(x: Any) -> Any:
    return decode(json.loads(json.dumps(encode(x))))


def test_values_survive_the_trip() -> None:
    arr = np.arange(12, dtype=np.uint64).reshape(3, 4) * np.uint64(2**40)
    back = _through_json(
        [arr, ("GPU", "기간"), Doc("7", "제안"), Prediction("compute", 0.8125, ("GPU",)), None]
    )
    np.testing.assert_array_equal(back[0], arr)
    assert back[0].dtype == arr.dtype
    assert back[1:] == [("GPU", "기간"), Doc("7", "제안"), Prediction("compute", 0.8125, ("GPU",)), None]


def test_fitted_models_survive_the_trip() -> None:
    texts = ["GPU 사용기간 연장", "제조기업 AI 교육", "실증단지 개방", "GPU 12개월 지원"]
    encoder = Encoder.fit(TfidfHasher.counts(texts))
    np.testing.assert_array_equal(_through_json(encoder).embed(texts), encoder.embed(texts))
    model = default_classifier()
    assert _through_json(model).predict(texts) == model.predict(texts)


def test_only_chunk_functions_can_be_called() -> None:
    with pytest.raises(ValueError, match="not a chunk function"):
        call_payloads(print, ["x"])
    with pytest.raises(ValueError, match="not a chunk function"):
        run_call({"fn": "os:system", "args": ["echo hi"]})
    with pytest.raises(TypeError):
        encode({"a": 1})
    with pytest.raises(ValueError, match="numeric arrays"):
        decode({"nd": ["|O", [1], "eJwDAAAAAAE="]})


def test_organising_through_json_calls_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    docs, _topics = _corpus(200)
    monkeypatch.setattr(_bulk, "CHUNK", 50)
    sent: list[str] = []

    def send(payloads: list[dict[str, Any]]) -> list[Any]:
        sent.extend(p["fn"] for p in payloads)
        return [json.loads(json.dumps(run_call(json.loads(json.dumps(p))))) for p in payloads]

    remote: Mapper = RemoteMapper(send)
    here = organise(docs)
    there = organise(docs, run=remote)
    assert there.duplicates == here.duplicates
    assert there.clustering.assignments == here.clustering.assignments
    assert there.clustering.clusters == here.clustering.clusters
    assert there.categories == here.categories
    assert there.keywords == here.keywords
    assert "sori.text._pipeline:_annotate" in sent and "sori.text._encoder:_embed_chunk" in sent
