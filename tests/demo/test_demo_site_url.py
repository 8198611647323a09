"""`sori demo --port N` writes status links that point at port N, not at the default 8000."""

from __future__ import annotations

import os

import pytest

from sori import cli


class _Stop(Exception):
    pass


def _site_url_seen_by_django(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> str | None:
    seen: dict[str, str | None] = {}

    def fake_setup() -> None:
        seen["url"] = os.environ.get("SORI_SITE_URL")
        raise _Stop

    monkeypatch.setattr(cli, "_setup_django", fake_setup)
    with pytest.raises(_Stop):
        cli.main(argv)
    return seen["url"]


def test_demo_on_another_port_links_to_that_port(monkeypatch: pytest.MonkeyPatch) -> None:
    # given: no site address configured (setenv first so the test leaves the environment as it was)
    monkeypatch.setenv("SORI_SITE_URL", "unset")
    monkeypatch.delenv("SORI_SITE_URL")

    # when / then: the demo on port 8123 makes Django see that address
    assert _site_url_seen_by_django(monkeypatch, ["demo", "--port", "8123", "--no-serve"]) == (
        "http://127.0.0.1:8123"
    )


def test_an_explicit_site_url_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SORI_SITE_URL", "https://sori.gwangju.example.kr")
    assert (
        _site_url_seen_by_django(monkeypatch, ["serve", "--port", "9000"])
        == "https://sori.gwangju.example.kr"
    )
