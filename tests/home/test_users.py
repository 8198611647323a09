"""Users in Sori: an administrator creates an account on one page, its owner sets a password from a link.

Nobody is deleted (accounts are deactivated), nobody but an administrator opens these pages, and "비밀번호를
잊으셨나요?" answers the same whether or not the address has an account.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from sori.core.models import AuditRecord, Profile
from sori.core.roles import Role
from sori.core.user_services import DEPARTMENT_KINDS, INTERNAL_KINDS, user_password_set, user_set_active
from sori.feedback.models import MessageKind, OutboxMessage
from sori.home.users_services import user_invite
from sori.registry.models import INTERNAL_KINDS as REGISTRY_INTERNAL
from sori.registry.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "gwangju-ai-policy-2025"
LINK = re.compile(r"https?://[^\s]+/accounts/password/set/[^\s]+/")


def _officer_form(dept: Organisation, /, **extra: str) -> dict[str, str]:
    return {
        "name": "이담당",
        "username": "lee.ai",
        "email": "lee.ai@gwangju.go.kr",
        "role": "officer",
        "department": dept.name,
        "submission_key": "k-user-1",
        **extra,
    }


def _link_path(message: OutboxMessage) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return "/" + found.group(0).split("/", 3)[3]


def _set_password(path: str, password: str = NEW_PASSWORD) -> Any:
    """Open the link in a fresh browser session and choose a password; return the last response."""
    client = Client()
    opened = client.get(path)
    assert opened.status_code == 302  # the token leaves the address before the form shows
    form_page = client.get(opened["Location"])
    assert "비밀번호 정하기" in form_page.content.decode()
    return client.post(
        opened["Location"], {"new_password1": password, "new_password2": password}, follow=True
    )


def _main(response: Any) -> str:
    """Return the page's main part (the header carries a per-session form token)."""
    found = re.search(r"<main.*</main>", response.content.decode(), re.S)
    assert found
    return found.group(0)


def _log_in(username: str, password: str = NEW_PASSWORD) -> Any:
    return Client().post("/accounts/login/", {"username": username, "password": password})


