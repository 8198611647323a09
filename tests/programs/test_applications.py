"""Applying to a call: a company for itself, until the deadline, within the call's rules."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from sori.core.models import AuditRecord
from sori.programs.models import Application, Call
from sori.programs.months import add_months


def _form(call: Call, **values: object) -> dict[str, object]:
    return {
        "title": "산업용 비전 모델",
        "resource": "H100",
        "amount": "4",
        "min_amount": "2",
        "start_month": call.first_month.strftime("%Y-%m"),
        "months": "12",
        "summary": "공장 영상으로 불량을 찾습니다.",
        "expected_outcomes": "레퍼런스 2건",
        "submission_key": "k-1",
    } | values


def test_company_applies_for_its_own_organisation(login, company_user, company, other_company, call):
    # given a company user on an open call
    client = login(company_user)
    # when they apply, even naming another organisation in the post
    response = client.post(
        reverse("programs:application_create", args=[call.id]), _form(call, organisation=other_company.id)
    )
    # then the application is theirs and they see it
    app = Application.objects.get()
    assert response.status_code == 302
    assert app.organisation == company
    page = client.get(response["Location"])
    assert "산업용 비전 모델" in page.content.decode()


def test_double_submit_is_idempotent(login, company_user, call):
    client = login(company_user)
    client.post(reverse("programs:application_create", args=[call.id]), _form(call))
    client.post(reverse("programs:application_create", args=[call.id]), _form(call))
    assert Application.objects.count() == 1


def test_staff_enters_on_behalf(login, staff, other_company, call):
    response = login(staff).post(
        reverse("programs:application_create", args=[call.id]), _form(call, organisation=other_company.id)
    )
    assert response.status_code == 302
    assert Application.objects.get().organisation == other_company


def test_edit_after_close_date_is_refused_with_a_clear_message(
    login, company_user, company, call, apply, today
):
    # given an application and a call that has since closed
    app = apply(company)
    Call.objects.filter(pk=call.pk).update(
        opens_on=today - dt.timedelta(days=30), closes_on=today - dt.timedelta(days=1)
    )
    # when the company tries to change it
    response = login(company_user).post(
        reverse("programs:application_edit", args=[app.id]), _form(call, title="바꾼 제목")
    )
    # then nothing changes and the page says the call closed
    body = response.content.decode()
    assert response.status_code == 400
    assert "마감되어" in body and "저장되지 않았습니다" in body
    app.refresh_from_db()
    assert app.title == "제조 불량 검출 모델 학습"


def test_edit_on_close_date_is_allowed(login, company_user, company, call, apply, today):
    app = apply(company)
    Call.objects.filter(pk=call.pk).update(closes_on=today)
    response = login(company_user).post(
        reverse("programs:application_edit", args=[app.id]), _form(call, title="새 제목")
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.title == "새 제목"
    assert AuditRecord.objects.filter(action="application.update").exists()


def test_request_outside_window_or_over_capacity_is_refused(login, company_user, call):
    client = login(company_user)
    late = add_months(call.first_month, 20).strftime("%Y-%m")
    response = client.post(
        reverse("programs:application_create", args=[call.id]), _form(call, start_month=late)
    )
    assert "공고의 지원 기간" in response.content.decode()
    response = client.post(reverse("programs:application_create", args=[call.id]), _form(call, amount="9"))
    assert "월 용량 8" in response.content.decode()
    assert not Application.objects.exists()


def test_overlapping_request_for_the_same_project_is_refused(login, company_user, company, call, apply):
    apply(company, title="산업용 비전 모델")
    response = login(company_user).post(reverse("programs:application_create", args=[call.id]), _form(call))
    assert "기간이 겹칩니다" in response.content.decode()
    assert Application.objects.count() == 1


def test_company_cannot_open_another_companys_application(login, company_user, other_company, apply):
    app = apply(other_company)
    assert login(company_user).get(reverse("programs:application_detail", args=[app.id])).status_code == 403
