"""The private status link (no login) and the company portal."""

from __future__ import annotations

from django.test import Client

from sori.voices import services


def test_person_status_link_shows_each_proposal_and_its_answer(client: Client, world) -> None:
    # when
    response = client.get(f"/status/{world.citizen.status_token}/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "GPU 재선정 대신 연장 심사를 해 주세요" in html  # their exact words
    assert world.demand.title in html
    assert "타 기관 이관" in html
    assert "GPU 배분 기준은 정보통신산업진흥원 소관입니다." in html
    assert "시는 사용기간 연장을 공식 건의합니다." in html
    assert "처리결과 확정" in html  # the stage
    assert f"/tracker/{world.demand.id}/" in html


def test_status_page_is_private(client: Client, world) -> None:
    response = client.get(f"/status/{world.citizen.status_token}/")
    html = response.content.decode()
    assert '<meta name="robots" content="noindex' in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    # the person's own name is not printed, in case the link is passed on
    assert "김비밀" not in html


def test_pending_and_rejected_web_proposals_are_labelled(client: Client, world, staff) -> None:
    # given: the citizen writes twice more; staff reject one
    pending = services.proposal_submit_public(name="김비밀", email="", text="AI 교육 확대", consent=True)
    person = pending.person
    rejected = services.proposal_submit_public(name="김비밀", email="", text="광고입니다", consent=True)
    services.proposal_moderate(proposals=[rejected], accept=False, actor=staff, reason="광고성 글입니다.")
    # when
    html = client.get(f"/status/{person.status_token}/").content.decode()
    html_rejected = client.get(f"/status/{rejected.person.status_token}/").content.decode()
    # then
    assert "AI 교육 확대" in html and "검토 대기" in html
    assert "광고입니다" in html_rejected and "반려" in html_rejected
    assert "사유: 광고성 글입니다." in html_rejected


def test_organisation_status_link_shows_all_its_proposals(client: Client, world, company) -> None:
    html = client.get(f"/status/{company.status_token}/").content.decode()
    assert "GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요" in html
    assert world.demand.title in html
    assert "조춘호" not in html  # who in the organisation said it is not needed here


def test_unknown_token_is_404(client: Client, db) -> None:
    assert client.get("/status/not-a-real-token/").status_code == 404


def test_status_page_query_count(client: Client, world, staff, proposer, django_assert_num_queries) -> None:
    for i in range(10):
        p = services.proposal_record(text=f"제안 {i}", actor=staff, person=proposer)
        services.demand_create(title=f"수요 {i}", proposal_ids=[p.id], actor=staff)
    # owner, proposals, answers, the answers' milestones, public bills, the journeys' 7 (for every row), and
    # the answers' public files
    with django_assert_num_queries(13):
        assert client.get(f"/status/{proposer.status_token}/").status_code == 200


def test_company_portal_permissions(client: Client, world, staff, officer, admin_user, login) -> None:
    # anonymous → login
    response = client.get("/company/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # other roles → 403
    for user in (staff, officer, admin_user):
        assert login(user).get("/company/").status_code == 403


def test_company_portal_shows_its_organisation_only(world, company_user, login, staff, shy_company) -> None:
    # given: another organisation's proposal
    services.proposal_record(text="다른 회사의 건의", actor=staff, organisation=shy_company)
    # when
    response = login(company_user).get("/company/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요" in html
    assert "다른 회사의 건의" not in html
    assert "기관 명의로 제안하기" in html
    assert 'href="/propose/"' in html
    assert "타 기관 이관" in html
