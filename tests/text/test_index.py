from sori.text import Doc, Match, SimilarityIndex


def test_empty_index_and_single_document() -> None:
    index = SimilarityIndex.build([])
    assert index.query("GPU 사용기간 연장") == []
    index.add(Doc("only", "GPU 사용기간을 12개월로 늘려 주세요"))
    hits = index.query("GPU 사용기간 12개월 연장")
    assert [h.id for h in hits] == ["only"]
    assert 0.0 < hits[0].score <= 1.0


def test_query_ranks_the_same_demand_first_and_explains_it(proposals: list[Doc]) -> None:
    index = SimilarityIndex.build(proposals)
    hits = index.query("GPU 사용기간을 12개월로 연장해 주세요", k=3)
    assert hits and hits[0].id in {"p1", "p2", "p3", "p11"}
    assert all(isinstance(h, Match) and 0.0 <= h.score <= 1.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "GPU" in hits[0].shared_keywords


def test_remove_and_add_are_reflected_in_queries(proposals: list[Doc]) -> None:
    index = SimilarityIndex.build(proposals)
    index.remove("p7")
    index.remove("p8")
    assert all(
        h.id not in {"p7", "p8"} for h in index.query("AI사관학교 맞춤형 인재 채용", min_score=0.0, k=20)
    )
    index.add(Doc("new", "AI사관학교 맞춤형 인재 채용 연계"))
    assert index.query("AI사관학교 맞춤형 인재 채용")[0].id == "new"


def test_min_score_filters_unrelated_documents(proposals: list[Doc]) -> None:
    index = SimilarityIndex.build(proposals)
    assert index.query("오늘 점심 메뉴는 김치찌개", min_score=0.2) == []
