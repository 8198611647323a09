"""Who may open which page, rule changes audited, query counts pinned on list pages, organisation page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sori.core.models import AuditRecord

STAFF_PAGES = [
    ("programs:program_create", []),
    ("programs:simulator", []),
    ("programs:matching", []),
    ("programs:site_create", []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_staff_pages_refuse_other_roles(client, login, officer, company_user, staff, admin_user, name, args):
    url = reverse(name, args=args)
    assert client.get(url).status_code == 302  # anonymous → login
    assert login(officer).get(url).status_code == 403
    assert login(company_user).get(url).status_code == 403
    assert login(staff).get(url).status_code == 200
    assert login(admin_user).get(url).status_code == 200


def test_program_pages_per_role(client, login, officer, company_user, staff, program, call):
    detail = reverse("programs:program_detail", args=[program.id])
    call_page = reverse("programs:call_detail", args=[call.id])
    assert client.get(call_page)["Location"].startswith("/accounts/login/")
    assert login(officer).get(reverse("programs:program_list")).status_code == 403
    assert login(officer).get(call_page).status_code == 403
    company = login(company_user)
    assert company.get(detail).status_code == 403
    assert company.get(reverse("programs:call_edit", args=[call.id])).status_code == 403
    assert company.post(reverse("programs:run_request", args=[call.id])).status_code == 403
    home = company.get(reverse("programs:program_list")).content.decode()
    assert "접수 중인 공고" in home and call.title in home
    assert company.get(call_page).status_code == 200
    assert login(staff).get(detail).status_code == 200


def test_call_rule_change_is_audited_with_before_after_and_reason(login, staff, call):
    # given the call's 12-month term
    client = login(staff)
    form = client.get(reverse("programs:call_edit", args=[call.id])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "opens_on": call.opens_on.isoformat(),
        "closes_on": call.closes_on.isoformat(),
        "first_month": call.first_month.strftime("%Y-%m"),
        "allow_partial": "on",
        "term_months": "18",
        "reason": "2025. 12. 위원회 의결",
    }
    data.pop("max_awards_per_organisation", None)
    # when staff change the term with a reason
    response = client.post(reverse("programs:call_edit", args=[call.id]), data)
    # then the rule changes and the audit trail keeps before, after and why
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.term_months == 18
    rec = AuditRecord.objects.get(action="call.rules")
    assert rec.before == {"term_months": 12} and rec.after == {"term_months": 18}
    assert "위원회 의결" in rec.summary


def test_rule_change_without_reason_is_refused(login, staff, call):
    client = login(staff)
    data = dict(client.get(reverse("programs:call_edit", args=[call.id])).context["form"].initial)
    data = {k: v for k, v in data.items() if v is not None} | {
        "opens_on": call.opens_on.isoformat(),
        "closes_on": call.closes_on.isoformat(),
        "first_month": call.first_month.strftime("%Y-%m"),
        "term_months": "6",
    }
    response = client.post(reverse("programs:call_edit", args=[call.id]), data)
    assert "사유를 적어 주세요" in response.content.decode()
    call.refresh_from_db()
    assert call.term_months == 12


def _many(apply, scored, company, other_company, n):
    for i in range(n):
        scored(apply(company if i % 2 else other_company, title=f"과제 {i}", amount=1, months=3), 60 + i)


def test_list_pages_have_a_fixed_number_of_queries(
    login, staff, program, call, apply, scored, company, other_company, django_assert_num_queries
):
    _many(apply, scored, company, other_company, 6)
    client = login(staff)
    with django_assert_num_queries(6):
        assert client.get(reverse("programs:program_list")).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(reverse("programs:call_detail", args=[call.id])).status_code == 200
    with django_assert_num_queries(5):
        assert (
            client.get(reverse("programs:call_detail", args=[call.id]), {"format": "xlsx"}).status_code == 200
        )


def test_program_page_queries_do_not_grow_with_awards(
    login, staff, company, other_company, award_for, django_assert_num_queries
):
    award = award_for(company, title="과제 가")
    award_for(other_company, title="과제 나", amount=2)
    client = login(staff)
    with django_assert_num_queries(11):
        assert client.get(reverse("programs:program_detail", args=[award.call.program_id])).status_code == 200


def test_organisation_page_shows_applications_and_awards(login, staff, company, award_for):
    award = award_for(company, title="불량 검출 고도화")
    body = login(staff).get(reverse("registry:organisation_detail", args=[company.id])).content.decode()
    assert "지원사업 신청·협약" in body and "불량 검출 고도화" in body
    assert reverse("programs:award_detail", args=[award.id]) in body


def test_call_list_export_is_xlsx(login, staff, call, apply, company):
    apply(company)
    response = login(staff).get(reverse("programs:call_detail", args=[call.id]), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_forms_render_for_their_roles(
    login, staff, company_user, program, call, company, apply, scored, reviewer
):
    # staff open the call form; a company opens the application form with the call's first month filled in
    assert (
        "평가 항목과 배점"
        in login(staff).get(reverse("programs:call_create", args=[program.id])).content.decode()
    )
    body = login(company_user).get(reverse("programs:application_create", args=[call.id])).content.decode()
    assert call.first_month.strftime("%Y-%m") in body and "신청 기관" not in body
    # after a run the application page shows its rank and reasons to staff, not its reviews to the company
    app = scored(apply(company), 80)
    from sori.programs import services

    services.selection_execute(run_id=services.selection_request(call=call, actor=staff).id)
    body = login(staff).get(reverse("programs:application_detail", args=[app.id])).content.decode()
    assert "선정 결과와 이유" in body and "점수 1위" in body
    body = login(company_user).get(reverse("programs:application_detail", args=[app.id])).content.decode()
    assert "평가위원" not in body
    assert login(company_user).get(reverse("programs:short_review", args=[app.id])).status_code == 403
