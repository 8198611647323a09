"""An organising run's bulk work on Celery workers: chunks travel as JSON and give the same suggestions."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from celery import Celery, current_app
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import User

from sori.text import Doc, _bulk, organise
from sori.text.remote import RemoteMapper
from sori.voices.models import Proposal, RunStatus, Suggestion
from sori.voices.organise.runs import organising_run_now
from sori.voices.organise.workers import send_to_celery

REDIS = ("127.0.0.1", 6379)


def _suggestions() -> list[tuple[Any, ...]]:
    fields = ("proposal_id", "kind", "group", "demand_id", "value", "label")
    return sorted(Suggestion.objects.filter(active=True).values_list(*fields))


def test_a_run_on_celery_workers_suggests_what_a_run_here_suggests(
    settings: Any, staff: User, waiting: list[Proposal], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_bulk, "CHUNK", 2)  # several chunks even for a handful of proposals
    here = organising_run_now(actor=staff)
    expected = _suggestions()

    settings.SORI_TEXT_WORKERS = "celery"  # tasks run in-process here (no broker), through the same task
    there = organising_run_now(actor=staff)

    assert here.status == there.status == RunStatus.DONE
    assert (there.group_count, there.duplicate_count, there.groups) == (
        here.group_count,
        here.duplicate_count,
        here.groups,
    )
    assert _suggestions() == expected


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_worker(settings: Any) -> Iterator[Celery]:
    """A real Celery worker on Redis, taking only the chunk queue, as a second machine would."""
    if not _redis_up():
        if os.environ.get("SORI_REQUIRE_REDIS"):
            pytest.fail("Redis is not running at 127.0.0.1:6379 (SORI_REQUIRE_REDIS is set)")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    url = "redis://127.0.0.1:6379/13"
    app = Celery("sori-chunks", broker=url, backend=url, set_as_current=False)
    app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"])
    settings.SORI_TEXT_QUEUE = "sori-text-test"
    before = current_app._get_current_object()
    app.set_current()  # the chunk task (a shared task) now resolves to this app
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=["sori-text-test"]):
            yield app
    finally:
        before.set_current()


def test_chunks_run_on_a_real_celery_worker_over_redis(
    redis_worker: Celery, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        "GPU 사용기간을 6개월에서 12개월로 늘려 주세요",
        "GPU 사용기간 12개월 연장과 갱신을 허용해 주세요",
        "GPU 사용기간을 6개월에서 12개월로 늘려 주세요!",
        "제조 중소기업 AI 교육과 컨설팅을 지원해 주세요",
        "제조업 현장 AI 교육 과정을 만들어 주세요",
        "데이터 규제자유지역을 지정해 주세요",
    ]
    docs = [Doc(str(i), t) for i, t in enumerate(texts)]
    monkeypatch.setattr(_bulk, "CHUNK", 2)
    expected = organise(docs)
    sent: list[int] = []

    def send(payloads: list[dict[str, Any]]) -> list[Any]:
        sent.append(len(payloads))
        return send_to_celery(payloads)

    result = organise(docs, run=RemoteMapper(send))
    assert sum(sent) > len(sent)  # chunks really went to the worker, several at a time
    assert result.duplicates == expected.duplicates == {"2": "0"}
    assert result.clustering.assignments == expected.clustering.assignments
    assert result.categories == expected.categories
    assert result.keywords == expected.keywords


def test_a_wrong_workers_setting_stops_start_up_with_what_to_write() -> None:
    env = {**os.environ, "SORI_TEXT_WORKERS": "two", "DJANGO_SETTINGS_MODULE": "sori.config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "SORI_TEXT_WORKERS='two': use auto, celery or a number of processes such as 2" in done.stderr
