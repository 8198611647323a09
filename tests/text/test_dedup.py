from hypothesis import given, settings
from hypothesis import strategies as st

from sori.text import Doc, near_duplicates
from sori.text._dedup import near_duplicate_pairs

korean = st.text(
    alphabet=st.sampled_from(list("가나다라마바사아자차카타파하 GPU데이터센터연장지원교육")),
    min_size=0,
    max_size=80,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(korean, min_size=1, max_size=12), st.data())
def test_an_exact_copy_is_always_found_and_points_to_the_earliest(
    texts: list[str], data: st.DataObject
) -> None:
    source = data.draw(st.integers(0, len(texts) - 1))
    docs = [Doc(f"d{i}", t) for i, t in enumerate(texts)] + [Doc("copy", texts[source])]
    mapping = near_duplicates(docs)
    assert "copy" in mapping
    target = mapping["copy"]
    # the target is earlier than the copy and is not itself mapped anywhere
    assert target != "copy" and target not in mapping
    assert [d.id for d in docs].index(target) <= source


@settings(max_examples=60, deadline=None)
@given(st.lists(korean, min_size=0, max_size=15))
def test_a_text_is_never_its_own_duplicate_and_targets_are_earlier(texts: list[str]) -> None:
    docs = [Doc(str(i), t) for i, t in enumerate(texts)]
    mapping = near_duplicates(docs)
    for dup, original in mapping.items():
        assert dup != original
        assert int(original) < int(dup)
        assert original not in mapping  # always the earliest of the group, never a chain


def test_light_edit_is_a_duplicate_but_a_different_proposal_is_not(proposals: list[Doc]) -> None:
    mapping = near_duplicates(proposals)
    assert mapping["p3"] == "p1"  # exact copy
    assert mapping["p11"] == "p1"  # one character edited
    assert "p2" not in mapping  # same demand in other words is not a duplicate
    assert "p1" not in mapping


def test_spacing_and_full_width_differences_do_not_hide_a_copy() -> None:
    docs = [
        Doc("a", "GPU 사용기간을 12개월로 늘려 주십시오"),
        Doc("b", "ＧＰＵ 사용 기간을 １２개월로   늘려주십시오"),
    ]
    assert near_duplicates(docs) == {"b": "a"}


def test_pairs_report_only_verified_pairs() -> None:
    texts = [
        "가나다라마바사아자차카타파하",
        "가나다라마바사아자차카타파하",
        "완전히 다른 문장입니다 정말로요",
    ]
    assert near_duplicate_pairs(texts) == [(0, 1, 1.0)]
