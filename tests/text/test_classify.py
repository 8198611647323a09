from pathlib import Path

import pytest

from sori.text import CATEGORIES, Prediction, default_classifier, load_classifier, train_classifier

TEXTS = [
    "GPU 사용기간 연장",
    "GPU 서버 배정 확대",
    "GPU 클라우드 비용 지원",
    "제조 공장 AI 교육",
    "제조 현장 불량 검사 AI",
    "뿌리기업 제조 공정 AI",
]
LABELS = ["compute", "compute", "compute", "manufacturing", "manufacturing", "manufacturing"]


def test_trained_model_predicts_with_scores_and_reasons() -> None:
    model = train_classifier(TEXTS, LABELS)
    [p, q] = model.predict(["GPU 배정 기간", "제조 공정 검사"])
    assert isinstance(p, Prediction)
    assert (p.label, q.label) == ("compute", "manufacturing")
    assert 0.5 < p.score <= 1.0
    assert "GPU" in p.top_features


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = train_classifier(TEXTS, LABELS)
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = load_classifier(path)
    texts = ["GPU 배정 기간", "제조 공정 검사", "아무 관계 없는 말"]
    assert loaded.predict(texts) == model.predict(texts)
    assert loaded.labels == model.labels


def test_loading_something_else_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ValueError, match=r"not a sori\.text classifier"):
        load_classifier(bad)


def test_training_needs_two_labels() -> None:
    with pytest.raises(ValueError, match="two distinct labels"):
        train_classifier(["a", "b"], ["x", "x"])


def test_default_classifier_knows_the_ai_industry_taxonomy() -> None:
    model = default_classifier()
    assert set(model.labels) == set(CATEGORIES)
    got = [
        p.label
        for p in model.predict(
            [
                "국가AI데이터센터 GPU 사용 기간을 1년으로 늘려 주세요",
                "뿌리산업 공장에 AI 품질검사를 도입하도록 도와주세요",
                "AI 기업 지원 조례를 제정해 주세요",
                "AI사관학교 교육생을 기업 맞춤형으로 키워 주세요",
            ]
        )
    ]
    assert got == ["compute", "manufacturing", "regulation", "talent"]
