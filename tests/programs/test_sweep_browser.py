"""Every programme page in Chromium, as a company, staff and an administrator: no serious or critical axe-core
violation, nothing the content security policy blocks, no sideways scrolling at 375 px.

The pages are each named URL of ``programs:`` whose ids the world below has, opened by each role it answers
200: a new programme page is swept as soon as it is added, and a new kind of id fails until it is built here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sori.programs import services
from sori.programs.models import Application, Call, Program, ResourcePool, SelectionRun, UsageEntry
from sori.programs.months import add_months
from sori.programs.services import talent
from sori.programs.services.introductions import introduction_create
from sori.registry.models import Organisation, OrganisationKind

from ..e2e.test_accessibility_browser import _violations
from ..e2e.test_accessibility_sweep_browser import pages_as
from ..e2e.test_content_security_browser import violations, watch
from ..e2e.test_loop_browser import PHONE
from ..e2e.test_phone_and_print_browser import _sideways
from ..test_permissions import named_patterns
from .helpers import run_selection
from .test_simulator import COMPARISON
from .test_usage import _sacct

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = ("company", "staff", "admin")


@dataclass
class Programmes:
    users: dict[str, User]
    ids: dict[str, list[int]]  # each URL keyword → the objects its pages are opened for
    queries: list[tuple[str, str]]  # pages showing more with a query: ranked matches, a simulated comparison


@pytest.fixture
def programmes(
    staff: User,
    admin_user: User,
    company_user: User,
    company: Organisation,
    other_company: Organisation,
    program: Program,
    call: Call,
    apply: Callable[..., Application],
    scored: Callable[..., Application],
    award_for: Callable[..., Any],
    today: dt.date,
) -> Programmes:
    """A GPU programme with an open call and a past one, a talent cohort, a site and an introduction."""
    # The past call: selected, confirmed, an award held by the company, which asks to renew it.
    award = award_for(company, title="금형 불량 검출 고도화")
    confirmed = SelectionRun.objects.get(call=award.call)
    renewal = services.follow_up_submit(
        award=award, request_type="renewal", actor=company_user, months=6, summary="현장 2곳 확대 적용"
    )
    # Its usage: jobs in its first month, and a connection test the month before, kept apart for staff.
    day, before = award.start_month.replace(day=3), add_months(award.start_month, -1).replace(day=25)
    early = (
        f"5003|conntest|{award.slurm_account}|kimjh|h100|cpu=8,gres/gpu=1,node=1|01:00:00|"
        f"{before.isoformat()}T09:00:00|{before.isoformat()}T10:00:00|COMPLETED|0:0\n"
    )
    services.usage_import(
        program=program,
        filename="sacct.txt",
        data=_sacct(award.slurm_account, day.isoformat(), early),
        format="sacct",
        actor=staff,
    )
    # The open call: another firm's application scored and a run computed, then the company's awaiting staff.
    scored(apply(other_company, title="물류 수요 예측", amount=2), 75)
    computed = run_selection(call, staff)
    mine = apply(company)
    review = services.review_assign(application=mine, reviewer=staff, actor=staff)
    maker = Organisation.objects.create(
        name="㈜하남정밀", kind=OrganisationKind.ROOT_INDUSTRY, ai_needs="금형 불량 검출 자동화, 품질검사"
    )
    vision = Organisation.objects.create(
        name="빛고을비전㈜", kind=OrganisationKind.COMPANY, ai_capabilities="머신비전 품질검사, 불량 검출"
    )
    site = services.site_create(
        actor=staff,
        name="평동산단 스마트공장 실증장",
        kind="factory",
        owner=None,
        place="광주 광산구 평동",
        testable="제조 공정 불량 검출, 머신비전 품질검사 실증",
        available_from=today - dt.timedelta(days=30),
        available_until=today + dt.timedelta(days=365),
        capacity=1,
    )
    academy = services.program_create(name="AI사관학교", kind="talent", actor=staff)
    cohort = talent.cohort_create(
        name="AI사관학교 6기",
        seats=20,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=150),
        program=academy,
        actor=staff,
    )
    trainee = talent.trainee_select(
        trainee=talent.trainee_add(cohort=cohort, name="김하늘", actor=staff, applied_on=today),
        actor=staff,
        on=today,
    )
    talent.trainee_add(cohort=cohort, name="박서준", actor=staff, applied_on=today)
    need = talent.need_post(organisation=maker, kind="intern", title="비전 검사 인턴", actor=staff)
    # Introduced long ago and never moved on: flagged as stalled.
    introduction = introduction_create(
        manufacturer=maker,
        ai_firm=vision,
        actor=staff,
        introduced_on=today - dt.timedelta(days=60),
        note="대표 통화 연결",
    )
    return Programmes(
        users={"company": company_user, "staff": staff, "admin": admin_user},
        ids={
            "program_id": [program.id, academy.id],
            "call_id": [call.id, award.call_id],
            "application_id": [mine.id, renewal.id],
            "review_id": [review.id],
            "run_id": [confirmed.id, computed.id],
            "line_id": list(computed.lines.values_list("id", flat=True)[:1]),
            "award_id": [award.id],
            "pool_id": list(ResourcePool.objects.values_list("id", flat=True)),
            "site_id": [site.id],
            "cohort_id": [cohort.id],
            "trainee_id": [trainee.id],
            "need_id": [need.id],
            "introduction_id": [introduction.id],
            "organisation_id": [maker.id, vision.id],
            "entry_id": list(UsageEntry.objects.filter(review="flagged").values_list("id", flat=True)),
        },
        queries=[
            ("programs:matching", reverse("programs:matching") + f"?site={site.id}"),
            ("programs:matching", reverse("programs:matching") + f"?organisation={maker.id}"),
            ("programs:simulator", reverse("programs:simulator") + "?" + urlencode(COMPARISON)),
        ],
    )


def _paths(w: Programmes) -> list[tuple[str, str]]:
    """Return (URL name, path) for every programme URL and the world's objects; fail on ids it lacks."""
    paths, unbuilt = [], set()
    for name, pattern in named_patterns(("programs",)):
        keys = list(pattern.pattern.regex.groupindex)
        if not set(keys) <= w.ids.keys():
            unbuilt.add(name)
            continue
        paths += [
            (name, reverse(name, kwargs=dict(zip(keys, ids, strict=True))))
            for ids in product(*(w.ids[key] for key in keys))
        ]
    assert unbuilt == set(), "build the ids these pages take"
    return paths + w.queries


