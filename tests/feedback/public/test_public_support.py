"""공감 from a visitor without an account counts once per confirmed address, only once its link is opened."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from unittest import mock

import pytest
from django.core import signing
from django.db import connection
from django.test import Client

from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.support import (
    LinkRequest,
    email_supporter_key,
    session_supporter_key,
    support_link_request,
    support_token,
)
from sori.voices import services
from sori.voices.models import Support, SupportBasis

ADDRESS = "visitor@example.kr"


def _ask(client: Client, demand_id: int, email: str = ADDRESS, **extra: str) -> Any:
    return client.post(f"/tracker/{demand_id}/support/", {"email": email, **extra}, follow=True)


def _link(message: OutboxMessage) -> str:
    found = re.search(r"https?://\S+/tracker/support/\S+/", message.body)
    assert found is not None, message.body
    return "/" + found.group(0).split("/", 3)[3]


def _links() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=MessageKind.SUPPORT_LINK).order_by("id"))


def test_an_email_support_counts_only_once_its_link_is_opened(world) -> None:
    visitor = Client()
    # when: the visitor gives their address
    html = _ask(visitor, world.demand.id).content.decode()
    # then: a link is on its way, nothing is counted yet, and the page says so
    assert "입력하신 주소로 확인 링크를 보냈습니다" in html
    assert "공감 확인을 기다리고 있습니다" in html
    assert "공감 0" in html
    assert not Support.objects.exists()
    [message] = _links()
    assert message.recipients == [ADDRESS] and message.demand_id == world.demand.id
    assert "3일" in message.body

    # when: the link is opened (on a phone: another browser)
    page = Client().get(_link(message))
    # then
    assert page.status_code == 200
    assert "공감이 반영되었습니다" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert list(Support.objects.values_list("basis", flat=True)) == [SupportBasis.EMAIL]

    # when: opened again, here
    again = visitor.get(_link(message))
    # then: still one, and the demand page shows it counted
    assert "이미 반영되어 있습니다" in again.content.decode()
    assert Support.objects.count() == 1
    html = visitor.get(f"/tracker/{world.demand.id}/").content.decode()
    assert "공감 1" in html and "공감함" in html and "공감 확인을 기다리고 있습니다" not in html


def test_the_same_address_counts_once_however_it_is_written(world) -> None:
    # given: two links for one address, written differently, on two days
    assert support_link_request(demand=world.demand, email=" Visitor@Example.KR ") is LinkRequest.SENT
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert support_link_request(demand=world.demand, email=ADDRESS, now=tomorrow) is LinkRequest.SENT
    # when: both are opened
    for message in _links():
        assert Client().get(_link(message)).status_code == 200
    # then
    assert Support.objects.filter(demand=world.demand).count() == 1


def test_the_address_is_never_stored_with_the_support(world) -> None:
    _ask(Client(), world.demand.id)
    Client().get(_link(_links()[0]))
    # then: the row holds the keyed hash only
    [row] = Support.objects.values()
    assert row["supporter_key"] == email_supporter_key(ADDRESS)
    assert all("visitor" not in str(value) and "example" not in str(value) for value in row.values())
    # nor does the link: it carries the key, signed
    assert "visitor" not in _link(_links()[0]) and "example" not in _link(_links()[0])


def test_an_expired_link_is_refused_and_says_how_to_get_a_new_one(world) -> None:
    # given: a link made four days ago
    four_days_ago = signing.b62_encode(int(time.time()) - 4 * 86400)
    with mock.patch.object(signing.TimestampSigner, "timestamp", lambda self: four_days_ago):
        token = support_token(demand_id=world.demand.id, supporter_key=email_supporter_key(ADDRESS))
    # when
    page = Client().get(f"/tracker/support/{token}/")
    # then
    html = page.content.decode()
    assert page.status_code == 400
    assert "유효 기간(3일)이 지났습니다" in html and "공감은 반영되지 않았습니다." in html
    assert f'href="/tracker/{world.demand.id}/#support"' in html
    assert not Support.objects.exists()


def test_a_tampered_link_is_refused(world) -> None:
    token = support_token(demand_id=world.demand.id, supporter_key=email_supporter_key(ADDRESS))
    forged = support_token(demand_id=world.demand.id, supporter_key="0" * 64).rsplit(":", 1)[0]
    for bad in (token[:-3] + "abc", forged + ":" + token.rsplit(":", 1)[1], "nonsense"):
        page = Client().get(f"/tracker/support/{bad}/")
        assert page.status_code == 400
        assert "확인할 수 없는 링크입니다" in page.content.decode()
    assert not Support.objects.exists()


def test_links_are_limited_per_address_and_a_day(world, staff, monkeypatch: pytest.MonkeyPatch) -> None:
    # given: one link already sent today for this demand
    _ask(Client(), world.demand.id)
    # when: asked again the same day
    html = _ask(Client(), world.demand.id, email=ADDRESS.upper()).content.decode()
    # then: no second mail
    assert "이미 보냈습니다" in html
    assert len(_links()) == 1
    # when: the address has had its day's links, over all demands
    monkeypatch.setattr("sori.feedback.support.LINKS_PER_DAY", 1)
    proposal = services.proposal_record(text="실증 공간을 넓혀 주세요", actor=staff)
    other = services.demand_create(title="실증 공간 확대", proposal_ids=[proposal.id], actor=staff)
    services.demand_publish(demand=other, published=True, actor=staff)
    other.refresh_from_db()
    # then
    assert support_link_request(demand=other, email=ADDRESS) is LinkRequest.LIMIT
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert support_link_request(demand=other, email=ADDRESS, now=tomorrow) is LinkRequest.SENT
    assert len(_links()) == 2


def test_the_daily_limit_is_said_on_the_page(world, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sori.feedback.support.LINKS_PER_DAY", 0)
    html = _ask(Client(), world.demand.id).content.decode()
    assert "이 주소로는 오늘 보낼 수 있는 확인 링크" in html and "내일 다시 시도해 주세요" in html
    assert not _links()


def test_a_bot_filling_the_hidden_field_or_a_bad_address_sends_nothing(world) -> None:
    html = _ask(Client(), world.demand.id, website="http://spam.example").content.decode()
    assert "공감 확인을 기다리고 있습니다" not in html
    html = _ask(Client(), world.demand.id, email="not-an-address").content.decode()
    assert "이메일 주소 형식이 올바르지 않습니다" in html and "공감은 아직 반영되지 않았습니다." in html
    assert not _links()


def test_a_hidden_demand_takes_no_support_request(world, staff) -> None:
    services.demand_publish(demand=world.demand, published=False, actor=staff)
    assert Client().post(f"/tracker/{world.demand.id}/support/", {"email": ADDRESS}).status_code == 404
    assert not _links()


def test_a_support_given_in_this_browser_before_still_shows_as_counted(world) -> None:
    # given: a 공감 kept from when each browser session counted once
    visitor = Client()
    session = visitor.session  # starts a session and sets its cookie
    Support.objects.create(
        demand=world.demand,
        supporter_key=session_supporter_key(session.session_key),
        basis=SupportBasis.LEGACY,
    )
    # when
    html = visitor.get(f"/tracker/{world.demand.id}/").content.decode()
    # then
    assert "공감 1" in html and "공감함" in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_earlier_support(world) -> None:
    from django.db.migrations.executor import MigrationExecutor

    # given: a support given before supports said what they count once per
    before = [("voices", "0011_proposal_joined_at")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("voices", "Support").objects.create(demand_id=world.demand.id, supporter_key="a" * 64)
    # when
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    # then: it is kept, marked as given the earlier way, and counted
    assert list(Support.objects.values_list("supporter_key", "basis")) == [("a" * 64, SupportBasis.LEGACY)]
    assert "공감 1" in Client().get(f"/tracker/{world.demand.id}/").content.decode()
