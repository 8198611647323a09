"""The public can find out who runs Sori and how their personal data is handled, from every page's footer."""

from __future__ import annotations

import html

from django.test import Client
from django.urls import reverse


def _text(client: Client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_contact_page_names_the_office_from_the_settings(client: Client, settings, db) -> None:
    settings.SORI_CONTACT_NAME = "광주광역시의회 AI특위 사무국"
    settings.SORI_CONTACT_EMAIL = "ai-committee@gwangju.example.kr"
    settings.SORI_CONTACT_PHONE = "062-613-5000"
    text = _text(client, "public:contact")
    assert "소리는 광주광역시의회 AI특위 사무국이(가) 운영합니다." in text
    assert "mailto:ai-committee@gwangju.example.kr" in text and "tel:062-613-5000" in text


def test_the_privacy_policy_says_what_is_kept_how_long_and_whom_to_ask(client: Client, settings, db) -> None:
    settings.SORI_PRIVACY_OFFICER = "사무국장 김정보"
    settings.SORI_CONTACT_RETENTION_DAYS = 730
    settings.SORI_PRIVACY_POLICY_DATE = "2026. 1. 1."
    text = _text(client, "public:privacy")
    assert "개인정보처리방침" in text and "「개인정보 보호법」 제30조" in text
    assert "2년이 지나면 지체 없이 파기" in text  # the same period the erasure job uses
    assert "사무국장 김정보" in text and "2026. 1. 1.부터 적용합니다." in text


def test_every_page_links_to_both_and_the_proposal_form_to_the_policy(client: Client, db) -> None:
    for name in ("public:tracker", "public:propose", "login"):
        page = client.get(reverse(name)).content.decode()
        assert reverse("public:contact") in page and reverse("public:privacy") in page, name
    # and the consent notice on the proposal form points to the whole policy
    propose = client.get(reverse("public:propose")).content.decode()
    assert propose.count(f'href="{reverse("public:privacy")}"') == 2