def _pairs(w: Programmes) -> list[tuple[str, str]]:
    """Return (role, path) for each programme page each role may open (200), role by role."""
    pairs, opened = [], set()
    for role in ROLES:
        client = Client()
        client.force_login(w.users[role])
        for name, path in _paths(w):
            if client.get(path).status_code == 200:
                pairs.append((role, path))
                opened.add(name)
    # Refusals and POST-only addresses are no pages; a list or detail page refused to all is a broken world.
    assert {name for name, _path in _paths(w) if name.endswith(("_list", "_detail"))} <= opened
    return pairs


def test_programme_pages_pass_axe_keep_the_content_security_policy_and_fit_a_phone(
    transactional_db: Any, live_server: Any, browser: Any, programmes: Programmes
) -> None:
    base = live_server.url
    found: list[str] = []
    visited: Counter[str] = Counter()
    # when: each role opens every programme page it may, wide for axe, then at phone width
    pairs = _pairs(programmes)
    for role, page in pages_as(browser, base, programmes.users, pairs, lambda page: watch(page, found)):
        visited[role] += 1
        found.extend(f"[{role}] {line}" for line in violations(page) + _violations(page))
        wide = page.viewport_size
        page.set_viewport_size(PHONE)
        if why := _sideways(page):
            found.append(f"[{role}] {page.url.removeprefix(base)}: {why}")
        page.set_viewport_size(wide)
    # then: companies saw their own pages, staff and administrators the rest, and nothing was found
    assert visited["company"] >= 5 and min(visited["staff"], visited["admin"]) >= 30
    assert found == [], "\n".join(found)