def test_an_officer_created_on_one_page_sets_a_password_from_the_mailed_link_and_logs_in(
    login: Callable[[User], Client],
    admin_user: User,
    department: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: an administrator fills in the one form: name, username, e-mail, role, department by its name
    client = login(admin_user)
    page = client.get("/staff/users/new/").content.decode()
    assert f'<option value="{department.name}">' in page  # the department is suggested as one types

    # when: they save it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/users/new/", _officer_form(department), follow=True)

    # then: the account exists with its department and no password yet, and a mail with a link went out
    user = User.objects.get(username="lee.ai")
    assert (user.first_name, user.profile.role, user.profile.organisation) == (
        "이담당",
        Role.OFFICER,
        department,
    )
    assert not user.has_usable_password()
    text = response.content.decode()
    assert "lee.ai@gwangju.go.kr로 비밀번호 설정 링크를 보냈습니다" in text and "3일" in text
    message = OutboxMessage.objects.get(kind=MessageKind.ACCOUNT)
    assert message.to == "lee.ai@gwangju.go.kr" and "비밀번호를 정해 주세요" in message.subject
    assert "3일 동안" in message.body and "lee.ai" in message.body
    assert [m.to for m in mail.outbox] == [["lee.ai@gwangju.go.kr"]]

    # when: the officer opens the link, chooses a password and logs in with it
    done = _set_password(_link_path(message))
    assert "비밀번호를 정했습니다" in done.content.decode()
    logged_in = _log_in("lee.ai")

    # then: they reach their department's inbox
    assert logged_in.status_code == 302 and logged_in["Location"] == "/home/"
    assert {r.action for r in AuditRecord.objects.filter(target=f"auth.user:{user.pk}")} == {
        "user.create",
        "user.password_link",
        "user.password_set",
    }
    # and: the link is spent
    assert "이 링크는 쓸 수 없습니다" in Client().get(_link_path(message), follow=True).content.decode()


def test_the_same_form_posted_twice_makes_one_account_and_one_mail(
    login: Callable[[User], Client], admin_user: User, department: Organisation
) -> None:
    client = login(admin_user)
    client.post("/staff/users/new/", _officer_form(department))
    client.post("/staff/users/new/", _officer_form(department))
    assert User.objects.filter(username="lee.ai").count() == 1
    assert OutboxMessage.objects.filter(kind=MessageKind.ACCOUNT).count() == 1


def test_the_form_says_what_is_missing_for_each_role(
    login: Callable[[User], Client], admin_user: User, department: Organisation, company: Organisation
) -> None:
    client = login(admin_user)
    no_department = client.post("/staff/users/new/", _officer_form(department, department=""))
    assert no_department.status_code == 400
    assert "소관부서 담당자는 소관부서를 골라야 합니다" in no_department.content.decode()

    not_a_department = client.post("/staff/users/new/", _officer_form(department, department=company.name))
    assert "목록에서 찾을 수 없습니다" in not_a_department.content.decode()

    company_in_a_department = client.post(
        "/staff/users/new/", _officer_form(department, role="company", organisation=department.name)
    )
    assert "목록에서 찾을 수 없습니다" in company_in_a_department.content.decode()

    taken = client.post(
        "/staff/users/new/", _officer_form(department, username="ADMIN", email="admin@example.kr")
    )
    text = taken.content.decode()
    assert "이미 쓰는 아이디입니다" in text and "다른 계정이 쓰고 있습니다" in text
    assert not User.objects.filter(first_name="이담당").exists()
    assert not OutboxMessage.objects.exists()


def test_a_company_user_is_found_by_a_spelling_of_the_company_name(
    login: Callable[[User], Client], admin_user: User, company: Organisation
) -> None:
    # given: the company is registered as "㈜아이티앱스"; the administrator types "(주)아이티앱스"
    form = {
        "name": "조대표",
        "username": "cho",
        "email": "cho@itapps.example.kr",
        "role": "company",
        "organisation": "(주)아이티앱스",
        "department": "",
    }
    response = login(admin_user).post("/staff/users/new/", form)
    assert response.status_code == 302
    assert User.objects.get(username="cho").profile.organisation == company


def test_an_administrator_changes_the_role_and_department(
    login: Callable[[User], Client],
    admin_user: User,
    officer: User,
    other_department: Organisation,
) -> None:
    client = login(admin_user)
    page = client.get(f"/staff/users/{officer.pk}/").content.decode()
    assert 'value="광주광역시 인공지능산업과"' in page

    moved = client.post(
        f"/staff/users/{officer.pk}/",
        {"name": "김담당", "email": officer.email, "role": "officer", "department": other_department.name},
        follow=True,
    )
    assert "사용자 정보를 저장했습니다" in moved.content.decode()
    assert Profile.objects.get(user=officer).organisation == other_department
    trail = moved.content.decode()
    assert "소속 기관·부서" in trail and "광주광역시 기업육성과" in trail

    # when: the officer becomes staff, they act for no department any more
    client.post(f"/staff/users/{officer.pk}/", {"name": "김담당", "email": officer.email, "role": "staff"})
    profile = Profile.objects.get(user=officer)
    assert (profile.role, profile.organisation) == (Role.STAFF, None)

    # and: an administrator cannot change their own role
    own = client.post(
        f"/staff/users/{admin_user.pk}/", {"name": "관리자", "email": admin_user.email, "role": "staff"}
    )
    assert "자기 역할은 바꿀 수 없습니다" in own.content.decode()
    assert User.objects.get(pk=admin_user.pk).is_superuser


def test_a_deactivated_user_cannot_log_in_and_their_session_ends(
    login: Callable[[User], Client], admin_user: User, officer: User
) -> None:
    # given: the officer is logged in
    officers_browser = login(officer)
    assert officers_browser.get("/staff/inbox/").status_code == 200
    client = login(admin_user)

    # when: the administrator confirms the deactivation
    confirm = client.get(f"/staff/users/{officer.pk}/deactivate/").content.decode()
    assert "비활성화할까요?" in confirm and "기록과 답변은 그대로 남고" in confirm
    done = client.post(f"/staff/users/{officer.pk}/deactivate/", follow=True).content.decode()

    # then: the account is kept, inactive; the password no longer logs in and the open session is over
    assert "비활성화했습니다" in done
    assert User.objects.filter(pk=officer.pk, is_active=False).exists()
    refused = _log_in("officer", "correct-horse-battery")
    assert refused.status_code == 200 and "아이디 또는 비밀번호가 맞지 않습니다" in refused.content.decode()
    assert officers_browser.get("/staff/inbox/").status_code == 302
    assert AuditRecord.objects.filter(action="user.deactivate", target=f"auth.user:{officer.pk}").exists()

    # and: reactivated, they log in again
    client.post(f"/staff/users/{officer.pk}/reactivate/")
    assert _log_in("officer", "correct-horse-battery").status_code == 302


def test_an_administrator_cannot_deactivate_themself(
    login: Callable[[User], Client], admin_user: User
) -> None:
    client = login(admin_user)
    assert (
        "자기 계정은 비활성화할 수 없습니다"
        in client.get(f"/staff/users/{admin_user.pk}/deactivate/").content.decode()
    )
    response = client.post(f"/staff/users/{admin_user.pk}/deactivate/", follow=True)
    assert "자기 계정은 비활성화할 수 없습니다" in response.content.decode()
    assert User.objects.get(pk=admin_user.pk).is_active


@pytest.mark.parametrize("role", ["staff", "officer", "company_user"])
def test_only_administrators_manage_users(
    request: pytest.FixtureRequest, login: Callable[[User], Client], role: str, department: Organisation
) -> None:
    client = login(request.getfixturevalue(role))
    assert client.get("/staff/users/").status_code == 403
    assert client.get("/staff/users/new/").status_code == 403
    assert client.post("/staff/users/new/", _officer_form(department)).status_code == 403
    assert not User.objects.filter(username="lee.ai").exists()
    assert "/staff/users/" not in client.get("/").content.decode()  # nor is it in their menu


def test_the_list_searches_names_usernames_and_e_mail_and_filters_by_role_and_state(
    login: Callable[[User], Client], admin_user: User, officer: User, staff: User, company_user: User
) -> None:
    user_set_active(user=staff, active=False, actor=admin_user)
    client = login(admin_user)

    def names(query: str) -> list[str]:
        html = client.get(f"/staff/users/?{query}").content.decode()
        return re.findall(r'<td class="small">([^<]+)</td>\s*<td class="small">[^<]*@', html)

    assert names("q=example.kr&role=officer") == ["officer"]
    assert names("q=COMP") == ["company"]
    assert names("active=no") == ["staff"]
    assert names("role=admin") == ["admin"]
    assert "관리" in client.get("/staff/users/").content.decode()  # the administrator's menu group


def test_forgot_password_answers_the_same_for_an_unknown_address(
    officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given: the officer's address and one nobody has
    known, unknown = Client(), Client()

    # when: both are asked for
    with django_capture_on_commit_callbacks(execute=True):
        a = known.post("/accounts/password/forgot/", {"email": "OFFICER@example.kr"}, follow=True)
        b = unknown.post("/accounts/password/forgot/", {"email": "nobody@example.kr"}, follow=True)

    # then: the pages read the same, and only the account's owner got a link
    assert a.redirect_chain == b.redirect_chain == [("/accounts/password/forgot/sent/", 302)]
    assert _main(a) == _main(b)
    message = OutboxMessage.objects.get(kind=MessageKind.ACCOUNT)
    assert message.to == "officer@example.kr" and "다시 정하고 싶다는 요청" in message.body

    # and: asking again at once sends nothing more (the page still says the same)
    again = Client().post("/accounts/password/forgot/", {"email": "officer@example.kr"}, follow=True)
    assert _main(again) == _main(a)
    assert OutboxMessage.objects.filter(kind=MessageKind.ACCOUNT).count() == 1

    # and: the link sets a new password the officer logs in with
    _set_password(_link_path(message))
    assert _log_in("officer").status_code == 302


def test_a_deactivated_accounts_link_stops_working(admin_user: User, department: Organisation) -> None:
    user = user_invite(
        name="이담당",
        username="lee.ai",
        email="lee.ai@gwangju.go.kr",
        role=Role.OFFICER,
        organisation=department,
        actor=admin_user,
    )
    path = _link_path(OutboxMessage.objects.get())
    user_set_active(user=user, active=False, actor=admin_user)
    assert "이 링크는 쓸 수 없습니다" in Client().get(path).content.decode()


def test_a_weak_password_is_refused_in_korean(admin_user: User, department: Organisation) -> None:
    user_invite(
        name="이담당",
        username="lee.ai",
        email="lee.ai@gwangju.go.kr",
        role=Role.OFFICER,
        organisation=department,
        actor=admin_user,
    )
    response = _set_password(_link_path(OutboxMessage.objects.get()), "12345678")
    assert response.status_code == 200 and "비밀번호" in response.content.decode()
    assert not User.objects.get(username="lee.ai").has_usable_password()


def test_the_login_page_says_who_logs_in_and_offers_a_new_password() -> None:
    html = Client().get("/accounts/login/").content.decode()
    assert "위원회·시 직원과 기업 사용자 로그인" in html
    assert 'href="/accounts/password/forgot/"' in html and "비밀번호를 잊으셨나요?" in html


def test_a_link_lasts_three_days_and_the_kinds_match_the_registry(officer: User) -> None:
    link_seconds = settings.PASSWORD_RESET_TIMEOUT
    assert link_seconds == dt.timedelta(days=3).total_seconds()
    departments, internal = {OrganisationKind.DEPARTMENT}, set(REGISTRY_INTERNAL)
    assert departments == DEPARTMENT_KINDS
    assert internal == INTERNAL_KINDS
    user_password_set(user=officer, password=NEW_PASSWORD)
    assert _log_in("officer").status_code == 302
