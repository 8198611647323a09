"""Korean first: an English browser still gets Korean until the visitor uses the switch."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_browser_preference_does_not_switch_the_language() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/")
    assert page.status_code == 200
    assert '<html lang="ko">' in page.content.decode()


def test_the_switch_does() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
