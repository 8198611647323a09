"""Feedback letters: one Korean PDF per organisation (or person without one), downloadable from the feedback
pages and written in bulk with an index."""

from __future__ import annotations

import json

from django.urls import reverse

from sori.feedback.letters import feedback_letter_pdf, write_pending_letters
from sori.feedback.models import Channel, Feedback
from sori.feedback.selectors import feedback_owed
from sori.feedback.services import feedback_send


def test_a_sent_letter_carries_each_proposal_and_its_answer(world, staff, pdf) -> None:
    # given the proposer was sent a letter about two proposals
    feedback = feedback_send(actor=staff, person=world.proposer, channel=Channel.LETTER)
    # when
    data = feedback_letter_pdf(feedback)
    # then
    assert pdf.dark_share(data, 0) > 0.005
    raw = pdf.text(data)
    text = pdf.compact(raw)
    for words in (
        "광주광역시의회인공지능실증도시특별위원회",
        "㈜아이티앱스담당자님",
        "제안하신내용의처리결과알림",
        "제안하신분조춘호대표",  # each proposal with who said it
        "GPU사용기간을6개월에서12개월이상으로늘려주세요.",  # the exact words
        "2025.11.11.(화)·제1차AI기업조찬간담회",  # date and meeting
        "GPU사용기간12개월이상·연장허용",  # the demand it became
        "일부반영·예산확보필요",  # outcome and the reason code in words
        "12개월배분은조례개정과예산확보가함께필요합니다.",
        "2026년상반기까지는6개월배분후연장심사로운영합니다.",
        "조례제·개정",
        "2026.6.30.(화)",
        "/status/" + world.proposer.organisation.status_token,  # the organisation's private link
    ):
        assert words in text, words
    # their other proposal (its demand not answered yet) is left out, and so is everyone else
    assert feedback.items.count() == 1
    for private in ("㈜빛고을데이터", "광주뿌리기업협회", "재선정 대신"):
        assert private not in raw


def test_pending_letters_are_written_one_per_proposer(world, tmp_path, pdf, settings) -> None:
    # given everyone owed feedback
    owed = feedback_owed()
    # when
    paths = write_pending_letters(directory=tmp_path / "letters")
    # then one PDF each, named by day and proposer, Korean kept and file-system safe
    assert len(paths) == len(owed) >= 4
    names = sorted(p.name for p in paths)
    assert any(n.endswith("_㈜아이티앱스.pdf") for n in names)
    # and an index of them: one entry per file, no organisation twice
    index = json.loads((tmp_path / "letters" / "index.json").read_text(encoding="utf-8"))
    assert sorted(entry["file"] for entry in index) == names
    organisations = [entry["organisation"] for entry in index if entry["organisation"]]
    assert len(organisations) == len(set(organisations))
    itapps = next(entry for entry in index if entry["organisation"] == "㈜아이티앱스")
    assert itapps["people"] == ["조춘호"] and itapps["proposals"]
    assert all("/" not in n and n.endswith(".pdf") for n in names)
    for path in paths:
        assert path.read_bytes().startswith(b"%PDF")
    # and nothing is recorded as sent
    assert Feedback.objects.count() == 0
    assert len(feedback_owed()) == len(owed)


def test_writing_letters_with_nobody_owed_writes_nothing(db, tmp_path) -> None:
    assert write_pending_letters(directory=tmp_path) == []


def test_the_owed_list_offers_a_letter_per_proposer(world, staff, login, pdf) -> None:
    client = login(staff)
    page = client.get(reverse("feedback:owed")).content.decode()
    url = reverse("feedback:owed_letter_pdf", args=["org", world.proposer.organisation_id])
    assert url in page and "서면(PDF)" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert "㈜아이티앱스담당자님" in pdf.compact(pdf.text(response.content))


def test_the_sent_log_offers_the_pdf_of_each_letter(world, staff, login, pdf) -> None:
    feedback = feedback_send(actor=staff, person=world.proposer, channel=Channel.LETTER)
    client = login(staff)
    url = reverse("feedback:letter_pdf", args=[feedback.id])
    assert url in client.get(reverse("feedback:sent")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert "제안하신내용의처리결과알림" in pdf.compact(pdf.text(response.content))


def test_a_proposer_owed_nothing_is_told_so(world, staff, login) -> None:
    feedback_send(actor=staff, person=world.proposer, channel=Channel.LETTER)
    response = login(staff).get(
        reverse("feedback:owed_letter_pdf", args=["person", world.proposer.id]), follow=True
    )
    assert "새로 알릴 처리 결과가 없습니다" in response.content.decode()


def test_letters_are_for_staff_only(world, client, login, officer, company_user) -> None:
    url = reverse("feedback:owed_letter_pdf", args=["person", world.proposer.id])
    assert client.get(url).status_code == 302  # anonymous → login
    assert login(officer).get(url).status_code == 403
    assert login(company_user).get(url).status_code == 403
