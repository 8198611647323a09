"""Every applicant is told the selection result with its reasons, once, when the selection is confirmed."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from sori.feedback.models import MessageKind, OutboxMessage
from sori.programs.models import SelectionRun

from .helpers import run_and_confirm


def _three(apply, scored, company, other_company):
    # H100 capacity is 8 per month: two 4-unit requests fit, the third does not
    a = scored(apply(company, title="과제 A", amount=4), 90)
    b = scored(apply(other_company, title="과제 B", amount=4), 80)
    c = scored(apply(other_company, title="과제 C", amount=4), 70)
    return a, b, c


def test_each_applicant_is_told_its_result_and_why(
    staff,
    company_user,
    call,
    apply,
    scored,
    company,
    other_company,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # given three applications for capacity that fits two, from two firms with e-mail addresses
    other_company.email = "hello@bitgoeul.example.kr"
    other_company.save()
    _three(apply, scored, company, other_company)
    # when staff confirm the selection
    with django_capture_on_commit_callbacks(execute=True):
        run_and_confirm(call, staff)
    # then each application's result went to its organisation and its company accounts, in Korean
    mails = {m.subject: m for m in mailoutbox}
    assert set(mails) == {
        "[소리] 2026년 상반기 GPU 지원 공고 선정 결과(선정): 과제 A",
        "[소리] 2026년 상반기 GPU 지원 공고 선정 결과(선정): 과제 B",
        "[소리] 2026년 상반기 GPU 지원 공고 선정 결과(미선정): 과제 C",
    }
    chosen = mails["[소리] 2026년 상반기 GPU 지원 공고 선정 결과(선정): 과제 A"]
    assert chosen.to == ["contact@itapps.example.kr", "company@example.kr"]
    assert "배정: H100 월 4" in chosen.body and "이유" not in chosen.body
    refused = mails["[소리] 2026년 상반기 GPU 지원 공고 선정 결과(미선정): 과제 C"]
    assert refused.to == ["hello@bitgoeul.example.kr"]
    assert "선정되지 못한 이유:" in refused.body and "H100 용량이 모두 찼습니다" in refused.body
    assert "배정:" not in refused.body and "다음 공모에 다시 신청하실 수 있습니다" in refused.body


def test_an_applicant_without_an_address_is_named_to_staff(
    login, staff, call, apply, scored, company, other_company, django_capture_on_commit_callbacks
):
    # given the second firm has no e-mail address and no account
    _three(apply, scored, company, other_company)
    client = login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programs:run_request", args=[call.id]))
    run = SelectionRun.objects.get()
    # when staff confirm the selection from its page
    page = client.post(reverse("programs:run_confirm", args=[run.id]), follow=True).content.decode()
    # then the page says who was told and who must be told another way
    assert "신청 1건의 선정 결과를 신청 기관에 보냅니다" in page
    assert "이메일 주소가 없어 결과를 보내지 못한 기관: ㈜빛고을AI" in page
    assert OutboxMessage.objects.filter(kind=MessageKind.DECISION).count() == 1


def test_results_are_written_in_korean_whoever_confirms(staff, call, apply, scored, company, other_company):
    _three(apply, scored, company, other_company)
    translation.activate("en")
    run_and_confirm(call, staff)
    [message] = OutboxMessage.objects.filter(kind=MessageKind.DECISION)
    assert message.subject.startswith("[소리] 2026년 상반기 GPU 지원 공고 선정 결과(선정)")
    assert "담당자님께" in message.body


def test_a_firm_already_holding_an_award_is_pointed_to_renewal_not_to_the_next_call(
    staff, call, apply, scored, company, award_for, mailoutbox, django_capture_on_commit_callbacks
):
    # given a firm holding a running award in the program, whose new request for 8 H100 does not fit
    award = award_for(company, title="1차 과제")
    scored(apply(company, title="2단계 과제", amount=8), 90)
    # when the selection is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        run_and_confirm(call, staff)
    # then its result points to renewing the award it holds, with the way there
    (mail,) = [m for m in mailoutbox if m.subject.endswith("2단계 과제")]
    assert "(미선정)" in mail.subject
    assert "이미 지원을 받고 있으니 기간 갱신을 신청하세요" in mail.body
    assert reverse("programs:award_detail", args=[award.id]) + "#renew" in mail.body
    assert "다음 공모에 다시 신청하실 수 있습니다" not in mail.body


def test_the_mail_names_the_newcomer_reserve_that_bound_a_partial_grant(
    staff,
    call,
    apply,
    scored,
    company,
    other_company,
    award_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # given half of what the pool has free kept for newcomers, and a firm already holding an award
    from .test_rules import _rules

    award_for(company, title="1차 과제")
    _rules(call, staff, newcomer_share=0.5)
    scored(apply(company, title="2단계 과제", amount=4, min_amount=1), 90)
    scored(apply(other_company, title="새 과제", amount=2), 60)
    with django_capture_on_commit_callbacks(execute=True):
        run_and_confirm(call, staff)
    (mail,) = [m for m in mailoutbox if m.subject.endswith("2단계 과제")]
    assert "(일부 선정)" in mail.subject and "신청량보다 적게 배정된 이유:" in mail.body
    assert "처음 지원받는 기업 몫" in mail.body and "용량이 모두 찼습니다" not in mail.body
