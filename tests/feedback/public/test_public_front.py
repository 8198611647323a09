"""The front page: what Sori is, its counts, and the latest answers."""

from __future__ import annotations

from django.test import Client


def test_front_page_counts_and_latest_decisions(client: Client, world, private_strings) -> None:
    # when
    response = client.get("/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "/tracker/" in html
    assert "Sori collects" in html
    assert "공개된 정책 수요" in html and "답변 완료" in html and "의견을 낸 기관" in html
    assert world.demand.title in html
    assert "타 기관 이관" in html
    for secret in private_strings:
        assert secret not in html


def test_front_page_with_nothing_yet(client: Client, db) -> None:
    html = client.get("/").content.decode()
    assert "최근 처리 결과" not in html
    assert "정책 수요 현황 보기" in html
