"""The staff feedback pages: who is owed an answer, the outbox, and who may open them."""

from __future__ import annotations

import html as html_module
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sori.feedback.models import Channel, DeliveryStatus, Feedback
from sori.feedback.services import feedback_send


@pytest.fixture
def letter(staff, answered, letter_proposer) -> Feedback:
    return feedback_send(actor=staff, person=letter_proposer, channel=Channel.LETTER)


def pages(feedback: Feedback, person) -> list[str]:
    return [
        reverse("feedback:owed"),
        reverse("feedback:sent"),
        reverse("feedback:preview", args=["person", person.id]),
        reverse("feedback:letter", args=[feedback.id]),
    ]


def test_url_names() -> None:
    assert reverse("feedback:owed") == "/staff/feedback/"
    assert reverse("feedback:sent") == "/staff/feedback/sent/"
    assert reverse("feedback:preview", args=["org", 3]) == "/staff/feedback/preview/org/3/"
    assert reverse("feedback:letter", args=[3]) == "/staff/feedback/3/letter/"


def test_anonymous_is_sent_to_login(client, letter, proposer) -> None:
    for url in [
        *pages(letter, proposer),
        reverse("feedback:send_all"),
        reverse("feedback:retry", args=[letter.id]),
    ]:
        response = client.post(url) if "send-all" in url or "retry" in url else client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_officers_and_companies_are_refused(login, officer, company_user, letter, proposer) -> None:
    for user in (officer, company_user):
        client = login(user)
        for url in pages(letter, proposer):
            assert client.get(url).status_code == 403, url
        assert client.post(reverse("feedback:send_all")).status_code == 403
        assert client.post(reverse("feedback:retry", args=[letter.id])).status_code == 403
    assert Feedback.objects.count() == 1


def test_staff_and_admin_may_open_every_page(login, staff, admin_user, letter, proposer) -> None:
    for user in (staff, admin_user):
        client = login(user)
        for url in pages(letter, proposer):
            assert client.get(url).status_code == 200, url


def test_owed_list_shows_count_channel_and_preview(login, staff, answered, proposer, letter_proposer) -> None:
    response = login(staff).get(reverse("feedback:owed"))
    html = response.content.decode()
    assert "받는 곳 3곳" in html  # one per organisation
    assert "cho@itapps.example.kr, contact@itapps.example.kr" in html
    assert "seoyun@example.kr" not in html  # an address without consent is not a channel
    assert "서면" in html
    assert reverse("feedback:preview", args=["org", proposer.organisation_id]) in html
    assert "모두 보내기 (3곳)" in html


def test_send_all_asks_first_with_everyone_it_will_write_to(login, staff, answered) -> None:
    # even on a filtered page (one row shown), the confirmation counts all three recipients, by channel
    page = login(staff).get(reverse("feedback:owed") + "?channel=letter")
    text = html_module.unescape(page.content.decode())
    assert 'data-confirm="회신을 기다리는 3곳 모두에게 보낼까요? 이메일 2곳, 서면 1곳입니다.' in text


def test_owed_list_filters_searches_and_exports(login, staff, answered) -> None:
    client = login(staff)
    by_letter = client.get(reverse("feedback:owed"), {"channel": Channel.LETTER}).context["rows"]
    assert [owed.label for owed, *_ in by_letter] == ["광주뿌리기업협회"]
    found = client.get(reverse("feedback:owed"), {"q": "빛고을"}).context["rows"]
    assert [owed.label for owed, *_ in found] == ["㈜빛고을데이터"]
    response = client.get(reverse("feedback:owed"), {"format": "xlsx", "sort": "-name"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("받는 곳", "제안 수", "경로")
    assert [r[0] for r in rows[1:]] == ["광주뿌리기업협회", "㈜아이티앱스", "㈜빛고을데이터"]


def test_preview_of_someone_owed_nothing_goes_back_to_the_list(login, staff, letter, letter_proposer) -> None:
    response = login(staff).get(reverse("feedback:preview", args=["person", letter_proposer.id]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("feedback:owed")
    assert "새로 알릴 처리 결과가 없습니다" in response.content.decode()


def test_preview_of_an_unknown_kind_is_404(login, staff, proposer) -> None:
    assert login(staff).get(f"/staff/feedback/preview/user/{proposer.id}/").status_code == 404


def test_outbox_filters_by_status_and_exports(login, staff, answered, letter, proposer) -> None:
    feedback_send(actor=staff, person=proposer)  # an e-mail still queued (the test transaction never commits)
    client = login(staff)
    recorded = client.get(reverse("feedback:sent"), {"status": DeliveryStatus.RECORDED})
    assert [f.channel for f in recorded.context["page"]] == [Channel.LETTER]
    assert "인쇄용 회신문" in recorded.content.decode()
    queued = client.get(reverse("feedback:sent"), {"status": DeliveryStatus.QUEUED}).content.decode()
    assert "발송 대기" in queued and "cho@itapps.example.kr" in queued
    rows = list(
        load_workbook(
            io.BytesIO(client.get(reverse("feedback:sent"), {"format": "xlsx"}).content)
        ).active.values
    )
    assert rows[0][:4] == ("작성일시", "받는 사람", "경로", "수신처")
    assert {r[6] for r in rows[1:]} == {"기록됨", "발송 대기"}


def test_outbox_query_count_does_not_grow(
    login, staff, answered, letter, proposer, second_proposer, django_assert_num_queries
) -> None:
    feedback_send(actor=staff, person=proposer)
    feedback_send(actor=staff, person=second_proposer, channel=Channel.LINK)
    client = login(staff)
    with django_assert_num_queries(6):  # 5, and the access record
        assert client.get(reverse("feedback:sent")).status_code == 200


def test_owed_list_query_count_does_not_grow(login, staff, answered, django_assert_num_queries) -> None:
    client = login(staff)
    # the 6 before, the organisations' contact people, the access record, the user's draft notes
    with django_assert_num_queries(9):
        assert client.get(reverse("feedback:owed")).status_code == 200
