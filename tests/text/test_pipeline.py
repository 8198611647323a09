from sori.text import Doc, Organised, SimilarityIndex, find_repeats, organise


def test_organise_reports_progress_and_covers_every_document(proposals: list[Doc]) -> None:
    calls: list[tuple[int, int]] = []
    result = organise(proposals, progress=lambda done, total: calls.append((done, total)))
    assert isinstance(result, Organised)
    assert calls[-1] == (6, 6) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    ids = {d.id for d in proposals}
    assert set(result.categories) == ids == set(result.keywords) == set(result.clustering.assignments)
    assert result.duplicates == {"p3": "p1", "p11": "p1"}
    assert result.categories["p1"].label == "compute"
    assert result.categories["p5"].label == "manufacturing"


def test_repeat_of_an_earlier_years_demand_is_detected() -> None:
    earlier = SimilarityIndex.build(
        [
            Doc("2020-d3", "데이터 규제자유지역 지정과 데이터 품질 개선"),
            Doc("2024-d7", "GPU 사용기간 12개월 보장과 재선정 대신 갱신"),
        ]
    )
    repeats = find_repeats(
        [
            Doc("new1", "GPU 사용기간을 12개월로 늘리고 갱신 심사로 바꿔 주세요"),
            Doc("new2", "행사장 주차 안내 부탁드립니다"),
        ],
        earlier,
    )
    assert repeats["new1"].id == "2024-d7"
    assert "new2" not in repeats
