"""Bills (입법 추진): an ordinance or a law revision followed stage by stage, its table versioned."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sori.core import hooks
from sori.policy import events
from sori.policy.amendment_services import amendment_create, amendment_update
from sori.policy.bill_services import (
    bill_advance,
    bill_create,
    bill_link_demand,
    bill_unlink_demand,
    bill_update,
)
from sori.policy.models import Amendment, Bill, BillKind, BillStage, Instrument, LegislativeStage, ReasonCode
from sori.policy.services import disposition_decide
from sori.policy.workflow import bill_next_stages
from sori.voices.outcomes import Outcome
from sori.voices.selectors import audit_trail

pytestmark = pytest.mark.django_db
D = dt.date
S = LegislativeStage

LAW = "광주광역시 인공지능산업 육성 조례"
TITLE = f"{LAW} 일부개정조례안"
CURRENT = "제7조(컴퓨팅 자원 지원) ① 시장은 기업에 GPU를 6개월 동안 지원할 수 있다."
PROPOSED = "제7조(컴퓨팅 자원 지원) ① 시장은 기업에 GPU를 12개월 동안 지원할 수 있다."


@pytest.fixture
def demand(make_demand, department, officer, company):
    """A demand the department answered with an ordinance, and its drafted article."""
    demand = make_demand("GPU 사용기간을 12개월 이상으로", department=department, proposers=[company])
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.ADOPTED,
        instrument=Instrument.ORDINANCE,
        due_date=D(2026, 12, 31),
    )
    return demand


@pytest.fixture
def draft(demand, staff) -> Amendment:
    return amendment_create(
        demand=demand,
        actor=staff,
        title=LAW,
        article="제7조(컴퓨팅 자원 지원)",
        current_text=CURRENT,
        proposed_text=PROPOSED,
    )


@pytest.fixture
def bill(demand, draft, staff) -> Bill:
    return bill_create(demand=demand, title=TITLE, actor=staff, date=D(2026, 1, 5))


def _walk_to_promulgation(bill: Bill, staff) -> None:
    bill_advance(
        bill=bill, stage=S.INTRODUCED, actor=staff, date=D(2026, 2, 2), bill_number="제2026-31호",
        sponsor="김광주 의원 등 12인",
    )  # fmt: skip
    bill_advance(bill=bill, stage=S.COMMITTEE, actor=staff, date=D(2026, 2, 10), committee="산업건설위원회")
    bill_advance(bill=bill, stage=S.PLENARY, actor=staff, date=D(2026, 3, 3), plenary_result="amended")
    bill_advance(bill=bill, stage=S.PROMULGATED, actor=staff, date=D(2026, 3, 20))


# --- the services --------------------------------------------------------------------------------------


def test_the_whole_ordinance_path_through_the_services(bill, staff) -> None:
    # when: 초안 → 발의 → 상임위 → 본회의 → 공포 → 시행, without 입법예고
    _walk_to_promulgation(bill, staff)
    last = bill_advance(bill=bill, stage=S.IN_FORCE, actor=staff, date=D(2026, 9, 20), note="공포 후 6개월")
    # then: the bill holds what each stage needed, and one stage record each, in order
    bill.refresh_from_db()
    assert bill.stage == S.IN_FORCE
    assert (bill.bill_number, bill.sponsor, bill.committee) == (
        "제2026-31호",
        "김광주 의원 등 12인",
        "산업건설위원회",
    )
    assert (bill.plenary_result, bill.plenary_date) == ("amended", D(2026, 3, 3))
    assert (bill.promulgated_on, bill.in_force_on) == (D(2026, 3, 20), D(2026, 9, 20))
    rows = list(bill.stages.values_list("stage", "date"))
    assert rows == [
        (S.DRAFT, D(2026, 1, 5)),
        (S.INTRODUCED, D(2026, 2, 2)),
        (S.COMMITTEE, D(2026, 2, 10)),
        (S.PLENARY, D(2026, 3, 3)),
        (S.PROMULGATED, D(2026, 3, 20)),
        (S.IN_FORCE, D(2026, 9, 20)),
    ]
    assert last.note == "공포 후 6개월" and last.recorded_by == staff
    assert bill_next_stages(bill) == []


def test_a_move_not_in_the_table_is_refused_naming_the_stages_that_may_come_next(bill, staff) -> None:
    # when: a draft is sent straight to the committee
    with pytest.raises(ValidationError) as error:
        bill_advance(bill=bill, stage=S.COMMITTEE, actor=staff, committee="산업건설위원회")
    # then: the message names what may come next, and nothing was recorded
    message = error.value.messages[0]
    assert "'초안' 단계의 건은 '상임위원회 심사'(으)로 옮길 수 없습니다" in message
    assert "다음에 올 수 있는 단계: 입법예고, 발의, 폐기, 철회." in message
    bill.refresh_from_db()
    assert bill.stage == S.DRAFT and bill.stages.count() == 1


def test_introduction_without_a_bill_number_is_refused(bill, staff) -> None:
    with pytest.raises(ValidationError) as error:
        bill_advance(bill=bill, stage=S.INTRODUCED, actor=staff, sponsor="김광주 의원 등 12인")
    assert "의안번호를 적어 주세요" in error.value.message_dict["bill_number"][0]
    bill.refresh_from_db()
    assert bill.stage == S.DRAFT and bill.stages.count() == 1


def test_discarding_needs_a_reason_and_ends_the_bill(bill, staff) -> None:
    # when: 폐기 without a reason
    with pytest.raises(ValidationError) as error:
        bill_advance(bill=bill, stage=S.DISCARDED, actor=staff, reason="  ")
    # then
    assert "폐기 사유를 적어 주세요" in error.value.message_dict["reason"][0]
    # when: with one
    bill_advance(
        bill=bill, stage=S.DISCARDED, actor=staff, reason="국가 법령이 먼저 바뀌어 필요가 없어졌습니다."
    )
    # then: it is final
    bill.refresh_from_db()
    assert bill.end_reason.startswith("국가 법령이") and bill_next_stages(bill) == []
    with pytest.raises(ValidationError) as error:
        bill_advance(bill=bill, stage=S.INTRODUCED, actor=staff, bill_number="1", sponsor="누구")
    assert "'폐기' 단계에서 끝난 건입니다" in error.value.messages[0]


def test_a_plenary_rejection_ends_the_bill_and_needs_its_date(bill, staff) -> None:
    bill_advance(bill=bill, stage=S.PRE_ANNOUNCED, actor=staff, date=D(2026, 1, 10))
    bill_advance(
        bill=bill, stage=S.INTRODUCED, actor=staff, bill_number="제2026-31호", sponsor="광주광역시장"
    )
    bill_advance(bill=bill, stage=S.COMMITTEE, actor=staff, committee="산업건설위원회")
    with pytest.raises(ValidationError) as error:
        bill_advance(bill=bill, stage=S.PLENARY, actor=staff, plenary_result="rejected")
    assert "본회의 의결일을 적어 주세요" in error.value.message_dict["date"][0]
    bill_advance(bill=bill, stage=S.PLENARY, actor=staff, plenary_result="rejected", date=dt.date.today())
    bill.refresh_from_db()
    assert bill.stage_label == "본회의 의결(부결)" and bill.colour == "grey"
    assert bill_next_stages(bill) == []


def test_a_stage_may_not_be_dated_before_the_one_before_it(bill, staff) -> None:
    with pytest.raises(ValidationError) as error:
        bill_advance(bill=bill, stage=S.PRE_ANNOUNCED, actor=staff, date=D(2025, 12, 1))
    assert error.value.message_dict["date"] == [
        "일자는 앞 단계 '초안'(2026. 1. 5.(월))보다 빠를 수 없습니다."
    ]


def test_the_table_snapshot_changes_between_stages_when_an_amendment_is_edited(bill, draft, staff) -> None:
    # given: the draft as registered
    first = bill.stages.get()
    assert [row["proposed_text"] for row in first.snapshot] == [PROPOSED]
    # when: the article is changed, then the bill is introduced
    amendment_update(
        amendment=draft,
        actor=staff,
        title=LAW,
        article=draft.article,
        current_text=CURRENT,
        proposed_text=PROPOSED.replace("12개월", "24개월"),
    )
    introduced = bill_advance(
        bill=bill, stage=S.INTRODUCED, actor=staff, bill_number="제2026-31호", sponsor="김광주 의원 등 12인"
    )
    # then: the new stage keeps the new text, and the draft's version is unchanged
    assert "24개월" in introduced.snapshot[0]["proposed_text"]
    first.refresh_from_db()
    assert (
        "12개월" in first.snapshot[0]["proposed_text"] and "24개월" not in first.snapshot[0]["proposed_text"]
    )
    assert introduced.snapshot[0]["title"] == LAW and introduced.snapshot[0]["current_text"] == CURRENT


def test_every_change_appears_on_the_demands_trail(
    bill, demand, staff, make_demand, department, officer, company
) -> None:
    # given: a second demand the same ordinance answers
    other = make_demand("GPU 연장 심사 허용", department=department, proposers=[company])
    disposition_decide(demand=other, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.ORDINANCE)
    bill_link_demand(bill=bill, demand=other, actor=staff)
    # when: the bill is introduced
    bill_advance(
        bill=bill, stage=S.INTRODUCED, actor=staff, bill_number="제2026-31호", sponsor="광주광역시장"
    )
    bill_update(bill=bill, actor=staff, title=TITLE, bill_number="제2026-32호")
    # then: both demands' histories show it, in words
    for d in (demand, other):
        trail = audit_trail(d)
        actions = [e.action for e in trail]
        assert "입법 단계 기록" in actions and "입법 추진 정보 수정" in actions
        advance = trail[actions.index("입법 단계 기록")]
        assert ("단계", "초안", "발의") in advance.changes
        assert f"{TITLE}: 발의" in advance.summary
    assert "입법 추진 등록" in [e.action for e in audit_trail(demand)]
    assert "입법 추진에 수요 연결" in [e.action for e in audit_trail(other)]


def test_advancing_fires_the_event_for_higher_apps(bill, staff, monkeypatch) -> None:
    heard: list[tuple[Any, Any]] = []
    monkeypatch.setitem(
        hooks._HOOKS, events.BILL_ADVANCED, [lambda bill, stage, actor: heard.append((bill.id, stage.stage))]
    )
    bill_advance(bill=bill, stage=S.PRE_ANNOUNCED, actor=staff)
    assert heard == [(bill.id, S.PRE_ANNOUNCED)]


def test_only_a_demand_whose_answer_needs_legal_text_takes_a_bill(
    make_demand, department, officer, staff, company
) -> None:
    budget = make_demand("소량 GPU 바우처", department=department, proposers=[company])
    disposition_decide(demand=budget, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.BUDGET)
    with pytest.raises(ValidationError) as error:
        bill_create(demand=budget, title=TITLE, actor=staff)
    assert "조례 제·개정" in error.value.messages[0]
    assert not Bill.objects.exists()


def test_a_double_submitted_form_registers_one_bill(demand, staff) -> None:
    first = bill_create(demand=demand, title=TITLE, actor=staff, submission_key="k-bill")
    again = bill_create(demand=demand, title=TITLE, actor=staff, submission_key="k-bill")
    assert first == again and Bill.objects.count() == 1 and BillStage.objects.count() == 1


def test_a_law_revision_is_sent_answered_then_promulgated(
    make_demand, department, officer, staff, company
) -> None:
    # given: a demand that needs a national law changed
    demand = make_demand("데이터 규제 샌드박스 확대", department=department, proposers=[company])
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="국가 법령 사항입니다.",
        limits="법 개정을 건의하겠습니다.",
    )
    bill = bill_create(demand=demand, title="지능정보화 기본법 개정 건의", actor=staff, date=D(2026, 1, 5))
    assert bill.kind == BillKind.LAW_REVISION
    # when / then: 회신 needs its text
    bill_advance(bill=bill, stage=S.SENT, actor=staff, sent_to="과학기술정보통신부", date=D(2026, 1, 20))
    with pytest.raises(ValidationError) as error:
        bill_advance(bill=bill, stage=S.REPLIED, actor=staff, date=D(2026, 3, 2))
    assert "회신 내용을 적어 주세요" in error.value.message_dict["reply"][0]
    bill_advance(
        bill=bill, stage=S.REPLIED, actor=staff, date=D(2026, 3, 2), reply="하반기 개정안에 반영하겠습니다."
    )
    bill.refresh_from_db()
    assert bill_next_stages(bill) == [S.PROMULGATED, S.DISCARDED, S.WITHDRAWN]
    bill_advance(bill=bill, stage=S.PROMULGATED, actor=staff, date=D(2026, 10, 1))
    bill_advance(bill=bill, stage=S.IN_FORCE, actor=staff, date=D(2027, 1, 1))
    bill.refresh_from_db()
    assert (bill.sent_to, bill.sent_on, bill.replied_on) == (
        "과학기술정보통신부",
        D(2026, 1, 20),
        D(2026, 3, 2),
    )
    assert bill.stage == S.IN_FORCE


def test_a_bill_keeps_at_least_one_demand(bill, demand, staff) -> None:
    with pytest.raises(ValidationError) as error:
        bill_unlink_demand(bill=bill, demand=demand, actor=staff)
    assert "수요가 하나 이상 있어야 합니다" in error.value.messages[0]


def test_corrections_keep_to_the_stages_reached_and_move_their_dates(bill, staff) -> None:
    _walk_to_promulgation(bill, staff)
    # a field of a stage not reached yet is refused
    with pytest.raises(ValidationError) as error:
        bill_update(bill=bill, actor=staff, title=TITLE, in_force_on=D(2026, 9, 1))
    assert "'시행' 단계를 기록할 때 적어 주세요" in error.value.message_dict["in_force_on"][0]
    # 가결 ↔ 수정가결 may be corrected, never into 부결
    with pytest.raises(ValidationError):
        bill_update(bill=bill, actor=staff, title=TITLE, plenary_result="rejected")
    # a promulgation date is corrected on the stage record too, but not before the plenary
    with pytest.raises(ValidationError):
        bill_update(bill=bill, actor=staff, title=TITLE, promulgated_on=D(2026, 3, 1))
    bill_update(bill=bill, actor=staff, title=TITLE, promulgated_on=D(2026, 3, 24), plenary_result="passed")
    bill.refresh_from_db()
    assert bill.promulgated_on == D(2026, 3, 24) and bill.plenary_result == "passed"
    assert bill.stages.get(stage=S.PROMULGATED).date == D(2026, 3, 24)


# --- the pages -----------------------------------------------------------------------------------------


def _form_stages(html: str) -> list[str]:
    """Return the stages offered by the bill page's advance forms."""
    return re.findall(r'name="stage" value="([a-z_]+)"', html)


