"""A note of staff's own words with a reply (덧붙이는 말): drafted, saved while typing, seen only by its
author, sent at the head of the e-mail and the letter, and gone once the reply is sent."""

from __future__ import annotations

import html
import json
from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader

from sori.core.roles import Role
from sori.feedback.models import Channel, Feedback, FeedbackDraft
from sori.feedback.notes import NOTE_LIMIT
from sori.feedback.services import feedback_send_all

NOTE = "지난 간담회에서 말씀하신 GPU 건은 과기정통부에 공식 건의했습니다.\n담당: 인공지능산업과 김주무관"


def _org_url(proposer, name: str = "feedback:preview") -> str:
    return reverse(name, args=["org", proposer.organisation.id])


def test_a_note_is_drafted_resumed_and_seen_only_by_its_author(
    login, staff, make_user, answered, proposer
) -> None:
    client = login(staff)
    # when: staff save the note as a draft (the button; the page also saves every 30 seconds)
    page = client.post(_org_url(proposer), {"intent": "draft", "note": NOTE}, follow=True)
    text = html.unescape(page.content.decode())
    # then: it is kept, and the message shown is the one that would go, with the note after the greeting
    assert "덧붙이는 말을 임시저장했습니다." in text
    assert "㈜아이티앱스 담당자님께\n\n지난 간담회에서 말씀하신 GPU 건은" in text
    # and: it is there again when they come back, marked on the list of replies owed
    assert NOTE in html.unescape(client.get(_org_url(proposer)).content.decode())
    assert "작성 중" in client.get(reverse("feedback:owed")).content.decode()
    # but: a colleague sees neither the note nor the mark
    colleague = login(make_user("lee.staff", Role.STAFF))
    assert "과기정통부에 공식 건의했습니다" not in colleague.get(_org_url(proposer)).content.decode()
    assert "작성 중" not in colleague.get(reverse("feedback:owed")).content.decode()


def test_autosave_answers_with_the_message_as_it_now_reads(login, staff, answered, proposer) -> None:
    response = login(staff).post(_org_url(proposer, "feedback:preview_draft"), {"note": NOTE})
    body = json.loads(response.content)
    assert response.status_code == 200 and body["saved"] is True
    assert "임시저장했습니다" in body["message"]
    assert NOTE in body["preview"] and "처리 결과" in body["preview"]
    # an emptied note ends the draft
    login(staff).post(_org_url(proposer, "feedback:preview_draft"), {"note": "  "})
    assert not FeedbackDraft.objects.exists()


def test_a_note_over_the_limit_is_refused_and_kept_on_the_page(login, staff, answered, proposer) -> None:
    long = "가" * (NOTE_LIMIT + 1)
    response = login(staff).post(_org_url(proposer, "feedback:preview_draft"), {"note": long})
    assert response.status_code == 409 and "2,000자를 넘습니다" in json.loads(response.content)["message"]
    page = login(staff).post(_org_url(proposer), {"channel": Channel.LETTER, "note": long})
    assert page.status_code == 200 and "2,000자를 넘습니다" in html.unescape(page.content.decode())
    assert long in page.content.decode() and not Feedback.objects.exists()


def test_the_note_goes_with_the_email_and_the_drafts_end(
    login, staff, answered, proposer, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client = login(staff)
    client.post(_org_url(proposer), {"intent": "draft", "note": "임시로 적은 말"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_org_url(proposer), {"channel": Channel.EMAIL, "note": NOTE})
    [mail] = mailoutbox
    assert mail.body.index(NOTE) < mail.body.index("처리 결과를 알려드립니다")
    assert "임시로 적은 말" not in mail.body
    assert Feedback.objects.get().note == NOTE
    assert not FeedbackDraft.objects.exists()


def test_send_all_takes_the_note_being_written_and_the_letter_prints_it(
    login, staff, answered, letter_proposer
) -> None:
    login(staff).post(_org_url(letter_proposer), {"intent": "draft", "note": NOTE})
    feedback_send_all(actor=staff)
    letter = Feedback.objects.get(organisation=letter_proposer.organisation)
    assert letter.channel == Channel.LETTER and letter.note == NOTE
    pdf = login(staff).get(reverse("feedback:letter_pdf", args=[letter.id]))
    words = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "과기정통부에 공식 건의했습니다" in words.replace("\n", "")
