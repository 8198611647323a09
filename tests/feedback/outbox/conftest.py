"""A real SMTP server on loopback (aiosmtpd), a clock that can be moved forward, and one answered demand."""

from __future__ import annotations

import datetime as dt
import email
import email.header
import socket
from collections.abc import Callable, Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from sori.feedback.models import OutboxMessage
from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome

REASON = "국가AI데이터센터의 GPU 배분 기간은 정보통신산업진흥원 운영 지침으로 정합니다."


class _Collect:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP server on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.handler = _Collect()
        self.controller: Controller | None = None

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "sori@council.example.kr"
    yield server
    server.stop()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.timedelta], None]:
    """Move Django's clock forward (``timezone.now`` and what depends on it)."""
    real_now = timezone.now
    offset = [dt.timedelta(0)]

    def shifted() -> dt.datetime:
        return real_now() + offset[0]

    monkeypatch.setattr(timezone, "now", shifted)

    def advance(delta: dt.timedelta) -> None:
        offset[0] += delta

    return advance


@pytest.fixture
def fake_letter(monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Stand in for the letter PDF (its own tests render the real one): e-mails carry a known attachment."""
    pdf = b"%PDF-1.4\n% sori test letter\n"
    monkeypatch.setattr("sori.feedback.outbox.feedback_letter_pdf", lambda feedback: pdf)
    return pdf


@pytest.fixture
def answered(request, staff, officer, meeting, department, proposer) -> Demand:
    """A demand one consenting proposer asked for, answered 'not adopted' (another body's remit) with its
    reason and limits. (A referral would also send a transfer notice, tested in tests/feedback/notices.)"""
    proposal = services.proposal_record(
        text="GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요.",
        actor=staff,
        person=proposer,
        engagement=meeting,
    )
    demand = services.demand_create(
        title="GPU 사용기간 12개월 이상·연장 허용", proposal_ids=[proposal.id], actor=staff
    )
    demand = services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.OTHER_BODY,
        reason=REASON,
        limits="시가 직접 바꿀 수는 없지만, 12개월 배분과 연장 심사를 공식 건의하겠습니다.",
        referred_to="정보통신산업진흥원",
    )
    # The notices written on the way (the assignment, the answer) have their own tests (test_handoffs);
    # these count what feedback alone sends.
    OutboxMessage.objects.all().delete()
    if "smtp" in request.fixturenames:
        request.getfixturevalue("smtp").messages.clear()
    return demand
