"""The account page "알림": choosing immediate notices or one digest a day, audited."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from sori.core.models import AuditRecord, NoticeMode, Profile
from sori.core.roles import Role
from sori.core.user_services import notice_mode_set

URL = "/accounts/notices/"


def test_an_officer_chooses_the_daily_digest_and_the_change_is_audited(officer, login) -> None:
    client = login(officer)
    # given the page, reached from the account navigation, showing the default
    page = client.get("/accounts/otp/").content.decode()
    assert f'href="{URL}"' in page
    page = client.get(URL).content.decode()
    assert "즉시" in page and "하루 한 번 모아서" in page
    assert re.search(r'value="immediate"[^>]*checked', page)

    # when the officer chooses the digest
    response = client.post(URL, {"mode": NoticeMode.DIGEST}, follow=True)

    # then it is saved, said, and recorded with before and after
    assert response.status_code == 200
    assert "8시에 모아서" in response.content.decode()
    assert Profile.objects.get(user=officer).notice_mode == NoticeMode.DIGEST
    record = AuditRecord.objects.get(action="user.notice_mode")
    assert record.actor == officer
    assert (record.before, record.after) == ({"notice_mode": "immediate"}, {"notice_mode": "digest"})


def test_choosing_the_same_again_records_nothing(officer, login) -> None:
    client = login(officer)
    client.post(URL, {"mode": NoticeMode.DIGEST})
    client.post(URL, {"mode": NoticeMode.DIGEST})
    assert AuditRecord.objects.filter(action="user.notice_mode").count() == 1


def test_an_unknown_choice_is_refused_and_changes_nothing(officer, login) -> None:
    response = login(officer).post(URL, {"mode": "hourly"})
    assert response.status_code == 400
    assert Profile.objects.get(user=officer).notice_mode == NoticeMode.IMMEDIATE
    assert not AuditRecord.objects.filter(action="user.notice_mode").exists()


def test_an_administrator_without_a_profile_may_choose(admin_user, login) -> None:
    assert login(admin_user).post(URL, {"mode": NoticeMode.DIGEST}).status_code == 302
    profile = Profile.objects.get(user=admin_user)
    assert (profile.role, profile.notice_mode) == (Role.ADMIN, NoticeMode.DIGEST)


def test_company_users_have_no_such_page_and_cannot_be_set(company_user, login) -> None:
    client = login(company_user)
    assert client.get(URL).status_code == 403
    assert URL not in client.get("/accounts/otp/").content.decode()
    with pytest.raises(ValidationError):
        notice_mode_set(user=company_user, mode=NoticeMode.DIGEST, actor=company_user)
    assert Profile.objects.get(user=company_user).notice_mode == NoticeMode.IMMEDIATE


def test_nobody_sets_another_persons_choice(officer, staff) -> None:
    with pytest.raises(ValidationError):
        notice_mode_set(user=officer, mode=NoticeMode.DIGEST, actor=staff)
