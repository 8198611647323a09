"""The administrators' webhooks pages: a secret shown once, only web addresses, tests, rotation, deletion."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sori.core.models import AuditRecord
from sori.core.roles import Role
from sori.feedback.models import MessageStatus, OutboxChannel, OutboxMessage
from sori.webhooks.models import WebhookSubscription
from sori.webhooks.services import webhook_create

from .conftest import Receiver

URL = "https://budget.gwangju.example.kr/sori"


def form(**extra: Any) -> dict[str, Any]:
    return {
        "name": "시 예산관리시스템",
        "url": URL,
        "events": ["demand.answered", "usage.imported"],
        "submission_key": "k-hook",
    } | extra


def test_creating_shows_the_secret_once_and_never_again(login, admin_user) -> None:
    client = login(admin_user)
    # given: the form, with the events to choose
    page = client.get(reverse("webhooks:create")).content.decode()
    assert "정책 수요 답변 등록" in page and "연결 시험" not in page

    # when: the administrator subscribes a system
    response = client.post(reverse("webhooks:create"), form())

    # then: the answer shows the new secret in a <code> block, and is not cached
    subscription = WebhookSubscription.objects.get()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert f'<code class="secret">{subscription.secret}</code>' in response.content.decode()
    assert len(subscription.secret) == 64 and subscription.events == ["demand.answered", "usage.imported"]
    # and the same form sent again makes nothing more and does not show it again
    again = client.post(reverse("webhooks:create"), form(), follow=True)
    assert WebhookSubscription.objects.count() == 1 and subscription.secret not in again.content.decode()
    # and the list shows the subscription but not its secret
    listing = client.get(reverse("webhooks:list")).content.decode()
    assert URL in listing and "시 예산관리시스템" in listing and subscription.secret not in listing
    # and the trail records the subscription without its secret
    record = AuditRecord.objects.get(action="webhook.create")
    assert subscription.secret not in str(record.after) + record.summary


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.gwangju.example.kr/in", "file:///etc/passwd", "budget"]
)
def test_only_web_addresses_are_taken(url: str, login, admin_user) -> None:
    # when: the form names an address that is not http or https
    response = login(admin_user).post(reverse("webhooks:create"), form(url=url))
    # then: it is refused with the reason, and nothing is made
    assert response.status_code == 400
    assert "http:// 또는 https://로 시작하는 주소를 적어 주세요." in response.content.decode()
    assert not WebhookSubscription.objects.exists()
    # and the service refuses it too
    with pytest.raises(ValidationError):
        webhook_create(name="x", url=url, events=["demand.answered"], actor=admin_user)
    assert not WebhookSubscription.objects.exists()


def test_a_subscription_needs_a_known_event(admin_user) -> None:
    with pytest.raises(ValidationError):
        webhook_create(name="x", url=URL, events=[], actor=admin_user)
    with pytest.raises(ValidationError):
        webhook_create(name="x", url=URL, events=["ping"], actor=admin_user)


@pytest.mark.parametrize("role", [Role.STAFF, Role.OFFICER, Role.COMPANY])
def test_other_roles_cannot_open_or_use_the_pages(
    role: Role, login, make_user, admin_user, department, company
) -> None:
    # given: a subscription, and a user of another role
    subscription = webhook_create(name="예산", url=URL, events=["demand.answered"], actor=admin_user)
    user = make_user("someone", role, {Role.OFFICER: department, Role.COMPANY: company}.get(role))
    client = login(user)
    # then: every page and button is refused, and nothing changes
    assert client.get(reverse("webhooks:list")).status_code == 403
    assert client.get(reverse("webhooks:create")).status_code == 403
    assert client.post(reverse("webhooks:create"), form()).status_code == 403
    for name in ("rotate", "ping", "set_active", "delete"):
        assert client.post(reverse(f"webhooks:{name}", args=[subscription.id])).status_code == 403
    assert WebhookSubscription.objects.get().secret == subscription.secret
    assert not OutboxMessage.objects.filter(channel=OutboxChannel.WEBHOOK).exists()
    # and the menu does not offer them
    assert reverse("webhooks:list") not in client.get("/").content.decode()


def test_the_admin_menu_links_the_page(login, admin_user) -> None:
    assert f'href="{reverse("webhooks:list")}"' in login(admin_user).get("/home/").content.decode()


@pytest.mark.django_db(transaction=True)  # the test event leaves when the request's transaction commits
def test_ping_reaches_the_system_and_the_list_shows_how_it_went(
    receiver: Receiver, login, admin_user
) -> None:
    # given: a subscription to the loopback receiver
    subscription = webhook_create(name="예산", url=receiver.url, events=["demand.answered"], actor=admin_user)
    client = login(admin_user)

    # when: the administrator sends the test event
    response = client.post(reverse("webhooks:ping", args=[subscription.id]), follow=True)

    # then: the system received a signed "ping" and the page says it went
    [received] = receiver.received
    assert received.headers["X-Sori-Event"] == "ping"
    assert "예산에 시험 이벤트를 보냈습니다." in response.content.decode()
    assert "발송 완료" in client.get(reverse("webhooks:list")).content.decode()
    # and the outbox page shows it as a webhook: the URL as recipient, the event as subject
    outbox = client.get(reverse("feedback:outbox") + "?kind=webhook").content.decode()
    assert receiver.url in outbox and "ping · 예산" in outbox and '<span class="muted small">웹훅' in outbox
    assert OutboxMessage.objects.get(channel=OutboxChannel.WEBHOOK).status == MessageStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_a_failed_ping_says_why_and_waits_for_its_retry(receiver: Receiver, login, admin_user) -> None:
    subscription = webhook_create(name="예산", url=receiver.url, events=["demand.answered"], actor=admin_user)
    receiver.answers = [500]
    response = login(admin_user).post(reverse("webhooks:ping", args=[subscription.id]), follow=True)
    assert "보내지 못했습니다(HTTP 500" in response.content.decode()
    assert OutboxMessage.objects.get(channel=OutboxChannel.WEBHOOK).status == MessageStatus.RETRYING


def test_rotating_shows_a_new_secret_once(login, admin_user) -> None:
    subscription = webhook_create(name="예산", url=URL, events=["demand.answered"], actor=admin_user)
    client = login(admin_user)
    # the list asks before rotating
    assert "서명 비밀값을 새로 발급할까요?" in client.get(reverse("webhooks:list")).content.decode()
    response = client.post(reverse("webhooks:rotate", args=[subscription.id]))
    rotated = WebhookSubscription.objects.get()
    assert rotated.secret != subscription.secret and rotated.secret in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("webhooks:rotate", args=[subscription.id])).status_code == 405
    assert AuditRecord.objects.filter(action="webhook.rotate").count() == 1


def test_stopping_resuming_and_deleting_after_a_confirmation(login, admin_user) -> None:
    subscription = webhook_create(name="예산", url=URL, events=["demand.answered"], actor=admin_user)
    client = login(admin_user)
    # the delete button asks first (the site's data-confirm script)
    page = client.get(reverse("webhooks:list")).content.decode()
    assert 'data-confirm="예산 구독을 삭제할까요?' in page
    # stop, then a test event is refused; resume
    client.post(reverse("webhooks:set_active", args=[subscription.id]), {"active": "0"})
    assert not WebhookSubscription.objects.get().active
    refused = client.post(reverse("webhooks:ping", args=[subscription.id]), follow=True)
    assert "사용을 멈춘 구독" in refused.content.decode()
    client.post(reverse("webhooks:set_active", args=[subscription.id]), {"active": "1"})
    assert WebhookSubscription.objects.get().active
    # delete
    response = client.post(reverse("webhooks:delete", args=[subscription.id]), follow=True)
    assert "예산 구독을 삭제했습니다." in response.content.decode()
    assert not WebhookSubscription.objects.exists()
    assert list(
        AuditRecord.objects.filter(action__startswith="webhook.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["webhook.create", "webhook.stop", "webhook.resume", "webhook.delete"]


def test_the_pages_carry_no_inline_code(login, admin_user) -> None:
    # the site's content security policy allows no inline script, style or handler
    client = login(admin_user)
    webhook_create(name="예산", url=URL, events=["demand.answered"], actor=admin_user)
    pages = [
        client.get(reverse("webhooks:list")),
        client.get(reverse("webhooks:create")),
        client.post(reverse("webhooks:create"), form()),
        client.post(reverse("webhooks:create"), form(url="ftp://x", submission_key="k-2")),
    ]
    for response in pages:
        html = response.content.decode()
        assert not re.search(r"<style|<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", html), response.request
