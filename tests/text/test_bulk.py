"""Large inputs: chunked stages, split clustering and worker processes give what one pass gives."""

import random

import numpy as np
import pytest

from sori.text import Doc, _bulk, _cluster, _partition, cluster, organise
from sori.text._encoder import Encoder, TfidfHasher, fit_and_embed
from sori.text._normalize import squash

TOPICS = [
    ["GPU", "사용기간", "12개월", "연장", "데이터센터", "재선정 없이 갱신"],
    ["제조기업", "AI 교육", "미드필더", "공장", "전환 컨설팅", "현장 인력"],
    ["실증", "테스트베드", "실증단지", "개방", "장비 사용", "기업 접근성"],
    ["인공지능사관학교", "인재", "채용", "교육생", "연계", "졸업생"],
    ["규제", "조례", "법령 개정", "샌드박스", "특례", "완화"],
    ["투자", "펀드", "창업", "초기 기업", "보증", "융자"],
    ["데이터", "공공데이터", "개방", "가공", "라벨링", "품질"],
    ["사무실", "입주 공간", "임대료", "집적단지", "이전", "본사"],
]
FILLERS = [
    "광주시가",
    "적극적으로",
    "검토해 주시기 바랍니다",
    "지원이 필요합니다",
    "개선해야 합니다",
    "현재는",
]


def _corpus(n: int, seed: int = 3) -> tuple[list[Doc], list[int]]:
    rng = random.Random(seed)
    docs: list[Doc] = []
    topics: list[int] = []
    for i in range(n):
        t = rng.randrange(len(TOPICS))
        words = rng.sample(TOPICS[t], 4) + rng.sample(FILLERS, 2)
        rng.shuffle(words)
        if docs and rng.random() < 0.1:  # a pasted copy with a small edit
            j = rng.randrange(len(docs))
            docs.append(Doc(f"d{i}", docs[j].text + " 부탁드립니다"))
            topics.append(topics[j])
            continue
        docs.append(Doc(f"d{i}", " ".join(words) + f" ({rng.randrange(1000)}번 의견)"))
        topics.append(t)
    return docs, topics


def test_chunked_vectors_equal_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    docs, _topics = _corpus(300)
    texts = [squash(d.text) for d in docs]
    counts = TfidfHasher.counts(texts, normalised=True)
    whole = Encoder.fit(counts)
    expected = whole.embed_weighted(whole.hasher.weight(counts))
    monkeypatch.setattr(_bulk, "CHUNK", 70)
    encoder, emb = fit_and_embed(texts)
    np.testing.assert_array_equal(encoder.hasher.idf, whole.hasher.idf)
    np.testing.assert_allclose(emb, expected, rtol=1e-5, atol=1e-6)


def test_split_input_still_groups_by_topic_and_keeps_copies_together(monkeypatch: pytest.MonkeyPatch) -> None:
    docs, topics = _corpus(400)
    monkeypatch.setattr(_partition, "BLOCK", 30)  # 400 texts become many parts
    monkeypatch.setattr(_partition, "_FANOUT", 4)
    monkeypatch.setattr(_partition, "_PROBES", 4)  # fewer than the parts: some centroids are never compared
    parts: list[int] = []

    class Cells(_partition.Cells):
        def __init__(self, emb: np.ndarray, blocks: list[np.ndarray], roots: np.ndarray) -> None:
            parts.append(len(blocks))
            super().__init__(emb, blocks, roots)

    monkeypatch.setattr(_cluster, "Cells", Cells)
    result = cluster(docs)
    assert parts and parts[0] > _partition._PROBES  # compared with some parts' centroids, not all
    a = [result.assignments[d.id] for d in docs]
    assert len(result.clusters) >= len(TOPICS)
    # a cluster holds one topic
    for c in range(len(result.clusters)):
        members = {topics[i] for i, x in enumerate(a) if x == c}
        assert len(members) == 1, (c, members)
    # a pasted copy sits with its original
    by_text = {d.text: i for i, d in enumerate(docs)}
    for i, d in enumerate(docs):
        if d.text.endswith(" 부탁드립니다"):
            original = by_text[d.text[: -len(" 부탁드립니다")]]
            assert a[i] == a[original]
    # each proposal's cluster is where the index, comparing with every centroid, would put it, nearly always
    again = result.index.assign_many([d.text for d in docs])
    same = sum(
        1 for x, m in zip(a, again, strict=True) if (m.id if m else None) == (str(x) if x >= 0 else None)
    )
    assert same >= 0.95 * len(docs)


def test_worker_processes_give_the_same_result_as_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    docs, _topics = _corpus(240)
    monkeypatch.setattr(_bulk, "CHUNK", 60)  # several chunks for the workers to share
    one = organise(docs, workers=1)
    two = organise(docs, workers=2)
    assert two.duplicates == one.duplicates
    assert two.clustering.assignments == one.clustering.assignments
    assert two.clustering.clusters == one.clustering.clusters
    assert two.categories == one.categories
    assert two.keywords == one.keywords


def test_auto_workers_stays_in_process_for_meeting_sized_inputs() -> None:
    assert _bulk.auto_workers(50_000) == 1
    with _bulk.mapper(1) as run:
        assert not run.parallel


def test_a_long_lived_worker_does_not_keep_every_word_forever(monkeypatch: pytest.MonkeyPatch) -> None:
    from sori.text import _morph

    monkeypatch.setattr(_morph, "_process_analyser", None)
    monkeypatch.setattr(_morph, "_PROCESS_WORDS", 2)
    first = _morph.process_analyser()
    first.nouns(["GPU 사용기간 연장"])  # three distinct words: over the cap
    assert _morph.process_analyser() is not first
    assert _morph.process_analyser().words == 0
