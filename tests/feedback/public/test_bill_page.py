"""A bill's public page: how far the ordinance has gone, its table, the published demands it answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sori.policy.amendment_services import amendment_create
from sori.policy.bill_services import bill_advance, bill_create, bill_link_demand
from sori.policy.models import Bill, Instrument
from sori.policy.models import LegislativeStage as S
from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.outcomes import Outcome

D = dt.date
STAFF_NAME = "한사무관"
TITLE = "광주광역시 인공지능산업 육성 조례 일부개정조례안"


@pytest.fixture
def bill(world, staff, officer) -> Bill:
    """The published demand answered with an ordinance, carried through to promulgation by a named clerk."""
    staff.first_name = STAFF_NAME
    staff.save()
    disposition_decide(
        demand=world.demand, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.ORDINANCE
    )
    amendment_create(
        demand=world.demand,
        actor=staff,
        title="광주광역시 인공지능산업 육성 조례",
        article="제7조(컴퓨팅 자원 지원)",
        current_text="제7조(컴퓨팅 자원 지원) ① 시장은 GPU를 6개월 동안 지원할 수 있다.",
        proposed_text="제7조(컴퓨팅 자원 지원) ① 시장은 GPU를 12개월 동안 지원할 수 있다.",
    )
    bill = bill_create(demand=world.demand, title=TITLE, actor=staff, date=D(2026, 1, 5))
    bill_advance(
        bill=bill, stage=S.INTRODUCED, actor=staff, date=D(2026, 2, 2), bill_number="제2026-31호",
        sponsor="김광주 의원 등 12인", note=f"{STAFF_NAME}이 접수",
    )  # fmt: skip
    bill_advance(bill=bill, stage=S.COMMITTEE, actor=staff, date=D(2026, 2, 10), committee="산업건설위원회")
    bill_advance(bill=bill, stage=S.PLENARY, actor=staff, date=D(2026, 3, 3), plenary_result="passed")
    bill_advance(bill=bill, stage=S.PROMULGATED, actor=staff, date=D(2026, 3, 20))
    bill.refresh_from_db()
    return bill


def test_the_page_shows_the_stages_facts_and_table(client: Client, world, bill) -> None:
    html = client.get(f"/tracker/bills/{bill.id}/").content.decode()
    assert TITLE in html and "조례 제·개정" in html
    # the current stage and the timeline with its dates; 입법예고 was not gone through, 시행 is still to come
    assert "공포" in html and "2026. 3. 20.(금)" in html
    assert "2026. 2. 2.(월)" in html and "2026. 3. 3.(화)" in html
    assert "거치지 않음" in html and "예정" in html
    # the facts: number, sponsor (a council member), committee, plenary result
    for text in ("제2026-31호", "김광주 의원 등 12인", "산업건설위원회", "가결"):
        assert text in html, text
    # the current comparison table, with the change underlined
    assert "<u>12</u>" in html and "공포 단계의 판" in html
    # and the published demand it answers
    assert f'href="/tracker/{world.demand.id}/"' in html and world.demand.title in html


def test_the_page_names_no_staff_and_no_proposer(client: Client, world, bill, private_strings) -> None:
    html = client.get(f"/tracker/bills/{bill.id}/").content.decode()
    # the stage note is shown as written, but never who recorded a stage
    assert "기록:" not in html and "/staff/" not in html
    html_without_note = html.replace(f"{STAFF_NAME}이 접수", "")
    assert STAFF_NAME not in html_without_note
    for secret in private_strings:
        assert secret not in html


def test_a_bill_whose_demands_are_none_published_is_404(client: Client, world, bill, staff) -> None:
    assert client.get(f"/tracker/bills/{bill.id}/").status_code == 200
    services.demand_publish(demand=world.demand, published=False, actor=staff)
    assert client.get(f"/tracker/bills/{bill.id}/").status_code == 404
    assert client.get("/tracker/bills/999999/").status_code == 404


def test_unpublished_demands_are_left_off_the_page(
    client: Client, world, bill, staff, officer, proposer, department
) -> None:
    # given: a second, unpublished demand the same bill answers
    p = services.proposal_record(text="GPU 연장 심사", actor=staff, person=proposer)
    hidden = services.demand_create(title="비공개로 남은 GPU 연장 수요", proposal_ids=[p.id], actor=staff)
    services.demand_assign(demand=hidden, department=department, actor=staff)
    disposition_decide(demand=hidden, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.ORDINANCE)
    # the bill is past its plenary, so it takes no new demand; link one to a fresh bill instead
    other = bill_create(demand=world.demand, title="두 번째 개정조례안", actor=staff)
    bill_link_demand(bill=other, demand=hidden, actor=staff)
    # then
    html = client.get(f"/tracker/bills/{other.id}/").content.decode()
    assert world.demand.title in html and "비공개로 남은 GPU 연장 수요" not in html


def test_the_public_demand_page_links_to_its_bills(client: Client, world, bill) -> None:
    html = client.get(f"/tracker/{world.demand.id}/").content.decode()
    assert f'href="/tracker/bills/{bill.id}/"' in html and TITLE in html


def test_the_proposers_status_page_links_to_the_bill(client: Client, world, bill, proposer) -> None:
    html = client.get(f"/status/{proposer.status_token}/").content.decode()
    assert f'href="/tracker/bills/{bill.id}/"' in html


def test_every_role_may_open_it(client: Client, world, bill, staff, officer, company_user, login) -> None:
    for c in [client, *(login(u) for u in (staff, officer, company_user))]:
        assert c.get(f"/tracker/bills/{bill.id}/").status_code == 200
