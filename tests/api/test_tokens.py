"""API tokens: made on the user's page or with ``sori token``, shown once, kept as a hash, revoked at once."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.urls import reverse
from django.utils import timezone

from sori.api.models import ApiToken
from sori.cli import main
from sori.core.models import AuditRecord


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(login, officer):
    client = login(officer)
    page = client.post(
        reverse("tokens:list"), {"name": "부서 업무 시스템", "scope": "write", "days": "90"}, follow=True
    )
    assert page.redirect_chain == [(reverse("tokens:list"), 302)]  # reloading the page makes no second token
    assert "no-store" in page["Cache-Control"]
    token = ApiToken.objects.get(user=officer)
    secret = page.context["secret"]
    assert secret.startswith("sori_") and secret in page.content.decode()
    assert secret not in str(dict(client.session.items()))  # handed over once, then gone
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values_list()) and secret not in str(
        AuditRecord.objects.values_list()
    )
    # the list shows its name and first characters, never the token again
    again = client.get(reverse("tokens:list")).content.decode()
    assert "부서 업무 시스템" in again and token.prefix in again and secret not in again
    assert 89 <= (token.expires_at - timezone.now()).days <= 90


def test_a_revoked_or_expired_token_stops_working(login, api_client, staff):
    reader = api_client(staff, scope="read")
    assert reader.get("/api/demands").status_code == 200
    token = ApiToken.objects.get(user=staff)
    ApiToken.objects.filter(id=token.id).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert reader.get("/api/demands").status_code == 401
    ApiToken.objects.filter(id=token.id).update(expires_at=None)
    assert reader.get("/api/demands").status_code == 200
    login(staff).post(reverse("tokens:revoke", args=[token.id]))
    assert reader.get("/api/demands").status_code == 401
    assert AuditRecord.objects.filter(action="api.token_revoke").count() == 1


def test_a_token_of_a_deactivated_user_stops_working(api_client, staff):
    client = api_client(staff)
    staff.is_active = False
    staff.save()
    assert client.get("/api/demands").status_code == 401


def test_last_use_is_recorded(api_client, staff):
    client = api_client(staff)
    assert ApiToken.objects.get(user=staff).last_used_at is None
    client.get("/api/demands")
    assert ApiToken.objects.get(user=staff).last_used_at is not None


def test_nobody_revokes_another_users_token(login, api_client, staff, admin_user):
    api_client(staff)
    token = ApiToken.objects.get(user=staff)
    assert login(admin_user).post(reverse("tokens:revoke", args=[token.id])).status_code == 404
    assert ApiToken.objects.get(id=token.id).revoked_at is None


def test_a_token_name_is_required_and_says_so(login, staff):
    page = login(staff).post(reverse("tokens:list"), {"name": " ", "scope": "read", "days": "30"})
    assert ApiToken.objects.count() == 0
    assert "이름" in page.content.decode() and page.context["secret"] == ""


def test_sori_token_create_prints_a_working_token_once(staff, capsys, client):
    assert (
        main(["token", "create", "--user", "staff", "--name", "그룹웨어", "--scope", "read", "--days", "30"])
        == 0
    )
    secret = capsys.readouterr().out.strip()
    assert client.get("/api/demands", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert main(["token", "list"]) == 0
    listed = capsys.readouterr().out
    assert "그룹웨어" in listed and secret not in listed
    token = ApiToken.objects.get()
    assert main(["token", "revoke", str(token.id)]) == 0
    assert client.get("/api/demands", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_sori_token_create_refuses_an_unknown_user(db, capsys):
    assert main(["token", "create", "--user", "nobody", "--name", "x"]) == 2
    assert "nobody" in capsys.readouterr().err
