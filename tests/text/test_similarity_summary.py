from sori.text import keywords, similarities, similarity, summarize


def test_similarity_is_bounded_and_orders_paraphrase_above_unrelated() -> None:
    same = similarity("GPU 사용기간을 12개월로 늘려 주세요", "GPU 사용 기간을 1년으로 연장해 주십시오")
    other = similarity("GPU 사용기간을 12개월로 늘려 주세요", "제조 중소기업에 AI 교육을 지원해 주세요")
    assert 0.0 <= other < same <= 1.0
    assert similarity("같은 문장", "같은 문장") == 1.0
    assert similarity("", "") == 0.0


def test_batch_form_matches_pairs_in_order() -> None:
    pairs = [
        ("남자가 기타를 치고 있다.", "한 남자가 기타를 연주하고 있다."),
        ("고양이가 잔다.", "비행기가 이륙한다."),
    ]
    scores = similarities(pairs)
    assert len(scores) == 2 and scores[0] > scores[1]
    assert similarities([]) == []


def test_keywords_are_nouns_most_frequent_first() -> None:
    words = keywords("GPU 사용기간이 짧습니다. GPU 사용기간을 늘리고 GPU 재선정 절차를 없애 주세요.", k=3)
    assert words[0] == "GPU"
    assert "사용기간" in words
    assert keywords("", k=3) == []


def test_summary_picks_central_sentences_without_repeating_copies() -> None:
    texts = [
        "GPU 사용기간을 12개월로 늘려 주세요. 감사합니다.",
        "GPU 사용기간을 12개월로 늘려 주세요.",
        "GPU 사용기간 연장과 갱신 심사를 원합니다.",
    ]
    summary = summarize(texts, n=2)
    assert summary[0].startswith("GPU 사용기간")
    assert len(summary) == len(set(summary)) == 2
    assert summarize([], n=2) == []
