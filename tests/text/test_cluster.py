from sori.text import DemandIndex, Doc, cluster


def test_same_demand_in_other_words_is_grouped_and_labelled(proposals: list[Doc]) -> None:
    result = cluster(proposals)
    a = result.assignments
    assert a["p1"] == a["p3"] == a["p11"] != -1
    assert a["p5"] == a["p6"] != -1
    assert a["p5"] != a["p1"]
    assert a["p10"] == -1  # alone: no candidate demand
    label = next(c for c in result.clusters if c.cluster == a["p5"])
    assert label.size == 2
    assert "제조" in " ".join(label.keywords)
    assert label.representative_id in {"p5", "p6"}
    assert label.representative_text
    assert [c.cluster for c in result.clusters] == list(range(len(result.clusters)))


def test_min_size_drops_small_clusters(proposals: list[Doc]) -> None:
    result = cluster(proposals, min_size=3)
    assert result.clusters, "the three-proposal demand (p1, p3, p11) must still form a cluster"
    assert all(c.size >= 3 for c in result.clusters)
    assert result.assignments["p5"] == -1


def test_incremental_assignment_equals_batch_assignment(proposals: list[Doc]) -> None:
    result = cluster(proposals)
    one_by_one = [result.index.assign(d.text) for d in proposals]
    batch = result.index.assign_many([d.text for d in proposals])
    assert [m.id if m else None for m in one_by_one] == [m.id if m else None for m in batch]
    assert [m.score if m else None for m in one_by_one] == [m.score if m else None for m in batch]
    # and both reproduce what the batch clustering decided
    expected = [str(result.assignments[d.id]) if result.assignments[d.id] >= 0 else None for d in proposals]
    assert [m.id if m else None for m in one_by_one] == expected


def test_new_proposal_joins_the_matching_demand_with_a_reason(proposals: list[Doc]) -> None:
    result = cluster(proposals)
    match = result.index.assign("GPU 사용기간을 12개월로 늘려 주세요")
    assert match is not None and match.id == str(result.assignments["p1"])
    assert result.index.assign("구청 주차장 요금 인하") is None


def test_demand_index_built_whole_equals_built_incrementally() -> None:
    demands = {
        "gpu": ["GPU 사용기간 12개월 연장", "GPU 재선정 대신 갱신"],
        "edu": ["제조 AI 교육 지원", "제조 현장 교육"],
    }
    corpus = [t for texts in demands.values() for t in texts]
    whole = DemandIndex.build(demands, fit_texts=corpus)
    grown = DemandIndex.build({d: texts[:1] for d, texts in demands.items()}, fit_texts=corpus)
    for demand, texts in demands.items():
        for t in texts[1:]:
            grown.add_member(demand, t)
    queries = ["GPU 기간 연장", "제조 교육", "GPU 갱신", "무관한 문장"]
    got_whole = [(m.id, round(m.score, 6)) if m else None for m in whole.assign_many(queries)]
    got_grown = [(m.id, round(m.score, 6)) if m else None for m in grown.assign_many(queries)]
    assert got_whole == got_grown
    assert got_whole[0] is not None and got_whole[0][0] == "gpu"
    assert got_whole[1] is not None and got_whole[1][0] == "edu"
    assert got_whole[3] is None


def test_empty_and_single_inputs() -> None:
    assert cluster([]).assignments == {}
    single = cluster([Doc("x", "혼자 있는 제안")])
    assert single.assignments == {"x": -1} and single.clusters == ()


def test_noun_phrases_are_matched_whatever_the_spacing() -> None:
    from sori.text._morph import EojeolAnalyser, chunk_phrases

    joined, spaced = EojeolAnalyser().chunks(["GPU 사용기간이 짧습니다", "GPU 사용 기간을 늘려 주세요"])
    a, b = chunk_phrases(joined), chunk_phrases(spaced)
    assert ("GPU", "사용", "기간") in a and ("GPU", "사용", "기간") in b
    assert b[("GPU", "사용", "기간")] == "GPU 사용 기간"
    assert not any(key[0] == "이" or key[-1] == "이" for key in a)
