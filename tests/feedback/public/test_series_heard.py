"""The public "what we heard" page: a series' proposals on the map of the voices, without personal data."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import sori.text
from sori.voices import services
from sori.voices.models import ProposalVector, VoiceMap

from .conftest import World

pytestmark = pytest.mark.django_db

UNPUBLISHED_TITLE = "내부 검토용: 조용한 회사의 실증 요청"


@pytest.fixture
def heard(world: World, staff: Any, meeting: Any) -> World:
    """Add a waiting proposal and an unpublished demand to the series, then encode every proposal once."""
    quiet = services.proposal_record(
        text="실증 공간 제공형 사업의 문턱을 낮춰 주세요",
        actor=staff,
        organisation=world.shy_company,
        engagement=meeting,
    )
    services.demand_create(title=UNPUBLISHED_TITLE, proposal_ids=[quiet.id], actor=staff)
    services.proposal_record(text="AI 교육 과정을 늘려 주세요", actor=staff, engagement=meeting)
    call_command("proposal_vectors", verbosity=0)
    return world


def url(world: World, meeting: Any) -> str:
    return reverse("public:series_heard", args=[meeting.series_id])


def test_the_map_shows_the_series_without_personal_data(
    client: Client, heard: World, meeting: Any, private_strings: list[str], monkeypatch: Any
) -> None:
    # given: a page may never encode
    monkeypatch.setattr(sori.text, "encode", lambda texts: pytest.fail("a public page encoded text"))

    html = client.get(url(heard, meeting)).content.decode()

    # then: one point per accepted proposal of the series (the citizen's web proposal is in no series)
    assert html.count('class="vm-point') == 4
    # the published demand names its group, the consenting company is named
    assert heard.demand.title in html and "㈜아이티앱스" in html
    # and nothing private: no person, e-mail, phone, unconsenting company, proposal words or unpublished title
    for secret in [*private_strings, UNPUBLISHED_TITLE, "실증 공간 제공형", "AI 교육 과정을 늘려"]:
        assert secret not in html, secret
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", html)
    assert "비공개 기관" in html and "개인" in html
    # the caption says what the map shows
    assert "뜻이 비슷한 제안일수록 가까이" in html


def test_the_layout_is_kept_so_points_do_not_move(
    client: Client, heard: World, meeting: Any, staff: Any
) -> None:
    first = client.get(url(heard, meeting)).content.decode()
    assert VoiceMap.objects.filter(key=f"series:{meeting.series_id}").count() == 1
    pattern = r'cx="([\d.]+)" cy="([\d.]+)" r="6" tabindex="0" role="button" data-id="(\d+)"'
    points = re.findall(pattern, first)
    assert len(points) == 4

    # when: another proposal of the series is encoded and the page is drawn again
    services.proposal_record(text="GPU 신청 대기 시간을 줄여 주세요", actor=staff, engagement=meeting)
    call_command("proposal_vectors", verbosity=0)
    second = client.get(url(heard, meeting)).content.decode()

    # then: the earlier points stay where they were
    assert second.count('class="vm-point') == 5
    assert all(
        f'cx="{x}" cy="{y}" r="6" tabindex="0" role="button" data-id="{i}"' in second for x, y, i in points
    )


def test_proposals_without_a_vector_are_counted_not_encoded(
    client: Client, world: World, meeting: Any, monkeypatch: Any
) -> None:
    assert not ProposalVector.objects.exists()
    monkeypatch.setattr(sori.text, "encode", lambda texts: pytest.fail("a public page encoded text"))
    html = client.get(reverse("public:series_heard", args=[meeting.series_id])).content.decode()
    assert 'class="vm-point' not in html and "아직 의미 벡터가 없어" in html


def test_an_unknown_series_is_404(client: Client, db: Any) -> None:
    assert client.get(reverse("public:series_heard", args=[999])).status_code == 404


def test_the_tracker_links_each_series_map(client: Client, heard: World, meeting: Any) -> None:
    html = client.get(reverse("public:tracker")).content.decode()
    assert reverse("public:series_heard", args=[meeting.series_id]) in html
