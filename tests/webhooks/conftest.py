"""A real HTTP receiver on loopback, subscriptions made through the services, and the events' causes."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User

from sori.programs import services as programs
from sori.programs.models import Award, Call
from sori.registry.models import Organisation
from sori.webhooks.models import SUBSCRIBABLE, WebhookSubscription
from sori.webhooks.services import webhook_create

# The programmes' fixtures, by their names: a GPU programme and a call whose awards started four months ago.
from ..programs.conftest import operator as operator
from ..programs.conftest import past_call as past_call
from ..programs.conftest import program as program
from ..programs.conftest import today as today


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """What a city system saw; ``answers`` are the statuses it gives, in order (then 200)."""

    url: str
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.received.append(Received(self.path, dict(self.headers.items()), body))
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            state.received.append(Received(self.path, dict(self.headers.items()), b""))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sori/hook"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _no_proxy_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set in the environment must not carry the posts meant for the receiver on loopback."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def subscribe(admin_user: User) -> Callable[..., WebhookSubscription]:
    def make(
        url: str, events: list[str] | None = None, name: str = "시 예산관리시스템"
    ) -> WebhookSubscription:
        chosen = events if events is not None else [str(e) for e in SUBSCRIBABLE]
        return webhook_create(name=name, url=url, events=chosen, actor=admin_user)

    return make


@pytest.fixture
def confirm_awards(
    past_call: Call, staff: User, make_user: Callable[..., User]
) -> Callable[..., list[Award]]:
    """Apply for each organisation, review, select and confirm: the confirmation makes their awards."""
    from sori.core.roles import Role

    reviewer = make_user("reviewer1", Role.STAFF)

    def make(*organisations: Organisation) -> list[Award]:
        for organisation in organisations:
            app = programs.application_submit(
                call=past_call,
                organisation=organisation,
                actor=staff,
                today=past_call.closes_on,
                title=f"{organisation.name} 비전 모델 학습",
                resource="H100",
                amount=2,
                start_month=past_call.first_month,
                months=12,
                summary="요약",
            )
            review = programs.review_assign(application=app, reviewer=reviewer, actor=staff)
            programs.review_submit(
                review=review, scores={c.id: 80 for c in past_call.criteria.all()}, comment="", actor=reviewer
            )
        run = programs.selection_execute(run_id=programs.selection_request(call=past_call, actor=staff).id)
        return programs.selection_confirm(run=run, actor=staff)

    return make


def sacct(account: str, day: dt.date) -> bytes:
    """Return a ``sacct --parsable2`` file with one 4-GPU, 10-hour job on ``account``."""
    header = "JobID|JobName|Account|User|Partition|AllocTRES|Elapsed|Start|End|State|ExitCode"
    job = (
        f"5001|ft|{account}|kimjh|h100|cpu=8,gres/gpu=4,node=1|10:00:00|"
        f"{day.isoformat()}T09:00:00|{day.isoformat()}T19:00:00|COMPLETED|0:0"
    )
    return f"{header}\n{job}\n".encode()


@pytest.fixture
def demand(staff: User, meeting: Any, department: Organisation, proposer: Any) -> Any:
    """A demand a named proposer asked for, assigned to the department and waiting for its answer."""
    from sori.voices import services as voices

    proposal = voices.proposal_record(
        text="GPU 사용기간을 12개월로 늘려 주세요", actor=staff, person=proposer, engagement=meeting
    )
    made = voices.demand_create(title="GPU 사용기간 12개월 이상", proposal_ids=[proposal.id], actor=staff)
    return voices.demand_assign(demand=made, department=department, actor=staff)


@pytest.fixture
def answer(officer: User) -> Callable[..., Any]:
    """Record the officer's answer to a demand (released at once: the department needs no approval)."""
    from sori.policy.models import ReasonCode
    from sori.policy.services import disposition_decide
    from sori.voices.outcomes import Outcome

    def make(demand: Any) -> Any:
        return disposition_decide(
            demand=demand,
            actor=officer,
            outcome=Outcome.NOT_ADOPTED,
            reason_code=ReasonCode.NATIONAL_LAW,
            reason="중앙부처 지침 사항입니다.",
            limits="중앙부처에 건의하겠습니다.",
        )

    return make