def _advance(client: Client, bill: Bill, stage: str, **fields: str) -> Any:
    data = {"stage": stage, **{f"{stage}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("bills:advance", args=[bill.id]), data, follow=True)


def test_the_whole_ordinance_path_through_the_pages(login, staff, demand, draft) -> None:
    client = login(staff)
    # given: the demand page offers to register a bill
    page = client.get(reverse("voices:demand_detail", args=[demand.id])).content.decode()
    create_url = reverse("bills:create", args=[demand.id])
    assert "입법 추진 등록" in page and create_url in page
    # when: the form is filled in (the title is suggested from the drafted law)
    form = client.get(create_url).content.decode()
    assert TITLE in form
    response = client.post(
        create_url,
        {"kind": "ordinance", "title": TITLE, "date": "2026-01-05", "submission_key": "k1"},
        follow=True,
    )
    bill = Bill.objects.get()
    assert response.redirect_chain[-1][0] == reverse("bills:detail", args=[bill.id])
    html = response.content.decode()
    assert "초안으로 등록했습니다" in html
    # then: only the stages that may come next are offered
    assert _form_stages(html) == ["pre_announced", "introduced", "discarded", "withdrawn"]
    # when: 발의 without a number is refused on the page, with the fields kept
    html = _advance(
        client, bill, "introduced", sponsor="김광주 의원 등 12인", date="2026-02-02"
    ).content.decode()
    assert "의안번호를 적어 주세요" in html and "김광주 의원 등 12인" in html
    # and the rest of the path is recorded through the forms
    steps = [
        (
            "introduced",
            {"bill_number": "제2026-31호", "sponsor": "김광주 의원 등 12인", "date": "2026-02-02"},
        ),
        ("committee", {"committee": "산업건설위원회", "date": "2026-02-10"}),
        ("plenary", {"plenary_result": "passed", "date": "2026-03-03"}),
        ("promulgated", {"date": "2026-03-20"}),
        ("in_force", {"date": "2026-09-20", "note": "공포 후 6개월이 지난 날부터 시행"}),
    ]
    for stage, fields in steps:
        html = _advance(client, bill, stage, **fields).content.decode()
        assert "단계를" in html and "기록했습니다" in html, stage
    bill.refresh_from_db()
    assert bill.stage == S.IN_FORCE and bill.stages.count() == 6
    # then: the page shows the timeline with dates and who recorded each stage, and no form any more
    assert _form_stages(html) == []
    for text in (
        "제2026-31호",
        "산업건설위원회",
        "2026. 3. 3.(화)",
        "2026. 9. 20.(일)",
        "공포 후 6개월이 지난 날부터 시행",
    ):
        assert text in html, text
    assert "staff" in html  # who recorded it, for staff


def test_a_stage_not_allowed_any_more_is_refused_with_the_allowed_ones(login, staff, bill) -> None:
    client = login(staff)
    html = _advance(client, bill, "promulgated", date="2026-03-20").content.decode()
    assert "다음에 올 수 있는 단계: 입법예고, 발의, 폐기, 철회." in html
    assert bill.stages.count() == 1


def test_discarding_through_the_page_needs_a_reason(login, staff, bill) -> None:
    client = login(staff)
    html = _advance(client, bill, "discarded").content.decode()
    assert "폐기 사유를 적어 주세요" in html
    _advance(client, bill, "discarded", reason="상위법 개정으로 불필요")
    bill.refresh_from_db()
    assert bill.stage == S.DISCARDED


def test_each_version_of_the_table_can_be_shown_and_printed(login, staff, bill, draft) -> None:
    amendment_update(
        amendment=draft, actor=staff, title=LAW, article=draft.article, current_text=CURRENT,
        proposed_text=PROPOSED.replace("12개월", "24개월"),
    )  # fmt: skip
    client = login(staff)
    # the bill page says the drafts changed since the stage was recorded
    html = client.get(reverse("bills:detail", args=[bill.id])).content.decode()
    assert "이 단계를 기록한 뒤 수요의 대비표가 고쳐졌습니다" in html
    introduced = bill_advance(
        bill=bill, stage=S.INTRODUCED, actor=staff, bill_number="1", sponsor="광주광역시장"
    )
    first = bill.stages.get(stage=S.DRAFT)
    old = client.get(reverse("bills:version", args=[bill.id, first.id])).content.decode()
    new = client.get(reverse("bills:version", args=[bill.id, introduced.id])).content.decode()
    assert "<u>12</u>" in old and "<u>24</u>" not in old
    assert "<u>24</u>" in new
    html = client.get(reverse("bills:detail", args=[bill.id])).content.decode()
    assert reverse("bills:version", args=[bill.id, first.id]) in html
    pdf = client.get(reverse("bills:version_pdf", args=[bill.id, first.id]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_list_filters_searches_and_exports(
    login, staff, bill, make_demand, department, officer, company
) -> None:
    other = make_demand("데이터 규제", department=department, proposers=[company])
    disposition_decide(
        demand=other, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.LAW_REVISION
    )
    bill_create(demand=other, title="지능정보화 기본법 개정 건의", actor=staff)
    bill_advance(
        bill=bill, stage=S.INTRODUCED, actor=staff, bill_number="제2026-31호", sponsor="광주광역시장"
    )
    client = login(staff)
    url = reverse("bills:list")
    assert TITLE in client.get(url).content.decode() and "지능정보화" in client.get(url).content.decode()
    by_stage = client.get(url, {"stage": "introduced"}).content.decode()
    assert TITLE in by_stage and "지능정보화" not in by_stage
    by_kind = client.get(url, {"kind": "law_revision"}).content.decode()
    assert TITLE not in by_kind and "지능정보화" in by_kind
    assert TITLE in client.get(url, {"q": "2026-31"}).content.decode()
    rows = list(load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active.values)
    assert len(rows) == 3 and "제2026-31호" in rows[1] + rows[2]


def test_who_may_see_and_move_bills(login, bill, staff, officer, other_officer, company_user) -> None:
    detail = reverse("bills:detail", args=[bill.id])
    # the officer of the demand's department reads, but does not move it; another officer does not see it
    assert login(officer).get(detail).status_code == 200
    assert TITLE in login(officer).get(reverse("bills:list")).content.decode()
    assert login(other_officer).get(detail).status_code == 403
    assert TITLE not in login(other_officer).get(reverse("bills:list")).content.decode()
    assert login(company_user).get(detail).status_code == 403
    response = _advance(login(officer), bill, "pre_announced")
    assert response.status_code == 403 and bill.stages.count() == 1
    assert Client().get(detail).status_code == 302


def test_the_demand_page_lists_its_bills(login, staff, bill, demand) -> None:
    html = login(staff).get(reverse("voices:demand_detail", args=[demand.id])).content.decode()
    assert reverse("bills:detail", args=[bill.id]) in html and "초안" in html
