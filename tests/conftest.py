"""Shared fixtures: every role's user and a small world built through Sori's own services."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone, translation

from sori.core.models import Profile
from sori.core.roles import Role
from sori.engagement.models import Engagement, Series
from sori.registry import services as registry_services
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices.models import Theme

PASSWORD = "correct-horse-battery"

# Browser tests anywhere in the suite share one Chromium per worker: Playwright's sync API cannot start a
# second instance in a thread where one is already running.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _site_language_after_each_test() -> Iterator[None]:
    """A request made in English leaves its thread in English; the next test starts in the site's language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _own_media_folder(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test keeps uploaded files in a folder of its own: the database rolls back, files would stay."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


def chromium_path() -> str | None:
    return os.environ.get("SORI_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        if os.environ.get("SORI_REQUIRE_BROWSER") == "1":
            pytest.fail(
                "Chromium is required (SORI_REQUIRE_BROWSER=1) but was not found: apt-get install chromium"
            )
        pytest.skip("Chromium not installed: apt-get install chromium (Debian) to run browser tests")
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do: saving proposals encodes them (the first time loads the encoder),
    # which on a busy 2-core machine can take longer than expect()'s default 5 s.
    expect.set_options(timeout=15_000)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1200, "height": 900}
    )
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(username: str, role: Role | None, organisation: Organisation | None = None) -> User:
        if role == Role.ADMIN:
            return User.objects.create_superuser(username, f"{username}@example.kr", PASSWORD)
        user = User.objects.create_user(username, f"{username}@example.kr", PASSWORD)
        if role is not None:
            Profile.objects.create(user=user, role=role, organisation=organisation)
        return user

    return make


@pytest.fixture
def department(db: Any) -> Organisation:
    return Organisation.objects.create(name="광주광역시 인공지능산업과", kind=OrganisationKind.DEPARTMENT)


@pytest.fixture
def other_department(db: Any) -> Organisation:
    return Organisation.objects.create(name="광주광역시 기업육성과", kind=OrganisationKind.DEPARTMENT)


@pytest.fixture
def company(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="㈜아이티앱스",
        kind=OrganisationKind.COMPANY,
        email="contact@itapps.example.kr",
        public_name_consent=True,
    )


@pytest.fixture
def shy_company(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="㈜조용한AI", kind=OrganisationKind.COMPANY, public_name_consent=False
    )


@pytest.fixture
def proposer(company: Organisation) -> Person:
    return Person.objects.create(
        name="조춘호", organisation=company, role="대표", email="cho@itapps.example.kr", contact_consent=True
    )


@pytest.fixture
def staff(make_user: Callable[..., User]) -> User:
    return make_user("staff", Role.STAFF)


@pytest.fixture
def officer(make_user: Callable[..., User], department: Organisation) -> User:
    return make_user("officer", Role.OFFICER, department)


@pytest.fixture
def other_officer(make_user: Callable[..., User], other_department: Organisation) -> User:
    return make_user("officer2", Role.OFFICER, other_department)


@pytest.fixture
def company_user(make_user: Callable[..., User], company: Organisation) -> User:
    return make_user("company", Role.COMPANY, company)


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user("admin", Role.ADMIN)


@pytest.fixture
def login() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def theme(db: Any) -> Theme:
    return Theme.objects.create(code="compute", name="컴퓨팅·GPU")


@pytest.fixture
def answered_demand(
    staff: User, officer: User, meeting: Any, department: Organisation, proposer: Any, theme: Theme
) -> Any:
    """A demand asked for at the meeting, assigned and answered 중장기 검토, through the services."""
    from sori.policy.models import ReasonCode
    from sori.policy.services import disposition_decide
    from sori.voices import services
    from sori.voices.outcomes import Outcome

    proposal = services.proposal_record(
        text="GPU 사용기간을 12개월로 늘려 주세요", actor=staff, person=proposer, engagement=meeting
    )
    demand = services.demand_create(title="GPU 12개월", proposal_ids=[proposal.id], actor=staff, theme=theme)
    services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.LONG_TERM,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="국가 지침 사항입니다.",
        limits="시가 직접 바꿀 수 없습니다.",
    )
    return demand


@pytest.fixture
def series(db: Any) -> Series:
    return Series.objects.create(title="2025 AI기업 조찬간담회")


@pytest.fixture
def meeting(series: Series) -> Engagement:
    return Engagement.objects.create(
        series=series,
        round=1,
        title="제1차 AI기업 조찬간담회",
        starts_at=timezone.make_aware(dt.datetime(2025, 11, 11, 7, 30)),
        place="광주광역시의회 대회의실",
        attendee_count=70,
    )


@pytest.fixture
def city(db: Any) -> Organisation:
    return Organisation.objects.create(name="광주광역시 투자유치과", kind=OrganisationKind.DEPARTMENT)


@pytest.fixture
def firm(db: Any, staff: Any) -> Organisation:
    return registry_services.organisation_create(
        name="㈜솔트룩스",
        actor=staff,
        kind=OrganisationKind.COMPANY,
        strategic_field="culture",
        origin="relocated",
        business_number="123-45-67890",
    )


@pytest.fixture
def mou(city: Organisation, firm: Organisation, staff: Any) -> Any:
    return registry_services.mou_create(
        title="솔트룩스 광주 AI 사업 업무협약",
        signed_on=dt.date(2020, 3, 2),
        parties=[city, firm],
        actor=staff,
    )


@pytest.fixture
def api_client(db: Any) -> Callable[..., Client]:
    """A client that calls the JSON API with a fresh token of ``user`` (no token for None)."""

    def make(user: User | None, scope: str = "write") -> Client:
        from sori.api.tokens import token_create

        if user is None:
            return Client()
        _token, secret = token_create(user=user, name="테스트 연동", scope=scope, days=30, actor=user)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make
