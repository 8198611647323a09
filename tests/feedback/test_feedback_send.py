"""Sending feedback from the staff pages: one message per organisation (or per person without one), through
e-mail, letter or status link."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from sori.feedback.models import Channel, DeliveryStatus, Feedback
from sori.feedback.selectors import feedback_owed


def preview_url(person) -> str:
    return reverse("feedback:preview", args=["person", person.id])


def test_preview_shows_exactly_the_message_to_be_sent(login, staff, answered, proposer) -> None:
    response = login(staff).get(preview_url(proposer))
    html = response.content.decode()
    assert response.status_code == 200
    assert "㈜아이티앱스 담당자님께" in html and "조춘호 님이 주신 의견" in html
    assert "정보통신산업진흥원 운영 지침" in html and "공식 건의하겠습니다" in html
    assert "[소리] 제안하신 내용의 처리 결과를 알려드립니다" in html
    assert "보내기" in html and "이메일 (cho@itapps.example.kr, contact@itapps.example.kr)" in html


def test_email_is_sent_once_and_names_no_other_proposer(
    login,
    staff,
    answered,
    proposer,
    second_proposer,
    letter_proposer,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(preview_url(proposer), {"channel": Channel.EMAIL}, follow=True)
    # then the proposer's organisation gets one e-mail (to its contact person and its own address) with the
    # answer, its reason and limits
    assert "보낼 이메일을 발송 대기열에 넣었습니다." in response.content.decode()  # delivered once committed
    [mail] = mailoutbox
    assert mail.to == ["cho@itapps.example.kr", "contact@itapps.example.kr"]
    assert "타 기관 이관" in mail.body and "정보통신산업진흥원" in mail.body
    assert "/status/" + proposer.organisation.status_token in mail.body  # the organisation's own link
    # and nothing about the other people who asked for the same thing
    for private in (
        "김다온",
        "daon@bitgoeul.example.kr",
        "010-1234-5678",
        "㈜빛고을데이터",
        "박서윤",
        "seoyun@example.kr",
        "광주뿌리기업협회",
        "재선정 대신",
        "뿌리기업도",
    ):
        assert private not in mail.body
        assert private not in mail.subject
    feedback = Feedback.objects.get()
    assert (feedback.status, feedback.attempts) == (DeliveryStatus.SENT, 1)
    assert proposer not in [o.person for o in feedback_owed()]


def test_sending_twice_sends_one_message(
    login, staff, answered, proposer, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client = login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url(proposer), {"channel": Channel.EMAIL})
    second = client.post(preview_url(proposer), {"channel": Channel.EMAIL}, follow=True)
    assert "새로 알릴 처리 결과가 없습니다" in second.content.decode()
    assert len(mailoutbox) == 1
    assert Feedback.objects.count() == 1


def test_no_consented_address_means_no_email(login, staff, answered, letter_proposer, mailoutbox) -> None:
    # given someone who gave an e-mail but did not agree to be contacted there
    response = login(staff).post(preview_url(letter_proposer), {"channel": Channel.EMAIL})
    assert response.status_code == 200
    assert "연락에 동의한 이메일 주소가 없습니다" in response.content.decode()
    assert "이메일 (" not in response.content.decode()
    assert not Feedback.objects.exists() and mailoutbox == []


def test_letter_is_recorded_and_opens_a_printable_page(login, staff, answered, letter_proposer) -> None:
    # when
    response = login(staff).post(preview_url(letter_proposer), {"channel": Channel.LETTER}, follow=True)
    # then
    feedback = Feedback.objects.get()
    assert (feedback.channel, feedback.status, feedback.address) == (
        Channel.LETTER,
        DeliveryStatus.RECORDED,
        "",
    )
    assert feedback.sent_at is not None
    assert response.redirect_chain[-1][0] == reverse("feedback:letter", args=[feedback.id])
    html = response.content.decode()
    assert "광주뿌리기업협회 담당자님께" in html and "박서윤" in html
    assert "data-print" in html and "sori/print.js" in html  # the print button, without inline code
    assert "조춘호" not in html


def test_status_link_is_recorded(login, staff, answered, second_proposer, mailoutbox) -> None:
    response = login(staff).post(preview_url(second_proposer), {"channel": Channel.LINK}, follow=True)
    assert "상태 확인 링크로 알린 것으로 기록했습니다" in response.content.decode()
    assert Feedback.objects.get().status == DeliveryStatus.RECORDED
    assert mailoutbox == []


def test_send_all_sends_each_proposer_their_own_message(
    login, staff, answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(reverse("feedback:send_all"), follow=True)
    # then two e-mails (the consenting two) and one letter
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("feedback:sent")
    # (inside the test transaction, e-mails go out once it commits: counted as queued)
    assert "회신 3건을 처리했습니다 — 이메일 발송 완료 0건, 발송 대기 2건" in html and "서면 1건" in html
    assert sorted(m.to[0] for m in mailoutbox) == ["cho@itapps.example.kr", "daon@bitgoeul.example.kr"]
    to_daon = next(m for m in mailoutbox if m.to == ["daon@bitgoeul.example.kr"])
    assert "조춘호" not in to_daon.body and "cho@itapps.example.kr" not in to_daon.body
    assert feedback_owed() == []
    # and a second click has nothing left to send
    again = login(staff).post(reverse("feedback:send_all"), follow=True)
    assert "보낼 회신이 없습니다." in again.content.decode()
    assert Feedback.objects.count() == 3


@pytest.fixture
def failing_smtp(monkeypatch):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP 서버가 연결을 거부했습니다")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    return monkeypatch


def test_failed_email_is_shown_and_can_be_sent_again(
    login, staff, answered, proposer, failing_smtp, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client = login(staff)
    # given a delivery that failed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url(proposer), {"channel": Channel.EMAIL})
    feedback = Feedback.objects.get()
    assert feedback.status == DeliveryStatus.RETRYING  # the outbox will try again by itself
    sent_page = client.get(reverse("feedback:sent"), {"status": DeliveryStatus.RETRYING}).content.decode()
    assert (
        "재시도 대기" in sent_page
        and "SMTP 서버가 연결을 거부했습니다" in sent_page
        and "다시 보내기" in sent_page
    )
    # when the server is back and staff press "다시 보내기"
    failing_smtp.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("feedback:retry", args=[feedback.id]), follow=True)
    # then
    both = "cho@itapps.example.kr, contact@itapps.example.kr"
    assert f"{both}로 다시 보내도록 발송 대기열에 넣었습니다." in response.content.decode()
    feedback.refresh_from_db()
    assert (feedback.status, feedback.attempts, feedback.last_error) == (DeliveryStatus.SENT, 2, "")
    assert len(mailoutbox) == 1


def test_only_failed_emails_can_be_sent_again(login, staff, answered, letter_proposer) -> None:
    client = login(staff)
    client.post(preview_url(letter_proposer), {"channel": Channel.LETTER})
    feedback = Feedback.objects.get()
    response = client.post(reverse("feedback:retry", args=[feedback.id]), follow=True)
    assert "발송에 실패한 이메일만 다시 보낼 수 있습니다." in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == DeliveryStatus.RECORDED


@pytest.mark.django_db(transaction=True)
def test_staff_are_told_whether_the_email_left(
    login, staff, answered, proposer, second_proposer, failing_smtp, mailoutbox
) -> None:
    # given no surrounding test transaction, delivery runs as the request commits, as in production
    client = login(staff)
    # when the mail server refuses
    refused = client.post(preview_url(proposer), {"channel": Channel.EMAIL}, follow=True).content.decode()
    # then staff read it at once, with what to do next
    assert "이메일을 보내지 못했습니다(SMTP 서버가 연결을 거부했습니다)" in refused
    assert "보낸 회신&#x27;에서 다시 보내 주세요" in refused
    # and when it accepts
    failing_smtp.undo()
    sent = client.post(preview_url(second_proposer), {"channel": Channel.EMAIL}, follow=True).content.decode()
    assert "이메일(daon@bitgoeul.example.kr)로 회신을 보냈습니다." in sent
    # (the transfer notices of the referral left when the answer was recorded, before these)
    assert [m.to for m in mailoutbox if "처리 결과" in m.subject] == [["daon@bitgoeul.example.kr"]]
