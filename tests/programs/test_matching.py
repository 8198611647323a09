"""The matching page: firms ranked for a site and for a need, with explanations and hard constraints."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from sori.programs import services
from sori.programs.models import SitePlacement
from sori.registry.models import Organisation, OrganisationKind


def _world(staff):
    vision = Organisation.objects.create(
        name="빛고을비전㈜",
        kind=OrganisationKind.COMPANY,
        ai_capabilities="머신비전 품질검사, 불량 검출 딥러닝",
    )
    Organisation.objects.create(
        name="㈜말결", kind=OrganisationKind.COMPANY, ai_capabilities="한국어 대화형 AI 챗봇, 음성 인식"
    )
    maker = Organisation.objects.create(
        name="㈜하남정밀",
        kind=OrganisationKind.ROOT_INDUSTRY,
        ai_needs="금형 불량 검출 자동화, 품질검사 데이터",
    )
    today = dt.date.today()
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
    return vision, maker, site


def test_matching_ranks_firms_for_a_site_and_a_need_with_shared_keywords(login, staff):
    _vision, maker, site = _world(staff)
    client = login(staff)
    body = client.get(reverse("programs:matching"), {"site": site.id}).content.decode()
    assert body.index("빛고을비전㈜") < body.index("㈜말결")
    assert 'class="kw"' in body and "빈자리 1/1" in body
    body = client.get(reverse("programs:matching"), {"organisation": maker.id}).content.decode()
    assert "역량이 맞는 AI기업" in body and "빛고을비전㈜" in body
    assert "평동산단 스마트공장 실증장" in body


def test_site_capacity_and_availability_are_hard_constraints(login, staff):
    vision, maker, site = _world(staff)
    client = login(staff)
    today = dt.date.today()
    period = {"starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days=60)).isoformat()}
    client.post(reverse("programs:site_place", args=[site.id]), {"organisation": vision.id, **period})
    assert SitePlacement.objects.count() == 1
    body = client.get(reverse("programs:matching"), {"site": site.id, **period}).content.decode()
    assert "빈자리 0/1" in body and "check-no" in body
    response = client.post(
        reverse("programs:site_place", args=[site.id]), {"organisation": maker.id, **period}, follow=True
    )
    assert "빈자리가 없습니다" in response.content.decode()
    late = {
        "starts_on": (today + dt.timedelta(days=400)).isoformat(),
        "ends_on": (today + dt.timedelta(days=430)).isoformat(),
    }
    response = client.post(
        reverse("programs:site_place", args=[site.id]), {"organisation": maker.id, **late}, follow=True
    )
    assert "이용 가능 기간을 벗어납니다" in response.content.decode()
    assert SitePlacement.objects.count() == 1
