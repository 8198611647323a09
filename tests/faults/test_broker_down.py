"""Redis (the broker) down: the site keeps serving, actions keep their data, /readyz says what is wrong."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from celery import current_app
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sori.config.celery import app as sori_celery
from sori.feedback.models import Channel, MessageKind, MessageStatus, OutboxMessage
from sori.registry.models import Person
from sori.voices.models import Demand, OrganisingRun, Proposal


def _closed_port() -> int:
    """Return a port where nothing listens; a low one, since a client's own port never is (connecting to a
    free port of the ephemeral range can connect a socket to itself)."""
    for port in (1, 3, 5, 7):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no closed port below 8 on this machine")


@pytest.fixture
def broker_down(settings: Any) -> Iterator[str]:
    """Tasks go to a Redis broker on a port where nothing listens, as when Redis has stopped."""
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CELERY_BROKER_URL = url
    app, previous = sori_celery, current_app._get_current_object()
    before = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "broker_connection_timeout")}
    app.close()  # drop the connections made to the in-memory broker
    app.conf.update(broker_url=url, task_always_eager=False, broker_connection_timeout=1)
    app.set_current()  # the tasks (shared tasks) are sent through Sori's app, as in production
    try:
        yield url
    finally:
        app.close()
        app.conf.update(before)
        previous.set_current()


def test_the_site_serves_and_keeps_what_was_done_while_the_broker_is_down(
    broker_down: str,
    login: Callable[[User], Client],
    staff: User,
    answered_demand: Demand,
    proposer: Person,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(staff)
    for url in (reverse("home:front"), reverse("public:tracker")):
        assert Client().get(url).status_code == 200, url
    for url in (reverse("home:home"), reverse("voices:organise")):
        assert client.get(url).status_code == 200, url

    # Sending feedback puts the e-mail in the outbox; the broker cannot take the delivery task, the outbox
    # keeps the message for the periodic sweep.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("feedback:preview", args=["person", proposer.id]), {"channel": Channel.EMAIL}, follow=True
        )
    assert response.status_code == 200
    assert "보낼 이메일을 발송 대기열에 넣었습니다." in response.content.decode()
    [message] = OutboxMessage.objects.filter(kind=MessageKind.FEEDBACK)
    assert message.status == MessageStatus.QUEUED
    assert message.recipients == ["cho@itapps.example.kr", "contact@itapps.example.kr"]

    # Starting an organising run keeps its row (and says it started) though its task could not be queued.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("voices:organise_run"), follow=True)
    assert response.status_code == 200
    assert "자동 정리를 시작했습니다." in response.content.decode()
    assert OrganisingRun.objects.count() == 1
    assert Proposal.objects.count() == 1  # nothing lost either

    ready = Client().get(reverse("ops:readyz"))
    assert ready.status_code == 503
    checks = ready.json()["checks"]
    assert not checks["broker"]["ok"] and checks["database"]["ok"]
