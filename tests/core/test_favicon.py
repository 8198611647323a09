"""Every page names Sori's own icon, so browsers stop asking for a missing /favicon.ico on each visit."""

from __future__ import annotations

import re

from django.test import Client


def test_pages_link_an_icon_that_is_served(db) -> None:
    page = Client().get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon, "the page names an icon"
    response = Client().get(icon.group(1))
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content if response.streaming else [response.content])
