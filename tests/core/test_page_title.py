"""The browser tab names the page, then the site: "할 일 · 소리"."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_a_page_with_a_title_shows_it_before_the_site_name(login: Any, staff: Any) -> None:
    html = login(staff).get(reverse("home:home")).content.decode()
    assert _title(html) == "할 일 · 소리"


def test_the_public_tracker_names_itself_too(client: Any) -> None:
    title = _title(client.get(reverse("public:tracker")).content.decode())
    assert title.endswith(" · 소리") and len(title) > len(" · 소리")
