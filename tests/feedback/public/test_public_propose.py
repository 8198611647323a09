"""Anyone may propose: consent as the law requires, nothing lost on a mistake, one proposal per form."""

from __future__ import annotations

from django.test import Client

from sori.registry.models import Person
from sori.voices.models import Moderation, Proposal, Source

TEXT = "공공기관 공간제공형 실증사업은 문턱이 높습니다. 콘텐츠 AI 기업도 레퍼런스를 쌓을 수 있게 해 주세요."


def form_data(client: Client, **overrides: object) -> dict[str, object]:
    html = client.get("/propose/").content.decode()
    key = html.split('name="submission_key" value="')[1].split('"')[0]
    data: dict[str, object] = {
        "name": "이시민",
        "email": "citizen@example.kr",
        "organisation": "",
        "text": TEXT,
        "consent": "on",
        "submission_key": key,
        "website": "",
    }
    data.update(overrides)
    return data


def test_form_explains_the_personal_data_consent(client: Client, db) -> None:
    # when
    html = client.get("/propose/").content.decode()
    # then: what the law requires the notice to say (개인정보 보호법 제15조 제2항)
    for words in ("수집 항목", "수집·이용 목적", "보유·이용 기간", "동의를 거부할 권리와 불이익"):
        assert words in html
    assert 'name="consent"' in html and 'name="contact_consent"' in html
    assert 'name="submission_key"' in html
    assert "최대 20,000자" in html  # the live counter's starting text
    assert 'data-limit="20000"' in html


def test_submitting_records_a_pending_web_proposal_and_gives_the_private_link(client: Client, db) -> None:
    # when
    response = client.post("/propose/", form_data(client, contact_consent="on"), follow=True)
    # then: saved as it was written, waiting for staff
    proposal = Proposal.objects.get()
    assert proposal.text == TEXT
    assert proposal.source == Source.WEB
    assert proposal.moderation == Moderation.PENDING
    assert proposal.consent_at is not None
    assert proposal.person.contact_consent is True
    # and the thank-you page gives the status link to bookmark
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/propose/thanks/"
    assert "검토를 기다리고 있습니다" in html
    assert f"/status/{proposal.person.status_token}/" in html
    assert '<meta name="robots" content="noindex' in html
    assert response["Referrer-Policy"] == "no-referrer"


def test_double_submit_makes_one_proposal(client: Client, db) -> None:
    data = form_data(client)
    client.post("/propose/", data)
    client.post("/propose/", data)
    assert Proposal.objects.count() == 1
    assert Person.objects.count() == 1


def test_without_consent_nothing_is_saved_and_the_text_is_kept(client: Client, db) -> None:
    # when
    data = form_data(client)
    del data["consent"]
    response = client.post("/propose/", data)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "개인정보 수집·이용에 동의해야 제안을 접수할 수 있습니다" in html
    assert "적으신 내용은 그대로 남아 있습니다" in html
    assert TEXT in html
    assert not Proposal.objects.exists() and not Person.objects.exists()


def test_empty_text_is_refused_with_what_to_do(client: Client, db) -> None:
    response = client.post("/propose/", form_data(client, text="   "))
    assert "제안 내용이 비어 있습니다. 바라는 점을 적어 주세요." in response.content.decode()
    assert not Proposal.objects.exists()


def test_over_long_text_is_refused_and_kept_whole(client: Client, db) -> None:
    # given
    long_text = "가" * 20_001
    # when
    html = client.post("/propose/", form_data(client, text=long_text)).content.decode()
    # then
    assert "20,001자로 20,000자를 넘습니다" in html
    assert long_text in html
    assert not Proposal.objects.exists()


def test_text_at_the_limit_with_line_breaks_is_accepted(client: Client, db) -> None:
    # CRLF from the browser counts as one character, as the live counter shows.
    text = ("가" * 99 + "\r\n") * 200
    client.post("/propose/", form_data(client, text=text.strip()))
    assert len(Proposal.objects.get().text) <= 20_000


def test_bad_email_is_explained(client: Client, db) -> None:
    html = client.post("/propose/", form_data(client, email="not-an-address")).content.decode()
    assert "이메일 주소 형식이 올바르지 않습니다" in html
    assert not Proposal.objects.exists()


def test_honeypot_saves_nothing(client: Client, db) -> None:
    response = client.post("/propose/", form_data(client, website="http://spam.example"), follow=True)
    assert response.status_code == 200
    assert not Proposal.objects.exists()
    assert "/status/" not in response.content.decode()


def test_thanks_page_without_a_submission_shows_no_link(client: Client, db) -> None:
    html = client.get("/propose/thanks/").content.decode()
    assert "/status/" not in html


def test_company_user_proposes_in_the_organisation_name(company_user, company, login) -> None:
    # given
    client = login(company_user)
    html = client.get("/propose/").content.decode()
    assert company.name in html
    # when: even a tampered organisation field is ignored
    client.post("/propose/", form_data(client, organisation="다른회사"))
    # then
    proposal = Proposal.objects.get()
    assert proposal.organisation == company
    assert proposal.moderation == Moderation.PENDING
    html = client.get("/company/").content.decode()
    assert TEXT in html and "검토 대기" in html
