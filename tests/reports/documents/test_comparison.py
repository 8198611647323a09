"""The 신·구조문대비표 diff on real-looking ordinance text: words underlined, lines paired, edge cases."""

from __future__ import annotations

import subprocess
import sys

from sori.policy.comparison import (
    DELETED,
    ELIDED_NEW,
    ELIDED_OLD,
    NEW_LINE,
    Comparison,
    Line,
    RowKind,
    compare,
    diff_line,
    line_label,
    tokenise,
)


def marked(line: Line) -> str:
    """Return a line with its changed runs in [brackets], as a reader sees the underlines."""
    return "".join(f"[{s.text}]" if s.changed else s.text for s in line)


def sides(table: Comparison) -> list[tuple[str, list[str], list[str]]]:
    return [(r.kind.value, [marked(x) for x in r.old], [marked(x) for x in r.new]) for r in table.rows]


def test_a_period_change_underlines_only_the_number(article) -> None:
    # given the GPU article with "6개월" becoming "12개월"
    current, proposed = article
    # when
    table = compare(current, proposed)
    # then the first row pairs the two versions of ①, and only the digits are underlined
    first = table.rows[0]
    assert first.kind is RowKind.CHANGED
    assert "자원을 [6]개월의 범위에서" in marked(first.old[0])
    assert "자원을 [12]개월의 범위에서" in marked(first.new[0])
    assert marked(first.old[0]).startswith("제7조(컴퓨팅 자원 지원) ① 시장은")


def test_a_new_ho_is_new_and_a_deleted_phrase_is_underlined_in_the_current_column(article) -> None:
    current, proposed = article
    rows = sides(compare(current, proposed))
    assert (
        "changed",
        ["2. 광주광역시에 연구소를 둔 [기업으로서 시장이 인정하는] 기업"],
        ["2. 광주광역시에 연구소를 둔 기업"],
    ) in rows
    assert (
        "added",
        [NEW_LINE],
        ["[3. 인공지능 기술을 도입하려는 광주광역시 소재 제조기업 및 뿌리기업]"],
    ) in rows
    assert (
        "changed",
        ["③ 지원 기간이 끝난 기업은 [새로 선정 절차를] 거쳐 [다시 지원받을] 수 있다."],
        ["③ 지원 기간이 끝난 기업은 [성과 평가를] 거쳐 [지원 기간을 연장할] 수 있다."],
    ) in rows


def test_unchanged_paragraphs_are_elided_with_their_numbers(article) -> None:
    current, proposed = article
    rows = sides(compare(current, proposed))
    assert ("same", [f"② {ELIDED_OLD}"], [f"② {ELIDED_NEW}"]) in rows
    assert ("same", [f"1. {ELIDED_OLD}"], [f"1. {ELIDED_NEW}"]) in rows
    assert rows[-1] == ("same", [f"④ {ELIDED_OLD}"], [f"④ {ELIDED_NEW}"])


def test_unchanged_paragraphs_in_full_on_request(article) -> None:
    current, proposed = article
    table = compare(current, proposed, elide_unchanged=False)
    assert table.rows[-1].old_text == "④ 그 밖에 지원에 필요한 사항은 규칙으로 정한다."
    assert table.rows[-1].new_text == table.rows[-1].old_text
    assert (table.changed_rows, table.added_rows, table.removed_rows) == (3, 1, 0)


def test_renumbered_ho_still_pairs_with_its_old_self() -> None:
    # given a 호 inserted before two others, which move from 2., 3. to 3., 4.
    current = "① 지원 대상은 다음과 같다.\n1. 인공지능 기업\n2. 연구기관\n3. 대학"
    proposed = "① 지원 대상은 다음과 같다.\n1. 인공지능 기업\n2. 제조기업\n3. 연구기관\n4. 대학"
    rows = sides(compare(current, proposed))
    # then the moved lines are changed only in their numbers; the new one is 신설
    assert ("added", [NEW_LINE], ["[2. 제조기업]"]) in rows
    assert ("changed", ["[2]. 연구기관"], ["[3]. 연구기관"]) in rows
    assert ("changed", ["[3]. 대학"], ["[4]. 대학"]) in rows


def test_mok_lines_and_a_deleted_mok() -> None:
    current = "1. 지원 내용\n가. 컴퓨팅 자원\n나. 실증 공간\n다. 전문 인력"
    proposed = "1. 지원 내용\n가. 컴퓨팅 자원\n나. 전문 인력"
    rows = sides(compare(current, proposed))
    assert ("removed", ["[나. 실증 공간]"], [DELETED]) in rows
    assert ("changed", ["[다]. 전문 인력"], ["[나]. 전문 인력"]) in rows


def test_identical_texts_have_no_changes(article) -> None:
    current, _proposed = article
    table = compare(current, current)
    assert table.identical
    assert all(not s.changed for r in table.rows for line in (*r.old, *r.new) for s in line)


def test_empty_current_text_is_a_new_article() -> None:
    table = compare("", "제7조의2(GPU 사용기간의 연장) 시장은 성과 평가를 거쳐 사용기간을 연장할 수 있다.")
    assert table.enacted and not table.repealed
    [row] = table.rows
    assert row.old_text == NEW_LINE
    assert [marked(x) for x in row.new] == [
        "[제7조의2(GPU 사용기간의 연장) 시장은 성과 평가를 거쳐 사용기간을 연장할 수 있다.]"
    ]


def test_empty_proposed_text_is_a_repeal() -> None:
    table = compare("제9조(위원회) ① 위원회를 둔다.\n② 위원은 10명 이내로 한다.", "   ")
    assert table.repealed
    [row] = table.rows
    assert row.new_text == DELETED
    assert len(row.old) == 2 and all(s.changed for line in row.old for s in line)


def test_two_empty_texts_give_an_empty_table() -> None:
    assert compare("", "").rows == ()
    assert compare("", "").identical


def test_a_word_rewritten_entirely_is_underlined_whole() -> None:
    old, new = diff_line("지원 기간은 6개월로 한다.", "지원 기간은 1년으로 한다.")
    assert marked(old) == "지원 기간은 [6개월로] 한다."
    assert marked(new) == "지원 기간은 [1년으로] 한다."


def test_particles_stay_attached_and_punctuation_is_its_own_token() -> None:
    assert tokenise("「인공지능산업 육성법」 제3조에 따라, ① 6개월로") == [
        "「", "인공지능산업", " ", "육성법", "」", " ", "제3조에", " ", "따라", ",", " ", "①", " ", "6개월로",
    ]  # fmt: skip
    text = "제7조(지원) ① 시장은, 「법」에 따라 지원한다."
    assert "".join(tokenise(text)) == text


def test_line_labels() -> None:
    assert line_label("제7조의2(목적) ① 이 조례는") == "제7조의2(목적) ①"
    assert line_label("② 시장은") == "②"
    assert line_label("3. 뿌리기업") == "3."
    assert line_label("가. 컴퓨팅 자원") == "가."
    assert line_label("이 조례는 공포한 날부터 시행한다.") == ""


def test_windows_line_endings_and_blank_lines_are_ignored() -> None:
    table = compare("① 가\r\n\r\n② 나", "① 가\n② 나")
    assert table.identical


def test_the_core_imports_without_django() -> None:
    code = (
        "import sys; sys.modules['django'] = None\n"
        "from sori.policy.comparison import compare\n"
        "assert compare('① 6개월', '① 12개월').changed_rows == 1\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
