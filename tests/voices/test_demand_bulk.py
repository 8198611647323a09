"""Bulk actions on the demands list: tick, confirm on one page, and all of them change — or none does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sori.core.models import AuditRecord
from sori.engagement.models import Engagement
from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation
from sori.voices import services
from sori.voices.models import Demand, Stage, Theme
from sori.voices.outcomes import Outcome

pytestmark = pytest.mark.django_db

LIST = reverse("voices:demand_list")
BULK = reverse("voices:demand_bulk")


@pytest.fixture
def five(staff: User, meeting: Engagement) -> list[Demand]:
    """Five demands still being organised, one proposal each."""
    proposals = services.proposals_record_lines(
        raw="\n".join(f"기업{i}: 제안 {i}" for i in range(5)), actor=staff, engagement=meeting
    )
    return [
        services.demand_create(title=f"정책 수요 {i}", proposal_ids=[p.id], actor=staff)
        for i, p in enumerate(proposals)
    ]


def _ids(demands: list[Demand]) -> list[int]:
    return [d.id for d in demands]


def test_staff_assign_five_demands_in_one_go(
    login: Callable[[User], Client], staff: User, five: list[Demand], department: Organisation
) -> None:
    client = login(staff)
    # given: the list offers a box per row, one for the whole page, and the actions
    page = client.get(LIST).content.decode()
    assert page.count('name="ids"') == 5 and "data-check-all" in page
    assert "소관부서 지정…" in page

    # when: staff tick the five and choose "소관부서 지정…"
    confirm = client.post(BULK, {"ids": _ids(five), "action": "assign", "query": "sort=created"})

    # then: one page names the five and asks for the department; nothing has changed yet
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "수요 5건" in text
    assert all(d.title in text for d in five) and "배정할 소관부서" in text
    assert not Demand.objects.filter(stage=Stage.ASSIGNED).exists()

    # when: they choose the department and confirm
    done = client.post(
        BULK,
        {
            "ids": _ids(five),
            "action": "assign",
            "department": department.id,
            "confirm": "1",
            "query": "sort=created",
        },
    )

    # then: all five are assigned with a deadline, one audit record each, and the list says so
    assert done.status_code == 302 and done["Location"] == f"{LIST}?sort=created"
    assigned = Demand.objects.filter(id__in=_ids(five), stage=Stage.ASSIGNED, department=department)
    assert assigned.count() == 5 and not assigned.filter(answer_due__isnull=True).exists()
    assert AuditRecord.objects.filter(action="demand.assign").count() == 5
    message = client.get(done["Location"]).content.decode()
    assert "수요 5건을 광주광역시 인공지능산업과에 배정했습니다" in message


def test_one_demand_that_cannot_be_assigned_leaves_all_unchanged(
    login: Callable[[User], Client],
    staff: User,
    officer: User,
    five: list[Demand],
    department: Organisation,
    other_department: Organisation,
) -> None:
    # given: one of the five has already been answered by its department
    answered = services.demand_assign(demand=five[2], department=other_department, actor=staff)
    disposition_decide(
        demand=answered,
        actor=staff,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="중앙부처 소관입니다.",
        limits="중앙부처에 건의합니다.",
    )
    before = list(Demand.objects.order_by("id").values_list("id", "stage", "department_id", "answer_due"))
    audits = AuditRecord.objects.count()

    # when: staff assign all five to another department
    response = login(staff).post(
        BULK, {"ids": _ids(five), "action": "assign", "department": department.id, "confirm": "1"}
    )

    # then: nothing changed, and the page names the answered demand with its reason
    text = response.content.decode()
    assert response.status_code == 409
    assert "1건을 바꿀 수 없어 아무 것도 바꾸지 않았습니다" in text
    assert five[2].title in text and "이미 답변이 기록된 수요입니다" in text
    assert (
        list(Demand.objects.order_by("id").values_list("id", "stage", "department_id", "answer_due"))
        == before
    )
    assert AuditRecord.objects.count() == audits
    # and: it offers to go on with the four others
    assert "나머지 4건만 다시 확인하기" in text
    assert text.count('type="hidden" name="ids"') == 4


def test_theme_publish_and_unpublish_say_what_was_already_so(
    login: Callable[[User], Client], staff: User, five: list[Demand], theme: Theme
) -> None:
    client = login(staff)
    services.demand_publish(demand=five[0], published=True, actor=staff)

    client.post(BULK, {"ids": _ids(five[:3]), "action": "theme", "theme": theme.id, "confirm": "1"})
    assert Demand.objects.filter(theme=theme).count() == 3

    published = client.post(BULK, {"ids": _ids(five[:3]), "action": "publish", "confirm": "1"}, follow=True)
    text = published.content.decode()
    assert (
        "수요 2건을 공개 현황판에 게시했습니다" in text
        and "이미 공개되어 있던 1건은 그대로 두었습니다" in text
    )
    assert Demand.objects.filter(published=True).count() == 3
    assert AuditRecord.objects.filter(action="demand.publish").count() == 3  # one each, none for the no-op

    client.post(BULK, {"ids": _ids(five), "action": "unpublish", "confirm": "1"})
    assert not Demand.objects.filter(published=True).exists()


def test_a_theme_or_department_must_be_chosen_and_nothing_ticked_is_refused(
    login: Callable[[User], Client], staff: User, five: list[Demand]
) -> None:
    client = login(staff)
    no_theme = client.post(BULK, {"ids": _ids(five), "action": "theme", "confirm": "1"})
    assert no_theme.status_code == 400 and "지정할 분야를 골라 주세요" in no_theme.content.decode()
    nothing = client.post(BULK, {"action": "publish"}, follow=True)
    assert "바꿀 수요를 하나 이상 체크해 주세요" in nothing.content.decode()
    assert not Demand.objects.filter(published=True).exists()


@pytest.mark.parametrize("role", ["officer", "company_user"])
def test_only_organisers_act_in_bulk(
    request: pytest.FixtureRequest, login: Callable[[User], Client], role: str, five: list[Demand]
) -> None:
    response = login(request.getfixturevalue(role)).post(
        BULK, {"ids": _ids(five), "action": "publish", "confirm": "1"}
    )
    assert response.status_code == 403
    assert not Demand.objects.filter(published=True).exists()
