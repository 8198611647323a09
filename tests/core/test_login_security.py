"""Logins and passwords resist guessing, sessions end, and production settings pass the deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

pytestmark = pytest.mark.django_db


def _try(client: Client, username: str, password: str) -> int:
    return client.post("/accounts/login/", {"username": username, "password": password}).status_code


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client: Client, make_user) -> None:
    user = make_user("officer-kim", None)
    user.set_password("긴-비밀번호-2025!")
    user.save()
    for _ in range(4):
        assert _try(client, "officer-kim", "wrong-password") == 200
    assert _try(client, "officer-kim", "wrong-password") == 429  # the fifth
    response = client.post("/accounts/login/", {"username": "officer-kim", "password": "긴-비밀번호-2025!"})
    assert response.status_code == 429
    assert "로그인이 잠시 잠겼습니다" in response.content.decode() and "15분" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked with it.
    other = make_user("officer-lee", None)
    other.set_password("또다른-비밀번호-77")
    other.save()
    assert _try(Client(), "officer-lee", "또다른-비밀번호-77") == 302


def test_a_right_password_before_the_limit_starts_the_count_again(client: Client, make_user) -> None:
    user = make_user("staff-park", None)
    user.set_password("긴-비밀번호-2025!")
    user.save()
    for _ in range(4):
        _try(client, "staff-park", "nope")
    assert _try(client, "staff-park", "긴-비밀번호-2025!") == 302
    fresh = Client()
    for _ in range(4):
        assert _try(fresh, "staff-park", "nope") == 200
    assert _try(fresh, "staff-park", "긴-비밀번호-2025!") == 302


@pytest.mark.parametrize("password", ["short1!", "staff-park", "1234567890123", "password123"])
def test_weak_passwords_are_refused(make_user, password: str) -> None:
    user = make_user("staff-park", None)
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_session_ends_after_an_hour_without_a_request_and_moves_on_with_use(
    login, staff, monkeypatch
) -> None:
    from sori.core import idle_sessions

    client = login(staff)
    client.get("/home/")
    first = client.session.get_expiry_date()
    assert 3500 < client.session.get_expiry_age() <= 3600
    # Used again ten minutes later, the session's end moves on by as much.
    later = time.time() + 600
    monkeypatch.setattr(idle_sessions, "time", SimpleNamespace(time=lambda: later))
    client.get("/home/")
    assert (client.session.get_expiry_date() - first).total_seconds() > 0
    assert client.session[idle_sessions.KEY] == int(later)


def test_production_settings_pass_the_deploy_checks() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sori.config.settings.prod",
        "SORI_SECRET_KEY": "k" * 20 + "-prod-check-" + "x9Z!q" * 10,
        "SORI_ALLOWED_HOSTS": "sori.example.kr",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
