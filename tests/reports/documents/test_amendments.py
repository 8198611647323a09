"""Drafting an amendment with its demand: the service, the pages, the history, the PDF and the workbook."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl.cell.rich_text import CellRichText

from sori.policy.amendment_services import amendment_create, amendment_update
from sori.policy.models import Amendment
from sori.voices.selectors import audit_trail

TITLE = "광주광역시 인공지능산업 육성 조례"


@pytest.fixture
def draft(world, staff, article) -> Amendment:
    current, proposed = article
    return amendment_create(
        demand=world.gpu,
        actor=staff,
        title=TITLE,
        article="제7조(컴퓨팅 자원 지원)",
        current_text=current,
        proposed_text=proposed,
        rationale="GPU 사용기간을 12개월로 늘리고 제조기업·뿌리기업을 지원 대상에 넣습니다.",
    )


def test_a_draft_is_kept_with_the_demand_and_its_history(world, staff, draft, article) -> None:
    # when it is changed
    current, proposed = article
    amendment_update(
        amendment=draft,
        actor=staff,
        title=TITLE,
        article=draft.article,
        current_text=current,
        proposed_text=proposed.replace("12개월", "24개월"),
    )
    # then the demand's history shows both, with the text before and after
    trail = audit_trail(world.gpu)
    actions = [e.action for e in trail]
    assert actions[:2] == ["조문 대비표 수정", "조문 대비표 작성"]
    changes = dict((label, (before, after)) for label, before, after in trail[0].changes)
    assert "12개월" in changes["개정안"][0] and "24개월" in changes["개정안"][1]


def test_a_draft_needs_an_ordinance_or_a_law_revision(world, staff) -> None:
    # given the talent demand, adopted through a program rule
    with pytest.raises(ValidationError) as error:
        amendment_create(demand=world.talent, actor=staff, title=TITLE, proposed_text="제1조(목적)")
    assert "조례 제·개정" in str(error.value)
    assert not Amendment.objects.exists()


def test_a_draft_needs_some_text(world, staff) -> None:
    with pytest.raises(ValidationError) as error:
        amendment_create(demand=world.gpu, actor=staff, title=TITLE)
    assert "proposed_text" in error.value.message_dict


def test_a_double_submitted_form_saves_one_draft(world, staff, login, article) -> None:
    current, proposed = article
    client = login(staff)
    url = reverse("amendments:create", args=[world.gpu.id])
    data = {
        "title": TITLE,
        "article": "제7조",
        "current_text": current,
        "proposed_text": proposed,
        "submission_key": "k1",
    }
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert Amendment.objects.count() == 1
    assert "신·구조문대비표를 저장했습니다" in second.content.decode()


def test_the_form_previews_without_saving(world, staff, login, article) -> None:
    current, proposed = article
    response = login(staff).post(
        reverse("amendments:create", args=[world.gpu.id]),
        {"title": TITLE, "current_text": current, "proposed_text": proposed, "preview": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<u>12</u>개월" in html and "<u>6</u>개월" in html
    assert not Amendment.objects.exists()


def test_the_form_refuses_an_ineligible_demand_and_says_why(world, staff, login) -> None:
    response = login(staff).get(reverse("amendments:create", args=[world.talent.id]))
    assert "먼저 처리결과에 수단을 기록해 주세요" in response.content.decode()


def test_the_demand_page_lists_drafts_and_offers_a_new_one(world, staff, login, draft) -> None:
    html = login(staff).get(reverse("voices:demand_detail", args=[world.gpu.id])).content.decode()
    assert "조문 대비표" in html and "새 대비표" in html
    assert reverse("amendments:detail", args=[world.gpu.id, draft.id]) in html
    assert reverse("amendments:pdf", args=[world.gpu.id, draft.id]) in html


def test_the_detail_page_shows_the_table(world, staff, login, draft) -> None:
    html = login(staff).get(reverse("amendments:detail", args=[world.gpu.id, draft.id])).content.decode()
    assert "현 행" in html and "개 정 안" in html
    assert "<u>12</u>개월" in html
    assert "&lt;신 설&gt;" in html
    assert "② (현행과 같음)" in html


def test_the_pdf_is_the_two_column_table(world, staff, login, draft, pdf) -> None:
    response = login(staff).get(reverse("amendments:pdf", args=[world.gpu.id, draft.id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    assert pdf.dark_share(data, 0) > 0.005
    text = pdf.compact(pdf.text(data))
    for words in (
        "광주광역시인공지능산업육성조례일부개정안",
        "신·구조문대비표",
        "현행",
        "개정안",
        "6개월의범위에서",
        "12개월의범위에서",
        "<신설>",
        "3.인공지능기술을도입하려는광주광역시소재제조기업및뿌리기업",
        "②(생략)",
        "②(현행과같음)",
    ):
        assert words in text, words


def test_the_workbook_underlines_the_changed_words(world, staff, login, draft) -> None:
    response = login(staff).get(reverse("amendments:xlsx", args=[world.gpu.id, draft.id]))
    wb = openpyxl.load_workbook(io.BytesIO(response.content), rich_text=True)
    ws = wb.active
    assert (ws["A2"].value, ws["B2"].value) == ("현행", "개정안")
    old, new = ws["A3"].value, ws["B3"].value
    assert isinstance(old, CellRichText) and isinstance(new, CellRichText)
    underlined = [b.text for b in new if hasattr(b, "font") and b.font.u == "single"]
    assert underlined == ["12"]
    assert "6" in [b.text for b in old if hasattr(b, "font") and b.font.u == "single"]
    assert ws["A4"].value == "② (생략)" and ws["B4"].value == "② (현행과 같음)"


@pytest.mark.parametrize("name", ["detail", "pdf", "xlsx"])
def test_who_may_read_a_table(
    world, draft, client, login, officer, other_officer, company_user, name
) -> None:
    url = reverse(f"amendments:{name}", args=[world.gpu.id, draft.id])
    assert client.get(url).status_code == 302
    assert login(company_user).get(url).status_code == 403
    assert login(other_officer).get(url).status_code == 403  # not their department's demand
    assert login(officer).get(url).status_code == 200  # the department in charge reads it


def test_only_staff_draft_edit_and_delete(world, draft, login, officer, staff) -> None:
    for url in (
        reverse("amendments:create", args=[world.gpu.id]),
        reverse("amendments:edit", args=[world.gpu.id, draft.id]),
    ):
        assert login(officer).get(url).status_code == 403
    delete = reverse("amendments:delete", args=[world.gpu.id, draft.id])
    assert login(officer).post(delete).status_code == 403
    response = login(staff).post(delete, follow=True)
    assert "지운 내용은 수요의 변경 기록에 남아 있습니다" in response.content.decode()
    assert not Amendment.objects.exists()
    assert audit_trail(world.gpu)[0].action == "조문 대비표 삭제"


def test_a_table_belongs_to_its_own_demand(world, draft, login, staff) -> None:
    assert login(staff).get(reverse("amendments:detail", args=[world.talent.id, draft.id])).status_code == 404


def test_the_briefing_pack_names_the_drafted_tables(world, draft, today) -> None:
    from sori.reports.selectors import briefing_pack

    legal = {d.title: d.amendments for d in briefing_pack(today=today).legal}
    assert legal["GPU 사용기간 12개월 이상·연장 허용"] == (f"{TITLE} 제7조(컴퓨팅 자원 지원)",)
    assert legal["데이터 규제자유지역 지정"] == ()
