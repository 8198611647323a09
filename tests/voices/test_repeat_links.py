"""Repeat demands: staff link a demand to earlier demands asking the same; the history follows the links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sori.core import audit
from sori.core.models import AuditRecord
from sori.engagement.models import Engagement, Series
from sori.registry.models import Organisation, OrganisationKind
from sori.voices import services, text_index
from sori.voices.models import Demand, RepeatLink, RepeatStatus
from sori.voices.repeats import asked_before, asked_before_many


@dataclass
class History:
    """The data regulation-free zone, asked in 2020, again in 2025 and again in 2026."""

    y2020: Demand
    y2025: Demand
    y2026: Demand
    other: Demand


@pytest.fixture(autouse=True)
def _fresh_indexes() -> Iterator[None]:
    text_index.clear()
    yield
    text_index.clear()


def _said(staff: User, text: str, meeting: Engagement, title: str) -> Demand:
    org = Organisation.objects.get_or_create(name="㈜데이터랩", kind=OrganisationKind.COMPANY)[0]
    proposal = services.proposal_record(
        text=text, actor=staff, organisation=org, engagement=meeting, received_at=meeting.starts_at
    )
    return services.demand_create(title=title, proposal_ids=[proposal.id], actor=staff)


def _meeting(series: str, year: int, round_: int = 1) -> Engagement:
    return Engagement.objects.create(
        series=Series.objects.get_or_create(title=series)[0],
        round=round_,
        title=f"{series} 제{round_}차",
        starts_at=timezone.make_aware(dt.datetime(year, 6, 2, 14, 0)),
    )


@pytest.fixture
def history(staff: User) -> History:
    committee = _meeting("인공지능 중심도시 광주 만들기 추진위원회", 2020, 4)
    breakfast = _meeting("2025 AI기업 조찬간담회", 2025)
    special = _meeting("2026 인공지능실증도시특별위원회", 2026)
    return History(
        y2020=_said(staff, "데이터 규제자유특구를 지정해 주세요", committee, "데이터 규제자유특구 지정"),
        y2025=_said(
            staff, "데이터 규제자유지역 지정을 다시 요청합니다", breakfast, "데이터 규제자유지역 지정"
        ),
        y2026=_said(staff, "데이터 규제특례 지역이 필요합니다", special, "데이터 규제자유특구 재추진"),
        other=_said(staff, "AI사관학교 수료생을 연계해 주세요", breakfast, "AI사관학교 인재 연계"),
    )


# --- services ----------------------------------------------------------------------------------------------


def test_history_follows_links_oldest_first_with_rounds_and_first_year(staff: User, history: History) -> None:
    # given: 2026 repeats 2025, which repeats 2020
    services.repeat_confirm(demand=history.y2026, earlier=history.y2025, actor=staff, score=0.61)
    services.repeat_confirm(demand=history.y2025, earlier=history.y2020, actor=staff)

    # when
    found = asked_before(history.y2026)

    # then: both earlier demands, oldest first, with their year and series
    assert [e.demand.id for e in found.earlier] == [history.y2020.id, history.y2025.id]
    assert [e.year for e in found.earlier] == [2020, 2025]
    assert found.earlier[0].series == ("인공지능 중심도시 광주 만들기 추진위원회",)
    # only the 2025 link is this demand's own (the one its page can undo)
    assert [e.direct for e in found.earlier] == [False, True]
    assert (found.rounds, found.first_year, found.rounds_label) == (3, 2020, "3회 (2020년부터)")
    assert found.years_label == "2020년, 2025년"
    assert RepeatLink.objects.get(demand=history.y2026).score == 0.61
    # and the 2025 demand knows only 2020; a demand nobody linked knows nothing
    assert [e.demand.id for e in asked_before(history.y2025).earlier] == [history.y2020.id]
    assert not asked_before(history.other) and asked_before(history.other).rounds_label == ""


def test_history_of_many_demands_takes_a_fixed_number_of_queries(
    staff: User, history: History, django_assert_num_queries: Any
) -> None:
    services.repeat_confirm(demand=history.y2026, earlier=history.y2025, actor=staff)
    services.repeat_confirm(demand=history.y2025, earlier=history.y2020, actor=staff)
    # one demand: each level of links (2026 → 2025 → 2020 → none), then the proposals of the demands found
    with django_assert_num_queries(4):
        assert asked_before_many([history.y2026.id])[history.y2026.id].rounds == 3
    # a whole list: its links in one query, whatever its length, and the proposals in another
    ids = [history.y2020.id, history.y2025.id, history.y2026.id, history.other.id]
    with django_assert_num_queries(2):
        found = asked_before_many(ids)
    assert found[history.y2026.id].rounds == 3 and found[history.y2025.id].rounds == 2
    with django_assert_num_queries(1):  # no links at all: one query
        assert not asked_before_many([history.other.id])[history.other.id]


def test_confirm_is_audited_on_the_later_demand(login: Any, staff: User, history: History) -> None:
    # when
    services.repeat_confirm(demand=history.y2025, earlier=history.y2020, actor=staff)
    services.repeat_confirm(demand=history.y2025, earlier=history.y2020, actor=staff)  # again: nothing new

    # then: one record, kept with the later demand, shown in its trail
    [record] = AuditRecord.objects.filter(action="repeat.confirm")
    assert record.scope == audit.ref(history.y2025) and "데이터 규제자유특구 지정" in record.summary
    trail = login(staff).get(reverse("voices:demand_detail", args=[history.y2025.id])).content.decode()
    assert "이전 요구로 연결" in trail.split("변경 기록")[1]


def test_undo_takes_the_link_back_and_is_audited(staff: User, history: History) -> None:
    link = services.repeat_confirm(demand=history.y2025, earlier=history.y2020, actor=staff)

    demand = services.repeat_undo(link=link, actor=staff)

    assert demand == history.y2025 and not RepeatLink.objects.exists()
    assert not asked_before(history.y2025)
    undo = AuditRecord.objects.get(action="repeat.undo")
    assert undo.scope == audit.ref(history.y2025) and undo.before == {"status": "confirmed"}


def test_dismiss_then_confirm_turns_the_judgement_round(staff: User, history: History) -> None:
    services.repeat_dismiss(demand=history.y2025, earlier=history.other, actor=staff, score=0.3)
    assert not asked_before(history.y2025)
    assert RepeatLink.objects.get().status == RepeatStatus.DISMISSED

    services.repeat_confirm(demand=history.y2025, earlier=history.y2020, actor=staff)
    services.repeat_dismiss(demand=history.y2025, earlier=history.y2020, actor=staff)

    assert not asked_before(history.y2025)
    assert list(
        AuditRecord.objects.filter(action__startswith="repeat.").values_list("action", flat=True)
    ) == [
        "repeat.dismiss",
        "repeat.confirm",
        "repeat.dismiss",
    ]


def test_confirm_refuses_the_demand_itself(staff: User, history: History) -> None:
    with pytest.raises(ValidationError) as exc:
        services.repeat_confirm(demand=history.y2025, earlier=history.y2025, actor=staff)
    assert "자기 자신" in " ".join(exc.value.messages)
    assert not RepeatLink.objects.exists()


def test_confirm_refuses_a_later_demand_as_earlier_and_says_where_to_link(
    staff: User, history: History
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.repeat_confirm(demand=history.y2020, earlier=history.y2026, actor=staff)
    text = " ".join(exc.value.messages)
    assert "나중" in text and "2026. 6. 2.(화)" in text
    assert f"#{history.y2026.id}의 페이지에서 이 수요를 이전 요구로 연결해 주세요" in text
    assert (
        not RepeatLink.objects.exists() and not AuditRecord.objects.filter(action="repeat.confirm").exists()
    )


def test_confirm_refuses_merged_demands_and_points_to_where_they_went(staff: User, history: History) -> None:
    # given: the 2020 demand merged into another 2020 demand
    keeper = _said(
        staff, "규제자유특구 지정", _meeting("인공지능 중심도시 광주 만들기 추진위원회", 2020, 3), "특구"
    )
    services.demand_merge(target=keeper, others=[history.y2020], actor=staff)

    with pytest.raises(ValidationError) as exc:
        services.repeat_confirm(demand=history.y2025, earlier=history.y2020, actor=staff)
    assert f"#{keeper.id} '특구'에 병합된 수요입니다. #{keeper.id}과(와) 연결해 주세요" in " ".join(
        exc.value.messages
    )

    with pytest.raises(ValidationError) as exc:
        services.repeat_confirm(demand=history.y2020, earlier=keeper, actor=staff)
    assert f"이 수요는 #{keeper.id} '특구'에 병합되었습니다" in " ".join(exc.value.messages)
    assert not RepeatLink.objects.exists()


def test_confirm_refuses_a_loop(staff: User, history: History) -> None:
    # given: two demands raised on the same day, one already linked to the other
    meeting = history.y2025.proposals.get().engagement
    assert meeting is not None
    same_day = _said(staff, "데이터 특구", meeting, "데이터 특구")
    services.repeat_confirm(demand=same_day, earlier=history.y2025, actor=staff)

    with pytest.raises(ValidationError) as exc:
        services.repeat_confirm(demand=history.y2025, earlier=same_day, actor=staff)
    assert "먼저 취소해 주세요" in " ".join(exc.value.messages)


def test_the_database_refuses_a_link_to_itself(staff: User, history: History) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RepeatLink.objects.create(
            demand=history.y2025,
            earlier=history.y2025,
            status=RepeatStatus.CONFIRMED,
            decided_at=timezone.now(),
        )


# --- the staff demand page --------------------------------------------------------------------------------


def _machine(client: Any, demand: Demand) -> str:
    url = reverse("voices:demand_machine", args=[demand.id])
    return str(client.get(url, {"fragment": "1"}).content.decode())


def test_the_machine_suggestion_can_be_linked_and_then_shows_on_the_page(
    login: Any, staff: User, history: History
) -> None:
    client = login(staff)
    # given: the machine suggests the 2020 demand on the 2025 demand, with both buttons
    machine = _machine(client, history.y2025)
    suggested = machine.split("이전 회차·연도의 비슷한 수요")[1].split("기계 제안 vs 담당자 결정")[0]
    assert history.y2020.title in suggested
    assert "같은 요구로 연결" in suggested and "아님" in suggested
    assert reverse("voices:demand_repeat_confirm", args=[history.y2025.id]) in suggested

    # when: staff press "같은 요구로 연결"
    response = client.post(
        reverse("voices:demand_repeat_confirm", args=[history.y2025.id]),
        {"earlier": history.y2020.id, "score": "0.42"},
        follow=True,
    )

    # then: the demand page itself lists it, with its year and an undo button
    page = response.content.decode()
    assert "이전에도 제기된 요구로 연결했습니다" in page
    section = page.split('id="asked-before"')[1].split("</section>")[0]
    assert history.y2020.title in section and "2020년" in section and "연결 취소" in section
    assert "2020년부터 2회 제기된 요구입니다" in section
    assert RepeatLink.objects.get(demand=history.y2025, earlier=history.y2020).score == 0.42
    # and the machine no longer suggests what is already linked
    assert history.y2020.title not in _machine(client, history.y2025).split("기계 제안 vs 담당자 결정")[0]


def test_a_dismissed_suggestion_no_longer_appears(login: Any, staff: User, history: History) -> None:
    client = login(staff)
    assert history.y2020.title in _machine(client, history.y2025)

    response = client.post(
        reverse("voices:demand_repeat_dismiss", args=[history.y2025.id]),
        {"earlier": history.y2020.id, "score": "0.42"},
        follow=True,
    )

    assert "같은 요구가 아니라고 표시했습니다" in response.content.decode()
    suggested = _machine(client, history.y2025).split("기계 제안 vs 담당자 결정")[0]
    assert history.y2020.title not in suggested
    assert RepeatLink.objects.get().status == RepeatStatus.DISMISSED


def test_link_by_hand_with_the_earlier_demands_number(login: Any, staff: User, history: History) -> None:
    client = login(staff)
    page = client.get(reverse("voices:demand_detail", args=[history.y2026.id])).content.decode()
    assert 'name="earlier"' in page.split('id="asked-before"')[1]

    # a number that does not exist, and a later demand, are refused with what to do
    missing = client.post(
        reverse("voices:demand_repeat_confirm", args=[history.y2026.id]), {"earlier": 999_999}, follow=True
    ).content.decode()
    assert "그 번호의 수요가 없습니다" in missing and "아무 것도 바뀌지 않았습니다" in missing
    later = client.post(
        reverse("voices:demand_repeat_confirm", args=[history.y2020.id]),
        {"earlier": history.y2026.id},
        follow=True,
    ).content.decode()
    assert "나중" in later and not RepeatLink.objects.exists()

    # the right number links it
    client.post(
        reverse("voices:demand_repeat_confirm", args=[history.y2026.id]), {"earlier": history.y2025.id}
    )
    assert [e.demand for e in asked_before(history.y2026).earlier] == [history.y2025]


def test_undo_button_removes_the_link(login: Any, staff: User, history: History) -> None:
    services.repeat_confirm(demand=history.y2025, earlier=history.y2020, actor=staff)
    client = login(staff)

    response = client.post(
        reverse("voices:demand_repeat_undo", args=[history.y2025.id]),
        {"earlier": history.y2020.id},
        follow=True,
    )

    page = response.content.decode()
    assert "연결을 취소했습니다" in page
    assert "같은 요구로 연결된 수요가 없습니다" in page.split('id="asked-before"')[1]
    assert not RepeatLink.objects.exists()


def test_only_organisers_may_link(login: Any, officer: User, staff: User, history: History) -> None:
    url = reverse("voices:demand_repeat_confirm", args=[history.y2025.id])
    assert login(officer).post(url, {"earlier": history.y2020.id}).status_code == 403
    assert login(staff).get(url).status_code == 405
    assert not RepeatLink.objects.exists()


def test_a_transitive_repeat_shows_without_its_own_undo(login: Any, staff: User, history: History) -> None:
    services.repeat_confirm(demand=history.y2026, earlier=history.y2025, actor=staff)
    services.repeat_confirm(demand=history.y2025, earlier=history.y2020, actor=staff)

    page = login(staff).get(reverse("voices:demand_detail", args=[history.y2026.id])).content.decode()

    section = page.split('id="asked-before"')[1].split("</section>")[0]
    assert section.index(history.y2020.title) < section.index(history.y2025.title)
    assert "연결된 이전 요구를 거쳐" in section and section.count("연결 취소") == 1
    assert "2020년부터 3회 제기된 요구입니다" in section
