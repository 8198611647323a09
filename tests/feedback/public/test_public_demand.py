"""A demand's public page: its answers in plain Korean, who asked (consenting ones by name), and 공감."""

from __future__ import annotations

from django.test import Client

from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.models import Support, SupportBasis
from sori.voices.outcomes import Outcome


def test_demand_page_shows_the_whole_answer_history(client: Client, world, officer) -> None:
    # given: a second, later answer
    import datetime as dt

    disposition_decide(
        demand=world.demand,
        actor=officer,
        outcome=Outcome.ADOPTED,
        instrument="budget",
        due_date=dt.date(2026, 3, 31),
    )
    # when
    html = client.get(f"/tracker/{world.demand.id}/").content.decode()
    # then: the current answer first, the earlier one kept
    assert world.demand.title in html
    assert html.index("반영") < html.index("이전 답변") < html.index("정보통신산업진흥원")
    assert "예산 반영" in html
    assert "2026. 3. 31.(화)" in html
    assert "GPU 배분 기준은 정보통신산업진흥원 소관입니다." in html
    assert "시는 사용기간 연장을 공식 건의합니다." in html
    assert "광주광역시 인공지능산업과" in html


def test_names_only_consenting_organisations_and_no_people_nor_texts(
    client: Client, world, private_strings
) -> None:
    # when
    html = client.get(f"/tracker/{world.demand.id}/").content.decode()
    # then
    assert "㈜아이티앱스" in html  # agreed to be named
    assert "비공개 기관 1곳" in html
    assert "요청 기관 2곳" in html
    assert "제안 3건" in html
    for secret in private_strings:
        assert secret not in html
    assert "GPU 사용기간을 6개월에서" not in html  # even a consenting company's words are not quoted


def test_unpublished_merged_or_unknown_demand_is_404(client: Client, world, staff, proposer) -> None:
    # given
    p = services.proposal_record(text="실증 공간", actor=staff, person=proposer)
    draft = services.demand_create(title="공공기관 실증 공간 제공", proposal_ids=[p.id], actor=staff)
    q = services.proposal_record(text="GPU 연장", actor=staff, person=proposer)
    merged = services.demand_create(title="GPU 연장 허용", proposal_ids=[q.id], actor=staff)
    services.demand_publish(demand=merged, published=True, actor=staff)
    services.demand_merge(target=world.demand, others=[merged], actor=staff)
    # when / then
    assert client.get(f"/tracker/{draft.id}/").status_code == 404
    assert client.get(f"/tracker/{merged.id}/").status_code == 404
    assert client.get("/tracker/999999/").status_code == 404
    assert client.post(f"/tracker/{draft.id}/support/").status_code == 404
    assert client.post(f"/tracker/{merged.id}/support/").status_code == 404
    assert not Support.objects.exists()


def test_a_signed_in_user_supports_with_one_click_once(world, company_user, login) -> None:
    url = f"/tracker/{world.demand.id}/"
    user_client = login(company_user)
    # when: the user supports
    response = user_client.post(f"{url}support/", follow=True)
    # then
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{url}#support"
    assert "공감해 주셔서 고맙습니다" in html
    assert "공감 1" in html
    assert "공감함" in html  # the button now says it is done
    # when: the same user again, from another browser
    login(company_user).post(f"{url}support/")
    html = user_client.post(f"{url}support/", follow=True).content.decode()
    # then
    assert "이미 공감하셨습니다." in html
    assert list(Support.objects.values_list("basis", flat=True)) == [SupportBasis.USER]


def test_supporter_key_is_a_hash_never_the_account(world, company_user, login) -> None:
    # given
    login(company_user).post(f"/tracker/{world.demand.id}/support/")
    # then
    keys = list(Support.objects.values_list("supporter_key", flat=True))
    assert len(keys) == 1
    assert all(len(k) == 64 and int(k, 16) >= 0 for k in keys)
    assert str(company_user.pk) not in keys


def test_support_only_by_post(client: Client, world) -> None:
    assert client.get(f"/tracker/{world.demand.id}/support/").status_code == 405


def test_demand_page_works_for_every_role(
    client: Client, world, staff, officer, company_user, admin_user, login
) -> None:
    for c in [client, *(login(u) for u in (staff, officer, company_user, admin_user))]:
        assert c.get(f"/tracker/{world.demand.id}/").status_code == 200
        assert c.get("/tracker/").status_code == 200


def test_demand_page_query_count(client: Client, world, django_assert_num_queries) -> None:
    # the 4 before, the answer's milestones, earlier demands, its bills, the journey's 7, and the answer's
    # public files
    with django_assert_num_queries(15):
        assert client.get(f"/tracker/{world.demand.id}/").status_code == 200
